"""FAQ categories and articles, helpful-votes, and the suggestion opens that measure deflection."""
from ..extensions import db
from ..models_base import TimestampMixin, utcnow

DRAFT = "draft"
PUBLISHED = "published"
STATUSES = (DRAFT, PUBLISHED)


class FaqCategory(db.Model):
    __tablename__ = "faq_categories"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)
    description = db.Column(db.String(300))
    position = db.Column(db.Integer, nullable=False, default=0)

    articles = db.relationship("Article", back_populates="category", order_by="Article.position")

    def __repr__(self):
        return f"<FaqCategory {self.name}>"


class Article(TimestampMixin, db.Model):
    __tablename__ = "faq_articles"
    id = db.Column(db.Integer, primary_key=True)
    category_id = db.Column(db.Integer, db.ForeignKey("faq_categories.id"), nullable=False, index=True)
    question = db.Column(db.String(300), nullable=False)
    answer = db.Column(db.Text, nullable=False)  # Markdown; rendered and sanitised on display
    status = db.Column(db.String(10), nullable=False, default=DRAFT)
    position = db.Column(db.Integer, nullable=False, default=0)
    view_count = db.Column(db.Integer, nullable=False, default=0)
    source_ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    published_at = db.Column(db.DateTime)

    category = db.relationship("FaqCategory", back_populates="articles", lazy="joined", innerjoin=True)
    source_ticket = db.relationship("Ticket")

    __table_args__ = (db.Index("ix_faq_articles_status_views", "status", "view_count"),)

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    def __repr__(self):
        return f"<Article {self.id}>"


class ArticleVote(db.Model):
    """One "was this helpful?" answer per person: voter is "customer:<id>" or "session:<token>"."""

    __tablename__ = "faq_votes"
    id = db.Column(db.Integer, primary_key=True)
    article_id = db.Column(db.Integer, db.ForeignKey("faq_articles.id", ondelete="CASCADE"), nullable=False)
    voter = db.Column(db.String(80), nullable=False)
    helpful = db.Column(db.Boolean, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (db.UniqueConstraint("article_id", "voter", name="uq_faq_votes_article_voter"),)


class SuggestionOpen(db.Model):
    """A customer opened an article suggested under the new-ticket form; converted once they opened the ticket anyway."""

    __tablename__ = "faq_suggestion_opens"
    id = db.Column(db.Integer, primary_key=True)
    token = db.Column(db.String(64), nullable=False, index=True)  # random, kept in the browser session
    article_id = db.Column(db.Integer, db.ForeignKey("faq_articles.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    opened_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    converted = db.Column(db.Boolean, nullable=False, default=False)
