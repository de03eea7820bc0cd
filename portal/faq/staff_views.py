"""FAQ management for staff with faq.edit.  /admin/faq/..."""
from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation
from ..models_base import utcnow
from ..security import require_permission
from . import services
from .access import get_article_or_404, get_category_or_404
from .forms import ArticleForm, CategoryForm

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
