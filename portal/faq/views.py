"""The FAQ for customers and visitors.  /faq/..."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation
from ..extensions import limiter
from . import finding, services
from .access import get_article_or_404, get_category_or_404
from .forms import VoteForm
from .rendering import render_markdown
from ..paging import page_number

bp = Blueprint("faq", __name__, url_prefix="/faq", template_folder="templates")
navigation.add("faq.index", _l("FAQ"), order=20)

SESSION_TOKEN = services.SESSION_TOKEN


def session_token(create: bool = False) -> str | None:
    """The browser session's FAQ token (mark_ticket_submitted takes it), made on first need."""
    token = session.get(SESSION_TOKEN)
    if token is None and create:
        token = session[SESSION_TOKEN] = services.new_session_token()
    return token


def _page_arg() -> int:
    return page_number(request.args.get("page"))


@bp.get("/")
def index():
    return render_template("faq/index.html", categories=services.categories_with_counts(),
                           popular=services.most_viewed(limit=8))


@bp.get("/category/<int:category_id>")
def category(category_id):
    chosen = get_category_or_404(category_id)
    return render_template("faq/category.html", category=chosen, articles=services.published_articles(chosen))


@bp.get("/search")
def search():
    text = request.args.get("q", "").strip()[:200]
    return render_template("faq/search.html", results=finding.search_articles(text, page=_page_arg()))


@bp.get("/suggest")
def suggest():
    """An HTML fragment for the new-ticket form (htmx puts it into #faq-suggestions)."""
    articles = finding.suggest_articles(request.args.get("q", "")[:200])
    return render_template("faq/_suggestions.html", articles=articles)


@bp.get("/<int:article_id>")
def article(article_id):
    chosen = get_article_or_404(article_id, current_user)
    if chosen.is_published:
        services.record_view(chosen)
        if request.args.get("from") == "suggest":
            services.record_suggestion_open(session_token(create=True), chosen)
    voter = services.voter_key(current_user, session_token())
    return render_template("faq/article.html", article=chosen, answer_html=render_markdown(chosen.answer),
                           related=finding.related_articles(chosen), votes=services.vote_counts(chosen),
                           my_vote=services.vote_of(chosen, voter), form=VoteForm())


def _anonymous_vote_key():
    return f"faq-vote:{request.remote_addr}:{request.view_args.get('article_id')}"


@bp.post("/<int:article_id>/vote")
# Visitors vote by browser session; fresh sessions from one address are limited per article.
@limiter.limit(lambda: current_app.config["PORTAL_FAQ_ANONYMOUS_VOTE_LIMIT"], key_func=_anonymous_vote_key,
               exempt_when=lambda: current_user.is_authenticated)
def vote(article_id):
    chosen = get_article_or_404(article_id, current_user)
    form = VoteForm()
    if form.validate_on_submit() and chosen.is_published:
        voter = services.voter_key(current_user, session_token(create=True))
        services.vote(chosen, voter, form.helpful.data == "yes")
        flash(_("Thank you for your answer."), "success")
    else:
        flash(_("Your answer could not be recorded; please try again."), "warning")
    return redirect(url_for("faq.article", article_id=chosen.id))
