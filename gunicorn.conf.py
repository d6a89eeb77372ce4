"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (see README, Production)."""

from __future__ import annotations

import os
from typing import Any

from gunicorn.glogging import Logger

from reminders.feed_tokens import mask_feed_token

wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, each with its own app and connection pool (no preload: nothing is shared after
# the fork). WEB_CONCURRENCY is gunicorn's own variable; the default suits a small server.
workers = int(os.environ.get("WEB_CONCURRENCY") or (2 * (os.cpu_count() or 1) + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)  # a Word or PDF export can take seconds
graceful_timeout = 30
max_requests = 2000  # recycle a worker now and then, so a slow leak never grows for long
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Who, when, what, the answer and its size, milliseconds spent, the worker; no cookies.
access_log_format = '%(h)s [%(t)s] "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" %(p)s'


class MaskingLogger(Logger):
    """Gunicorn's logger with the request line, path and referrer passed through the mask: a
    calendar feed address (/calendar/<token>.ics) carries its owner's secret token, which an
    access log must not keep."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_feed_token(atoms[key])
        return atoms


logger_class = MaskingLogger
