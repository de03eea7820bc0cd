"""Customers: API tokens for their own data.  /api-tokens/"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ... import navigation, security
from ...security import customer_required
from .token_pages import revoke_own, tokens_page

bp = Blueprint("api_customer_tokens", __name__, url_prefix="/api-tokens", template_folder="templates")

navigation.add("api_customer_tokens.index", _l("API tokens"), security.is_customer, order=80)


@bp.route("/", methods=["GET", "POST"])
@customer_required
def index():
    return tokens_page("api_customer_tokens.revoke")


@bp.post("/<int:token_id>/revoke")
@customer_required
def revoke(token_id):
    return revoke_own(token_id)
