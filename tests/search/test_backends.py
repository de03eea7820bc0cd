"""Both search backends behind one interface give the same answers; PostgreSQL's is written in the change's
transaction. Each test runs on Whoosh, and on PostgreSQL's backend when the tests run on PostgreSQL."""
import pytest
from sqlalchemy import func, select, text

from portal.extensions import db as _db
from portal.faq import finding
from portal.search import backend as backends
from portal.search import check, synonyms, sync
from portal.search.models import IndexQueueEntry, SearchDocument, SearchWord
from portal.tickets.search import search_tickets


@pytest.fixture(params=["whoosh", "postgres"])
def search_backend(request, app):
    if request.param == "postgres" and _db.engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL backend needs PostgreSQL")
    app.config["PORTAL_SEARCH_BACKEND"] = request.param
    app.extensions.pop("portal_search_backend", None)
    return backends.for_app(app)


@pytest.fixture
def article(db, search_backend):
    from portal.faq import services

    category = services.create_category(name="راهنما")

    def make(question, answer="پاسخ", status="published"):
        return services.create_article(category=category, question=question, answer=answer, status=status)

    return make


def _found(text_):
    return [found.item.id for found in finding.search_articles(text_).items]


def test_auto_chooses_by_the_database(app):
    app.config["PORTAL_SEARCH_BACKEND"] = "auto"
    expected = "postgres" if _db.engine.dialect.name == "postgresql" else "whoosh"
    assert backends.chosen_name(app) == expected
    app.config["PORTAL_SEARCH_BACKEND"] = "elastic"
    with pytest.raises(ValueError):
        backends.chosen_name(app)


def test_ranked_or_typos_compounds_and_synonyms(article, search_backend):
    synonyms.replace_all(synonyms.parse("\n".join(synonyms.DEFAULT_GROUPS)))
    password = article("چطور گذرواژه را تغییر دهم؟", "از صفحهٔ حساب کاربری")
    panel = article("ورود به کنترل‌پنل", "نشانی پنل")
    split = article("تنظیمات کنترل پنل هاست", "...")
    article("تمدید دامنه")
    assert _found("چطور گذرواژه‌ام را عوض کنم؟")[:1] == [password.id]
    assert _found("رمز عبور عوض")[:1] == [password.id]  # synonyms: «رمز عبور» = «گذرواژه», «عوض» = «تغییر»
    assert _found("گذرواژه")[:1] == [password.id]
    assert _found("گذرواژع") == [password.id]  # one letter wrong
    assert {panel.id, split.id} <= set(_found("کنترل پنل"))  # compounds both ways
    if search_backend.name == "postgres":  # typed joined, written apart (Whoosh's n-grams come with the evaluation)
        assert {panel.id, split.id} <= set(_found("کنترل‌پنل"))


def test_drafts_are_never_found_or_suggested(article, search_backend):
    article("پیکربندی فایروال", status="draft")
    published = article("پیکربندی مودم")
    assert _found("پیکربندی") == [published.id]
    assert finding.search_articles("فایروالل").items == []
    assert finding.search_articles("فایروالل").did_you_mean is None  # a draft's word is never suggested
    assert finding.search_articles("مودمم").did_you_mean == "مودم"


def test_more_like_finds_related_published_articles(article, search_backend):
    a = article("تنظیم ایمیل روی گوشی", "ایمیل را در تنظیمات گوشی اضافه کنید")
    b = article("تنظیم ایمیل روی ویندوز", "ایمیل را در تنظیمات ویندوز اضافه کنید")
    article("تمدید دامنه", "دامنه را تمدید کنید")
    assert finding.related_articles(a)[:1] == [b]


def test_ticket_search_keeps_to_what_the_person_may_see(search_backend, make_staff, make_department, make_category,
                                                        make_customer, make_ticket):
    sales, support = make_department(), make_department()
    mine = make_ticket(category=make_category(department=support), subject="مودم خاموش می‌شود")
    other = make_ticket(category=make_category(department=sales), subject="مودم جدید می‌خواهم")
    agent = make_staff(role="agent", departments=[support])
    assert [f.item.id for f in search_tickets(agent, "مودم").items] == [mine.id]
    assert [f.item.id for f in search_tickets(agent, "مودمم").items] == [mine.id]  # with a typo, still kept
    admin = make_staff(role="admin")
    assert {f.item.id for f in search_tickets(admin, "مودم").items} == {mine.id, other.id}


def test_search_check_and_reindex(app, search_backend, article):
    first = article("تمدید دامنه")
    article("تنظیم ایمیل")
    source = sync.source(app, "articles")
    assert check.check_source(search_backend, source).consistent
    if search_backend.name == "postgres":  # an update that never reached the index, and a leftover row
        _db.session.execute(text("UPDATE search_documents SET digest = 'old' WHERE doc_id = :id"), {"id": first.id})
        _db.session.execute(text("INSERT INTO search_documents (kind, doc_id, vector, status, digest) "
                                 "VALUES ('articles', 999999, '', 'published', 'x')"))
        _db.session.commit()
        result = check.check(app)[0]
        assert (result.stale, result.extra, result.repaired) == ([first.id], [999999], True)
        assert check.check_source(search_backend, source).consistent
    output = app.test_cli_runner().invoke(args=["reindex"]).output
    assert "articles: 2 documents indexed" in output
    assert search_backend.document_count("articles") == 2
    assert _found("دامنه") == [first.id]


def test_postgres_writes_in_the_same_transaction(app, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL backend needs PostgreSQL")
    app.config["PORTAL_SEARCH_BACKEND"] = "postgres"
    app.extensions.pop("portal_search_backend", None)
    from portal.faq import services
    from portal.faq.models import Article

    category = services.create_category(name="راهنما")
    db.session.add(Article(category=category, question="لغوشده", answer="x", status="published"))
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SearchDocument)) == 0
    kept = Article(category=category, question="تمدید دامنه", answer="از پنل", status="published")
    db.session.add(kept)
    db.session.commit()
    assert db.session.scalar(select(SearchDocument.doc_id)) == kept.id  # no queue, no after-commit step
    assert db.session.scalar(select(func.count()).select_from(IndexQueueEntry)) == 0
    assert _found("دامنه") == [kept.id]
    db.session.delete(kept)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SearchDocument)) == 0


def test_postgres_keeps_identifiers_out_of_the_typo_vocabulary(app, db, make_customer, make_ticket):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL backend needs PostgreSQL")
    app.config["PORTAL_SEARCH_BACKEND"] = "postgres"
    app.extensions.pop("portal_search_backend", None)
    customer = make_customer(full_name="مهسا کرمانی")
    make_ticket(customer=customer, subject="پرداخت ناموفق", body=f"شماره من {customer.mobile}")
    words = set(db.session.scalars(select(SearchWord.word)))
    assert "کرمانی" in words and "پرداخت" in words
    assert not any(ch.isdigit() for word in words for ch in word)


def test_did_you_mean_names_only_what_the_results_were_found_by(article):
    """A word understood through a synonym is not «corrected» to a look-alike; a typo still is."""
    synonyms.replace_all([["اینترنت", "نت"]])
    article("اینترنت من قطع است", "مودم را خاموش و روشن کنید. نه همیشه.")
    assert finding.search_articles("نت قطع").items  # found through the synonym
    assert finding.search_articles("نت قطع").did_you_mean is None  # «نه» is a word of the answer, not what was meant
    typo = finding.search_articles("اینترنط قطع")  # found through the typo's neighbour: named
    assert typo.items and typo.did_you_mean == "اینترنت قطع"
