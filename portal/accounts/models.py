"""Customers and staff are separate tables with separate logins; roles carry named permissions."""
from flask_login import UserMixin

from ..extensions import db
from ..models_base import TimestampMixin, utcnow

staff_departments = db.Table(
    "staff_departments",
    db.Column("staff_id", db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
    db.Column("department_id", db.Integer, db.ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)


class Department(db.Model):
    __tablename__ = "departments"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    is_active = db.Column(db.Boolean, nullable=False, default=True)

    def __repr__(self):
        return f"<Department {self.code}>"


class RolePermission(db.Model):
    __tablename__ = "role_permissions"
    role_id = db.Column(db.Integer, db.ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    permission = db.Column(db.String(60), primary_key=True)


class Role(db.Model):
    __tablename__ = "roles"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False, unique=True)
    label = db.Column(db.String(120), nullable=False)
    # True: the role's ticket and customer rights reach only the departments its holder belongs to.
    department_scoped = db.Column(db.Boolean, nullable=False, default=False)
    # True: the role holds every permission the installation knows, including ones added by an upgrade.
    grants_all = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # True: holders must sign in with a second factor (TOTP or a recovery code); they enrol at their next sign-in.
    requires_two_factor = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    grants = db.relationship("RolePermission", cascade="all, delete-orphan", lazy="selectin")

    @property
    def permissions(self) -> frozenset[str]:
        return frozenset(g.permission for g in self.grants)

    def set_permissions(self, names):
        wanted = set(names)
        self.grants = [g for g in self.grants if g.permission in wanted]
        have = {g.permission for g in self.grants}
        self.grants.extend(RolePermission(permission=name) for name in sorted(wanted - have))

    def __repr__(self):
        return f"<Role {self.name}>"


class _Principal(UserMixin):
    """What customers and staff share for Flask-Login. The id carries a version so a bump logs them out."""

    kind = ""

    def get_id(self):
        return f"{self.kind}:{self.id}:{self.auth_version}"

    @property
    def is_active(self):
        return bool(self.active)


class StaffUser(_Principal, TimestampMixin, db.Model):
    __tablename__ = "staff_users"
    kind = "staff"
    is_staff = True
    is_customer = False

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    full_name = db.Column(db.String(120), nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    role_id = db.Column(db.Integer, db.ForeignKey("roles.id"), nullable=False, index=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    auth_version = db.Column(db.Integer, nullable=False, default=1)
    last_login_at = db.Column(db.DateTime)

    role = db.relationship("Role", lazy="joined")
    departments = db.relationship("Department", secondary=staff_departments, lazy="selectin",
                                  order_by="Department.name")

    @property
    def department_ids(self) -> set[int]:
        return {d.id for d in self.departments}

    def __repr__(self):
        return f"<StaffUser {self.email}>"


class Customer(_Principal, TimestampMixin, db.Model):
    __tablename__ = "customers"
    kind = "customer"
    is_staff = False
    is_customer = True

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(12), nullable=False, unique=True)  # system-issued customer number
    full_name = db.Column(db.String(120), nullable=False)
    mobile = db.Column(db.String(11), unique=True)  # canonical 09xxxxxxxxx
    national_code = db.Column(db.String(10), unique=True)  # 10 ASCII digits, check digit verified
    email = db.Column(db.String(254), unique=True)  # lower-case
    username = db.Column(db.String(40), unique=True)  # lower-case, never all digits
    password_hash = db.Column(db.String(255))  # None for customers created by staff until they register
    active = db.Column(db.Boolean, nullable=False, default=True)
    auth_version = db.Column(db.Integer, nullable=False, default=1)
    lead_since = db.Column(db.DateTime)
    notify_by_email = db.Column(db.Boolean, nullable=False, default=True)
    notify_by_sms = db.Column(db.Boolean, nullable=False, default=True)
    last_login_at = db.Column(db.DateTime)
    # When the customer proved holding the mobile (SMS code) / e-mail (link); set at creation for accounts
    # the business made. A self-registered account cannot open tickets before its mobile is proven.
    mobile_verified_at = db.Column(db.DateTime)
    email_verified_at = db.Column(db.DateTime)
    # Language of notifications (render.recipient_locale reads it); None: the installation's default.
    locale = db.Column(db.String(5))

    def __repr__(self):
        return f"<Customer {self.number}>"


from .auth_models import AuthSession, ContactVerification, PasswordReset  # noqa: E402  (one import gives every account table)

__all__ = ["AuthSession", "ContactVerification", "PasswordReset", "Customer", "Department", "Role", "RolePermission", "StaffUser", "staff_departments", "utcnow"]
