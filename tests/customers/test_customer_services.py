from datetime import date, timedelta

import pytest

from portal.customers import services
from portal.customers.models import CustomFieldDefinition, CustomFieldValue
from portal.customers.search import customer_query
from portal.extensions import db

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("contracts,status,ends_on", [
    ([], "none", None),
    ([(-100, 200)], "active", 200),
    ([(-100, 30)], "expiring", 30),
    ([(-100, 0)], "expiring", 0),
    ([(-400, -1)], "expired", -1),
    ([(-400, -50), (-49, -2)], "expired", -2),
    ([(-400, -1), (0, 365)], "active", 365),  # renewed today
    ([(-100, 10), (-50, 100)], "active", 100),  # the later contract counts
    ([(5, 100)], "none", None),  # not started yet
])
def test_support_status(make_customer, make_contract, contracts, status, ends_on):
    customer = make_customer()
    for start, end in contracts:
        make_contract(customer, starts_on=TODAY + timedelta(days=start), ends_on=TODAY + timedelta(days=end))
    result = services.support_status(customer, today=TODAY)
    assert result.status == status
    assert result.ends_on == (None if ends_on is None else TODAY + timedelta(days=ends_on))


def test_contract_cannot_end_before_it_starts(make_customer, make_staff):
    with pytest.raises(ValueError):
        services.add_contract(make_customer(), title="x", starts_on=TODAY, ends_on=TODAY - timedelta(days=1),
                              actor=make_staff())


def test_custom_field_values_are_stored_typed_and_cleared(make_customer, make_staff):
    actor = make_staff()
    customer = make_customer()
    number = services.define_custom_field(label="تعداد", kind="number", actor=actor)
    day = services.define_custom_field(label="تمدید", kind="date", actor=actor)
    choice = services.define_custom_field(label="نوع", kind="choice", options=["حقیقی", "حقوقی", " "], actor=actor)
    assert choice.options == ["حقیقی", "حقوقی"]
    changed = services.set_custom_field_values(
        customer, {number.id: "۱٬۲۰۰".replace("٬", ","), day.id: TODAY, choice.id: "حقوقی"}, actor=actor)
    assert sorted(changed) == sorted(["تعداد", "تمدید", "نوع"])
    assert services.custom_field_values(customer) == {number.id: "1200", day.id: "2026-11-22", choice.id: "حقوقی"}
    with pytest.raises(ValueError):
        services.set_custom_field_values(customer, {choice.id: "نامعلوم"}, actor=actor)
    db.session.rollback()
    assert services.set_custom_field_values(customer, {number.id: "1200"}, actor=actor) == []
    services.set_custom_field_values(customer, {number.id: ""}, actor=actor)
    assert db.session.query(CustomFieldValue).filter_by(definition_id=number.id).count() == 0


def test_choice_field_needs_options(make_staff):
    with pytest.raises(ValueError):
        services.define_custom_field(label="نوع", kind="choice", options=[], actor=make_staff())
    assert db.session.query(CustomFieldDefinition).count() == 0


def test_nps_score_range(make_customer):
    customer = make_customer()
    assert services.record_nps(customer, score=10, comment=" عالی ").comment == "عالی"
    with pytest.raises(ValueError):
        services.record_nps(customer, score=11)


@pytest.mark.parametrize("query", ["علي", "علی", "كاظمي", "علی‌کاظمی", "  علی   کاظمی "])
def test_name_search_ignores_arabic_letter_variants_and_spacing(make_customer, make_staff, query):
    wanted = make_customer(full_name="علی کاظمی")
    make_customer(full_name="مریم احمدی")
    supervisor = make_staff(role="supervisor")
    assert [c.id for c in db.session.scalars(customer_query(supervisor, query))] == [wanted.id]


def test_name_key_follows_a_renamed_customer(make_customer, make_staff):
    customer = make_customer(full_name="رضا")
    customer.full_name = "كيوان"
    db.session.commit()
    supervisor = make_staff(role="supervisor")
    assert [c.id for c in db.session.scalars(customer_query(supervisor, "کیوان"))] == [customer.id]
    assert list(db.session.scalars(customer_query(supervisor, "رضا"))) == []


@pytest.mark.parametrize("field", ["number", "mobile", "national_code", "email", "username"])
def test_search_by_any_identifier_in_any_digits(make_customer, make_staff, field):
    from portal.persian import to_persian_digits

    wanted = make_customer()
    make_customer()
    supervisor = make_staff(role="supervisor")
    value = getattr(wanted, field)
    for typed in {value, to_persian_digits(value), value.upper()}:
        assert [c.id for c in db.session.scalars(customer_query(supervisor, typed))] == [wanted.id], typed


def test_scoped_roles_find_only_customers_of_their_departments(make_customer, make_staff, make_department,
                                                               make_category, make_ticket):
    mine, other = make_department(), make_department()
    ours = make_customer(full_name="مشتری ما")
    theirs = make_customer(full_name="مشتری آنها")
    make_ticket(customer=ours, category=make_category(department=mine))
    make_ticket(customer=theirs, category=make_category(department=other))
    agent = make_staff(role="agent", departments=[mine])
    assert [c.id for c in db.session.scalars(customer_query(agent, "مشتری"))] == [ours.id]
    supervisor = make_staff(role="supervisor")
    assert {c.id for c in db.session.scalars(customer_query(supervisor, "مشتری"))} == {ours.id, theirs.id}
