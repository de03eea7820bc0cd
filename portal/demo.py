"""Demo data: a believable Persian company (an internet and hosting provider) for `make run` and screenshots."""
from sqlalchemy import func, select

from .accounts.models import Customer, Department, StaffUser
from .accounts.roles import ensure_default_roles
from .accounts.services import create_customer, create_staff
from .extensions import db

DEMO_PASSWORD = "pishkhan-demo"

DEPARTMENTS = [
    ("technical", "پشتیبانی فنی"),
    ("billing", "مالی و صورتحساب"),
    ("sales", "فروش"),
]

STAFF = [
    ("admin@pishkhan.test", "مریم احمدی", "admin", ("technical", "billing", "sales")),
    ("supervisor@pishkhan.test", "رضا کریمی", "supervisor", ("technical", "billing")),
    ("agent@pishkhan.test", "سارا محمدی", "agent", ("technical",)),
    ("billing@pishkhan.test", "علی رضایی", "agent", ("billing",)),
    ("viewer@pishkhan.test", "نگار حسینی", "viewer", ("sales",)),
]

# full name, mobile, national code, e-mail, username
CUSTOMERS = [
    ("زهرا موسوی", "09121234567", "0012345679", "zahra@example.ir", "zahra"),
    ("محمد جعفری", "09351112233", "0123456789", "m.jafari@example.ir", None),
    ("فاطمه کاظمی", "09192223344", "2287445315", None, "fkazemi"),
    ("حسین قاسمی", "09013334455", "4455667784", "hossein@example.ir", None),
    ("شرکت آرین‌داده", "09124445566", None, "it@ariandadeh.example.ir", "ariandadeh"),
    ("امیر نوری", "09385556677", "1239876548", None, None),
    ("لیلا صادقی", "09106667788", "6541239878", "leila.sadeghi@example.ir", None),
    ("کاوه یزدانی", "09127778899", "3322114570", None, "kaveh"),
]

# Rooms that add their own demo data, in order (each module has seed(context)).
ROOM_SEEDERS: list[str] = ["portal.tickets.demo", "portal.faq.demo", "portal.customers.demo"]


def has_data() -> bool:
    return bool(db.session.scalar(select(func.count(Customer.id))))


def seed() -> dict:
    """Add the demo company and return what later rooms build on (customers, staff, departments)."""
    roles = ensure_default_roles()
    departments = {}
    for code, name in DEPARTMENTS:
        departments[code] = db.session.scalar(select(Department).where(Department.code == code)) \
            or Department(code=code, name=name)
        db.session.add(departments[code])
    db.session.commit()

    staff = {}
    for email, name, role, deps in STAFF:
        staff[email] = db.session.scalar(select(StaffUser).where(StaffUser.email == email)) or create_staff(
            email=email, full_name=name, password=DEMO_PASSWORD, role_name=role, department_codes=deps)

    customers = []
    for name, mobile, national_code, email, username in CUSTOMERS:
        existing = db.session.scalar(select(Customer).where(Customer.mobile == mobile))
        customers.append(existing or create_customer(
            full_name=name, password=DEMO_PASSWORD, mobile=mobile, national_code=national_code,
            email=email, username=username))

    context = {"roles": roles, "departments": departments, "staff": staff, "customers": customers}
    for module_name in ROOM_SEEDERS:
        __import__(module_name, fromlist=["seed"]).seed(context)
    db.session.commit()
    return context


def logins_text(base_url: str) -> str:
    first = CUSTOMERS[0]
    lines = [
        f"Pishkhan demo is ready at {base_url}",
        f"  customer portal  {base_url}/auth/login   identifier {first[1]} (or {first[3]}, {first[2]}, {first[4]})"
        f"   password {DEMO_PASSWORD}",
        f"  back office      {base_url}/admin/login  password {DEMO_PASSWORD} for each of:",
    ]
    lines += [f"                   {email:<28} {role}" for email, _name, role, _deps in STAFF]
    return "\n".join(lines)
