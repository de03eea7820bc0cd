"""REST API v1 (/api/v1/...): token authentication, the OpenAPI document written from the code, webhooks out."""


def init_app(app) -> None:
    """Register the API blueprints (documented by flask-smorest), the token and webhook pages, the CLI command,
    and the flush listener that turns ticket changes into webhook deliveries."""
    from . import customer_token_views, customers, docs, events, faq, tickets, token_views, webhook_views
    from .cli import create_api_token
    from .core import init_api

    init_api(app, [tickets.bp, customers.bp, faq.bp])
    app.register_blueprint(docs.bp)
    app.register_blueprint(token_views.bp)
    app.register_blueprint(customer_token_views.bp)
    app.register_blueprint(webhook_views.bp)
    app.cli.add_command(create_api_token)
    events.listen()
