"""A friendly 503 page while the database is unreachable, instead of a 500 and a traceback in the log.

PostgreSQL restarting, failing over or refusing connections is an outage, not a bug: every request then answers
503 with templates/503.html, in the page's language, with a Retry-After header. The page is rendered from a plain
context, without the request's context processors, so it reads no session, no user and no messages (each of those
may be in the database).

Two ways in, because Django turns an exception into a response at the layer where it was raised:

- a view (or its template) fails: `database_outage_middleware.process_exception` answers, and nothing is logged as
  a server error (one warning line);
- a middleware fails (loading the session or the signed-in user, saving the session): Django hands it to the 500
  handler, `server_error` (handler500 in portal/urls.py), which answers 503 for an outage and Django's own 500 page
  for anything else.

The broken connection needs no clean-up here: Django closes a connection that had errors at the end of the request
when it no longer answers, and with CONN_HEALTH_CHECKS the next request checks a persistent connection before using
it, so the first request after the database is back reconnects.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# PostgreSQL's SQLSTATEs for a lost or refused connection: class 08, and the server shutting down or starting up.
_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")


def is_outage(error):
    """Whether the error means the database cannot be reached, rather than a query that went wrong."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None) or ""
    if state.startswith(_CONNECTION_STATES):
        return True
    # "Connection refused" and "server closed the connection unexpectedly" carry no SQLSTATE; they leave the
    # connection unopened or closed. SQLite's errors ("database is locked", "no such table") leave it open.
    return any(_lost(wrapper) for wrapper in connections.all(initialized_only=True))


def _lost(wrapper):
    raw = wrapper.connection
    return raw is None or bool(getattr(raw, "closed", False)) or bool(getattr(raw, "broken", False))


def unavailable(request):
    """The 503 page in the language of the address (/en/… English, German otherwise)."""
    # Unprefixed addresses are German (i18n_patterns without a prefix for the default language).
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            content = render_to_string("503.html", {"language_links": _language_links(request)})
        except Exception:  # noqa: BLE001 - the page must not fail in turn; a plain line still says what happened
            logger.exception("the 503 page could not be rendered")
            content = translation.gettext("The portal is briefly unavailable. Please try again in a minute.")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _language_links(request):
    from portal.context_processors import language_links  # resolves URLs only, reads no database

    try:
        return language_links(request)
    except Exception:  # noqa: BLE001 - a language switch is a nicety on this page
        return []


def database_outage_middleware(get_response):
    def middleware(request):
        return get_response(request)

    def process_exception(request, exception):
        if not is_outage(exception):
            return None
        logger.warning("database unavailable, answered 503: %s %s: %s", request.method, request.path, exception)
        return unavailable(request)

    middleware.process_exception = process_exception
    return middleware


def server_error(request):
    """handler500: an outage met in a middleware gets the 503 page, any other error Django's 500 page."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        return unavailable(request)
    return defaults.server_error(request)
