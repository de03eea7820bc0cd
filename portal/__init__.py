"""Pishkhan: a self-service customer portal and helpdesk for Persian-speaking businesses."""
from flask import Flask, has_request_context, render_template, request, session
from flask_babel import get_locale

from . import config


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    _init_extensions(app)
    _register_permissions()
    _register_record_scopes()
    _register_blueprints(app)
    _register_cli(app)
    _register_error_pages(app)
    return app


def select_locale():
    """Farsi unless the person chose another language of ours."""
    from flask import current_app

    chosen = session.get("lang") if has_request_context() else None
    return chosen if chosen in current_app.config["PORTAL_LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def _init_extensions(app):
    from . import headers, inputs, jalali, navigation
    from .extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_project_dir(app) / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(_project_dir(app) / "translations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    jalali.init_app(app)
    navigation.init_app(app)

    @app.context_processor
    def _layout_globals():
        lang = str(get_locale() or "fa")
        return {"lang": lang, "text_dir": "rtl" if lang == "fa" else "ltr"}

    headers.init_app(app)
    inputs.init_app(app)


def _register_permissions():
    """Each feature declares its permissions; the registry in security.py holds them all."""
    from . import security
    from .admin import permissions as admin_permissions
    from .customers import permissions as customer_permissions
    from .faq import permissions as faq_permissions
    from .reports import permissions as report_permissions
    from .tickets import permissions as ticket_permissions

    for feature in (ticket_permissions, customer_permissions, faq_permissions, report_permissions, admin_permissions):
        security.register_permissions(feature.PERMISSIONS)


def _register_record_scopes():
    """Lower rooms (the outbox) learn from the rooms above them which records a person may see."""
    from .accounts.models import Customer
    from .customers.access import visible_customers
    from .notify import services as notify_services

    notify_services.register_recipient_scope(
        "customer", lambda viewer: visible_customers(viewer).with_only_columns(Customer.id))


def _register_blueprints(app):
    from .accounts import staff_views as accounts_staff_views
    from .accounts import two_factor_views
    from .accounts import views as accounts_views
    from .faq import staff_views as faq_staff_views
    from .faq import ticket_search_views
    from .faq import views as faq_views
    from .home import views as home_views
    from .notify import views as notify_views
    from .tickets import intake_views as _ticket_intake_views  # noqa: F401  (routes on the staff blueprint)
    from .tickets import manage_views as ticket_manage_views
    from .tickets import staff_views as ticket_staff_views
    from .tickets import views as ticket_views
    from .customers import views as customers_views
    from .admin import access_views as _admin_access_views  # noqa: F401  (routes on the admin blueprint)
    from .admin import views as _admin_views  # noqa: F401
    from .admin.blueprint import bp as admin_bp

    app.register_blueprint(home_views.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(accounts_staff_views.bp)
    app.register_blueprint(two_factor_views.bp)
    app.register_blueprint(notify_views.bp)
    app.register_blueprint(faq_views.bp)
    app.register_blueprint(faq_staff_views.bp)
    app.register_blueprint(ticket_search_views.bp)
    app.register_blueprint(ticket_views.bp)
    app.register_blueprint(ticket_staff_views.bp)
    app.register_blueprint(ticket_manage_views.bp)
    app.register_blueprint(customers_views.bp)
    app.register_blueprint(admin_bp)


def _register_cli(app):
    from . import cli

    cli.register(app)


def _register_error_pages(app):
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    if request.path.startswith("/api/"):
        return {"error": {"code": code, "message": str(getattr(error, "description", ""))}}, code
    return render_template("errors/error.html", code=code), code


def _project_dir(app):
    from pathlib import Path

    return Path(app.root_path).parent
