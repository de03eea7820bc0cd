"""The outbox's background jobs, as the worker runs them (registered in create_app)."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from ..extensions import db
from .models import OutboxMessage
from .worker import deliver_due


def deliver(now) -> str | None:
    """Send what is due; a full batch goes again at once. The outbox claims its own rows, so every worker may."""
    limit = current_app.config["PORTAL_OUTBOX_BATCH"]
    total = None
    while True:
        counts = deliver_due(limit=limit)
        if total is None:
            total = counts
        else:
            total.add(counts)
        if counts.attempted < limit:
            break
    return str(total) if total.attempted else None


def purge_sent(now) -> str:
    """Sent messages are kept PORTAL_OUTBOX_KEEP_DAYS for reference, then deleted; dead ones stay for an admin."""
    cutoff = now - timedelta(days=current_app.config["PORTAL_OUTBOX_KEEP_DAYS"])
    result = db.session.execute(delete(OutboxMessage).where(OutboxMessage.status == "sent",
                                                            OutboxMessage.sent_at < cutoff))
    db.session.commit()
    return f"{result.rowcount} sent messages deleted"
