"""The worker also runs the rooms' own periodic work: the search-index queue, the weekly summary, IMAP polling."""
import pytest

from portal import jobs
from portal.search.models import IndexQueueEntry


def test_the_worker_applies_index_changes_left_in_the_queue(app, db, make_ticket):
    ticket = make_ticket()
    db.session.execute(IndexQueueEntry.__table__.insert().values(kind="tickets", doc_id=ticket.id))
    db.session.commit()
    ran = {r.name: r for r in jobs.run_due(app)}
    assert ran["search.apply_queue"].outcome == "ok"
    assert db.session.query(IndexQueueEntry).count() == 0


def test_mail_is_polled_only_when_a_mailbox_is_configured(app):
    assert "channels.fetch_email" not in {j.name for j in jobs.registered(app)}
    assert {"search.apply_queue", "reports.weekly_summary", "notify.deliver"} <= {j.name for j in jobs.registered(app)}


@pytest.mark.app_config(PORTAL_IMAP_HOST="127.0.0.1")
def test_a_configured_mailbox_is_polled_by_the_worker(app):
    assert "channels.fetch_email" in {j.name for j in jobs.registered(app)}


@pytest.mark.app_config(PORTAL_SEARCH_BACKEND="whoosh")
def test_the_worker_rebuilds_an_index_it_cannot_read(app, db):
    """An index an older release wrote (its schema no longer loads) or a damaged one is rebuilt by the worker."""
    from pathlib import Path

    from portal.faq import services
    from portal.search import backend, sync

    category = services.create_category(name="راهنما")
    services.create_article(category=category, question="تمدید دامنه", answer="پاسخ", status="published")
    search = backend.for_app(app)
    search.rebuild(sync.source(app, "articles"))
    for toc in (Path(app.config["PORTAL_SEARCH_INDEX_DIR"]) / "articles").glob("*.toc"):
        toc.write_bytes(b"written by another release")
    ran = {r.name: r for r in jobs.run_due(app)}
    assert ran["search.apply_queue"].outcome == "ok"
    assert "rebuilt articles" in ran["search.apply_queue"].summary
    assert search.document_count("articles") == 1
