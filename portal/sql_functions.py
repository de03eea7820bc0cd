"""SQL expressions that read the same on SQLite and PostgreSQL, for profiles and reports alike."""
from sqlalchemy import func

from .extensions import db


def seconds_between(later, earlier):
    """later - earlier in seconds (NULL stays NULL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0
