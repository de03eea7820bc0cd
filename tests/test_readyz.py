"""/readyz answers without signing in, says only which check fails, and reports an index that lags."""
import re
import shutil
from pathlib import Path
from datetime import timedelta

import pytest

from portal.models_base import utcnow
from portal.search.models import IndexQueueEntry


def test_ready_when_the_database_answers_and_the_index_is_current(client, make_ticket, db):
    from portal.faq import services as faq_services

    make_ticket()
    faq_services.create_article(category=faq_services.create_category(name="عمومی"), question="پرسش", answer="پاسخ")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok", "search_index": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.app_config(PORTAL_READYZ_MAX_INDEX_LAG=30)
def test_an_index_change_waiting_too_long_makes_it_not_ready(client, make_ticket, db):
    from portal.faq import services as faq_services

    ticket = make_ticket()
    faq_services.create_article(category=faq_services.create_category(name="عمومی"), question="پرسش", answer="پاسخ")
    # A change the after-commit step could not apply, still queued after more than the allowed lag:
    db.session.execute(IndexQueueEntry.__table__.insert().values(kind="tickets", doc_id=ticket.id,
                                                                 queued_at=utcnow() - timedelta(seconds=31)))
    db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "not ready", "checks": {"database": "ok", "search_index": "lagging"}}
    assert not re.search(r"\d", response.get_data(as_text=True))  # no counts or ages to the public


@pytest.mark.app_config(PORTAL_SEARCH_BACKEND="whoosh")  # removes the index directory
def test_a_missing_index_is_reported(client, app, make_ticket):
    make_ticket()
    shutil.rmtree(app.config["PORTAL_SEARCH_INDEX_DIR"])
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["checks"]["search_index"] == "missing"


def test_the_postgresql_backend_is_checked(client, app, db, make_ticket):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL backend needs PostgreSQL")
    make_ticket()
    assert app.extensions["portal_search_backend"].name == "postgres"
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json["checks"]["search_index"] == "ok"
    assert not list(Path(app.config["PORTAL_SEARCH_INDEX_DIR"]).glob("*/*"))  # nothing on this machine's disk


@pytest.mark.app_config(PORTAL_READYZ_WORKER_SILENCE=600)
def test_a_silent_worker_makes_it_not_ready_until_a_job_runs(client, app, db):
    from portal import jobs

    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["checks"]["worker"] == "silent"
    jobs.run_due(app)  # what `flask --app portal worker` does on each pass
    response = client.get("/readyz")
    assert response.json["checks"]["worker"] == "ok", response.json


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
