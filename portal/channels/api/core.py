"""The API's frame: the flask-smorest Api that writes the OpenAPI document from the views, blueprints that
authenticate by token, rate limits per token and answer errors as problems."""
import hashlib
import http

from flask import current_app, g, request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from werkzeug.exceptions import HTTPException

from ...extensions import csrf, limiter
from . import problems, tokens
from .schemas import ProblemSchema

PREFIX = "/api/v1"


class PortalApi(Api):
    """flask-smorest on the portal's own Flask app. The document and the docs page are served by docs.py
    and errors are answered by the API blueprints, so nothing here touches the rest of the app. Every
    operation documents its errors (422 and "default") as problem details."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["content"] = {problems.PROBLEM_TYPE: {"schema": ProblemSchema}}
            self.spec.components.response(status.name, response, lazy=True)
        self.spec.components.response("DEFAULT_ERROR", {
            "description": "An error, as RFC 9457 problem details",
            "content": {problems.PROBLEM_TYPE: {"schema": ProblemSchema}}}, lazy=True)

    def _register_doc_blueprint(self):
        pass

    def _register_error_handlers(self):
        pass


def _rate_limit():
    return current_app.config["PORTAL_API_RATE_LIMIT"]


def _token_key():
    """Count per token (by its hash, never the token itself); requests without one, per address."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer " and header[7:].strip():
        return "api-token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()
    return "api-anonymous:" + (request.remote_addr or "")


def api_blueprint(name, import_name, *, url_prefix, description):
    """A smorest Blueprint under /api/v1 whose every request needs a valid token."""
    bp = SmorestBlueprint(name, import_name, url_prefix=PREFIX + url_prefix, description=description)
    bp.before_request(_authenticate)
    bp.register_error_handler(HTTPException, problems.from_exception)
    bp.register_error_handler(Exception, problems.from_exception)
    limiter.limit(_rate_limit, key_func=_token_key)(bp)
    return bp


def _authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    found = tokens.authenticate(raw.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        return problems.problem(401, headers={"WWW-Authenticate": 'Bearer realm="pishkhan"'})
    g.api_token, g.api_user = found
    return None


def api_user():
    """The token's owner: every view acts as this person, with their permissions and departments."""
    return g.api_user


SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer",
                                   "description": "A personal API token: Authorization: Bearer pk_..."}}


def init_api(app, blueprints) -> PortalApi:
    api = PortalApi(spec_kwargs={
        "title": "Pishkhan REST API", "version": "v1", "openapi_version": "3.1.0",
        "info": {"description": "Tickets, customers, FAQ search and interactions; every call acts with the "
                                "permissions of the token's owner."},
        "security": [{"bearerAuth": []}],
    })
    api.init_app(app)
    api.spec.components.security_scheme("bearerAuth", SECURITY_SCHEMES["bearerAuth"])
    for bp in blueprints:
        api.register_blueprint(bp)
        csrf.exempt(bp)
    app.extensions["pishkhan-api"] = api
    return api
