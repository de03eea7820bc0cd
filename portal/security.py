"""Who may do what: the permission registry, can() checks and the decorators that enforce them.

Each feature declares its own permissions (`<feature>/permissions.py`) and the app factory registers
them here. can() is a pure check, testable without a request; require_permission() is the wrapper
that aborts. Which records a person may see lives with each record's loader (`<feature>/access.py`).
This module imports nothing above it.
"""
from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# name -> (label, description). Roles store these names; admins see the labels.
PERMISSIONS: dict[str, tuple] = {}


def register_permissions(declared: dict) -> None:
    """Add a feature's permissions (name -> (label, description)); registering twice is harmless."""
    PERMISSIONS.update(declared)


def permissions_of(role) -> frozenset[str]:
    """What a role holds. A full-admin role holds every registered permission, present and future."""
    if role is None:
        return frozenset()
    if getattr(role, "grants_all", False):
        return frozenset(PERMISSIONS)
    return role.permissions


def is_full_admin(user) -> bool:
    return is_staff(user) and bool(getattr(user.role, "grants_all", False))


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def is_customer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_customer", False))


def can(user, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return is_staff(user) and user.active and permission in permissions_of(user.role)


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


def customer_required(view=None, *, reason=None):
    """Customers only: a visitor is sent to sign in and told why (`reason`, or a general line); staff get 403.

    Use bare (@customer_required) or with the page's own reason (@customer_required(reason=_l("...")))."""
    if view is None:
        return lambda v: customer_required(v, reason=reason)

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not getattr(current_user, "is_authenticated", False):
            flash(str(reason or _l("Sign in to continue.")), "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not is_customer(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def require_permission(permission: str):
    """403 unless the signed-in staff member holds the permission (checked against the registry per call)."""

    def decorator(view):
        @staff_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator

