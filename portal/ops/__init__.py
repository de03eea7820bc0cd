"""Operations: the liveness check (/healthz), metrics in the Prometheus format (/metrics), running behind a proxy."""


def init_app(app) -> None:
    """Request metrics, and the client's address and scheme from PORTAL_PROXY_HOPS trusted proxies (nginx: 1)."""
    from . import metrics

    hops = int(app.config.get("PORTAL_PROXY_HOPS") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    metrics.init_app(app)
