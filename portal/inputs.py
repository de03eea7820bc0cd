"""What a request may carry before any view sees it.

- Ids in URLs fit the database's integer columns: a 30-digit id is "not found", not an OverflowError.
- Page numbers too large for any list are "not found" too (an OFFSET beyond 64 bits is an error).
- NUL and other control characters never reach the database (PostgreSQL refuses NUL in text): they are
  stripped from every form and query-string value, and a URL segment holding one names nothing.
  Tab, line feed and carriage return stay in forms (text areas need them), not in query strings.
"""
import re

from flask import Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from .persian import to_ascii_digits

MAX_ID = 2**31 - 1  # PostgreSQL's integer
MAX_PAGE = 100_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # query strings carry no line breaks or tabs either


def strip_control(value: str) -> str:
    return CONTROL.sub("", value)


class BoundedIntConverter(IntegerConverter):
    """<int:...> that matches only what an integer column can hold."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _clean(multidict, pattern=CONTROL):
    return ImmutableMultiDict([(key, pattern.sub("", value)) for key, value in multidict.items(multi=True)])


class CleanRequest(Request):
    """Form and query values with control characters removed."""

    def _load_form_data(self):
        super()._load_form_data()
        self.__dict__["form"] = _clean(self.__dict__.get("form", ImmutableMultiDict()))

    @property
    def args(self):
        cached = self.__dict__.get("_clean_args")
        if cached is None:
            cached = self.__dict__["_clean_args"] = _clean(super().args, ANY_CONTROL)
        return cached


def _refuse_out_of_range():
    for key, value in request.args.items(multi=True):
        if key == "page" or key.endswith("_page"):
            digits = to_ascii_digits(value).strip()
            if digits.isdigit() and int(digits) > MAX_PAGE:
                abort(404)
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and CONTROL.search(value):
            abort(404)


def init_app(app):
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = CleanRequest
    app.before_request(_refuse_out_of_range)
