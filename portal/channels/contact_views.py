"""/contact: the public contact form; /contact/embed: the same form for another site's <iframe>."""
from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l

from .. import navigation
from ..headers import embeddable
from ..extensions import csrf, limiter
from . import contact
from .forms import ContactForm, EmbeddedContactForm, new_form_token

bp = Blueprint("contact", __name__, url_prefix="/contact", template_folder="templates")
navigation.add("contact.form", _l("Contact us"), navigation.for_customers, order=60)


def _rate_limit():
    return current_app.config["PORTAL_CONTACT_RATE_LIMIT"]


def _submit(form):
    """None when the honeypot was filled: the robot is thanked and nothing is stored."""
    if form.website.data:
        return None
    return contact.submit(full_name=form.full_name.data, mobile=form.mobile.data, email=form.email.data,
                          subject=form.subject.data, body=form.body.data, files=form.attachments.data)


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def form():
    form = ContactForm()
    if form.validate_on_submit():
        message = _submit(form)
        session["contact_ticket"] = message.ticket.number if message and message.ticket else ""
        return redirect(url_for(".sent"))
    return render_template("channels/contact.html", form=form, embedded=False)


@bp.get("/sent")
def sent():
    return render_template("channels/contact_sent.html", number=session.pop("contact_ticket", None), embedded=False)


@bp.route("/embed", methods=["GET", "POST"])
@csrf.exempt  # no session cookie reaches a third-party iframe; the form carries its own signed token
@embeddable  # the one page other sites may frame (PORTAL_EMBED_ANCESTORS); every other page says DENY
@limiter.limit(_rate_limit, methods=["POST"])
def embed():
    form = EmbeddedContactForm()
    if form.validate_on_submit():
        message = _submit(form)
        response = current_app.make_response(render_template(
            "channels/contact_sent.html", number=message.ticket.number if message and message.ticket else "",
            embedded=True))
    else:
        form.form_token.data = new_form_token()
        response = current_app.make_response(render_template("channels/contact.html", form=form, embedded=True))
    return response
