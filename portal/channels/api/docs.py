"""The OpenAPI document and the browsable docs (Swagger UI, served from portal/static/vendor, no CDN)."""
from flask import Blueprint, current_app, jsonify, render_template

from .core import PREFIX

bp = Blueprint("api_docs", __name__, url_prefix=PREFIX, template_folder="templates")


@bp.get("/openapi.json")
def openapi_json():
    """Written from the views and their schemas by flask-smorest (apispec) at each start."""
    return jsonify(current_app.extensions["pishkhan-api"].spec.to_dict())


@bp.get("/docs")
def docs():
    return render_template("api/docs.html")
