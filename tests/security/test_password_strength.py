"""Passwords are judged by zxcvbn's estimate, with Persian-keyboard walks, local words and Jalali years."""
import pytest

from portal.accounts.models import Customer
from portal.accounts.passwords import strength
from portal.extensions import db
from tests.conftest import page_text


def _register(client, password, mobile="09121112233"):
    return client.post("/auth/register", data={"full_name": "زهرا موسوی", "mobile": mobile,
                                               "password": password, "confirm": password})


@pytest.mark.parametrize("weak", [
    "qwertyuiop", "1qaz2wsx3edc", "ضصثقفغعهخح", "شسیبلاتنمک", "zahra1370", "Tehran@1400", "password1405",
    "iloveyou!!", "abcd1234efgh",
])
def test_guessable_passwords_are_refused(client, weak):
    response = _register(client, weak)
    assert response.status_code == 200
    assert "به‌آسانی می‌توان حدس زد" in page_text(response) or "ساده" in page_text(response)
    assert db.session.query(Customer).count() == 0


@pytest.mark.parametrize("strong", ["Sabz-Kooh-1405", "کوه‌سبز-۱۴۰۵-باران", "blue tiger rides the 7 bus"])
def test_strong_passwords_are_accepted(client, strong):
    assert _register(client, strong).status_code == 302


def test_a_persian_keyboard_walk_scores_as_its_latin_keys():
    assert strength("ضصثقفغعهخح") == strength("qwertyuiop") == 0


def test_staff_accounts_get_the_same_rule(staff_client_in):
    admin = staff_client_in("admin")
    from portal.accounts.models import Role
    role = db.session.scalar(db.select(Role).where(Role.name == "agent"))
    response = admin.post("/admin/access/staff/new", data={"email": "new@pishkhan.ir", "full_name": "تازه",
                                                           "password": "qwertyuiop", "role": role.id})
    assert response.status_code == 400 and "حدس" in page_text(response)
