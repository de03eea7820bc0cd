"""The one place that decides how a customer's personal data is shown to a staff member.

National code and mobile are masked (Persian digits) unless the viewer holds customers.view_pii AND
has just revealed the value with the audited "show" action. Pages, JSON and CSV all go through present().
"""
from dataclasses import dataclass

from .. import security
from ..persian import mask_mobile, mask_national_code, shown_masked

PII_FIELDS = ("mobile", "national_code")
_MASKS = {"mobile": mask_mobile, "national_code": mask_national_code}


@dataclass(frozen=True)
class PresentedIdentifiers:
    number: str
    mobile: str
    national_code: str
    email: str
    username: str
    masked: frozenset  # names of the fields shown masked
    can_reveal: bool


def masked_value(field: str, value) -> str:
    return shown_masked(_MASKS[field](value)) if value else ""


def present(customer, viewer, *, revealed=(), unmask_all=False) -> PresentedIdentifiers:
    """Display values for a customer's identifiers.

    revealed: fields the viewer asked to see (already audited); unmask_all: every PII field, for an
    audited export. Both only count when the viewer holds customers.view_pii.
    """
    allowed = security.can(viewer, "customers.view_pii")
    shown = {}
    masked = set()
    for field in PII_FIELDS:
        value = getattr(customer, field)
        if allowed and value and (unmask_all or field in revealed):
            shown[field] = value
        else:
            shown[field] = masked_value(field, value)
            if value:
                masked.add(field)
    return PresentedIdentifiers(number=customer.number, email=customer.email or "", username=customer.username or "",
                                masked=frozenset(masked), can_reveal=allowed, **shown)
