"""Pishkhan: a self-service customer portal and helpdesk for Persian-speaking businesses."""
from flask import Flask, has_request_context, render_template, request, session
from flask_babel import get_locale

from . import config


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    _init_extensions(app)
    _register_permissions()
    _register_search_sources(app)
    _register_record_scopes()
    _register_blueprints(app)
    _register_cli(app)
    _register_jobs(app)
    _register_error_pages(app)
    return app


def select_locale():
    """Farsi unless the person chose another language of ours."""
    from flask import current_app

    chosen = session.get("lang") if has_request_context() else None
    if chosen is None and has_request_context() and request.path.startswith("/api/"):  # machines say Accept-Language
        chosen = request.accept_languages.best_match(current_app.config["PORTAL_LANGUAGES"])
    return chosen if chosen in current_app.config["PORTAL_LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def _init_extensions(app):
    from . import headers, inputs, jalali, navigation, ratelimits
    from .extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_project_dir(app) / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(_project_dir(app) / "translations"))
    csrf.init_app(app)
    limiter.init_app(app)
    ratelimits.init_app(app)
    login_manager.init_app(app)
    jalali.init_app(app)
    navigation.init_app(app)
    from .notify import account_messages

    account_messages.connect()

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
    from .channels import permissions as channel_permissions
    from .channels.api import permissions as api_permissions
    from .customers import permissions as customer_permissions
    from .faq import permissions as faq_permissions
    from .reports import permissions as report_permissions
    from .tickets import permissions as ticket_permissions

    for feature in (ticket_permissions, customer_permissions, faq_permissions, report_permissions, admin_permissions,
                    channel_permissions, api_permissions):
        security.register_permissions(feature.PERMISSIONS)


def _register_search_sources(app):
    """What each index holds and which rows keep it current: named here, not imported for side effects."""
    from .faq import indexing as faq_indexing
    from .search import backend, sync
    from .tickets import indexing as ticket_indexing

    backend.for_app(app)  # an unknown PORTAL_SEARCH_BACKEND fails here, at start-up
    sync.init_app(app)
    for feature in (faq_indexing, ticket_indexing):
        sync.register(app, feature.SEARCH_SOURCE, watch=feature.SEARCH_WATCH)
def _register_record_scopes():
    """Lower rooms (the outbox) learn from the rooms above them which records a person may see."""
    from .accounts.models import Customer
    from .customers.access import visible_customers
    from .notify import services as notify_services

    notify_services.register_recipient_scope(
        "customer", lambda viewer: visible_customers(viewer).with_only_columns(Customer.id))


