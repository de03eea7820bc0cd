"""POST /channels/sms/inbound: the SMS provider's callback (or a relay's), signed with a shared secret."""
import json
import logging

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from ..extensions import csrf, limiter
from ..persian import normalize_mobile
from . import inbound, signing

bp = Blueprint("channels_sms", __name__, url_prefix="/channels/sms", template_folder="templates")
log = logging.getLogger(__name__)


def _rate_limit():
    return current_app.config["PORTAL_SMS_WEBHOOK_RATE_LIMIT"]


def _problem(status, message):
    return jsonify({"error": {"code": status, "message": message}}), status


@bp.post("/inbound")
@csrf.exempt
@limiter.limit(_rate_limit)
def receive():
    body = request.get_data(cache=False)
    refused = signing.check(current_app.config.get("PORTAL_SMS_WEBHOOK_SECRET"),
                            request.headers.get("X-Pishkhan-Timestamp"), request.headers.get("X-Pishkhan-Signature"),
                            body)
    if refused:
        log.warning("SMS webhook refused from %s: %s", request.remote_addr, refused)
        return _problem(403, _("The signature is missing, wrong or too old."))
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) and data.get(k).strip()
                                             for k in ("from", "text", "message_id")):
        return _problem(400, _("Send JSON with “from”, “to”, “text” and “message_id”."))
    message, is_new = inbound.receive("sms", body, provider_id=data["message_id"],
                                      sender=normalize_mobile(data["from"]) or data["from"][:254],
                                      summary=" ".join(data["text"].split())[:200])
    # 202: stored (and processed, or kept for a person); 200: this message_id was already received.
    return jsonify({"id": message.id, "status": message.status, "duplicate": not is_new}), 202 if is_new else 200
