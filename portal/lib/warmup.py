"""Warm a freshly loaded portal before gunicorn forks its workers (gunicorn.conf.py, preload_app).

A worker's first request otherwise pays for building the URL resolvers of every language, loading the translation
catalogues and compiling the page templates: about 0.3 s, and with `max_requests` recycling workers under load
that cost came back every few seconds and took half the machine (measured: 1,000 instead of 1,800 requests per
second on the benchmark's reference page). Done once in the master, every forked worker inherits the result.
"""

import logging
from io import BytesIO

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.utils import translation

log = logging.getLogger(__name__)


def _host():
    """A host name the portal accepts, so the warm-up requests pass host validation."""
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            return "localhost"
        if host.startswith("."):
            return "www" + host
        return host
    return "localhost"


def warm_up(application, paths=None):
    """Run GET requests for `paths` (the home page in every language) through the WSGI application, then close
    every database and cache connection: a forked worker must not share its parent's sockets."""
    if paths is None:
        paths = ["/"] + [f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    host = _host()
    previous = translation.get_language()
    try:
        for path in paths:
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": "",
                "SERVER_NAME": host,
                "SERVER_PORT": "80",
                "HTTP_HOST": host,
                "SERVER_PROTOCOL": "HTTP/1.1",
                "wsgi.url_scheme": "https" if settings.SECURE_SSL_REDIRECT else "http",
                "wsgi.input": BytesIO(),
                "wsgi.errors": BytesIO(),
                "wsgi.multithread": False,
                "wsgi.multiprocess": True,
                "wsgi.run_once": False,
                "wsgi.version": (1, 0),
            }
            response = application(environ, lambda status, headers, exc_info=None: None)
            for _chunk in response:
                pass
            response.close()
    except Exception:  # a warm-up that fails must not keep the portal from starting; the workers warm themselves
        log.exception("Warm-up request failed")
    finally:
        translation.activate(previous)  # LocaleMiddleware leaves the last request's language active
        connections.close_all()
        caches.close_all()
