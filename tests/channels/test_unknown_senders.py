"""A sender never seen before becomes a customer record that proves nothing: no password, nothing verified."""
from portal.channels.common import customer_for_sender


def test_an_unknown_sender_becomes_an_unverified_customer(db):
    by_mail = customer_for_sender(policy="accept", full_name="مریم", email="maryam@example.ir")
    by_sms = customer_for_sender(policy="accept", full_name="", mobile="09121110000")
    db.session.commit()
    for customer in (by_mail, by_sms):
        assert customer.password_hash is None
        assert customer.mobile_verified_at is None and customer.email_verified_at is None
    assert customer_for_sender(policy="accept", full_name="", email="maryam@example.ir").id == by_mail.id
