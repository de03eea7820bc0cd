"""Staff: their own API tokens.  /admin/api-tokens/  (a token is shown once, at creation)"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ... import navigation
from ...security import require_permission
from .token_pages import revoke_own, tokens_page

bp = Blueprint("api_tokens", __name__, url_prefix="/admin/api-tokens", template_folder="templates")

navigation.add("api_tokens.index", _l("API tokens"), navigation.with_permission("api.tokens"), order=95,
               menu=navigation.MANAGE)


@bp.route("/", methods=["GET", "POST"])
@require_permission("api.tokens")
def index():
    return tokens_page("api_tokens.revoke")


@bp.post("/<int:token_id>/revoke")
@require_permission("api.tokens")
def revoke(token_id):
    return revoke_own(token_id)
