"""Absolute links for e-mails and SMS: always on PORTAL_BASE_URL, never on the Host a request came with.

A request's Host header is whatever the client sent (`Host: evil.example`); a link built from it in a
notification would send the customer elsewhere.
"""
from urllib.parse import quote, urlsplit

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    anchor = values.pop("_anchor", None)
    values.pop("_external", None)
    base = urlsplit(current_app.config["PORTAL_BASE_URL"])
    urls = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    url = urls.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor, safe='')}" if anchor else url
