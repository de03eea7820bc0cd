"""Finding customers by any identifier or by name, and exporting the list as CSV."""
import io

from flask_babel import gettext as _
from sqlalchemy import or_

from .. import security
from ..accounts.models import Customer
from ..accounts.services import identifier_condition
from ..extensions import db
from ..jalali import format_date
from ..persian import classify_identifier, normalize_text
from ..spreadsheets import SafeCsvWriter
from .models import CustomerSearchKey
from .pii import PII_FIELDS, present
from .access import record_lookup, visible_customers

PER_PAGE = 25


def matchable_identifier(viewer, q: str) -> bool:
    """Whether q may be matched as an identifier by this viewer.

    A viewer without customers.view_pii sees mobiles and national codes masked; matching them would let
    him confirm guessed digits one request at a time, so for him they never match.
    """
    classified = classify_identifier(q or "")
    if classified is None:
        return False
    return classified[0] not in PII_FIELDS or security.can(viewer, "customers.view_pii")


def customer_query(viewer, q: str = ""):
    """Visible customers matching q: exactly by an identifier, or by a part of the name (normalised).

    Mobile and national code match only for holders of customers.view_pii.
    """
    query = visible_customers(viewer).outerjoin(CustomerSearchKey)
    q = (q or "").strip()
    if q:
        conditions = []
        name = normalize_text(q)
        if name:
            escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(CustomerSearchKey.name_key.like(f"%{escaped}%", escape="\\"))
        by_identifier = identifier_condition(q) if matchable_identifier(viewer, q) else None
        if by_identifier is not None:
            conditions.append(by_identifier)
        query = query.where(or_(*conditions))
    return query.order_by(Customer.created_at.desc(), Customer.id.desc())


def search_customers(viewer, q: str = "", *, page: int = 1, per_page: int = PER_PAGE, where: str = "list"):
    """One page of the search; audited (who searched what) and counted by the bulk-access alarm. Commits."""
    result = db.paginate(customer_query(viewer, q), page=page, per_page=per_page, error_out=False)
    record_lookup(viewer, "customers.searched", query=q, page=page, results=result.total, where=where)
    return result


def export_csv(viewer, q: str = "", *, locale="fa") -> tuple[str, int]:
    """The visible customers matching q as CSV text (with a BOM so Excel reads the Persian). Audited; commits.

    Mobile and national code are masked unless the viewer holds customers.view_pii.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeCsvWriter(out)
    writer.writerow([_("Customer number"), _("Full name"), _("Mobile"), _("National code"), _("E-mail"),
                     _("Username"), _("Customer since")])
    count = 0
    for customer in db.session.scalars(customer_query(viewer, q).execution_options(yield_per=500)):
        shown = present(customer, viewer, unmask_all=True)
        writer.writerow([shown.number, customer.full_name, shown.mobile, shown.national_code, shown.email,
                         shown.username, format_date(customer.created_at, locale)])
        count += 1
    record_lookup(viewer, "customers.exported", query=q, rows=count,
                  unmasked=security.can(viewer, "customers.view_pii"))
    return out.getvalue(), count
