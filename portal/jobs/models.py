"""One row per registered job: when it is due next, who holds it now, and how its last run went."""
from ..extensions import db

OUTCOMES = ("ok", "failed")


class JobState(db.Model):
    __tablename__ = "worker_jobs"
    name = db.Column(db.String(80), primary_key=True)
    next_due_at = db.Column(db.DateTime, nullable=False)
    # A claim: the worker running it now, and until when; a worker that dies leaves it to expire.
    claimed_by = db.Column(db.String(120))
    claimed_until = db.Column(db.DateTime)
    last_started_at = db.Column(db.DateTime)
    last_finished_at = db.Column(db.DateTime)
    last_outcome = db.Column(db.String(10))
    last_summary = db.Column(db.Text)  # the job's own summary, or the error of a failed run
    last_worker = db.Column(db.String(120))
    runs = db.Column(db.Integer, nullable=False, default=0)
    failures = db.Column(db.Integer, nullable=False, default=0)
