from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for

from ..accounts.sessions import safe_next

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
def index():
    from ..faq import services as faq_services

    return render_template("home/index.html", faq_categories=faq_services.categories_with_counts(),
                           faq_popular=faq_services.most_viewed(limit=6))


@bp.get("/lang/<code>")
def set_language(code):
    if code not in current_app.config["PORTAL_LANGUAGES"]:
        abort(404)
    session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("home.index")))
