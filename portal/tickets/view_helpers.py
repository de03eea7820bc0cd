"""What every ticket form page does the same way: show form errors, run an action that may refuse, hint uploads."""
from dataclasses import dataclass

from flask import current_app, flash
from flask_babel import get_locale, gettext as _

from ..jalali import format_number
from . import services
from .services import attachments


def flash_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "danger")


@dataclass
class Attempt:
    """How a ticket action went: its result, or why it was refused."""
    value: object = None
    refused: bool = False  # a TicketError, already flashed
    upload_rejected: bool = False  # the reason is under the attachments field; the typed text is kept

    @property
    def ok(self) -> bool:
        return not (self.refused or self.upload_rejected)


def attempt(form, action, *, refused_category="warning") -> Attempt:
    """Run action(); a rejected upload lands on the form's attachments field, a refusal is flashed."""
    try:
        return Attempt(value=action())
    except services.UploadRejected as rejected:
        form.attachments.errors.append(str(rejected))
        return Attempt(upload_rejected=True)
    except services.TicketError as error:
        flash(str(error), refused_category)
        return Attempt(refused=True)


def upload_hint() -> str:
    config = current_app.config
    return _("Up to %(count)s files, each up to %(size)s: %(types)s.",
             count=format_number(config["PORTAL_UPLOAD_MAX_FILES"], get_locale()),
             size=attachments.human_size(config["PORTAL_UPLOAD_MAX_BYTES"]),
             types="، ".join(config["PORTAL_UPLOAD_EXTENSIONS"]))
