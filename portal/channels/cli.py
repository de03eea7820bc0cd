"""`flask --app portal ingest-email | fetch-email | reprocess-inbound`: thin wrappers over the channel services."""
import sys

import click
from sqlalchemy.exc import OperationalError, InterfaceError


EX_TEMPFAIL = 75  # sysexits.h: the mail server keeps the message and delivers it again later


def register(app):
    app.cli.add_command(ingest_email)
    app.cli.add_command(fetch_email)
    app.cli.add_command(reprocess_inbound)


@click.command("ingest-email")
def ingest_email():
    """Read one RFC 5322 message on standard input (as a mail server's pipe delivers it) and process it.

    Exits 75 (EX_TEMPFAIL) when the database cannot be reached, so the mail server retries later."""
    from .email import receive_raw

    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise click.ClickException("no message on standard input")
    try:
        message, is_new = receive_raw(raw)
    except (OperationalError, InterfaceError) as error:
        click.echo(f"database unavailable, try again later: {error.orig if hasattr(error, 'orig') else error}",
                   err=True)
        sys.exit(EX_TEMPFAIL)
    click.echo(f"inbound message {message.id}: {message.status}" + ("" if is_new else " (already received)"))


@click.command("fetch-email")
@click.option("--loop", is_flag=True, help="keep polling until interrupted (SIGINT or SIGTERM)")
@click.option("--interval", default=60.0, show_default=True, type=click.FloatRange(min=1),
              help="seconds between polls in --loop mode")
def fetch_email(loop, interval):
    """Fetch new mail from the IMAP mailbox (PORTAL_IMAP_*), process it and move it to the processed folder."""
    from .imap import fetch_once, run_loop

    if not loop:
        click.echo(str(fetch_once()))
    else:
        import signal

        stopping = []
        previous = signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            run_loop(interval, should_stop=lambda: bool(stopping), on_pass=lambda r: r.fetched and click.echo(str(r)))
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)


@click.command("reprocess-inbound")
@click.option("--id", "message_id", type=int, help="the inbound message to process again")
@click.option("--failed", is_flag=True, help="every failed (or never processed) message")
def reprocess_inbound(message_id, failed):
    """Process stored inbound messages again: one by id, or every failed one."""
    from .inbound import reprocess

    if (message_id is None) == (not failed):
        raise click.UsageError("give --id N or --failed")
    try:
        done = reprocess(message_id=message_id, failed=failed)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    for message in done:
        click.echo(f"inbound message {message.id} ({message.channel}): {message.status}"
                   + (f" - {message.error}" if message.error and message.status != "processed" else ""))
    click.echo(f"{len(done)} message(s); processed: {sum(m.status == 'processed' for m in done)}")
