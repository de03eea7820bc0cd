"""Finding customers by any identifier or by name, and exporting the list as CSV."""
import csv
import io

from flask_babel import gettext as _
from sqlalchemy import or_

from .. import audit, security
from ..accounts.models import Customer
from ..accounts.services import identifier_condition
from ..extensions import db
from ..jalali import format_date
from ..persian import normalize_text
from .models import CustomerSearchKey
from .pii import present
from .access import visible_customers

PER_PAGE = 25

def customer_query(viewer, q: str = ""):
    """Visible customers matching q: exactly by an identifier, or by a part of the name (normalised)."""
    query = visible_customers(viewer).outerjoin(CustomerSearchKey)
    q = (q or "").strip()
    if q:
        conditions = []
        name = normalize_text(q)
        if name:
            escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(CustomerSearchKey.name_key.like(f"%{escaped}%", escape="\\"))
        by_identifier = identifier_condition(q)
        if by_identifier is not None:
            conditions.append(by_identifier)
        query = query.where(or_(*conditions))
    return query.order_by(Customer.created_at.desc(), Customer.id.desc())


def search_customers(viewer, q: str = "", *, page: int = 1, per_page: int = PER_PAGE):
    return db.paginate(customer_query(viewer, q), page=page, per_page=per_page, error_out=False)


def export_csv(viewer, q: str = "", *, locale="fa") -> tuple[str, int]:
    """The visible customers matching q as CSV text (with a BOM so Excel reads the Persian). Audited; commits.

    Mobile and national code are masked unless the viewer holds customers.view_pii.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("Customer number"), _("Full name"), _("Mobile"), _("National code"), _("E-mail"),
                     _("Username"), _("Customer since")])
    count = 0
    for customer in db.session.scalars(customer_query(viewer, q).execution_options(yield_per=500)):
        shown = present(customer, viewer, unmask_all=True)
        writer.writerow([shown.number, customer.full_name, shown.mobile, shown.national_code, shown.email,
                         shown.username, format_date(customer.created_at, locale)])
        count += 1
    audit.record(viewer, "customers.exported", None, query=q, rows=count,
                 unmasked=security.can(viewer, "customers.view_pii"))
    db.session.commit()
    return out.getvalue(), count
