"""Customers: API tokens for their own data.  /api-tokens/"""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import navigation, security
from ...security import customer_required
from . import tokens
from .forms import TokenForm

bp = Blueprint("api_customer_tokens", __name__, url_prefix="/api-tokens", template_folder="templates")

navigation.add("api_customer_tokens.index", _l("API tokens"), security.is_customer, order=80)


@bp.route("/", methods=["GET", "POST"])
@customer_required
def index():
    form = TokenForm()
    created = None
    if form.validate_on_submit():
        token, created = tokens.create_token(current_user, name=form.name.data)
        form = TokenForm(formdata=None)
    response = make_response(render_template(
        "api/tokens.html", form=form, created=created, tokens=tokens.tokens_of(current_user),
        revoke_endpoint="api_customer_tokens.revoke"))
    response.headers["Cache-Control"] = "no-store"  # the page may show a new token: keep it out of caches
    return response


@bp.post("/<int:token_id>/revoke")
@customer_required
def revoke(token_id):
    token = tokens.get_own_token(current_user, token_id)
    if token is None:
        abort(404)
    if tokens.revoke(token, actor=current_user):
        flash(_("The token was revoked; requests with it are refused from now on."), "success")
    return redirect(url_for(".index"))
