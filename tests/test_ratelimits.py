"""Signed-in actions are limited per account, so customers behind one address do not share a limit;
several workers counting in memory:// are announced at start-up."""
import logging

import pytest

from portal import create_app
from portal.ratelimits import separate_counts_warning, worker_processes
from tests.conftest import sign_in_customer

LIMITED = pytest.mark.app_config(RATELIMIT_ENABLED=True, PORTAL_TICKET_RATE_LIMIT="2 per hour",
                                 PORTAL_REPLY_RATE_LIMIT="2 per hour")


def _customer_client(app, customer):
    client = app.test_client()
    assert sign_in_customer(client, customer.mobile).status_code == 302
    return client


def _open(client, category, n):
    return client.post("/tickets/new", data={"subject": f"مشکل شماره {n}", "body": "شرح مشکل", "category": category.id})


@LIMITED
def test_two_customers_behind_one_address_each_get_their_own_ticket_limit(app, make_customer, make_category):
    category = make_category()
    office = [_customer_client(app, make_customer()) for _ in range(2)]
    for client in office:  # same REMOTE_ADDR for both, as behind an office's NAT
        assert [_open(client, category, n).status_code for n in range(2)] == [302, 302]
    assert _open(office[0], category, 3).status_code == 429
    assert _open(office[1], category, 3).status_code == 429


@LIMITED
def test_replies_are_limited_per_account(app, make_customer, make_ticket):
    customers = [make_customer(), make_customer()]
    tickets = [make_ticket(customer=c) for c in customers]
    clients = [_customer_client(app, c) for c in customers]
    for client, ticket in zip(clients, tickets):
        codes = [client.post(f"/tickets/{ticket.number}/reply", data={"body": f"پیام {n}"}).status_code
                 for n in range(3)]
        assert codes == [302, 302, 429]


@pytest.mark.parametrize("argv, environ, config, workers", [
    (["gunicorn", "-w", "4", "portal:create_app()"], {}, {}, 4),
    (["gunicorn", "--workers=3", "portal:create_app()"], {}, {}, 3),
    (["gunicorn", "portal:create_app()"], {"GUNICORN_CMD_ARGS": "--workers 2 --threads 2"}, {}, 2),
    (["gunicorn", "portal:create_app()"], {"WEB_CONCURRENCY": "5"}, {}, 5),
    (["flask", "run"], {}, {}, 1),
    (["uwsgi"], {}, {"PORTAL_WORKERS": 6}, 6),
])
def test_worker_processes_are_read_from_the_server_settings(argv, environ, config, workers):
    assert worker_processes(config, environ, argv) == workers


def test_the_warning_names_the_shared_store_only_when_counts_would_split():
    gunicorn = ["gunicorn", "-w", "4", "portal:create_app()"]
    warning = separate_counts_warning({"RATELIMIT_STORAGE_URI": "memory://"}, {}, gunicorn)
    assert "4 worker processes" in warning and "PORTAL_RATELIMIT_STORAGE_URI" in warning
    assert separate_counts_warning({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}, {}, gunicorn) is None
    assert separate_counts_warning({"RATELIMIT_STORAGE_URI": "memory://"}, {}, ["gunicorn"]) is None


def test_the_app_warns_at_start_up(app_config, caplog):
    logging.getLogger("portal").disabled = False  # Alembic's fileConfig (migration tests) disables loggers
    with caplog.at_level(logging.WARNING):
        create_app({**app_config, "RATELIMIT_ENABLED": True, "PORTAL_WORKERS": 3})
    assert any("3 worker processes" in record.getMessage() for record in caplog.records)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PORTAL_REGISTER_RATE_LIMIT="2 per hour")
def test_registration_is_limited_per_address_by_its_setting(app):
    client = app.test_client()
    codes = [client.post("/auth/register", data={"full_name": ""}).status_code for _ in range(3)]
    assert codes[:2] != [429, 429] and codes[2] == 429
