"""gunicorn settings for Pishkhan:  gunicorn -c deploy/gunicorn.conf.py 'portal:create_app()'

Environment: PORTAL_BIND (default 127.0.0.1:8000), PORTAL_WEB_WORKERS (default 2 x cores + 1),
PORTAL_WEB_THREADS (default 1), PORTAL_WEB_TIMEOUT (default 60 s). Put nginx in front (deploy/nginx.conf).
"""
import gc
import multiprocessing
import os
import shutil
import tempfile

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PORTAL_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("PORTAL_WEB_THREADS", 1))
timeout = int(os.environ.get("PORTAL_WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then; jitter keeps them from restarting together
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("PORTAL_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# /metrics adds up the request counters of every worker process through files in this directory.
_metrics_dir_made = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
if _metrics_dir_made:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="pishkhan-metrics-")


def on_starting(server):
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):  # figures of an earlier run would be counted again
        os.remove(os.path.join(directory, name))


def post_worker_init(worker):
    """The objects of the loaded app (modules, mappers, templates: about 190,000) are kept out of the garbage
    collector's full passes. Each pass walked them all: a request that met one waited 130-160 ms."""
    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _metrics_dir_made:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
