"""Two app servers (separate upload and index directories, as on two machines) and two workers, sharing one
database and one Redis: an attachment uploaded on A is shown and downloaded on B, the ticket opened on A is found
by an agent's search on B (PostgreSQL's search backend: no index on either disk), the sign-in limit is shared,
and a notification is sent once."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests

from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    prefix = f"pishkhan-twonode-{uuid.uuid4().hex[:8]}"
    yield prefix
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)


class Cluster:
    def __init__(self, app, tmp_path, prefix):
        self.tmp = tmp_path
        self.sms_file = tmp_path / "sms-provider.jsonl"
        self.processes = []
        self.env = dict(os.environ, PORTAL_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
                        PORTAL_SECRET_KEY="shared-secret", PORTAL_STORAGE="database",
                        PORTAL_RATELIMIT_STORAGE_URI=REDIS_URL, PORTAL_LOGIN_RATE_LIMIT="5 per minute",
                        PORTAL_SMS_BACKEND="file", PORTAL_SMS_FILE=str(self.sms_file),
                        PORTAL_WORKER_POLL_SECONDS="0.5", PORTAL_OUTBOX_INTERVAL_SECONDS="1", PORTAL_WEB_WORKERS="1")
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.prefix = prefix

    def _node_env(self, name):
        return dict(self.env, PORTAL_UPLOAD_DIR=str(self.tmp / name / "uploads"),
                    PORTAL_SEARCH_INDEX_DIR=str(self.tmp / name / "search-index"))

    def start_web(self, name) -> str:
        port = free_port()
        spec = f"portal:create_app({{'RATELIMIT_KEY_PREFIX': '{self.prefix}'}})"
        env = dict(self._node_env(name), PORTAL_BIND=f"127.0.0.1:{port}")
        self.processes.append(subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", spec],
                                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    return base
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"node {name} did not start")
            time.sleep(0.3)

    def start_worker(self, name):
        self.processes.append(subprocess.Popen([sys.executable, "-m", "flask", "--app", "portal", "worker"], cwd=ROOT,
                                               env=self._node_env(name), stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))

    def stop(self):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()

    def sms_to(self, mobile):
        if not self.sms_file.exists():
            return []
        return [m for m in map(json.loads, self.sms_file.read_text(encoding="utf-8").splitlines()) if m["to"] == mobile]


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)[1]


def login(session, base, identifier, password):
    token = csrf(session.get(base + "/auth/login", timeout=60).text)
    return session.post(base + "/auth/login", data={"identifier": identifier, "password": password,
                                                    "csrf_token": token}, allow_redirects=False, timeout=60)


def test_two_app_servers_and_two_workers_share_one_database_and_one_redis(app, db, tmp_path, shared_redis,
                                                                          make_customer, make_category, make_staff):
    customer = make_customer()
    category = make_category()
    agent = make_staff(role="agent", departments=[category.department])
    mobile, identifier, category_id, agent_email = customer.mobile, customer.mobile, category.id, agent.email
    search_is_shared = db.engine.dialect.name == "postgresql"
    db.session.remove()
    cluster = Cluster(app, tmp_path, shared_redis)
    try:
        node_a, node_b = cluster.start_web("a"), cluster.start_web("b")
        cluster.start_worker("a")
        cluster.start_worker("b")

        browser = requests.Session()
        assert login(browser, node_a, identifier, TEST_PASSWORD).status_code == 302
        form = browser.get(node_a + "/tickets/new", timeout=60).text
        opened = browser.post(node_a + "/tickets/new", timeout=60, allow_redirects=False,
                              data={"subject": "قطعی اینترنت", "body": "از صبح وصل نیست", "category": str(category_id),
                                    "csrf_token": csrf(form)},
                              files={"attachments": ("گزارش.txt", "خطای ۶۵۱ مودم".encode(), "text/plain")})
        assert opened.status_code == 302, opened.text[:500]
        ticket_path = opened.headers["Location"]

        # Node B shows the ticket and serves the file it never had on its disk.
        page = browser.get(node_b + ticket_path, timeout=60)
        assert page.status_code == 200 and "قطعی اینترنت" in page.text
        link = re.search(r'href="(/attachments/\d+)"', page.text)[1]
        download = browser.get(node_b + link, timeout=60)
        assert download.status_code == 200 and download.content == "خطای ۶۵۱ مودم".encode()
        assert not list((tmp_path / "b").rglob("uploads/*/*"))

        # An agent signed in on B finds it by a word of its subject, typed with a typo. Only PostgreSQL's search
        # is shared by machines; on SQLite (one machine's default) each node's Whoosh index is its own.
        if search_is_shared:
            staff = requests.Session()
            token = csrf(staff.get(node_b + "/admin/login", timeout=60).text)
            signed_in = staff.post(node_b + "/admin/login", timeout=60, allow_redirects=False,
                                   data={"identifier": agent_email, "password": TEST_PASSWORD, "csrf_token": token})
            assert signed_in.status_code == 302
            number = ticket_path.rstrip("/").rsplit("/", 1)[-1]
            found = staff.get(node_b + "/admin/search", params={"q": "اینترنتت"}, timeout=60)
            assert found.status_code == 200 and f"/admin/tickets/{number}" in found.text
            assert not list((tmp_path / "b").rglob("search-index/*/*"))

        # One sign-in limit for both: 5 failed sign-ins a minute per address, counted in Redis (the good
        # sign-in on A above does not count).
        intruder = requests.Session()
        statuses = [login(intruder, node, identifier, "wrong password").status_code
                    for node in (node_a, node_a, node_b, node_b, node_b, node_a)]
        assert statuses == [200, 200, 200, 200, 200, 429]

        # The ticket's notification goes out once, though two workers run.
        deadline = time.monotonic() + 180
        while not cluster.sms_to(mobile) and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(3)  # several more passes of both workers
        assert len(cluster.sms_to(mobile)) == 1
    finally:
        cluster.stop()
