"""FAQ management for staff with faq.edit.  /admin/faq/..."""
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation
from ..models_base import utcnow
from ..persian import to_ascii_digits
from ..search import IndexUnavailable
from ..security import require_permission
from ..tickets.search import frequent_ticket_groups
from . import promote, services
from .access import get_article_or_404, get_category_or_404
from .forms import ArticleForm, CategoryForm, PromoteForm

bp = Blueprint("faq_admin", __name__, url_prefix="/admin/faq", template_folder="templates")
navigation.add("faq_admin.index", _l("FAQ admin"), navigation.with_permission("faq.edit"), order=60, menu=navigation.MANAGE)

STATS_DAYS = 30


def _category_choices(form):
    form.category.choices = [(c.id, c.name) for c in services.categories()]


@bp.get("/")
@require_permission("faq.edit")
def index():
    since = utcnow() - timedelta(days=STATS_DAYS)
    return render_template("faq_admin/index.html", categories=services.categories(),
                           articles=services.all_articles(), stats=services.deflection_stats(since),
                           stats_days=STATS_DAYS)


@bp.route("/categories/new", methods=["GET", "POST"])
@require_permission("faq.edit")
def new_category():
    form = CategoryForm()
    if form.validate_on_submit():
        services.create_category(name=form.name.data, description=form.description.data,
                                 position=form.position.data or 0, actor=current_user)
        flash(_("The category was saved."), "success")
        return redirect(url_for("faq_admin.index"))
    return render_template("faq_admin/category_form.html", form=form, category=None)


@bp.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
@require_permission("faq.edit")
def edit_category(category_id):
    category = get_category_or_404(category_id)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        services.update_category(category, name=form.name.data, description=form.description.data,
                                 position=form.position.data or 0, actor=current_user)
        flash(_("The category was saved."), "success")
        return redirect(url_for("faq_admin.index"))
    return render_template("faq_admin/category_form.html", form=form, category=category)


@bp.route("/articles/new", methods=["GET", "POST"])
@require_permission("faq.edit")
def new_article():
    form = ArticleForm()
    _category_choices(form)
    if not form.category.choices:
        flash(_("Add a category first."), "warning")
        return redirect(url_for("faq_admin.new_category"))
    if form.validate_on_submit():
        article = services.create_article(
            category=get_category_or_404(form.category.data), question=form.question.data,
            answer=form.answer.data, status=form.status.data, position=form.position.data or 0, actor=current_user)
        flash(_("The article was saved."), "success")
        return redirect(url_for("faq_admin.edit_article", article_id=article.id))
    return render_template("faq_admin/article_form.html", form=form, article=None)


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
@require_permission("faq.edit")
def edit_article(article_id):
    article = get_article_or_404(article_id, current_user)
    form = ArticleForm(obj=article)
    if request.method == "GET":
        form.category.data = article.category_id
    _category_choices(form)
    if form.validate_on_submit():
        services.update_article(article, category=get_category_or_404(form.category.data),
                                question=form.question.data, answer=form.answer.data, status=form.status.data,
                                position=form.position.data or 0, actor=current_user)
        flash(_("The article was saved."), "success")
        return redirect(url_for("faq_admin.edit_article", article_id=article.id))
    return render_template("faq_admin/article_form.html", form=form, article=article)


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
    return render_template("faq_admin/frequent.html", groups=groups, days=days, unavailable=unavailable)


@bp.route("/promote/<number>", methods=["GET", "POST"])
@require_permission("faq.edit")
def promote_ticket(number):
    ticket = promote.promotable_ticket(current_user, number)
    if ticket is None:
        flash(_("Only a resolved or closed ticket you can see can become an FAQ article."), "warning")
        return redirect(url_for("faq_admin.frequent"))
    form = PromoteForm(data=None if request.method == "POST" else promote.draft_from_ticket(ticket))
    _category_choices(form)
    if not form.category.choices:
        flash(_("Add a category first."), "warning")
        return redirect(url_for("faq_admin.new_category"))
    if form.validate_on_submit():
        article = promote.promote_ticket(ticket, category=get_category_or_404(form.category.data),
                                         question=form.question.data, answer=form.answer.data, actor=current_user)
        flash(_("A draft article was made from ticket %(number)s. Read it over and publish it.",
                number=ticket.number), "success")
        return redirect(url_for("faq_admin.edit_article", article_id=article.id))
    return render_template("faq_admin/promote.html", form=form, ticket=ticket,
                           existing=promote.existing_article_for(ticket))
