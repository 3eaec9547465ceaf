"""While the database is unreachable every page answers with the friendly 503 page, never a 500 (issue 9, point 4).

The outage is simulated on the test's own connection: `database_down()` takes the open connection away and makes
every attempt to connect fail as PostgreSQL's or SQLite's driver does ("connection refused"), so the first query of
a view, or the session a middleware loads, fails the way it does in production. tests/scaleout/test_db_restart.py
restarts a real PostgreSQL under load.
"""

import json
import logging
import socket
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from coworking import availability
from coworking.models import Booking
from portal.lib import health
from portal.lib.outage import RETRY_AFTER_SECONDS, is_outage
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_space

HEADING = "The portal is briefly unavailable"


@contextmanager
def database_down():
    """No connection, and a new one is refused, until the block ends; then the test's connection is back."""
    wrapper = connections["default"]
    wrapper.ensure_connection()
    real = wrapper.connection

    def refuse():
        raise wrapper.Database.OperationalError("connection refused: is the server running and accepting connections?")

    wrapper.connection = None
    wrapper.connect = refuse
    try:
        yield
    finally:
        del wrapper.connect
        wrapper.connection = real


@pytest.fixture
def browser():
    """A client that, like a production server, answers an exception with the error page instead of raising it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def space(db):
    dora = make_user("dora@example.org", "Dora Host")
    host = make_organisation(
        "Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=dora, status="published"
    )
    return make_space(host, flex_desks=1)


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def assert_friendly_503(response, language, caplog):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    # The page passes back through the whole middleware stack: the same security headers as any page.
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert translation.gettext(HEADING) in html
        assert translation.gettext("Skip to main content") in html  # the layout, in the page's language
    assert 'id="main"' in html and "<footer" in html
    assert "Traceback" not in html
    assert not [record for record in caplog.records if getattr(record, "status_code", None) == 500], caplog.text


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("page", ["directory", "space"])
def test_it_answers_a_page_with_the_friendly_503_page_while_the_database_is_down(
    browser, space, caplog, page, language
):
    path = url("companies:directory", language) if page == "directory" else url("coworking:space", language, space.slug)
    caplog.set_level(logging.INFO)
    with database_down():
        response = browser.get(path)
    assert_friendly_503(response, language, caplog)
    # The view's failure is answered by the middleware: a warning, no traceback in the log for each request.
    assert not [record for record in caplog.records if record.exc_info], caplog.text
    assert [record for record in caplog.records if record.name == "portal.lib.outage"]
    assert browser.get(path).status_code == 200  # the next request, with the database back, just works


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_home_page_needs_the_database_only_for_a_signed_in_member(browser, db, caplog, language):
    caplog.set_level(logging.INFO)
    with database_down():
        assert browser.get(url("portal:home", language)).status_code == 200  # a visitor's home page reads nothing
    browser.force_login(make_user("mia@example.org", "Mia Member"))
    with database_down():
        response = browser.get(url("portal:home", language))  # the header asks the session who is signed in
    assert_friendly_503(response, language, caplog)
    assert browser.get(url("portal:home", language)).status_code == 200


def bookable_day(space):
    today = availability.local_today()
    return next(
        day
        for day in (today + timedelta(days=offset) for offset in range(2, 10))
        if space.opening_hours.filter(weekday=day.weekday()).exists()
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_booking_sent_while_the_database_is_down_gets_the_503_page_and_books_nothing(
    browser, space, caplog, language
):
    member = make_user("mia@example.org", "Mia Member")
    browser.force_login(member)  # the session is in the database: loading it is what fails, in a middleware
    form = {
        "date": bookable_day(space).isoformat(),
        "slots": [space.slots.get(name="Morning").pk],
        "idempotency_key": str(uuid.uuid4()),
        "note": "",
    }
    caplog.set_level(logging.INFO)
    with database_down():
        response = browser.post(url("coworking:book", language, space.slug), form)
    assert_friendly_503(response, language, caplog)
    assert not Booking.objects.exists()

    booked = browser.post(url("coworking:book", language, space.slug), form)  # sent again once it is back
    assert booked.status_code == 302 and Booking.objects.get().idempotency_key == uuid.UUID(form["idempotency_key"])


def test_a_signed_in_members_page_gets_the_503_page_too(browser, space, caplog):
    browser.force_login(make_user("mia@example.org", "Mia Member"))
    caplog.set_level(logging.INFO)
    with database_down():
        response = browser.get(url("coworking:my_bookings", "en"))
    assert_friendly_503(response, "en", caplog)


def test_healthz_says_503_while_the_database_is_down(browser, db):
    with database_down():
        response = browser.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unavailable"}
    assert browser.get("/healthz").status_code == 200


def test_a_query_that_fails_on_a_working_connection_is_not_an_outage(db):
    connection.ensure_connection()
    assert not is_outage(OperationalError("no such table: coworking_booking"))
    assert not is_outage(ValueError("not a database error"))


def test_the_server_shutting_down_or_starting_up_is_an_outage(db):
    connection.ensure_connection()

    class AdminShutdown(Exception):
        sqlstate = "57P01"  # terminating connection due to administrator command

    error = OperationalError("terminating connection due to administrator command")
    error.__cause__ = AdminShutdown()
    assert is_outage(error)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the connect timeout is PostgreSQL's")
def test_healthz_gives_up_on_a_database_host_that_does_not_answer(browser, db, monkeypatch):
    """A host that takes the TCP connection but never speaks (a hung server, a black-holed address): the connect
    timeout of settings.DATABASES ends the wait within seconds, well before gunicorn's 30 s worker timeout."""
    timeout = connection.settings_dict["OPTIONS"]["connect_timeout"]
    assert timeout <= 5
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": silent.getsockname()[1]}
        hung = type(connections["default"])(settings_dict, "default")
        monkeypatch.setattr(health, "connection", hung)
        started = time.monotonic()
        response = browser.get("/healthz")
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert timeout - 0.5 <= waited < timeout + 3, waited
