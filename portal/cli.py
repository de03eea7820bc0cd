"""`flask --app portal ...` commands: thin wrappers over service functions."""
import click
from flask import current_app

from .extensions import db


def register(app):
    app.cli.add_command(create_staff)
    app.cli.add_command(seed_demo)
    app.cli.add_command(send_outbox)
    app.cli.add_command(outbox_retry)
    app.cli.add_command(faq_import)
    app.cli.add_command(faq_export)
    app.cli.add_command(reindex)
    app.cli.add_command(search_sync)
    app.cli.add_command(search_check)
    from .channels import cli as channels_cli  # ingest-email, fetch-email, reprocess-inbound
    channels_cli.register(app)
    app.cli.add_command(calendar_fill)
    app.cli.add_command(report_summary)
    app.cli.add_command(report_rollup)
    app.cli.add_command(worker)
    app.cli.add_command(jobs_status)
    app.cli.add_command(backup)
    app.cli.add_command(restore)


@click.command("create-staff")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", "role_name", default="agent", show_default=True,
              help="admin, supervisor, agent, viewer or a role an admin created")
@click.option("--department", "departments", multiple=True, help="department code; may be repeated")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_staff(email, full_name, role_name, departments, password):
    """Add a staff account."""
    from .accounts.roles import ensure_default_roles
    from .accounts.services import create_staff as create

    ensure_default_roles()
    try:
        staff = create(email=email, full_name=full_name, password=password, role_name=role_name,
                       department_codes=departments)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"staff account {staff.email} created with role {staff.role.name}")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="do nothing when the database already has customers")
def seed_demo(if_empty):
    """Fill the database with a believable Persian company and print the demo logins."""
    from . import demo

    if if_empty and demo.has_data():
        click.echo("the database already has data; demo data not added")
    else:
        demo.seed()
        click.echo("demo data added")
    click.echo(demo.logins_text(current_app.config["PORTAL_BASE_URL"].rstrip("/")))
    db.session.remove()


@click.command("send-outbox")
@click.option("--loop", is_flag=True, help="keep delivering until interrupted (SIGINT or SIGTERM)")
@click.option("--interval", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="seconds to wait between passes in --loop mode")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1), help="messages per pass")
def send_outbox(loop, interval, limit):
    """Deliver due e-mail and SMS notifications from the outbox."""
    from .notify.services import outbox_counts
    from .notify.worker import deliver_due, run_loop

    if not loop:
        click.echo(str(deliver_due(limit=limit)))
    else:
        import signal

        stopping = []
        previous = signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            total = run_loop(interval, limit, should_stop=lambda: bool(stopping),
                             on_pass=lambda counts: counts.attempted and click.echo(str(counts)))
        except KeyboardInterrupt:
            total = None
        finally:
            signal.signal(signal.SIGTERM, previous)
        if total is not None:
            click.echo(f"stopped; this run: {total}")
    counts = outbox_counts()
    click.echo("outbox: " + ", ".join(f"{status} {count}" for status, count in counts.items()))
    db.session.remove()


@click.command("outbox-retry")
@click.argument("message_id", type=int)
def outbox_retry(message_id):
    """Send a dead or waiting outbox message again, with a fresh set of attempts."""
    from .notify.services import NotRequeueable, requeue

    try:
        message = requeue(message_id)
    except (LookupError, NotRequeueable) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"outbox message {message.id} ({message.channel} to {message.to_address}) is due again")
@click.command("faq-import")
@click.argument("file", type=click.File("rb"))
def faq_import(file):
    """Add or update FAQ categories and articles from a JSON file (format in README.md); all or nothing."""
    import json

    from .faq.transfer import ImportProblem, import_faq

    try:
        report = import_faq(json.load(file))
    except (ValueError, ImportProblem) as error:  # JSONDecodeError is a ValueError
        db.session.rollback()
        raise click.ClickException(f"nothing imported: {error}") from error
    click.echo(f"categories created: {report.categories_created}, articles created: {report.articles_created}, "
               f"articles updated: {report.articles_updated}")


@click.command("faq-export")
@click.argument("file", type=click.File("w", encoding="utf-8"))
def faq_export(file):
    """Write every FAQ category and article to a JSON file."""
    import json

    from .faq.transfer import export_faq

    data = export_faq()
    json.dump(data, file, ensure_ascii=False, indent=2)
    file.write("\n")
    click.echo(f"exported {sum(len(c['articles']) for c in data['categories'])} articles")


@click.command("reindex")
def reindex():
    """Rebuild the search indexes (FAQ articles and tickets) from the database."""
    from .search import sync

    for name, count in sync.reindex(current_app).items():
        click.echo(f"{name}: {count} documents indexed")


