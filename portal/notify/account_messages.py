"""Messages about the account itself (password-reset codes and links). They go to the address on file
whatever the person's notification choices, since they are the way back into the account."""
from ..accounts import recovery
from . import _enqueue


def connect() -> None:
    """Called once by create_app; connecting the same receiver again is a no-op."""
    recovery.reset_issued.connect(_send_reset)


def _send_reset(principal, *, channel, code=None, link=None, minutes=0):
    if channel == "sms":
        _enqueue(principal, [("sms", principal.mobile)], "password_reset_code", {"code": code, "minutes": minutes})
    else:
        _enqueue(principal, [("email", principal.email)], "password_reset_link", {"link": link, "minutes": minutes})
