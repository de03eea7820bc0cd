"""Customer pages: my tickets, a new ticket, a ticket's thread with reply, close, reopen and feedback;
and /attachments/<id> for customers and staff alike.  /tickets/..."""
from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, session,
                   url_for)
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from .. import navigation
from ..faq import services as faq_services
from ..extensions import limiter
from ..ratelimits import account_or_address
from ..jalali import format_number
from ..security import customer_required
from ..persian import isolate
from . import labels, services
from .access import get_attachment_or_404, get_ticket_or_404
from .forms import FeedbackForm, NewTicketForm, ReplyForm
from .links import absolute_url
from .models import Ticket
from .view_helpers import attempt, flash_errors, upload_hint
from .services import attachments, categories, sla

bp = Blueprint("tickets", __name__, template_folder="templates")
bp.add_app_template_global(absolute_url, "absolute_url")
bp.add_app_template_filter(attachments.human_size, "filesize")
for _name, _value in labels.template_globals().items():
    bp.add_app_template_global(_value, _name)

navigation.add("tickets.index", _l("My tickets"), navigation.signed_in_customers, order=20)
navigation.add("tickets.new", _l("New ticket"), navigation.for_customers, order=21)

# A visitor sent to sign in from a tickets page is told why.
for_customers_only = customer_required(reason=_l("Sign in to see your tickets."))


@bp.get("/tickets/")
@for_customers_only
def index():
    status = request.args.get("status", "all")
    page, counts = services.customer_tickets(current_user, status=status, page=request.args.get("page"),
                                             per_page=current_app.config["PORTAL_TICKETS_PER_PAGE"])
    return render_template("tickets/index.html", page=page, counts=counts, status=status)


@bp.route("/tickets/new", methods=["GET", "POST"])
@for_customers_only
@limiter.limit(lambda: current_app.config["PORTAL_TICKET_RATE_LIMIT"], methods=["POST"], key_func=account_or_address)
def new():
    form = NewTicketForm()
    follows = get_ticket_or_404(form.follows.data, current_user) if form.follows.data else None
    if follows is None and request.args.get("follows"):
        follows = get_ticket_or_404(request.args["follows"], current_user)
        form.follows.data = follows.number
        form.subject.data = form.subject.data or follows.subject
    topics = categories.active_categories()
    form.category.choices = [(0, _("Choose a topic"))] + [(c.id, c.name) for c in topics]
    if form.validate_on_submit():
        category = next(c for c in topics if c.id == form.category.data)
        opened = attempt(form, lambda: services.open_ticket(
            current_user, subject=form.subject.data, body=form.body.data, category=category,
            files=form.attachments.data, follows_up=follows), refused_category="danger")
        if opened.ok:
            ticket = opened.value
            # suggested FAQ articles read in this browser session did not deflect this ticket
            faq_services.mark_ticket_submitted(session.get(faq_services.SESSION_TOKEN))
            flash(_("Your ticket was received. Its number is %(number)s.", number=isolate(_digits(ticket.number))), "success")
            return redirect(url_for("tickets.detail", number=ticket.number))
    return render_template("tickets/new.html", form=form, follows=follows,
                           upload_hint=upload_hint())


@bp.get("/tickets/<number>")
@for_customers_only
def detail(number):
    ticket = get_ticket_or_404(number, current_user, *_DETAIL_OPTIONS)
    return _detail_page(ticket, ReplyForm(), mark_seen=True)


@bp.post("/tickets/<number>/reply")
@for_customers_only
@limiter.limit(lambda: current_app.config["PORTAL_REPLY_RATE_LIMIT"], key_func=account_or_address)
def reply(number):
    ticket = get_ticket_or_404(number, current_user, *_DETAIL_OPTIONS)
    form = ReplyForm()
    if form.validate_on_submit():
        sent = attempt(form, lambda: services.reply(ticket, author=current_user, body=form.body.data,
                                                    files=form.attachments.data))
        if sent.refused:
            return redirect(url_for("tickets.detail", number=number))
        if sent.ok:
            flash(_("Your reply was sent."), "success")
            return redirect(url_for("tickets.detail", number=number, _anchor="end"))
    return _detail_page(ticket, form)


@bp.post("/tickets/<number>/close")
@for_customers_only
def close(number):
    ticket = get_ticket_or_404(number, current_user)
    try:
        services.close_by_customer(ticket, current_user)
    except services.TicketError as error:
        flash(str(error), "warning")
    else:
        flash(_("The ticket was closed. Thank you!"), "success")
    return redirect(url_for("tickets.detail", number=number))


@bp.post("/tickets/<number>/reopen")
@for_customers_only
def reopen(number):
    ticket = get_ticket_or_404(number, current_user)
    try:
        services.reopen_by_customer(ticket, current_user)
    except services.ReopenExpired as expired:
        flash(str(expired), "info")
        return redirect(url_for("tickets.new", follows=ticket.number))
    except services.TicketError as error:
        flash(str(error), "warning")
    else:
        flash(_("The ticket is open again. Tell us what is still wrong."), "success")
    return redirect(url_for("tickets.detail", number=number, _anchor="reply"))


@bp.post("/tickets/<number>/feedback")
@for_customers_only
def feedback(number):
    ticket = get_ticket_or_404(number, current_user, joinedload(Ticket.feedback))
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            services.record_feedback(ticket, current_user, score=form.score.data, comment=form.comment.data)
        except services.TicketError as error:
            flash(str(error), "warning")
        else:
            flash(_("Thank you for your feedback."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("tickets.detail", number=number, _anchor="feedback"))


@bp.get("/attachments/<int:attachment_id>")
def attachment(attachment_id):
    """Only through the access policy, always as a download, never rendered by the browser."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path))
    item = get_attachment_or_404(attachment_id, current_user)
    source = attachments.open_stored(item)
    if source is None:
        abort(404)
    response = send_file(source, mimetype=attachments.served_type(item), as_attachment=True,
                         download_name=item.original_name, conditional=True, max_age=0, etag=item.stored_name,
                         last_modified=item.created_at)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- helpers -------------------------------------------------------------------------------------

_DETAIL_OPTIONS = (joinedload(Ticket.department), joinedload(Ticket.category), joinedload(Ticket.feedback))


def _detail_page(ticket, reply_form, *, mark_seen=False):
    """The ticket page; after a failed reply, with the form as typed and its errors next to the fields."""
    messages = services.thread(ticket, include_internal=False)
    if mark_seen:
        services.mark_seen(ticket, current_user, messages)
    usual = None
    if ticket.status in ("new", "open"):
        targets = sla.ticket_targets(ticket.priority, ticket.category)
        usual = labels.usual_answer(targets.first_response_hours, sla.calendar().minutes_per_day / 60)
    feedback_form = FeedbackForm(obj=ticket.feedback, formdata=None) if services.can_rate(ticket) else None
    return render_template("tickets/detail.html", ticket=ticket, messages=messages, usual_answer=usual,
                           reply_form=reply_form, feedback_form=feedback_form,
                           can_reopen=services.can_reopen(ticket),
                           feedback_editable=services.feedback_editable(ticket.feedback),
                           upload_hint=upload_hint())


def _digits(value):
    return format_number(value, get_locale())

