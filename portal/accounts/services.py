"""Registration, sign-in by any customer identifier, and staff accounts."""
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from ..persian import classify_identifier, normalize_email, normalize_mobile, normalize_national_code
from . import passwords
from .models import Customer, Department, Role, StaffUser

CUSTOMER_NUMBER_DIGITS = 8  # never 10 or 11 digits, so it cannot be mistaken for a national code or mobile

# classify_identifier() kind -> the Customer column that holds it.
_IDENTIFIER_COLUMNS = {
    "customer_number": Customer.number,
    "mobile": Customer.mobile,
    "national_code": Customer.national_code,
    "email": Customer.email,
    "username": Customer.username,
}


class DuplicateIdentifier(ValueError):
    """Another customer already has this identifier; .field names which (.fields: every one taken)."""

    def __init__(self, field, fields=None):
        super().__init__(field)
        self.field = field
        self.fields = list(fields or [field])


@dataclass(frozen=True)
class CustomerIdentifiers:
    mobile: str | None = None
    national_code: str | None = None
    email: str | None = None
    username: str | None = None


def normalize_identifiers(*, mobile=None, national_code=None, email=None, username=None) -> CustomerIdentifiers:
    return CustomerIdentifiers(
        mobile=normalize_mobile(mobile) if mobile else None,
        national_code=normalize_national_code(national_code) if national_code else None,
        email=normalize_email(email) if email else None,
        username=(username or "").strip().lower() or None,
    )


def taken_identifiers(ids: CustomerIdentifiers, *, exclude_id=None) -> list[str]:
    """Names of the identifier fields that another customer already uses."""
    taken = []
    for field, value in vars(ids).items():
        if value is None:
            continue
        query = select(Customer.id).where(getattr(Customer, field) == value)
        if exclude_id is not None:
            query = query.where(Customer.id != exclude_id)
        if db.session.scalar(query.limit(1)) is not None:
            taken.append(field)
    return taken


def new_customer_number() -> str:
    while True:
        number = str(secrets.randbelow(9 * 10 ** (CUSTOMER_NUMBER_DIGITS - 1)) + 10 ** (CUSTOMER_NUMBER_DIGITS - 1))
        if db.session.scalar(select(Customer.id).where(Customer.number == number)) is None:
            return number


def create_customer(*, full_name, password=None, mobile=None, national_code=None, email=None,
                    username=None, actor=None, commit=True, verified=True) -> Customer:
    """Create a customer (by registration, or by staff when a call comes in). Raises DuplicateIdentifier.

    verified=False (self-registration): the mobile and e-mail still have to be proven."""
    ids = normalize_identifiers(mobile=mobile, national_code=national_code, email=email, username=username)
    taken = taken_identifiers(ids)
    if taken:
        raise DuplicateIdentifier(taken[0], taken)
    customer = Customer(
        number=new_customer_number(),
        full_name=" ".join(full_name.split()),
        password_hash=passwords.hash_password(password) if password else None,
        mobile_verified_at=utcnow() if verified and ids.mobile else None,
        email_verified_at=utcnow() if verified and ids.email else None,
        **vars(ids),
    )
    db.session.add(customer)
    db.session.flush()
    audit.record(actor or customer, "customer.created", customer)
    if commit:
        db.session.commit()
    return customer


def identifier_condition(identifier: str):
    """The SQL condition for the customer that an identifier names, or None when it names none."""
    classified = classify_identifier(identifier or "")
    if classified is None:
        return None
    kind, value = classified
    return _IDENTIFIER_COLUMNS[kind] == value


def find_customer(identifier: str) -> Customer | None:
    """The customer that any identifier names: customer number, mobile, national code, e-mail or username."""
    condition = identifier_condition(identifier)
    return None if condition is None else db.session.scalar(select(Customer).where(condition))


def authenticate_customer(identifier: str, password: str) -> Customer | None:
    """The customer when identifier and password match; None otherwise, in the same time either way."""
    return _check_password(find_customer(identifier), password, who="customer")


def authenticate_staff(email: str, password: str) -> StaffUser | None:
    staff = db.session.scalar(select(StaffUser).where(StaffUser.email == (normalize_email(email) or "")))
    return _check_password(staff, password, who="staff")


def _check_password(principal, password, *, who):
    """The principal when the password matches and the account is active; every attempt is audited."""
    ok = passwords.verify_password(principal.password_hash if principal else None, password)
    if not ok or not principal.active:
        audit.record(None, "login.failed", principal, commit=True, who=who)
        return None
    _after_login(principal, password)
    return principal


def _after_login(principal, password):
    if passwords.needs_rehash(principal.password_hash):
        principal.password_hash = passwords.hash_password(password)
    principal.last_login_at = utcnow()
    audit.record(principal, "login.succeeded", principal)
    db.session.commit()


def load_principal(user_id: str):
    """Flask-Login's loader: 'kind:id:version'. A changed version (disabled, password reset) ends the session."""
    try:
        kind, raw_id, version = user_id.split(":")
        model = {"staff": StaffUser, "customer": Customer}[kind]
        principal = db.session.get(model, int(raw_id))
    except (ValueError, KeyError):
        return None
    if principal is None or not principal.active or str(principal.auth_version) != version:
        return None
    return principal


def create_staff(*, email, full_name, password, role_name, department_codes=(), actor=None) -> StaffUser:
    role = db.session.scalar(select(Role).where(Role.name == role_name))
    if role is None:
        raise LookupError(f"no role named {role_name!r}")
    departments = list(db.session.scalars(select(Department).where(Department.code.in_(department_codes))))
    staff = StaffUser(email=normalize_email(email), full_name=full_name, role=role,
                      password_hash=passwords.hash_password(password), departments=departments)
    db.session.add(staff)
    db.session.flush()
    audit.record(actor, "staff.created", staff, role=role.name)
    db.session.commit()
    return staff


def set_password(principal, password: str) -> None:
    """A new password ends every other session of this person."""
    principal.password_hash = passwords.hash_password(password)
    principal.auth_version += 1
    db.session.commit()
