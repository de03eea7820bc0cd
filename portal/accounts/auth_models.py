"""Server-side records of sign-in: each signed-in session, and each password-reset request."""
from ..extensions import db
from ..models_base import utcnow


class AuthSession(db.Model):
    """One signed-in browser. The cookie carries a random token; only its hash is stored here, and a
    session whose row is revoked (sign-out, new password, disabled account) is refused on the next request."""

    __tablename__ = "auth_sessions"
    id = db.Column(db.Integer, primary_key=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    account_kind = db.Column(db.String(10), nullable=False)  # customer, staff
    account_id = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_seen_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    ip_address = db.Column(db.String(45))
    user_agent = db.Column(db.String(255))
    revoked_at = db.Column(db.DateTime)

    __table_args__ = (db.Index("ix_auth_sessions_account", "account_kind", "account_id"),)


class PasswordReset(db.Model):
    """A code sent by SMS or a link sent by e-mail; both stored as keyed hashes, used at most once."""

    __tablename__ = "password_resets"
    id = db.Column(db.Integer, primary_key=True)
    # The browser that asked keeps a random reference in its session; the code is checked against its row only.
    reference_hash = db.Column(db.String(64), nullable=False, unique=True)
    secret_hash = db.Column(db.String(64), nullable=False, index=True)
    account_kind = db.Column(db.String(10), nullable=False)
    account_id = db.Column(db.Integer, nullable=False)
    channel = db.Column(db.String(10), nullable=False)  # sms (6-digit code), email (link)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_at = db.Column(db.DateTime)
    failed_attempts = db.Column(db.Integer, nullable=False, default=0)
    ip_address = db.Column(db.String(45))

    __table_args__ = (db.Index("ix_password_resets_account", "account_kind", "account_id"),)


class ContactVerification(db.Model):
    """Proof that a customer holds a mobile (6-digit SMS code) or an e-mail address (link): for a new
    address on the account page; the address replaces the old one only once proven."""

    __tablename__ = "contact_verifications"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False)  # mobile, email
    value = db.Column(db.String(254), nullable=False)  # canonical mobile or lower-case e-mail
    secret_hash = db.Column(db.String(64), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_at = db.Column(db.DateTime)
    failed_attempts = db.Column(db.Integer, nullable=False, default=0)


class AccountClaim(db.Model):
    """A registration waiting on a record the business made (from an e-mail, an SMS or a call: no sign-in
    yet) until the SMS code or e-mail link sent to that record's address proves the registrant holds it.
    The browser that registered keeps a random reference in its session; only its hash is stored."""

    __tablename__ = "account_claims"
    id = db.Column(db.Integer, primary_key=True)
    reference_hash = db.Column(db.String(64), nullable=False, unique=True)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True)
    verification_id = db.Column(db.Integer, db.ForeignKey("contact_verifications.id", ondelete="CASCADE"),
                                nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False)  # mobile (SMS code), email (link)
    full_name = db.Column(db.String(120), nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    national_code = db.Column(db.String(10))
    email = db.Column(db.String(254))
    username = db.Column(db.String(40))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    used_at = db.Column(db.DateTime)
