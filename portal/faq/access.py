"""Who may read which article: the one policy every route taking an article id goes through."""
from flask import abort
from sqlalchemy import select

from .. import security
from ..extensions import db
from .models import PUBLISHED, Article, FaqCategory


def visible_articles(user):
    """Published articles for everyone; drafts too for staff who edit the FAQ."""
    query = select(Article)
    if security.is_staff(user) and security.can(user, "faq.edit"):
        return query
    return query.where(Article.status == PUBLISHED)


def get_article_or_404(article_id: int, user) -> Article:
    article = db.session.scalar(visible_articles(user).where(Article.id == article_id))
    if article is None:
        abort(404)
    return article


def get_category_or_404(category_id: int) -> FaqCategory:
    category = db.session.get(FaqCategory, category_id)
    if category is None:
        abort(404)
    return category
