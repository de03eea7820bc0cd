"""Several processes write tickets while others read the index: every change ends up in the index.

Writers go through the real services (open a ticket, reply to it), so each change takes the path a
request takes: queue row in the transaction, applied after commit. Readers open the index over and over
while the writers' commits replace its table of contents; none of them may find it unavailable.
"""
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.search import backend, check, sync
from portal.search.models import IndexQueueEntry

pytestmark = pytest.mark.app_config(PORTAL_SEARCH_BACKEND="whoosh")  # Whoosh's file locks and table of contents

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import json, sys
    from portal import create_app
    from portal.extensions import db
    from portal.accounts.models import Customer
    from portal.tickets.models import Category
    from portal.tickets import services

    config, customer_id, category_id, name, count = json.loads(sys.argv[1]), *map(int, sys.argv[2:4]), sys.argv[4], int(sys.argv[5])
    app = create_app(config)
    with app.app_context():
        for n in range(count):
            customer, category = db.session.get(Customer, customer_id), db.session.get(Category, category_id)
            ticket = services.open_ticket(customer, subject=f"قطعی {name} شماره {n}", body="اینترنت وصل نمی‌شود",
                                          category=category)
            services.reply(ticket, author=customer, body=f"پاسخ {name} {n}: هنوز قطع است")
""")

READER = textwrap.dedent("""
    import os, sys
    from portal.search import IndexSettings, IndexUnavailable, index
    from portal.search.query import search_ids
    from portal.search.schemas import TICKET_FIELDS

    settings, stop = IndexSettings(sys.argv[1]), sys.argv[2]
    opened = 0
    while not os.path.exists(stop):
        try:
            with index.searcher(settings, "tickets") as s:
                s.doc_count()
            search_ids(settings, "tickets", "قطعی", TICKET_FIELDS)
            opened += 2
        except IndexUnavailable as error:
            print("unavailable:", error, file=sys.stderr)
            sys.exit(1)
    print(opened)
""")


def test_writers_and_readers_at_once_lose_nothing(app, db, make_customer, make_category, make_ticket, tmp_path):
    make_ticket()  # the index exists before the readers start
    customer, category = make_customer(), make_category()
    db.session.commit()
    config = {key: app.config[key] for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "PORTAL_SEARCH_INDEX_DIR",
                                               "PORTAL_UPLOAD_DIR", "SERVER_NAME", "PORTAL_PASSWORD_HASH_PROFILE",
                                               "PORTAL_SEARCH_BACKEND")}
    config.update(TESTING=True, RATELIMIT_ENABLED=False, PORTAL_SMS_FILE=str(tmp_path / "sms.jsonl"))
    (tmp_path / "writer.py").write_text(WRITER)
    (tmp_path / "reader.py").write_text(READER)
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    readers = [subprocess.Popen([sys.executable, str(tmp_path / "reader.py"), app.config["PORTAL_SEARCH_INDEX_DIR"],
                                 str(stop)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    writers = [subprocess.Popen([sys.executable, str(tmp_path / "writer.py"), json.dumps(config), str(customer.id),
                                 str(category.id), name, "8"], cwd=ROOT, env=env) for name in ("الف", "ب", "پ")]
    try:
        assert [w.wait(timeout=600) for w in writers] == [0, 0, 0]
    finally:
        stop.touch()
        time.sleep(0.1)
    outputs = [r.communicate(timeout=60)[0] for r in readers]
    assert [r.returncode for r in readers] == [0, 0]
    assert all(int(out) > 0 for out in outputs)

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(IndexQueueEntry)) == 0
    result = check.check_source(backend.for_app(app), sync.source(app, "tickets"), sample=10_000)
    assert result.in_database == 25
    assert (result.missing, result.extra, result.stale) == ([], [], [])  # replies included: 0 missing
