"""The documented production start: gunicorn -c deploy/gunicorn.conf.py 'portal:create_app()', two workers."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read().decode()


def healthz_count(text):
    return sum(s.value for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == "pishkhan_http_requests_total" and s.labels.get("endpoint") == "health.healthz")


def test_gunicorn_serves_with_the_deploy_config_and_metrics_add_up_across_workers(app, tmp_path):
    port = free_port()
    env = dict(os.environ, PORTAL_BIND=f"127.0.0.1:{port}", PORTAL_WEB_WORKERS="2",
               PORTAL_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], PORTAL_SECRET_KEY="test",
               PORTAL_METRICS_ENABLED="true", PORTAL_SEARCH_INDEX_DIR=str(tmp_path / "index"),
               PORTAL_UPLOAD_DIR=str(tmp_path / "uploads"))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "portal:create_app()"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        assert (status, body) == (200, "ok\n")
        _, before = get(f"http://127.0.0.1:{port}/metrics")
        for _ in range(20):
            get(f"http://127.0.0.1:{port}/healthz")
        _, text = get(f"http://127.0.0.1:{port}/metrics")
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert healthz_count(text) - healthz_count(before) == 20, output
    assert "pishkhan_outbox_messages" in text
    assert process.returncode == 0, output
