"""Errors as RFC 9457 problem details (application/problem+json) with a translated title."""
from flask import current_app, jsonify
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: _l("The request is not valid."),
    401: _l("An API token is needed."),
    403: _l("You may not do this."),
    404: _l("Not found."),
    405: _l("This method is not allowed here."),
    409: _l("This change is not possible now."),
    413: _l("The request is too large."),
    415: _l("Send the body as JSON."),
    422: _l("Some fields are not valid."),
    429: _l("Too many requests; try again later."),
    500: _l("Something went wrong on our side."),
}


def problem(status: int, detail=None, *, errors=None, headers=None):
    """A problem+json response; `detail` says what went wrong in this case, `errors` per field."""
    title = TITLES.get(status) or TITLES[500 if status >= 500 else 400]
    body = {"type": "about:blank", "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.content_type = PROBLEM_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_exception(error):
    """Any exception raised in an API view, as a problem. Unexpected ones are logged and become a 500."""
    if not isinstance(error, HTTPException):
        current_app.logger.exception("API request failed", exc_info=error)
        error = InternalServerError()
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    if isinstance(errors, dict) and len(errors) == 1 and next(iter(errors)) in ("json", "query", "querystring"):
        errors = next(iter(errors.values()))  # webargs nests errors under the location
    detail = data.get("message")
    if detail is None and error.code not in TITLES and error.description:
        detail = error.description
    headers = dict(data.get("headers") or {})
    if error.code == 429 and getattr(error, "retry_after", None):
        headers.setdefault("Retry-After", str(error.retry_after))
    return problem(error.code or 500, detail, errors=errors, headers=headers)


def translated(message) -> str:
    return gettext(message) if isinstance(message, str) else str(message)
