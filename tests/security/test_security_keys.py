"""Security keys (WebAuthn) as staff's second sign-in step, driven through HTTP by a software authenticator
made here: a P-256 key pair, "none" attestation, and assertions signed over authenticator data + client data."""
import hashlib
import json
import struct

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import bytes_to_base64url

from portal.accounts import security_keys
from portal.audit import AuditEntry
from portal.extensions import db
from tests.conftest import sign_in_staff
from tests.security.test_two_factor import ENFORCED, _enrol

ORIGIN = "http://127.0.0.1:5000"  # PORTAL_BASE_URL's default
RP_ID = "127.0.0.1"


class SoftwareAuthenticator:
    """What a USB key does, in software: one credential, a counter that grows with each use."""

    def __init__(self, rp_id=RP_ID, origin=ORIGIN):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = hashlib.sha256(repr(id(self)).encode()).digest()[:16]
        self.rp_id, self.origin, self.counter = rp_id, origin, 0

    def _cose_public_key(self):
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, kind, challenge, origin=None):
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def create(self, options, origin=None):
        assert options["rp"]["id"] == self.rp_id
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id + self._cose_public_key()
        auth_data = rp_hash + bytes([0x45]) + struct.pack(">I", self.counter) + attested  # UP, UV, AT
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        raw_id = bytes_to_base64url(self.credential_id)
        return {"id": raw_id, "rawId": raw_id, "type": "public-key", "clientExtensionResults": {},
                "response": {"clientDataJSON": bytes_to_base64url(client_data),
                             "attestationObject": bytes_to_base64url(attestation), "transports": ["usb"]}}

    def get(self, options, origin=None):
        allowed = [c["id"] for c in options.get("allowCredentials", [])]
        assert bytes_to_base64url(self.credential_id) in allowed
        self.counter += 1
        auth_data = hashlib.sha256(self.rp_id.encode()).digest() + bytes([0x05]) + struct.pack(">I", self.counter)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        raw_id = bytes_to_base64url(self.credential_id)
        return {"id": raw_id, "rawId": raw_id, "type": "public-key", "clientExtensionResults": {},
                "response": {"clientDataJSON": bytes_to_base64url(client_data),
                             "authenticatorData": bytes_to_base64url(auth_data),
                             "signature": bytes_to_base64url(signature)}}


def _post_json(client, url, body=None):
    return client.post(url, json=body or {}, headers={"X-CSRFToken": client.csrf_token()})


def _register(client, authenticator, name="کلید زرد"):
    options = _post_json(client, "/admin/two-factor/keys/register/options")
    assert options.status_code == 200, options.get_data(as_text=True)
    return _post_json(client, "/admin/two-factor/keys/register",
                      {"name": name, "credential": authenticator.create(options.json)})


def _password_step(app, staff):
    client = app.test_client()
    assert sign_in_staff(client, staff).headers["Location"].endswith("/admin/two-factor/")
    return client


@pytest.fixture
def enrolled(app, make_staff):
    """An admin who turned on the authenticator app (so holds recovery codes), signed in just now."""
    staff = make_staff(role="admin")
    client, _secret, _codes = _enrol(app, staff)
    return staff, client


@ENFORCED
def test_a_key_is_registered_and_then_answers_the_second_step(app, enrolled):
    staff, client = enrolled
    authenticator = SoftwareAuthenticator()
    assert client.get("/admin/two-factor/keys/").status_code == 200
    added = _register(client, authenticator)
    assert added.status_code == 201, added.json
    assert [k.name for k in security_keys.keys_of(staff)] == ["کلید زرد"]
    assert "کلید زرد" in client.get("/admin/two-factor/keys/").get_data(as_text=True)

    later = _password_step(app, staff)
    page = later.get("/admin/two-factor/")
    assert "security-key-sign-in" in page.get_data(as_text=True)
    assert later.get("/admin/").status_code == 302  # not signed in before the second step
    options = _post_json(later, "/admin/two-factor/keys/sign-in/options")
    assert options.status_code == 200
    assertion = authenticator.get(options.json)
    done = _post_json(later, "/admin/two-factor/keys/sign-in", {"credential": assertion})
    assert done.status_code == 200, done.json
    assert done.json["next"].startswith("/admin")
    assert later.get("/admin/").status_code == 200
    passed = db.session.query(AuditEntry).filter_by(action="two_factor.passed").order_by(AuditEntry.id.desc()).first()
    assert passed.details["method"] == "security_key"

    # The same answer again (a replayed challenge) signs nobody in.
    again = _password_step(app, staff)
    _post_json(again, "/admin/two-factor/keys/sign-in/options")
    assert _post_json(again, "/admin/two-factor/keys/sign-in", {"credential": assertion}).status_code == 400
    assert again.get("/admin/").status_code == 302


