"""The Alembic migrations build exactly the schema the models describe, from an empty database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db




def _app(database_url, tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url,
                       "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index")})


def test_migrations_match_the_models(empty_database_url, tmp_path):
    app = _app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        db.engine.dispose()
    assert diff == [], "models and migrations differ; run `flask --app portal db migrate`:\n" + "\n".join(map(str, diff))


def test_0022_marks_the_identifiers_of_indexed_tickets(empty_database_url, tmp_path):
    """Rows written before 0022 hold identifiers as plain weight-D lexemes; after it they carry the mark, keep
    their other lexemes and are found by the identifier exactly as rows written now are."""
    import pytest
    from flask_migrate import downgrade
    from sqlalchemy import text

    from portal.search.pg_terms import document_vector, identifier

    if not empty_database_url.startswith("postgresql"):
        pytest.skip("the search tables are PostgreSQL's")
    app = _app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade(revision="0021")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO search_documents (kind, doc_id, vector, status, digest) VALUES "
                              "('tickets', 1, CAST(:ticket AS tsvector), 'open', ''), "
                              "('articles', 2, CAST(:article AS tsvector), 'published', '')"),
                         {"ticket": "'مودم':1A '۱۲۳۴':3B '09121234567':12D '1001':13D", "article": "'مودم':1A"})
        upgrade()

        def found(query):
            with db.engine.connect() as conn:
                return conn.execute(text("SELECT doc_id FROM search_documents WHERE vector @@ CAST(:q AS tsquery)"),
                                    {"q": query}).scalars().all()

        with db.engine.connect() as conn:
            assert found(identifier("09121234567")) == [1]
            assert found(identifier("1001")) == [1]
            assert found("'09121234567'") == []  # a word, or a typo's neighbour, never meets an identifier
            assert sorted(found("'مودم'")) == [1, 2]
            assert found("'۱۲۳۴'") == [1]
            new_vector, _ = document_vector("tickets", {"subject": "مودم", "identifiers": "09121234567"})
            assert conn.execute(text("SELECT CAST(:v AS tsvector) @@ CAST(:q AS tsquery)"),
                                {"v": new_vector, "q": identifier("09121234567")}).scalar()
        upgrade()  # nothing left to mark: running again changes nothing
        downgrade(revision="0021")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT doc_id FROM search_documents WHERE vector @@ '''09121234567'''")
                                ).scalars().all() == [1]
        upgrade()  # up again from what the downgrade left: marked as before
        assert found(identifier("09121234567")) == [1]
        assert found("'09121234567'") == []
        assert sorted(found("'مودم'")) == [1, 2]
        db.engine.dispose()


def test_0023_gives_the_first_synonym_groups_their_fuller_form_unless_staff_changed_them(empty_database_url,
                                                                                         tmp_path):
    from flask_migrate import downgrade
    from sqlalchemy import text

    app = _app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade(revision="0022")
        with db.engine.begin() as conn:  # staff changed one of the first groups
            conn.execute(text("UPDATE search_synonyms SET words = :changed WHERE words = :first"),
                         {"changed": "مودم, روتر, مودم وایرلس", "first": "مودم, روتر"})
        upgrade()

        def groups():
            with db.engine.connect() as conn:
                return set(conn.execute(text("SELECT words FROM search_synonyms")).scalars())

        after = groups()
        assert "رمز عبور, رمز, گذرواژه, پسورد, password" in after
        assert "رمز عبور, گذرواژه, پسورد" not in after
        assert "مودم, روتر, مودم وایرلس" in after and "مودم, روتر, modem" not in after
        downgrade(revision="0022")
        assert "رمز عبور, گذرواژه, پسورد" in groups()
        db.engine.dispose()


def test_0024_search_words_wait_in_a_short_pending_list(empty_database_url, tmp_path):
    """Searches read at most 256 kB of pending changes after 0024, and the default 4 MB after its downgrade."""
    import pytest
    from flask_migrate import downgrade
    from sqlalchemy import text

    if not empty_database_url.startswith("postgresql"):
        pytest.skip("the search tables are PostgreSQL's")
    app = _app(empty_database_url, tmp_path)
    options = "SELECT reloptions FROM pg_class WHERE relname = 'ix_search_documents_vector'"
    with app.app_context():
        upgrade(revision="0023")
        with db.engine.connect() as conn:
            assert conn.execute(text(options)).scalar() is None
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text(options)).scalar() == ["gin_pending_list_limit=256"]
        downgrade(revision="0023")
        with db.engine.connect() as conn:
            assert conn.execute(text(options)).scalar() is None
        db.engine.dispose()


def test_0025_keeps_the_queued_rows_and_never_gives_a_deleted_rows_id_again(empty_database_url, tmp_path):
    import pytest
    from flask_migrate import downgrade
    from sqlalchemy import text

    if not empty_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's sequence never gave an id twice")
    app = _app(empty_database_url, tmp_path)
    queue = "INSERT INTO search_queue (kind, doc_id, queued_at) VALUES ('tickets', :doc, '2026-12-02')"
    with app.app_context():
        upgrade(revision="0024")
        with db.engine.begin() as conn:
            for doc in (1, 2):
                conn.execute(text(queue), {"doc": doc})
        upgrade()
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT id, doc_id FROM search_queue ORDER BY id")).all() == [(1, 1), (2, 2)]
            conn.execute(text("DELETE FROM search_queue WHERE id = 2"))
            conn.execute(text(queue), {"doc": 3})
            assert conn.execute(text("SELECT id FROM search_queue WHERE doc_id = 3")).scalar() == 3
        downgrade(revision="0024")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id, doc_id FROM search_queue ORDER BY id")).all() == [(1, 1), (3, 3)]
        db.engine.dispose()
