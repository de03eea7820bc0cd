"""Messages about the account itself (password-reset codes and links, codes and links that prove a new mobile or e-mail). They go to the address on file
whatever the person's notification choices, since they are the way back into the account."""
from ..accounts import account, recovery
from . import _enqueue


def connect() -> None:
    """Called once by create_app; connecting the same receiver again is a no-op."""
    recovery.reset_issued.connect(_send_reset)
    account.verification_issued.connect(_send_verification)


def _send_reset(principal, *, channel, code=None, link=None, minutes=0):
    if channel == "sms":
        _enqueue(principal, [("sms", principal.mobile)], "password_reset_code", {"code": code, "minutes": minutes})
    else:
        _enqueue(principal, [("email", principal.email)], "password_reset_link", {"link": link, "minutes": minutes})


def _send_verification(customer, *, kind, address, code=None, link=None, minutes=0):
    if kind == "mobile":
        _enqueue(customer, [("sms", address)], "verify_mobile_code", {"code": code, "minutes": minutes})
    else:
        _enqueue(customer, [("email", address)], "verify_email_link", {"link": link, "minutes": minutes})
