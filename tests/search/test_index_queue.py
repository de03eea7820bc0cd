"""The index queue: a change that reaches the database reaches the index, even when the index is busy."""
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select, text

from portal.search import index, sync
from portal.search.models import IndexQueueEntry
from portal.tickets.search import search_tickets

pytestmark = pytest.mark.app_config(PORTAL_SEARCH_BACKEND="whoosh")  # the queue is how changes reach Whoosh


def _queued(db):
    return db.session.scalar(select(func.count()).select_from(IndexQueueEntry))


def _indexed_ids(app, name="tickets"):
    return set(index.stored_digests(sync.settings_for(app), name))


@contextmanager
def _index_write_lock_held(app, name="tickets"):
    """Another process's long commit, as Whoosh sees it: its write lock is taken."""
    ix = index.open_index(sync.settings_for(app), name)
    writer = ix.writer()
    try:
        yield
    finally:
        writer.cancel()
        ix.close()


def test_a_committed_change_is_indexed_and_leaves_no_queue_row(app, db, make_ticket):
    ticket = make_ticket(subject="چاپگر روشن نمی‌شود")
    assert ticket.id in _indexed_ids(app)
    assert _queued(db) == 0


def test_a_rolled_back_change_leaves_no_queue_row(app, db, make_customer, make_category):
    from portal.tickets.models import Ticket

    customer, category = make_customer(), make_category()
    db.session.add(Ticket(number="555001", customer=customer, category=category, department_id=category.department_id,
                          subject="لغو"))
    db.session.flush()
    assert _queued(db) == 1  # written in the change's own transaction
    db.session.rollback()
    assert _queued(db) == 0


@pytest.mark.app_config(PORTAL_SEARCH_LOCK_TIMEOUT=0.2)
def test_a_change_the_busy_index_missed_stays_queued_and_the_next_write_applies_it(app, db, make_ticket):
    make_ticket()  # the index exists
    with _index_write_lock_held(app):
        missed = make_ticket(subject="مودم چراغ قرمز")  # committed; the index stays locked past every attempt
    assert missed.id not in _indexed_ids(app)
    assert _queued(db) == 1
    later = make_ticket(subject="کندی سرور")
    assert {missed.id, later.id} <= _indexed_ids(app)
    assert _queued(db) == 0


@pytest.mark.app_config(PORTAL_SEARCH_LOCK_TIMEOUT=0.2)
def test_search_sync_applies_what_is_queued(app, db, make_ticket, make_staff):
    make_ticket()
    with _index_write_lock_held(app):
        missed = make_ticket(subject="مودم چراغ قرمز")
    result = app.test_cli_runner().invoke(args=["search-sync"])
    assert result.exit_code == 0, result.output
    assert "1 applied, 0 still queued" in result.output
    assert [f.item.id for f in search_tickets(make_staff(role="admin"), "مودم").items] == [missed.id]


@pytest.mark.app_config(PORTAL_SEARCH_LOCK_TIMEOUT=0.2)
def test_search_sync_fails_while_the_index_stays_locked(app, db, make_ticket):
    make_ticket()
    with _index_write_lock_held(app):
        make_ticket()
        result = app.test_cli_runner().invoke(args=["search-sync"])
    assert result.exit_code == 1 and "0 applied, 1 still queued" in result.output
    assert _queued(db) == 1


@pytest.mark.app_config(PORTAL_SEARCH_LOCK_TIMEOUT=0.2)
def test_a_row_another_process_already_applied_takes_no_later_change_with_it(app, db, make_ticket, monkeypatch):
    """Two processes read the same queue row; one applies and deletes it, then the next change is queued. When
    the other deletes the rows it read, the new row must stay: ids of deleted rows are never given out again."""
    from portal.search import backend as backends, check

    ticket = make_ticket(subject="مودم چراغ قرمز")
    with _index_write_lock_held(app):
        ticket.subject = "مودم چراغ نارنجی"
        db.session.commit()  # queued; the index is busy
    whoosh = backends.for_app(app)
    real_apply = whoosh.apply

    def meanwhile(source, ids, **kwargs):
        monkeypatch.setattr(whoosh, "apply", real_apply)
        real_apply(source, ids, **kwargs)  # this process indexes the orange light
        sync.apply_queue(app)  # another one does too, and deletes the row
        with _index_write_lock_held(app):
            ticket.subject = "مودم چراغ سبز"
            db.session.commit()  # the green light is queued while the index is busy

    monkeypatch.setattr(whoosh, "apply", meanwhile)
    sync.apply_queue(app)
    assert _queued(db) == 1  # the green light still waits for the index
    sync.apply_queue(app)
    assert check.check_source(whoosh, sync.source(app, "tickets")).stale == []


def test_search_check_finds_and_repairs_missing_and_stale_documents(app, db, make_ticket):
    from portal.faq import services as faq_services

    kept, lost = make_ticket(subject="ایمیل نمی‌رسد"), make_ticket(subject="فاکتور")
    faq_services.create_article(category=faq_services.create_category(name="دامنه"), question="تمدید دامنه",
                                answer="از پنل", status="published")
    settings = sync.settings_for(app)
    tickets = sync.source(app, "tickets")
    index.apply(settings, index.Source("tickets", tickets.schema, lambda ids: dict.fromkeys(ids), tickets.all_ids),
                [lost.id])  # the document is gone from the index
    db.session.execute(text("UPDATE tickets SET subject = 'پیامک نمی‌رسد' WHERE id = :id"), {"id": kept.id})
    db.session.commit()  # a change that went around the ORM: the index still has the old subject
    runner = app.test_cli_runner()
    report = runner.invoke(args=["search-check", "--dry-run"])
    assert report.exit_code == 1
    assert "tickets: database 2, index 1, missing 1, extra 0, stale 1 of 1 sampled: differs" in report.output
    assert "articles: database 1, index 1, missing 0, extra 0, stale 0 of 1 sampled: ok" in report.output
    repaired = runner.invoke(args=["search-check"])
    assert repaired.exit_code == 0 and "tickets: database 2, index 1, missing 1" in repaired.output
    assert "repaired" in repaired.output
    assert runner.invoke(args=["search-check", "--dry-run"]).exit_code == 0
    assert _indexed_ids(app) == {kept.id, lost.id}


def test_search_check_rebuilds_an_unreadable_index(app, db, make_ticket):
    import shutil

    ticket = make_ticket()
    shutil.rmtree(app.config["PORTAL_SEARCH_INDEX_DIR"])
    result = app.test_cli_runner().invoke(args=["search-check"])
    assert "tickets: database 1, index 0" in result.output and "unreadable, rebuilt" in result.output
    assert _indexed_ids(app) == {ticket.id}
