"""`flask --app portal worker` as a real process: it delivers the outbox, records its jobs, stops on SIGTERM."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from portal.extensions import db
from portal.jobs.models import JobState
from portal.notify.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[2]


def _sms_row(to="09121234567", text="سلام از پیشخوان"):
    row = OutboxMessage(channel="sms", template="test", to_address=to, body_text=text)
    db.session.add(row)
    db.session.commit()
    return row.id


def _env(app, tmp_path, sms_path):
    env = dict(os.environ)
    env.update(PORTAL_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], PORTAL_SECRET_KEY="test",
               PORTAL_SMS_BACKEND="file", PORTAL_SMS_FILE=str(sms_path), PORTAL_WORKER_POLL_SECONDS="0.2",
               PORTAL_SEARCH_INDEX_DIR=str(tmp_path / "index"), PORTAL_UPLOAD_DIR=str(tmp_path / "uploads"))
    return env


def _flask(*args):
    return [sys.executable, "-m", "flask", "--app", "portal", *args]


def test_the_worker_process_delivers_and_stops_cleanly_on_sigterm(app, tmp_path):
    sms_path = tmp_path / "sms.jsonl"
    message_id = _sms_row()
    process = subprocess.Popen(_flask("worker"), cwd=ROOT, env=_env(app, tmp_path, sms_path),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (sms_path.exists() and sms_path.read_text().strip()):
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "worker stopped" in output
    sent = [json.loads(line) for line in sms_path.read_text(encoding="utf-8").splitlines()]
    assert [m["text"] for m in sent] == ["سلام از پیشخوان"]
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message_id).status == "sent"
    states = {row.name: row for row in db.session.query(JobState)}
    assert states["notify.deliver"].last_outcome == "ok"
    assert states["notify.purge_sent"].runs == 1  # due at once, then tomorrow


def test_worker_once_and_the_jobs_listing(app, tmp_path):
    sms_path = tmp_path / "sms.jsonl"
    _sms_row()
    env = _env(app, tmp_path, sms_path)
    once = subprocess.run(_flask("worker", "--once"), cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert once.returncode == 0, once.stderr
    assert "notify.deliver: ok (sent 1, retry later 0, dead 0)" in once.stdout
    listing = subprocess.run(_flask("jobs"), cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0, listing.stderr
    assert "notify.deliver: ok; last finished" in listing.stdout
    assert "notify.purge_sent: ok;" in listing.stdout and "0 sent messages deleted" in listing.stdout
