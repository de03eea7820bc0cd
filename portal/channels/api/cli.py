"""`flask --app portal create-api-token --email STAFF_EMAIL [--name NAME]`: the token alone on the last line."""
import click
from sqlalchemy import func, select

from ...accounts.models import StaffUser
from ...extensions import db
from . import tokens


@click.command("create-api-token")
@click.option("--email", required=True, help="the staff member the token acts as")
@click.option("--name", default="", help="where the token is used, e.g. telephony")
def create_api_token(email, name):
    """Create a personal API token for a staff member and print it (it is not shown again)."""
    staff = db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))
    if staff is None or not staff.active:
        raise click.ClickException(f"no active staff account {email}")
    try:
        token, raw = tokens.create_token(staff, name=name)
    except tokens.TokenRefused as refused:
        raise click.ClickException(f"{staff.email}: {refused} (the role lacks api.tokens)") from None
    click.echo(f"API token {token.name!r} created for {staff.email}; it is not shown again:")
    click.echo(raw)
