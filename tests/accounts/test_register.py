from portal.accounts.models import Customer
from tests.conftest import page_text


def _form(**overrides):
    data = {
        "full_name": "  علی   رضایی ",
        "mobile": "۰۹۳۵ ۱۲۳ ۴۵۶۷",
        "national_code": "۰۱۲۳۴۵۶۷۸۹",
        "email": "Ali@Example.ir",
        "username": "",
        "password": "Kooh-Damavand-5671",
        "confirm": "Kooh-Damavand-5671",
    }
    data.update(overrides)
    return data


def test_registration_stores_canonical_identifiers_and_signs_in(client, db):
    response = client.post("/auth/register", data=_form())
    assert response.status_code == 302
    customer = db.session.query(Customer).one()
    assert (customer.full_name, customer.mobile, customer.national_code, customer.email) == (
        "علی رضایی", "09351234567", "0123456789", "ali@example.ir")
    assert len(customer.number) == 8 and customer.number.isdigit()
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"customer:{customer.id}:")


def test_duplicate_mobile_is_shown_next_to_the_field_and_the_form_keeps_its_values(client, make_customer):
    make_customer(mobile="09351234567")
    response = client.post("/auth/register", data=_form(mobile="+98 935 123 4567"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "این شماره‌ی موبایل متعلق به حسابی است" in page_text(response)
    assert 'id="mobile"' in html and "is-invalid" in html.split('id="mobile"')[0].rsplit("<input", 1)[1] + html.split('id="mobile"')[1].split(">", 1)[0]
    assert 'value="Ali@Example.ir"' in html  # typed values stay
    assert 'value="  علی   رضایی "' in html or "علی   رضایی" in html


def test_bad_national_code_is_refused_in_persian(client, db):
    response = client.post("/auth/register", data=_form(national_code="0123456788"))
    assert "کد ملی معتبر نیست" in page_text(response)
    assert db.session.query(Customer).count() == 0


def test_all_same_digit_national_code_is_refused(client, db):
    response = client.post("/auth/register", data=_form(national_code="1111111111"))
    assert "کد ملی معتبر نیست" in page_text(response)


def test_weak_passwords_are_refused(client, db):
    for weak in ("1234", "12345678", "09351234567x", "۱۲۳۴۵۶۷۸۹۰۱"):
        response = client.post("/auth/register", data=_form(password=weak, confirm=weak))
        assert response.status_code == 200, weak
        assert 'id="password"' in response.get_data(as_text=True)
    assert db.session.query(Customer).count() == 0


def test_mismatched_confirmation(client, db):
    response = client.post("/auth/register", data=_form(confirm="something-else-123"))
    assert "دو گذرواژه یکی نیستند." in page_text(response)


def test_not_a_mobile(client, db):
    response = client.post("/auth/register", data=_form(mobile="021 8888 7777"))
    assert "شماره همراه ایرانی" in page_text(response)


def test_english_locale_shows_english_errors(client, db):
    client.get("/lang/en")
    response = client.post("/auth/register", data=_form(national_code="0123456788"))
    assert "This national code is not valid" in page_text(response)
    assert '<html lang="en" dir="ltr">' in response.get_data(as_text=True)
