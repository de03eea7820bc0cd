"""From tickets to the FAQ: the groups of similar tickets, and a resolved ticket made into a draft article.
/admin/faq/frequent, /admin/faq/promote/<number> (faq.edit)"""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..faq import services as faq_services
from ..faq.access import get_category_or_404
from ..faq.forms import PromoteForm
from ..persian import to_ascii_digits
from ..search import IndexUnavailable
from ..security import require_permission
from . import faq_promotion as promote
from .search import frequent_ticket_groups

bp = Blueprint("ticket_faq", __name__, url_prefix="/admin/faq", template_folder="templates")


@bp.get("/frequent")
@require_permission("faq.edit")
def frequent():
    try:
        days = max(1, min(365, int(to_ascii_digits(request.args.get("days", "")))))
    except ValueError:
        days = current_app.config["PORTAL_FAQ_FREQUENT_DAYS"]
    try:
        groups, unavailable = frequent_ticket_groups(current_user, days=days), False
    except IndexUnavailable:
        groups, unavailable = [], True
    return render_template("tickets/faq/frequent.html", groups=groups, days=days, unavailable=unavailable)


@bp.route("/promote/<number>", methods=["GET", "POST"])
@require_permission("faq.edit")
def promote_ticket(number):
    ticket = promote.promotable_ticket(current_user, number)
    if ticket is None:
        flash(_("Only a resolved or closed ticket you can see can become an FAQ article."), "warning")
        return redirect(url_for("ticket_faq.frequent"))
    form = PromoteForm(data=None if request.method == "POST" else promote.draft_from_ticket(ticket))
    form.category.choices = [(c.id, c.name) for c in faq_services.categories()]
    if not form.category.choices:
        flash(_("Add a category first."), "warning")
        return redirect(url_for("faq_admin.new_category"))
    if form.validate_on_submit():
        article = promote.promote_ticket(ticket, category=get_category_or_404(form.category.data),
                                         question=form.question.data, answer=form.answer.data, actor=current_user)
        flash(_("A draft article was made from ticket %(number)s. Read it over and publish it.",
                number=ticket.number), "success")
        return redirect(url_for("faq_admin.edit_article", article_id=article.id))
    return render_template("tickets/faq/promote.html", form=form, ticket=ticket,
                           existing=promote.existing_article_for(ticket))