@ENFORCED
def test_an_answer_for_another_origin_or_from_another_key_is_refused(app, enrolled):
    staff, client = enrolled
    authenticator = SoftwareAuthenticator()
    assert _register(client, authenticator).status_code == 201
    later = _password_step(app, staff)
    for answer in (lambda o: authenticator.get(o, origin="https://evil.example"),  # a phishing page's relay
                   lambda o: {**authenticator.get(o), "id": bytes_to_base64url(b"another key")}):
        options = _post_json(later, "/admin/two-factor/keys/sign-in/options").json
        refused = _post_json(later, "/admin/two-factor/keys/sign-in", {"credential": answer(options)})
        assert refused.status_code == 400
        assert later.get("/admin/").status_code == 302
    # A cloned key (its counter no further than the one last seen) is refused.
    first = _password_step(app, staff)
    options = _post_json(first, "/admin/two-factor/keys/sign-in/options").json
    assert _post_json(first, "/admin/two-factor/keys/sign-in",
                      {"credential": authenticator.get(options)}).status_code == 200
    clone = _password_step(app, staff)
    authenticator.counter -= 1
    options = _post_json(clone, "/admin/two-factor/keys/sign-in/options").json
    assert _post_json(clone, "/admin/two-factor/keys/sign-in",
                      {"credential": authenticator.get(options)}).status_code == 400
    assert clone.get("/admin/").status_code == 302


@ENFORCED
def test_registration_is_checked_and_only_for_the_signed_in_person(app, enrolled, make_staff):
    staff, client = enrolled
    authenticator = SoftwareAuthenticator()
    # Wrong origin, or no options asked first: refused.
    options = _post_json(client, "/admin/two-factor/keys/register/options").json
    bad = _post_json(client, "/admin/two-factor/keys/register",
                     {"name": "x", "credential": authenticator.create(options, origin="https://evil.example")})
    assert bad.status_code == 400
    assert _post_json(client, "/admin/two-factor/keys/register",
                      {"name": "x", "credential": authenticator.create(options)}).status_code == 400
    assert security_keys.keys_of(staff) == []
    # Without the CSRF header the ceremony does not even start.
    assert client.post("/admin/two-factor/keys/register/options", json={}).status_code == 400
    # Someone between password and code, or a visitor, cannot add a key.
    halfway = _password_step(app, staff)
    assert _post_json(halfway, "/admin/two-factor/keys/register/options").status_code == 302
    # Another person's key cannot be removed; one's own can.
    assert _register(client, authenticator).status_code == 201
    key = security_keys.keys_of(staff)[0]
    other, _s, _c = _enrol(app, make_staff(role="admin"))
    assert other.post(f"/admin/two-factor/keys/{key.id}/remove").status_code == 404
    assert client.post(f"/admin/two-factor/keys/{key.id}/remove").status_code == 302
    assert security_keys.keys_of(staff) == []


@ENFORCED
def test_resetting_two_step_sign_in_forgets_the_keys(app, enrolled, make_staff):
    staff, client = enrolled
    assert _register(client, SoftwareAuthenticator()).status_code == 201
    admin, _s, _c = _enrol(app, make_staff(role="admin"))
    assert admin.post(f"/admin/access/staff/{staff.id}/two-factor-reset").status_code == 302
    assert security_keys.keys_of(staff) == []


@ENFORCED
@pytest.mark.parametrize("credential", [
    {}, {"id": 5}, {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}},
    {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
     "response": {"clientDataJSON": "!!", "attestationObject": "e30", "authenticatorData": "", "signature": "x"}},
])
def test_malformed_answers_are_refused_not_server_errors(app, enrolled, credential):
    staff, client = enrolled
    _post_json(client, "/admin/two-factor/keys/register/options")
    assert _post_json(client, "/admin/two-factor/keys/register",
                      {"name": "x", "credential": credential}).status_code == 400
    assert _register(client, SoftwareAuthenticator()).status_code == 201
    later = _password_step(app, staff)
    _post_json(later, "/admin/two-factor/keys/sign-in/options")
    assert _post_json(later, "/admin/two-factor/keys/sign-in", {"credential": credential}).status_code == 400
    assert _post_json(later, "/admin/two-factor/keys/sign-in", {"credential": "nonsense"}).status_code == 400