@click.command("search-sync")
@click.option("--loop", is_flag=True, help="keep applying the queue until stopped (the worker step)")
@click.option("--interval", default=5.0, show_default=True, type=click.FloatRange(min=0.1), help="seconds between passes")
def search_sync(loop, interval):
    """Apply queued search-index changes that were not applied after their commit."""
    import signal

    from .search import sync

    if not loop:
        run = sync.drain(current_app)
        click.echo(f"search queue: {run.applied} applied, {run.failed} still queued")
        if run.failed:
            raise SystemExit(1)
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        sync.run_loop(current_app, interval, should_stop=lambda: bool(stopping))
    except KeyboardInterrupt:
        pass


@click.command("search-check")
@click.option("--dry-run", is_flag=True, help="only report; exit status 1 when an index differs")
@click.option("--sample", default=200, show_default=True, type=click.IntRange(min=0),
              help="documents per index whose indexed fields are compared with the database")
def search_check(dry_run, sample):
    """Compare the database with the search indexes (ids, and fields of a sample) and repair the difference."""
    from .search import check as search_check_service

    results = search_check_service.check(current_app, sample=sample, repair=not dry_run)
    for r in results:
        if r.unavailable:
            state = "unreadable, rebuilt" if r.repaired else f"unreadable: {r.unavailable}"
        elif r.consistent:
            state = "ok"
        else:
            state = "repaired" if r.repaired else "differs"
        click.echo(f"{r.name}: database {r.in_database}, index {r.in_index}, missing {len(r.missing)}, "
                   f"extra {len(r.extra)}, stale {len(r.stale)} of {r.sampled} sampled: {state}")
    if dry_run and not all(r.consistent for r in results):
        raise SystemExit(1)
@click.command("calendar-fill")
@click.option("--years", default=3, show_default=True, type=click.IntRange(min=0, max=50),
              help="years ahead of today to fill")
@click.option("--years-back", default=2, show_default=True, type=click.IntRange(min=0, max=50),
              help="years before today (earlier still when older tickets exist)")
def calendar_fill(years, years_back):
    """Write the reports' calendar table (Jalali periods, business days); rerun after changing PORTAL_HOLIDAYS."""
    from .reports.calendar import fill_years

    start, end, count = fill_years(years, years_back)
    click.echo(f"calendar: {count} days from {start} to {end}")
    db.session.remove()


@click.command("report-summary")
def report_summary():
    """Queue last Jalali week's summary e-mail for every staff member who asked for it."""
    from .reports.summary import send_weekly_summaries

    click.echo(f"weekly summaries queued: {send_weekly_summaries()}")
    db.session.remove()
@click.command("report-rollup")
@click.option("--full", is_flag=True, help="rebuild every day (else: recent days and tickets touched since the last run)")
def report_rollup(full):
    """Refresh the reports' daily rollup now (the worker does it on its own schedule)."""
    from .reports import rollup

    click.echo(rollup.refresh(full=full))
    db.session.remove()


@click.command("worker")
@click.option("--once", is_flag=True, help="run what is due now, once, and stop")
@click.option("--poll", type=click.FloatRange(min=0.1), default=None,
              help="seconds between passes (default PORTAL_WORKER_POLL_SECONDS)")
def worker(once, poll):
    """Run every background job on its schedule until interrupted (SIGINT or SIGTERM)."""
    from . import jobs
    from .jobs.runner import run_forever

    def show(ran):
        if ran.outcome != "ok" or ran.summary:
            click.echo(f"{ran.name}: {ran.outcome}" + (f" ({ran.summary})" if ran.summary else ""))

    if once:
        for ran in jobs.run_due(current_app._get_current_object()):
            show(ran)
        db.session.remove()
        return
    import signal

    stopping = []
    previous = signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        run_forever(current_app._get_current_object(), poll=poll or current_app.config["PORTAL_WORKER_POLL_SECONDS"],
                    should_stop=lambda: bool(stopping), on_ran=show)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo("worker stopped")
    db.session.remove()


@click.command("jobs")
def jobs_status():
    """List the background jobs with their last run, outcome and next due time (UTC)."""
    from . import jobs

    def when(value):
        return value.isoformat(sep=" ", timespec="seconds") if value else "-"

    for status in jobs.last_runs().values():
        state = "running" if status.running else (status.last_outcome or "never run")
        click.echo(f"{status.name}: {state}; last finished {when(status.last_finished_at)}; "
                   f"next due {when(status.next_due_at)}" + (f"; {status.last_summary}" if status.last_summary else ""))
    db.session.remove()


@click.command("backup")
@click.argument("destination", type=click.Path(), default=".")
def backup(destination):
    """Write a consistent snapshot of the database and the uploads to a .tar.gz (a file name or a directory)."""
    from .ops.backup import BackupError, backup as write_backup

    try:
        snapshot = write_backup(destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written to {snapshot.path}: {sum(snapshot.tables.values())} rows in "
               f"{len(snapshot.tables)} tables, {snapshot.files} files")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore(archive):
    """Restore a backup into this instance, which must be empty; the result is checked against the archive."""
    from .ops.backup import BackupError, restore as read_backup

    try:
        snapshot = read_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {snapshot.path}: {sum(snapshot.tables.values())} rows in {len(snapshot.tables)} tables, "
               f"{snapshot.files} files")
