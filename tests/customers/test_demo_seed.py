from portal import demo
from portal.customers import services
from portal.customers.models import CustomFieldValue, Interaction, NpsResponse, SupportContract
from portal.extensions import db


def test_demo_profiles_have_contracts_in_every_state_and_history(app):
    context = demo.seed()
    demo.seed()  # a second run adds nothing twice
    statuses = {services.support_status(c).status for c in context["customers"]}
    assert statuses == {"active", "expiring", "expired"}
    assert db.session.query(SupportContract).count() == len(context["customers"])
    assert db.session.query(Interaction).count() > len(context["customers"])
    assert db.session.query(NpsResponse).count() == len(context["customers"])
    assert db.session.query(CustomFieldValue).count() == 4 * len(context["customers"])
