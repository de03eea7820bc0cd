"""/metrics in the Prometheus text format: requests and their latency, the outbox, the worker's jobs.

Off unless PORTAL_METRICS_ENABLED; then only addresses in PORTAL_METRICS_ALLOWED (addresses or networks)
may read it, everyone else gets 404. Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR
(deploy/gunicorn.conf.py does), so the request counts of every worker process are added up.
The outbox and job figures are read from the database at each scrape, so any app server reports them.
"""
import ipaddress
import os
import time

from flask import Blueprint, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from .. import jobs
from ..notify.services import outbox_counts

bp = Blueprint("metrics", __name__)
_KEY = "portal_metrics"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def init_app(app) -> None:
    """Count every request of this app; the counters live in the app's own registry."""
    registry = CollectorRegistry(auto_describe=True)
    requests = Counter("pishkhan_http_requests", "HTTP requests by endpoint, method and status",
                       ["endpoint", "method", "status"], registry=registry)
    latency = Histogram("pishkhan_http_request_duration_seconds", "Time to answer a request, by endpoint",
                        ["endpoint"], buckets=LATENCY_BUCKETS, registry=registry)
    app.extensions[_KEY] = registry

    @app.before_request
    def _start_timer():
        g._metrics_started = time.perf_counter()

    @app.after_request
    def _count(response):
        started = g.pop("_metrics_started", None)
        if started is not None:
            endpoint = request.endpoint or "none"  # unknown URLs share one label, so they cannot blow up the series
            requests.labels(endpoint, request.method, str(response.status_code)).inc()
            latency.labels(endpoint).observe(time.perf_counter() - started)
        return response


class _DatabaseCollector:
    """Figures read at scrape time: outbox messages by status, each job's last run."""

    def collect(self):
        outbox = GaugeMetricFamily("pishkhan_outbox_messages", "Outbox messages by status (pending, sent, dead)",
                                   labels=["status"])
        for status, count in outbox_counts().items():
            outbox.add_metric([status], count)
        yield outbox
        finished = GaugeMetricFamily("pishkhan_job_last_finished_timestamp_seconds",
                                     "When each background job last finished (Unix time; 0: never)", labels=["job"])
        succeeded = GaugeMetricFamily("pishkhan_job_last_run_ok", "1 when the job's last run succeeded",
                                      labels=["job"])
        for name, status in jobs.last_runs().items():
            when = status.last_finished_at
            finished.add_metric([name], _unix(when) if when else 0)
            succeeded.add_metric([name], 1 if status.last_outcome == "ok" else 0)
        yield finished
        yield succeeded


def _unix(naive_utc) -> float:
    from datetime import timezone

    return naive_utc.replace(tzinfo=timezone.utc).timestamp()


def allowed(address: str | None, config) -> bool:
    if not config["PORTAL_METRICS_ENABLED"] or not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in config["PORTAL_METRICS_ALLOWED"])


@bp.get("/metrics")
def metrics():
    if not allowed(request.remote_addr, current_app.config):
        abort(404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = current_app.extensions[_KEY]
    output = generate_latest(registry) + generate_latest(_scrape_registry())
    return output, 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"}


def _scrape_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_DatabaseCollector())
    return registry
