"""What a request may carry before any view sees it.

- Ids in URLs fit the database's integer columns: a 30-digit id is "not found", not an OverflowError.
- Page numbers too large for any list are "not found" too (an OFFSET beyond 64 bits is an error).
- NUL and other control characters never reach the database (PostgreSQL refuses NUL in text): they are
  stripped from every form and query-string value and from every string (and key) of a JSON body, and a URL
  segment holding one names nothing. Tab, line feed and carriage return stay in forms and JSON (text areas
  need them), not in query strings.
"""
import json
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


def clean_json(value):
    """A parsed JSON document with the form fields' rule applied to every string in it, keys too."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {strip_control(key): clean_json(item) for key, item in value.items()}
    return value


def _clean_json_body(raw: bytes) -> bytes:
    """The body again, without control characters in its strings; unchanged when it has none or is not JSON
    (the view's parser then refuses it as it would have)."""
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return raw
    cleaned = clean_json(parsed)
    return raw if cleaned == parsed else json.dumps(cleaned, ensure_ascii=False).encode()


def _clean(multidict, pattern=CONTROL):
    return ImmutableMultiDict([(key, pattern.sub("", value)) for key, value in multidict.items(multi=True)])


class CleanRequest(Request):
    """Form, query and JSON values with control characters removed."""

    def get_data(self, cache=True, as_text=False, parse_form_data=False):
        # Flask's get_json() and the API's argument parser (webargs) both read the body through here.
        if self.is_json and "_clean_json" not in self.__dict__:
            self.__dict__["_clean_json"] = True
            self._cached_data = _clean_json_body(super().get_data(cache=True))
        return super().get_data(cache=cache, as_text=as_text, parse_form_data=parse_form_data)

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
