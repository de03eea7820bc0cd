"""With Redis as the limiter's storage, login attempts are counted across worker processes."""
import multiprocessing
import uuid

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def _worker(config, attempts, results):
    """One worker process: its own app, its own limiter state, a few failed logins."""
    from portal import create_app
    from tests.conftest import PortalClient, sign_in_customer

    app = create_app(config)
    app.test_client_class = PortalClient
    client = app.test_client()
    with app.app_context():
        results.put([sign_in_customer(client, "shared", "wrong-password").status_code for _ in range(attempts)])


def _run_two_workers(config):
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    statuses = []
    for attempts in (6, 5):  # one after the other, so the order of attempts is known
        process = ctx.Process(target=_worker, args=(config, attempts, results))
        process.start()
        statuses.append(results.get(timeout=60))
        process.join(timeout=60)
    return statuses


@pytest.mark.skipif(not _redis_answers(), reason="Redis does not answer at 127.0.0.1:6379 (.ci/run starts it)")
def test_two_worker_processes_share_one_login_limit(app_config, make_customer, db):
    make_customer(username="shared")
    prefix = f"pishkhan-test-{uuid.uuid4().hex}"
    limited = dict(app_config, RATELIMIT_ENABLED=True, PORTAL_LOGIN_RATE_LIMIT="10 per minute",
                   RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    try:
        assert _run_two_workers(limited) == [[200] * 6, [200] * 4 + [429]]
    finally:
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(prefix + "*"):
            store.delete(key)


def test_in_memory_limits_are_per_process(app_config, make_customer, db):
    """The reason for Redis: with memory:// each worker counts alone and the limit is never reached."""
    make_customer(username="shared")
    per_process = dict(app_config, RATELIMIT_ENABLED=True, PORTAL_LOGIN_RATE_LIMIT="10 per minute",
                       RATELIMIT_STORAGE_URI="memory://")
    assert _run_two_workers(per_process) == [[200] * 6, [200] * 5]
