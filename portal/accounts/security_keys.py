"""Security keys (WebAuthn) as a second sign-in step for staff, beside the authenticator app.

A staff member who has turned on two-step sign-in (so he holds recovery codes) may register keys; at sign-in
the key answers instead of a code. The relying party is PORTAL_BASE_URL's host and origin, never the request's
Host. Each ceremony's challenge is kept in the session and used once.
"""
import json
from urllib.parse import urlsplit

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from webauthn import (generate_authentication_options, generate_registration_options, options_to_json,
                      verify_authentication_response, verify_registration_response)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (AuthenticatorSelectionCriteria, PublicKeyCredentialDescriptor,
                                      ResidentKeyRequirement, UserVerificationRequirement)

from .. import audit
from ..extensions import db
from ..models_base import utcnow

MAX_KEYS = 10
REGISTER_KEY = "webauthn_register"
SIGN_IN_KEY = "webauthn_sign_in"

audit.register_actions({
    "security_key.added": _l("Security key added"),
    "security_key.removed": _l("Security key removed"),
})


class SecurityKeyError(Exception):
    pass


class StaffSecurityKey(db.Model):
    __tablename__ = "staff_security_keys"
    id = db.Column(db.Integer, primary_key=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True)
    credential_id = db.Column(db.String(400), nullable=False, unique=True)  # base64url, as browsers send it
    public_key = db.Column(db.LargeBinary, nullable=False)  # COSE
    sign_count = db.Column(db.Integer, nullable=False, default=0)
    name = db.Column(db.String(80), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_used_at = db.Column(db.DateTime)


def _relying_party() -> tuple[str, str]:
    base = urlsplit(current_app.config["PORTAL_BASE_URL"])
    return base.hostname or "localhost", f"{base.scheme}://{base.netloc}"


def keys_of(staff) -> list[StaffSecurityKey]:
    return list(db.session.scalars(select(StaffSecurityKey).where(StaffSecurityKey.staff_id == staff.id)
                                   .order_by(StaffSecurityKey.id)))


def _descriptors(staff):
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id)) for key in keys_of(staff)]


def registration_options(staff) -> str:
    """The options for navigator.credentials.create(), as JSON; the challenge waits in the session."""
    rp_id, _origin = _relying_party()
    options = generate_registration_options(
        rp_id=rp_id, rp_name=current_app.config["PORTAL_COMPANY_NAME"], user_id=f"staff:{staff.id}".encode(),
        user_name=staff.email, user_display_name=staff.full_name, exclude_credentials=_descriptors(staff),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED, user_verification=UserVerificationRequirement.PREFERRED))
    session[REGISTER_KEY] = [staff.id, bytes_to_base64url(options.challenge)]
    return options_to_json(options)


def finish_registration(staff, credential: dict, name: str) -> StaffSecurityKey:
    """Check the browser's answer to the registration options and keep the key."""
    staff_id, challenge = session.pop(REGISTER_KEY, None) or (None, None)
    if staff_id != staff.id or not challenge:
        raise SecurityKeyError(_l("Start adding the key again."))
    if len(keys_of(staff)) >= MAX_KEYS:
        raise SecurityKeyError(_l("You already have as many security keys as one person may."))
    rp_id, origin = _relying_party()
    try:
        verified = verify_registration_response(credential=json.dumps(credential),
                                                expected_challenge=base64url_to_bytes(challenge),
                                                expected_rp_id=rp_id, expected_origin=origin)
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as error:  # any malformed answer
        raise SecurityKeyError(_l("The key's answer could not be checked.")) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(select(StaffSecurityKey.id).where(StaffSecurityKey.credential_id == credential_id)):
        raise SecurityKeyError(_l("This key is already registered."))
    key = StaffSecurityKey(staff_id=staff.id, credential_id=credential_id,
                           public_key=verified.credential_public_key, sign_count=verified.sign_count,
                           name=" ".join((name or "").split())[:80] or str(_l("Security key")))
    db.session.add(key)
    db.session.flush()
    audit.record(staff, "security_key.added", staff, key=key.name)
    db.session.commit()
    return key


def remove(staff, key_id: int) -> bool:
    key = db.session.scalar(select(StaffSecurityKey).where(StaffSecurityKey.id == key_id,
                                                           StaffSecurityKey.staff_id == staff.id))
    if key is None:
        return False
    audit.record(staff, "security_key.removed", staff, key=key.name)
    db.session.delete(key)
    db.session.commit()
    return True


def remove_all(staff) -> None:
    """With a reset of two-step sign-in (a lost phone may come with a lost key)."""
    db.session.execute(db.delete(StaffSecurityKey).where(StaffSecurityKey.staff_id == staff.id))


def sign_in_options(staff) -> str:
    """The options for navigator.credentials.get() with this person's keys, as JSON."""
    rp_id, _origin = _relying_party()
    options = generate_authentication_options(rp_id=rp_id, allow_credentials=_descriptors(staff),
                                              user_verification=UserVerificationRequirement.PREFERRED)
    session[SIGN_IN_KEY] = [staff.id, bytes_to_base64url(options.challenge)]
    return options_to_json(options)


def verify_sign_in(staff, credential: dict) -> bool:
    """The key's answer to the sign-in options: one of this person's keys, a fresh challenge, a growing counter.
    Audited either way (as the code step is). Commits."""
    staff_id, challenge = session.pop(SIGN_IN_KEY, None) or (None, None)
    key = None
    if staff_id == staff.id and challenge and isinstance(credential, dict):
        key = db.session.scalar(select(StaffSecurityKey).where(
            StaffSecurityKey.staff_id == staff.id, StaffSecurityKey.credential_id == str(credential.get("id", ""))))
    ok = False
    if key is not None:
        rp_id, origin = _relying_party()
        try:
            verified = verify_authentication_response(
                credential=json.dumps(credential), expected_challenge=base64url_to_bytes(challenge),
                expected_rp_id=rp_id, expected_origin=origin, credential_public_key=key.public_key,
                credential_current_sign_count=key.sign_count)
        except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError):
            verified = None
        if verified is not None:
            key.sign_count, key.last_used_at, ok = verified.new_sign_count, utcnow(), True
    audit.record(staff, "two_factor.passed" if ok else "two_factor.failed", staff, method="security_key")
    db.session.commit()
    return ok
