"""gunicorn settings for chiso: ``gunicorn -c gunicorn.conf.py chiso.wsgi``.

Read from the environment like chiso's own settings (README, "Configuration"; docs/deploy.md).
Processes, one request each (the ``sync`` worker), behind nginx, which buffers a slow client's
upload and download so that no process waits on a commune's 3G line. Measured on the deadline
day (docs/loadtest.md): threads in a process contend for the interpreter lock while one of them
holds a row lock in PostgreSQL, and 5 workers × 4 threads gave a p95 of 439 ms where 5
single-threaded workers gave 128 ms. ``CHISO_WEB_THREADS`` above 1 switches to ``gthread``.
"""

import multiprocessing
import os

from chiso.env import env_bool

bind = os.environ.get("CHISO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CHISO_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("CHISO_WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Load Django once in the master and fork: quicker start, less memory per worker.
preload_app = True
timeout = 60  # a request running longer than this is stuck: the worker is restarted
graceful_timeout = 30
# (gthread only; a sync worker closes each connection after its response.) Idle keep-alive
# connections cost nothing in gthread workers; closing them sooner than the
# client (or nginx's upstream keepalive_timeout, 60 s) would reuse them races with the close
# and resets a request now and then (4 of 26,965 in a load test with keepalive = 5).
keepalive = 75
# No max_requests: recycling a worker closes its keep-alive connections, and a client sending
# on one at that moment gets a reset (the first load test lost 4 requests of 26,945 that way).
# Only the reverse proxy on this host may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("CHISO_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeat files
accesslog = os.environ.get("CHISO_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("CHISO_LOG_LEVEL", "info").lower()
# CHISO_PDF_WARM_UP=0: no PDF warm-up when a worker starts (post_worker_init below), for a server
# that serves no PDFs (the test suite's servers: ~1 CPU-second a worker, docs/testing.md). Read
# as chiso's settings read every boolean (chiso.env).
_pdf_warm_up = env_bool("CHISO_PDF_WARM_UP", True)


def post_worker_init(worker: object) -> None:
    """Each worker, once it has loaded the app and before it takes a request, sets WeasyPrint up
    (``unit_report.warm_up``): a citizen's first unit PDF from this worker then takes what the
    later ones take (~0.6 s at 3,321 units, not ~1.1 s). Not in the master (``preload_app``): the
    fonts and Pango's state are the worker's own, not inherited across a fork. A failure is
    logged and the worker serves anyway. Not at all with ``CHISO_PDF_WARM_UP=0``."""
    if not _pdf_warm_up:
        return
    try:
        from chiso.publish.unit_report import warm_up_quietly
    except Exception:  # noqa: BLE001 - never stop a worker for this
        import logging

        logging.getLogger("gunicorn.error").exception("chiso: PDF warm-up not loaded")
        return
    warm_up_quietly()
