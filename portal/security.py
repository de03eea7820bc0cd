"""Who may do what: the permission registry, can() checks and the decorators that enforce them.

can() is a pure check, testable without a request; require_permission() is the wrapper that aborts.
"""
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# name -> (label, description). Roles store these names; admins see the labels.
PERMISSIONS = {
    "tickets.view_all": (_l("See all tickets"), _l("See tickets of every department, not only one's own.")),
    "tickets.assign": (_l("Assign tickets"), _l("Assign tickets to agents and transfer them between departments.")),
    "tickets.reply": (_l("Answer tickets"), _l("Reply to customers, add internal notes and change ticket status.")),
    "tickets.create_for_customer": (_l("Log tickets for customers"), _l("Open tickets on a customer's behalf from a call or SMS.")),
    "tickets.merge": (_l("Merge tickets"), _l("Merge a duplicate ticket into another.")),
    "canned.manage": (_l("Manage canned replies"), _l("Create and edit canned replies.")),
    "customers.view": (_l("View customers"), _l("Search customers and open their profiles.")),
    "customers.view_pii": (_l("View personal data"), _l("See national codes and mobile numbers unmasked.")),
    "customers.edit": (_l("Edit customers"), _l("Add support contracts, log interactions, edit custom fields.")),
    "customers.export": (_l("Export customers"), _l("Download customer lists as CSV.")),
    "faq.edit": (_l("Edit the FAQ"), _l("Create, edit and publish FAQ categories and articles.")),
    "reports.view": (_l("View reports"), _l("See ticket, SLA and satisfaction reports.")),
    "access.manage": (_l("Manage access levels"), _l("Edit roles, permissions, departments and staff accounts.")),
    "audit.view": (_l("View the audit log"), _l("Read who saw or changed what.")),
}


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def is_customer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_customer", False))


def can(user, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return is_staff(user) and user.active and permission in user.role.permissions


def staff_required(view):
    """Staff only; anyone else is sent to the staff login (or refused when signed in as a customer)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not getattr(current_user, "is_authenticated", False):
            return redirect(url_for("staff_auth.login", next=request.full_path.rstrip("?")))
        if not is_staff(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def customer_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not getattr(current_user, "is_authenticated", False):
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not is_customer(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def require_permission(permission: str):
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorator(view):
        @staff_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def visible_tickets(user):
    """The one place that decides which tickets a person may see; every ticket query starts here.

    Customers see their own tickets; staff with tickets.view_all see all; other staff see their
    departments' tickets and the ones assigned to them; anyone else sees none.
    """
    from sqlalchemy import false, or_, select

    from .tickets.models import Ticket

    query = select(Ticket)
    if is_customer(user):
        return query.where(Ticket.customer_id == user.id)
    if is_staff(user) and user.active:
        if can(user, "tickets.view_all"):
            return query
        return query.where(or_(Ticket.department_id.in_(user.department_ids or [-1]), Ticket.assignee_id == user.id))
    return query.where(false())


def visible_customers(user):
    """The one place that decides whose profiles a staff member may open; every customer query starts here.

    Needs customers.view. A department-scoped role reaches only the customers with a ticket the person
    may see (their departments' or assigned to them); other roles reach every customer.
    """
    from sqlalchemy import exists, false, select

    from .accounts.models import Customer
    from .tickets.models import Ticket

    query = select(Customer)
    if not can(user, "customers.view"):
        return query.where(false())
    if user.role.department_scoped:
        tickets = visible_tickets(user).with_only_columns(Ticket.id).where(Ticket.customer_id == Customer.id)
        return query.where(exists(tickets))
    return query


def holds_all(user, permissions) -> bool:
    """True when the person already has every one of these permissions (nobody hands out what they lack)."""
    return is_staff(user) and user.active and set(permissions) <= user.role.permissions
