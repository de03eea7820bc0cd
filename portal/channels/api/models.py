"""Personal API tokens: stored as a SHA-256 hash (the token itself is shown once), owned by a staff member
or a customer, revocable."""
from ...extensions import db
from ...models_base import TimestampMixin


class ApiToken(TimestampMixin, db.Model):
    __tablename__ = "api_tokens"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    # A random token has enough entropy that a fast hash is safe; a slow one would cost every API call.
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    prefix = db.Column(db.String(12), nullable=False)  # the first characters, so the owner can tell tokens apart
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    last_used_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)

    staff = db.relationship("StaffUser")
    customer = db.relationship("Customer")

    __table_args__ = (db.CheckConstraint("(staff_id IS NULL) <> (customer_id IS NULL)", name="one_owner"),)

    @property
    def owner(self):
        return self.staff or self.customer

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
