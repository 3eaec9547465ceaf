"""The portal scales out: two app servers behind nginx keep no state of their own (issue 8, point 5).

Sessions, rate limits and the cache live in Redis, everything else in PostgreSQL, so it does not matter which
instance answers: a log-in through one is a log-in on the other, a log-out through one ends the session on both, a
rate limit counts the requests of all instances, and the database decides a race for the last desk however the
requests are spread. The servers are the production configuration (tests/scaleout/conftest.py).

Each check fails when its property is broken; conftest.py says how to give one instance a cache or a key of its own,
and COWORKING_DROP_CONSTRAINTS=1 (as in tests/coworking/test_races.py) drops the constraints that decide the race.
"""

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from allauth.account import app_settings as allauth_settings
from django.urls import reverse
from django.utils import timezone, translation

from coworking import availability, services
from coworking.models import Booking, Occupancy
from tests.concurrency import at_the_same_moment, drop_booking_constraints_if_asked
from tests.conftest import PASSWORD, make_organisation, make_user
from tests.coworking.conftest import make_space
from tests.scaleout.conftest import Browser

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("scaleout")]

WRONG_PASSWORD = "not-the-password-at-all"  # noqa: S105
TOO_MANY = "Too many failed login attempts. Try again later."
NOT_CORRECT = "The email address and/or password you specified are not correct."
TAKEN = "This place was just taken"


def english(name, *args):
    """The English pages, so that the assertions read allauth's and the portal's own (English) messages."""
    with translation.override("en"):
        return reverse(name, args=args)


def csrf_token(page):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, f"no CSRF token in the page ({page.status})"
    return match.group(1)


