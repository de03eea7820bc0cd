"""The database backend's table: one row per stored file."""
from ..extensions import db
from ..models_base import utcnow


class StoredFile(db.Model):
    __tablename__ = "stored_files"
    key = db.Column(db.String(64), primary_key=True)
    size = db.Column(db.Integer, nullable=False)
    data = db.Column(db.LargeBinary, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
