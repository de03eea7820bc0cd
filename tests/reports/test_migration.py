"""Migration 0011 backfills existing tickets: who answered first and both business durations; fills the calendar."""

from flask_migrate import upgrade
from sqlalchemy import MetaData, func, insert, select

from portal import create_app
from portal.extensions import db
from tests.reports.conftest import tehran




def test_backfill_of_existing_tickets(empty_database_url, tmp_path):
    from portal.reports.models import CalendarDay
    from portal.tickets.models import Ticket, TicketMessage

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index"), "PORTAL_HOLIDAYS": ("2026-12-05",)})
    with app.app_context():
        upgrade(revision="0010")  # the revision before the reports
        # Tables as that revision built them: later revisions add columns the models already have.
        reflected = MetaData()
        reflected.reflect(bind=db.engine)
        conn = db.session
        opened, answered, resolved = tehran(2026, 12, 2, 16, 0), tehran(2026, 12, 6, 9, 0), tehran(2026, 12, 6, 12, 0)
        conn.execute(insert(reflected.tables["departments"]).values(id=1, code="t", name="فنی", is_active=True))
        conn.execute(insert(reflected.tables["roles"]).values(id=1, name="agent", label="کارشناس", department_scoped=True,
                                                   grants_all=False))
        conn.execute(insert(reflected.tables["staff_users"]), [
            {"id": i, "email": f"s{i}@x.ir", "full_name": f"کارمند {i}", "password_hash": "x", "role_id": 1,
             "active": True, "auth_version": 1, "created_at": opened} for i in (1, 2)])
        conn.execute(insert(reflected.tables["customers"]).values(id=1, number="1001", full_name="مشتری", active=True,
                                                       auth_version=1, notify_by_email=True, notify_by_sms=True,
                                                       created_at=opened))
        conn.execute(insert(reflected.tables["ticket_categories"]).values(id=1, name="اینترنت", department_id=1, position=0,
                                                       is_active=True))
        conn.execute(insert(reflected.tables["tickets"]), [
            {"id": 1, "number": "05-1", "customer_id": 1, "subject": "قطعی", "status": "resolved", "priority": "normal",
             "channel": "portal", "category_id": 1, "department_id": 1, "created_at": opened,
             "last_activity_at": resolved, "first_response_at": answered, "resolved_at": resolved},
            {"id": 2, "number": "05-2", "customer_id": 1, "subject": "تازه", "status": "new", "priority": "normal",
             "channel": "portal", "category_id": 1, "department_id": 1, "created_at": opened,
             "last_activity_at": opened, "first_response_at": None, "resolved_at": None}])
        conn.execute(insert(reflected.tables["ticket_messages"]), [
            {"ticket_id": 1, "author_customer_id": 1, "author_staff_id": None, "body": "سلام", "is_internal": False,
             "channel": "portal", "created_at": opened},
            {"ticket_id": 1, "author_customer_id": None, "author_staff_id": 2, "body": "یادداشت", "is_internal": True,
             "channel": "portal", "created_at": opened},
            {"ticket_id": 1, "author_customer_id": None, "author_staff_id": 1, "body": "پاسخ", "is_internal": False,
             "channel": "portal", "created_at": answered}])
        conn.commit()
        upgrade()
        rows = conn.execute(select(Ticket.id, Ticket.first_responder_id, Ticket.first_response_business_seconds,
                                   Ticket.resolution_business_seconds).order_by(Ticket.id)).all()
        # Wednesday 16-17, Saturday a holiday, Sunday 8-9 (first response) or 8-12 (resolution)
        assert [tuple(r) for r in rows] == [(1, 1, 2 * 3600, 5 * 3600), (2, None, None, None)]
        assert conn.scalar(select(func.count()).select_from(TicketMessage)) == 3  # nothing lost on the way
        assert conn.scalar(select(func.count()).select_from(CalendarDay)) > 5 * 365
        assert not conn.get(CalendarDay, opened.date().replace(day=5)).is_business_day
        db.session.remove()
        db.engine.dispose()
