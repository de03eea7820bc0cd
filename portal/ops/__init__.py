"""Operations: metrics in the Prometheus format (/metrics), backup and restore. Running behind a proxy is
`PORTAL_PROXY_FIX` in headers.py."""


def init_app(app) -> None:
    from . import metrics

    metrics.init_app(app)