def try_log_in(browser, server, email, password=PASSWORD):
    form = browser.get(server.url + english("account_login"))
    assert form.status == 200, form.status
    data = {"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(form)}
    return browser.post(server.url + english("account_login"), data)


def log_in(browser, server, email):
    response = try_log_in(browser, server, email)
    assert response.status == 302 and response.location == english("accounts:overview"), (
        f"log-in as {email} through {server.name} failed: {response.status}"
    )
    return response


def log_out(browser, server):
    form = browser.get(server.url + english("account_logout"))
    assert form.status == 200, form.status
    response = browser.post(server.url + english("account_logout"), {"csrfmiddlewaretoken": csrf_token(form)})
    assert response.status == 302, response.status


def assert_logged_out(response):
    assert response.status == 302 and response.location.startswith(english("account_login")), (
        f"still logged in: {response.status} {response.location}"
    )


def logged(server, text, expected):
    """How often `text` is in the server's access log, waiting briefly: gunicorn logs a request after answering it."""
    deadline = time.monotonic() + 5
    while (count := server.access_log().count(text)) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


def assert_no_server_errors(cluster):
    for server in (cluster.a, cluster.b):
        errors = re.findall(r'^.*HTTP/1\.[01]" 5\d\d .*$', server.access_log(), re.MULTILINE)
        assert not errors, f"{server.name} answered with server errors:\n" + "\n".join(errors)


def test_a_log_in_through_one_server_holds_on_the_other_and_so_does_the_log_out(cluster, shared_cache):
    user = make_user("ada@example.org", "Ada Achterberg")
    browser = Browser()
    overview = english("accounts:overview")

    log_in(browser, cluster.a, user.email)
    page = browser.get(cluster.b.url + overview)
    assert page.status == 200, f"B does not know the session from A: {page.status} {page.location}"
    assert user.email in page.text

    # Both workers of A load (and cache) the session before B ends it.
    for _ in range(4):
        assert browser.get(cluster.a.url + overview).status == 200
    session = browser.cookies["sessionid"]
    log_out(browser, cluster.b)
    assert "sessionid" not in browser.cookies

    # Whoever still holds the old cookie (another tab, a thief) is not logged in on A either.
    stale = Browser({"sessionid": session})
    for _ in range(4):
        assert_logged_out(stale.get(cluster.a.url + overview))
    assert_no_server_errors(cluster)


def login_failed_limit_per_address():
    """allauth's limit of failed log-ins for one address, e.g. 5 from "10/m/ip,5/300s/key"."""
    rate = allauth_settings.RATE_LIMITS["login_failed"]
    return int(re.search(r"(\d+)/[^,/]+/key", rate).group(1)), int(re.search(r"(\d+)/[^,/]+/ip", rate).group(1))


def test_b_failed_log_ins_are_counted_across_both_servers(cluster, shared_cache):
    user = make_user("bea@example.org", "Bea Brinkmann")
    per_address, per_ip = login_failed_limit_per_address()
    attempts = per_address + 3
    assert attempts < per_ip  # the limit per address must be what refuses, not the one per IP
    browser = Browser()

    answers = []
    for attempt in range(attempts):
        server = (cluster.a, cluster.b)[attempt % 2]
        page = try_log_in(browser, server, user.email, WRONG_PASSWORD)
        assert page.status == 200, page.status
        answers.append("refused" if TOO_MANY in page.text else "wrong password" if NOT_CORRECT in page.text else "?")

    assert answers == ["wrong password"] * per_address + ["refused"] * 3, answers
    # Now even the right password is refused, on both.
    for server in (cluster.a, cluster.b):
        assert TOO_MANY in try_log_in(browser, server, user.email).text
    assert_no_server_errors(cluster)


@pytest.fixture
def unguarded():
    """Drops the constraints that decide the race when COWORKING_DROP_CONSTRAINTS=1 (a demonstration run only; they
    stay dropped in this test database for the rest of the run)."""
    return drop_booking_constraints_if_asked()


def bookable_day(space, slot, member):
    """The first day from tomorrow on whose slot is open for booking now (the servers run on the real clock)."""
    today = availability.local_today()
    for offset in range(1, 15):
        day = today + timedelta(days=offset)
        try:
            services.check(member=member, space=space, days=[day], slots=[slot], moment=timezone.now())
        except services.PolicyError:
            continue
        return day
    raise AssertionError("no bookable day in the next two weeks")


def test_c_twenty_members_on_two_servers_race_for_the_last_desk_and_exactly_one_gets_it(
    cluster, shared_cache, unguarded
):
    dora = make_user("dora@example.org", "Dora Host")
    host = make_organisation(
        "Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=dora, status="published"
    )
    space = make_space(host, flex_desks=1)  # Flex desk 1 and the Window desk
    morning = space.slots.get(name="Morning")
    early = make_user("early@example.org")
    day = bookable_day(space, morning, early)
    window = space.resources.get(name="Window desk")
    services.book(
        member=early,
        space=space,
        days=[day],
        slots=[morning],
        resource=window,
        idempotency_key=uuid.uuid4(),
        notify=False,
    )
    members = [make_user(f"member{number}@example.org", f"Member {number}") for number in range(20)]
    # Ten through each instance.
    contenders = [(member, Browser(), (cluster.a, cluster.b)[number % 2]) for number, member in enumerate(members)]
    book_path = english("coworking:book", space.slug)

    def open_the_form(member, browser, server):
        log_in(browser, server, member.email)
        page = browser.get(server.url + book_path)
        assert page.status == 200, page.status
        return csrf_token(page)

    with ThreadPoolExecutor(max_workers=4) as pool:
        tokens = list(pool.map(lambda contender: open_the_form(*contender), contenders))

    def submit(browser, server, token):
        form = {
            "date": day.isoformat(),
            "slots": [morning.pk],
            "idempotency_key": str(uuid.uuid4()),
            "note": "",
            "csrfmiddlewaretoken": token,
        }
        return browser.post(server.url + book_path, form)

    responses = at_the_same_moment(
        *[
            lambda browser=browser, server=server, token=token: submit(browser, server, token)
            for (_member, browser, server), token in zip(contenders, tokens, strict=True)
        ]
    )

    def outcome(response):
        if isinstance(response, Exception):
            return repr(response)
        if response.status == 302 and "/bookings/" in response.location:
            return "booked"
        if response.status == 200 and 'id="booking-problem"' in response.text and TAKEN in response.text:
            return "taken"
        return f"{response.status} {response.location}"  # anything else fails the test and shows what it was

    outcomes = [outcome(response) for response in responses]
    booked = Occupancy.objects.active().filter(space=space, date=day, slot=morning, member__in=members)
    assert outcomes.count("booked") == 1, f"{booked.count()} of 20 bookings got through: {outcomes}"
    assert outcomes.count("taken") == 19, outcomes
    assert booked.count() == 1 and booked.get().resource.name == "Flex desk 1"
    assert Booking.objects.filter(member__in=members).count() == 1  # the others' booking headers rolled back
    for server in (cluster.a, cluster.b):
        assert logged(server, f"POST {book_path} ", 10) == 10, f"not 10 attempts through {server.name}"
    assert_no_server_errors(cluster)
    assert not unguarded


def test_d_the_proxy_spreads_requests_over_both_servers(cluster, shared_cache):
    user = make_user("cem@example.org", "Cem Çiftçi")
    browser = Browser()
    log_in(browser, cluster.proxy, user.email)

    marker = f"probe-{uuid.uuid4().hex}"
    for number in range(10):
        page = browser.get(f"{cluster.proxy.url}{english('accounts:overview')}?{marker}={number}")
        assert page.status == 200 and user.email in page.text, f"request {number}: {page.status} {page.location}"

    split = [logged(server, marker, 5) for server in (cluster.a, cluster.b)]
    print(f"requests through nginx: {split[0]} to A, {split[1]} to B")  # noqa: T201 - the figure for the report
    assert sum(split) == 10 and min(split) >= 3, split
    assert_no_server_errors(cluster)