def _register_blueprints(app):
    from .accounts import staff_views as accounts_staff_views
    from .accounts import security_key_views, two_factor_views
    from .accounts import views as accounts_views
    from .accounts import reset_views as accounts_reset_views
    from .accounts import account_views
    from .accounts import verify_views as accounts_verify_views
    from .accounts import claim_views as accounts_claim_views
    from .faq import staff_views as faq_staff_views
    from .faq import synonym_views as faq_synonym_views
    from .faq import views as faq_views
    from . import health
    from .home import views as home_views
    from .notify import views as notify_views
    from .channels import phone as phone_intake_views
    from .tickets import faq_views as ticket_faq_views
    from .tickets import manage_views as ticket_manage_views
    from .tickets import search_views as ticket_search_views
    from .tickets import staff_views as ticket_staff_views
    from .tickets import views as ticket_views
    from .customers import views as customers_views
    from .admin import access_views as admin_access_views
    from .admin import views as admin_views
    from .channels import admin_views as channels_admin_views, sms_views as channels_sms_views
    from .channels import contact_views as channels_contact_views
    from .reports import survey_admin_views, survey_views
    from .reports import views as reports_views
    from .automations import views as staff_notification_views
    from .automations import followup_views
    from .automations import contract_views
    from .automations import greeting_views
    from . import ops
    from .ops import metrics

    app.register_blueprint(home_views.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(accounts_staff_views.bp)
    app.register_blueprint(accounts_reset_views.bp)
    app.register_blueprint(account_views.bp)
    app.register_blueprint(accounts_verify_views.bp)
    app.register_blueprint(accounts_claim_views.bp)
    app.register_blueprint(two_factor_views.bp)
    app.register_blueprint(security_key_views.bp)
    app.register_blueprint(notify_views.bp)
    app.register_blueprint(faq_views.bp)
    app.register_blueprint(faq_staff_views.bp)
    app.register_blueprint(faq_synonym_views.bp)
    app.register_blueprint(ticket_search_views.bp)
    app.register_blueprint(ticket_views.bp)
    app.register_blueprint(ticket_staff_views.bp)
    app.register_blueprint(ticket_manage_views.bp)
    app.register_blueprint(ticket_faq_views.bp)
    app.register_blueprint(phone_intake_views.bp)
    app.register_blueprint(customers_views.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(admin_access_views.bp)
    app.register_blueprint(channels_admin_views.bp)
    app.register_blueprint(channels_sms_views.bp)
    app.register_blueprint(channels_contact_views.bp)
    from .channels import api as channels_api

    channels_api.init_app(app)  # REST API v1, its docs, token and webhook pages
    app.register_blueprint(health.bp)
    app.register_blueprint(reports_views.bp)
    app.register_blueprint(survey_views.bp)
    app.register_blueprint(survey_admin_views.bp)
    app.register_blueprint(staff_notification_views.bp)
    app.register_blueprint(followup_views.bp)
    app.register_blueprint(contract_views.bp)
    app.register_blueprint(greeting_views.bp)
    app.register_blueprint(metrics.bp)
    ops.init_app(app)


def _register_cli(app):
    from . import cli

    cli.register(app)


def _register_jobs(app):
    """What `flask --app portal worker` runs: one line per job, interval in seconds."""
    from . import audit, automations, jobs
    from .automations import agent_notices, autoclose, contracts, escalation, followups, greetings
    from .channels import imap
    from .notify import jobs as outbox_jobs
    from .reports import nps_schedules, rollup, summary as weekly_summary

    config = app.config
    audit.register_actions(automations.AUDIT_ACTIONS)
    jobs.add(app, "notify.deliver", outbox_jobs.deliver, every=config["PORTAL_OUTBOX_INTERVAL_SECONDS"], exclusive=False)
    jobs.add(app, "notify.purge_sent", outbox_jobs.purge_sent, every=24 * 3600)
    jobs.add(app, "tickets.auto_close", autoclose.run, every=config["PORTAL_AUTO_CLOSE_INTERVAL_SECONDS"])
    jobs.add(app, "tickets.sla_escalation", escalation.run, every=config["PORTAL_SLA_CHECK_INTERVAL_SECONDS"])
    jobs.add(app, "tickets.agent_notices", agent_notices.run, every=config["PORTAL_AGENT_NOTICE_INTERVAL_SECONDS"])
    jobs.add(app, "follow_ups.remind", followups.run, every=config["PORTAL_FOLLOW_UP_INTERVAL_SECONDS"])
    jobs.add(app, "customers.contract_reminders", contracts.run, every=3600)
    jobs.add(app, "customers.greetings", greetings.run, every=3600)
    jobs.add(app, "search.apply_queue", lambda _now: _drain_index_queue(app),
             every=config["PORTAL_SEARCH_QUEUE_INTERVAL_SECONDS"])
    jobs.add(app, "reports.weekly_summary", lambda now: weekly_summary.send_weekly_summaries(now), every=3600)
    if config["PORTAL_REPORT_ROLLUP"]:
        jobs.add(app, "reports.rollup_refresh", rollup.refresh, every=config["PORTAL_REPORT_ROLLUP_INTERVAL_SECONDS"])
        jobs.add(app, "reports.rollup_rebuild", rollup.rebuild, every=config["PORTAL_REPORT_ROLLUP_REBUILD_HOURS"] * 3600)
    jobs.add(app, "reports.nps_schedules", nps_schedules.run_due, every=config["PORTAL_NPS_SCHEDULE_INTERVAL_SECONDS"])
    if config.get("PORTAL_IMAP_HOST"):  # e-mail intake by polling a mailbox, when one is configured
        jobs.add(app, "channels.fetch_email", lambda _now: str(imap.fetch_once()),
                 every=config["PORTAL_IMAP_POLL_SECONDS"])


def _drain_index_queue(app) -> str:
    from .search import backend, sync

    rebuilt = backend.for_app(app).heal(sync.sources(app))  # e.g. an index an older release wrote
    run = sync.drain(app)
    return f"{run.applied} applied, {run.failed} still queued" + (f", rebuilt {', '.join(rebuilt)}" if rebuilt else "")


def _register_error_pages(app):
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    if request.path.startswith("/api/"):
        from .channels.api.problems import problem

        return problem(code)
    return render_template("errors/error.html", code=code), code


def _project_dir(app):
    from pathlib import Path

    return Path(app.root_path).parent
