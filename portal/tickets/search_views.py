"""Ticket search for staff: the index finds, visible_tickets decides.  /admin/search"""
from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import navigation, security
from ..persian import to_ascii_digits
from ..security import staff_required
from .search import search_tickets

# The blueprint keeps its name so url_for("ticket_search.index") and bookmarks keep working.
bp = Blueprint("ticket_search", __name__, url_prefix="/admin/search", template_folder="templates")
navigation.add("ticket_search.index", _l("Search tickets"), security.is_staff, order=55)


@bp.get("")
@staff_required
def index():
    try:
        page = max(1, int(to_ascii_digits(request.args.get("page", "1"))))
    except ValueError:
        page = 1
    text = request.args.get("q", "").strip()[:200]
    return render_template("tickets/search/index.html", results=search_tickets(current_user, text, page=page))
