"""/healthz for liveness; /metrics in the Prometheus format, behind a setting and an address list."""
import pytest
from prometheus_client.parser import text_string_to_metric_families

from portal import jobs
from portal.notify.models import OutboxMessage


def test_healthz_answers_without_signing_in_and_says_nothing_more(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404


def samples(response):
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    return [s for family in text_string_to_metric_families(response.get_data(as_text=True)) for s in family.samples]


@pytest.mark.app_config(PORTAL_METRICS_ENABLED=True)
def test_metrics_count_requests_by_endpoint_and_status_with_latency(client):
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page")
    found = samples(client.get("/metrics"))
    counts = {(s.labels["endpoint"], s.labels["status"]): s.value for s in found
              if s.name == "pishkhan_http_requests_total"}
    assert counts[("health.healthz", "200")] == 2
    assert counts[("none", "404")] == 1
    buckets = [s for s in found if s.name == "pishkhan_http_request_duration_seconds_count"
               and s.labels["endpoint"] == "health.healthz"]
    assert buckets[0].value == 2


@pytest.mark.app_config(PORTAL_METRICS_ENABLED=True)
def test_metrics_report_the_outbox_and_the_jobs(app, db, client):
    db.session.add_all([OutboxMessage(channel="sms", template="t", to_address="09120000000", body_text="x"),
                        OutboxMessage(channel="sms", template="t", to_address="09120000001", body_text="x",
                                      status="dead")])
    db.session.commit()
    jobs.run_due(app)
    found = samples(client.get("/metrics"))
    outbox = {s.labels["status"]: s.value for s in found if s.name == "pishkhan_outbox_messages"}
    assert outbox["dead"] == 1
    last = {s.labels["job"]: s.value for s in found if s.name == "pishkhan_job_last_finished_timestamp_seconds"}
    assert set(last) == {j.name for j in jobs.registered(app)}
    assert all(value > 1.7e9 for value in last.values())
    ok = {s.labels["job"]: s.value for s in found if s.name == "pishkhan_job_last_run_ok"}
    assert ok["tickets.auto_close"] == 1


@pytest.mark.app_config(PORTAL_METRICS_ENABLED=True, PORTAL_METRICS_ALLOWED=("10.0.0.0/8",))
def test_metrics_refuse_addresses_outside_the_list(client):
    assert client.get("/metrics").status_code == 404  # the test client is 127.0.0.1
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
