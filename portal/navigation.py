"""The menu: each feature adds its entries when its views are imported; the layout shows the ones a person may use."""
from dataclasses import dataclass
from typing import Callable

from flask import current_app
from flask_login import current_user

from . import security


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    visible: Callable[[object], bool]
    order: int
    menu: str | None = None  # "manage": grouped under one drop-down, so the bar stays one line


_items: dict[str, NavItem] = {}


def anyone(_user) -> bool:
    return True


MANAGE = "manage"


def add(endpoint: str, label, visible: Callable[[object], bool] = anyone, order: int = 50,
        menu: str | None = None) -> None:
    _items[endpoint] = NavItem(endpoint, label, visible, order, menu)


def for_customers(user) -> bool:
    return not security.is_staff(user)


def signed_in_customers(user) -> bool:
    """Entries about one's own records ("My tickets"): a visitor has none to show."""
    return security.is_customer(user)


def with_permission(permission: str) -> Callable[[object], bool]:
    return lambda user: security.can(user, permission)


def items_for(user) -> list[NavItem]:
    registered = current_app.view_functions
    return sorted((i for i in _items.values() if i.endpoint in registered and i.visible(user)), key=lambda i: i.order)


def init_app(app) -> None:
    app.jinja_env.globals["nav_items"] = lambda: items_for(current_user)
    app.jinja_env.globals["has_endpoint"] = lambda endpoint: endpoint in current_app.view_functions
