"""What the staff and customer token pages share: list and create one's own tokens, revoke one of them.
The two view modules differ only in who may use them and where they live."""
from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from . import tokens
from .forms import TokenForm


def tokens_page(revoke_endpoint: str):
    form = TokenForm()
    created = None
    if form.validate_on_submit():
        _token, created = tokens.create_token(current_user, name=form.name.data)
        form = TokenForm(formdata=None)
    response = make_response(render_template(
        "api/tokens.html", form=form, created=created, tokens=tokens.tokens_of(current_user),
        revoke_endpoint=revoke_endpoint))
    response.headers["Cache-Control"] = "no-store"  # the page may show a new token: keep it out of caches
    return response


def revoke_own(token_id: int):
    token = tokens.get_own_token(current_user, token_id)
    if token is None:
        abort(404)
    if tokens.revoke(token, actor=current_user):
        flash(_("The token was revoked; requests with it are refused from now on."), "success")
    return redirect(url_for(".index"))
