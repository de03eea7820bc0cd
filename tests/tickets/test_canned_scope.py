"""Canned replies are scoped like the queue: a department lead edits only his departments' replies."""
import pytest

from portal.accounts.models import Role
from portal.tickets.models import CannedReply
from tests.conftest import page_text


@pytest.fixture
def team_lead(db, make_staff, department):
    role = Role(name="team-lead", label="سرپرست تیم", department_scoped=True)
    role.set_permissions({"tickets.reply", "canned.manage"})
    db.session.add(role)
    db.session.commit()
    return make_staff(role="team-lead", departments=[department])


@pytest.fixture
def replies(db, department, other_department):
    made = {name: CannedReply(title=name, body="سلام {customer_name}", department_id=dept_id, is_active=True)
            for name, dept_id in (("ours", department.id), ("theirs", other_department.id), ("everyone", None))}
    db.session.add_all(made.values())
    db.session.commit()
    return made


def test_a_scoped_manager_sees_and_edits_only_his_departments_replies(client_as, team_lead, replies, department,
                                                                        other_department):
    lead = client_as(team_lead)
    listing = page_text(lead.get("/admin/tickets/canned"))
    assert "ours" in listing and "theirs" not in listing and "everyone" not in listing
    assert lead.get(f"/admin/tickets/canned/{replies['ours'].id}").status_code == 200
    for name in ("theirs", "everyone"):
        assert lead.get(f"/admin/tickets/canned/{replies[name].id}").status_code == 404
        assert lead.post(f"/admin/tickets/canned/{replies[name].id}/delete").status_code == 404

    # Nor writes a reply for another department, or for every department.
    for dept in (other_department.id, 0):
        refused = lead.post("/admin/tickets/canned/new", data={"title": "تازه", "body": "متن", "department": dept,
                                                                 "is_active": "y"})
        assert refused.status_code == 200
    made = lead.post("/admin/tickets/canned/new", data={"title": "تازه", "body": "متن", "department": department.id,
                                                          "is_active": "y"})
    assert made.status_code == 302
    assert {r.title for r in CannedReply.query.filter_by(title="تازه")} == {"تازه"}


def test_a_manager_of_every_department_sees_all_replies(client_as, make_staff, replies):
    supervisor = client_as(make_staff(role="supervisor"))
    listing = page_text(supervisor.get("/admin/tickets/canned"))
    assert all(name in listing for name in ("ours", "theirs", "everyone"))
    assert supervisor.get(f"/admin/tickets/canned/{replies['theirs'].id}").status_code == 200
