"""PostgreSQL restarts under load: the portal answers with its friendly 503 page meanwhile, /healthz says 503, it
recovers by itself once the database is back, and nothing is half-written (issue 9, point 4).

The restart must not hit the cluster the test suite runs on, so the test makes a throwaway one (pg_createcluster,
run as root, as CI does): the data set is made with the usual helpers in the test database, copied over with
pg_dump, and one gunicorn with the production configuration (tests/scaleout/conftest.py, Redis db 9 as its cache)
serves it. Threads then browse as a visitor and as a member, book desks and send contact requests through real
sessions and CSRF tokens, while the cluster is stopped for three seconds and started again. Every response is kept
and judged; the cluster is dropped at the end.

To see it fail without the 503 page (the outage then answers 500), run it with DB_RESTART_PLAIN_ERRORS=1: the
server's settings then leave out the middleware and Django's own handler500 answers. With
SCALEOUT_FAULT_ENV="CACHE_URL=locmem" the sessions live in the database only, so loading them in a middleware is
what fails (answered by portal.lib.outage.server_error, the handler500).
"""

import os
import re
import shutil
import subprocess
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from coworking import availability, services
from coworking.models import Booking, Occupancy
from matching.models import ContactRequest
from portal.lib.outage import RETRY_AFTER_SECONDS
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_space
from tests.matching.conftest import make_entry
from tests.scaleout.conftest import (
    SETTINGS_MODULE,
    STARTUP_SECONDS,
    Browser,
    _database_url,
    _environment,
    _free_port,
    _start_gunicorn,
    _stop,
    _wait_until_healthy,
)
from tests.scaleout.conftest import (
    _redis as scaleout_redis,
)
from tests.scaleout.test_two_app_servers import csrf_token, english, log_in

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("scaleout")]

REDIS_URL = os.environ.get("DB_RESTART_REDIS_URL", "redis://127.0.0.1:6379/9")
HEADING = "The portal is briefly unavailable"  # the English page: every request of the load goes to /en/…
ALREADY_SENT = "You have already sent a request about this entry that is still waiting for an answer."
DOWN_SECONDS = 3
RECOVERY_BUDGET = 5  # seconds after the database is back by which every kind of request must succeed again
PAUSE = 0.08  # between two requests of one thread

PLAIN_ERRORS = """
MIDDLEWARE = [name for name in MIDDLEWARE if name != "portal.lib.outage.database_outage_middleware"]  # noqa: F405
ROOT_URLCONF = "plain_errors_urls"
"""
PLAIN_ERRORS_URLS = """\
from portal.urls import urlpatterns  # noqa: F401

handler500 = "django.views.defaults.server_error"
"""


# --- the throwaway cluster ------------------------------------------------------------------------------------


@dataclass
class ThrowawayCluster:
    version: str
    name: str
    port: int

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/bsfault"

    def wait_until_accepting(self):
        """The moment the server accepts connections (pg_ctlcluster itself polls, and returns up to a second later)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
                return time.monotonic()
            except psycopg.OperationalError:
                time.sleep(0.05)
        pytest.fail(f"the cluster {self.name} did not come back within 30 s")

    def ctl(self, action):
        subprocess.run(
            [tool("pg_ctlcluster"), "--skip-systemctl-redirect", self.version, self.name, action],
            check=True,
            capture_output=True,
        )


def tool(name):
    return shutil.which(name) or name


def _postgresql_version():
    versions = sorted(os.listdir("/etc/postgresql"), key=float) if os.path.isdir("/etc/postgresql") else []
    return versions[-1] if versions else None


def _redis():
    return scaleout_redis(REDIS_URL)


@pytest.fixture
def throwaway_cluster():
    if connection.vendor != "postgresql":
        pytest.skip("the restart test needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not (shutil.which("pg_createcluster") and shutil.which("pg_dump") and _postgresql_version()):
        pytest.skip("the restart test needs PostgreSQL's server and client tools (pg_createcluster, pg_dump)")
    if os.geteuid() != 0:
        pytest.skip("the restart test creates its own PostgreSQL cluster: run it as root")
    if not _redis():
        pytest.skip(f"the restart test needs Redis at {REDIS_URL}")
    cluster = ThrowawayCluster(_postgresql_version(), f"bsfault{os.getpid()}", _free_port())
    create = [
        tool("pg_createcluster"),
        cluster.version,
        cluster.name,
        "--port",
        str(cluster.port),
        "--start-conf=manual",
    ]
    # A throwaway: no fsync (a restart still flushes everything), trust on loopback, no sync after initdb.
    subprocess.run([*create, "-o", "fsync=off", "--", "--auth=trust", "--no-sync"], check=True, capture_output=True)
    try:
        cluster.ctl("start")
        subprocess.run(
            [tool("createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "bsfault"], check=True
        )
        yield cluster
    finally:
        subprocess.run(
            [tool("pg_dropcluster"), "--stop", cluster.version, cluster.name], check=False, capture_output=True
        )


def copy_test_database_to(cluster):
    dump = subprocess.Popen(
        [tool("pg_dump"), "--no-owner", "--no-privileges", "-d", _database_url()], stdout=subprocess.PIPE
    )
    restore = subprocess.run(
        [tool("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", cluster.url],
        stdin=dump.stdout,
        capture_output=True,
        check=False,
    )
    dump.stdout.close()
    assert dump.wait() == 0 and restore.returncode == 0, restore.stderr.decode()


# --- the data set ------------------------------------------------------------------------------------------------


@dataclass
class DataSet:
    space: object
    places: list  # (day, slot) a member can book
    bookers: list
    senders: list  # (user, organisation)
    member: object
    entries: list


def make_data_set():
    dora = make_user("dora@example.org", "Dora Host")
    host = make_organisation(
        "Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=dora, status="published"
    )
    space = make_space(host, flex_desks=1)  # Flex desk 1 and the Window desk
    bookers = [make_user(f"booker{number}@example.org", f"Booker {number}") for number in range(4)]
    senders = []
    for number in range(4):
        sender = make_user(f"sender{number}@example.org", f"Sender {number}")
        organisation = make_organisation(
            f"Absender {number} GmbH", municipality="Dortmund", owner=sender, status="published"
        )
        senders.append((sender, organisation))
    entries = []
    for number in range(6):
        receiver = make_organisation(f"Empfänger {number} AG", municipality="Siegen", status="published")
        entries += [make_entry(receiver, title=f"Bedarf {number}-{index}") for index in range(4)]
    return DataSet(
        space=space,
        places=bookable_places(space, bookers[0]),
        bookers=bookers,
        senders=senders,
        member=make_user("mia@example.org", "Mia Member"),
        entries=entries,
    )


def bookable_places(space, member):
    """Every (day, slot) of the next three weeks that is open for booking now (the server runs on the real clock)."""
    today, moment = availability.local_today(), timezone.now()
    places = []
    for offset in range(1, 22):
        for slot in space.slots.order_by("starts"):
            day = today + timedelta(days=offset)
            try:
                services.check(member=member, space=space, days=[day], slots=[slot], moment=moment)
            except services.PolicyError:
                continue
            places.append((day, slot))
    return places


# --- the load ------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str
    started: float
    finished: float
    status: int
    friendly: bool = False
    detail: dict = field(default_factory=dict)


class Load:
    """Threads that send requests until stopped; every answer is kept as an Outcome."""

    def __init__(self, server):
        self.server = server
        self.outcomes = []
        self.errors = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = []

    def run(self, name, step, pause=PAUSE):
        def loop():
            while not self._stop.is_set():
                try:
                    step()
                except Exception as error:  # noqa: BLE001 - reported by the test
                    with self._lock:
                        self.errors.append(f"{name}: {error!r}")
                time.sleep(pause)

        thread = threading.Thread(target=loop, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def send(self, kind, browser, method, path, data=None, **detail):
        started = time.monotonic()
        if method == "GET":
            response = browser.get(self.server.url + path)
        else:
            response = browser.post(self.server.url + path, data)
        outcome = Outcome(kind, started, time.monotonic(), response.status, detail=detail)
        if response.status == 503 and kind != "healthz":
            outcome.friendly = HEADING in response.text and response.headers.get("Retry-After") == str(
                RETRY_AFTER_SECONDS
            )
        outcome.detail["location"] = response.location
        with self._lock:
            self.outcomes.append(outcome)
        return response

    def wait_for_successes(self, kinds, after, until):
        """Until each kind has two answers other than 503 to requests sent after `after`, or `until`."""

        def recovered(kind):
            with self._lock:
                answers = [o for o in self.outcomes if o.kind == kind and o.started > after and o.status != 503]
            return len(answers) >= 2

        while time.monotonic() < until and not all(recovered(kind) for kind in kinds):
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=40)


def cycle(items):
    """A function that returns the items in turn, round and round."""
    position = 0

    def take():
        nonlocal position
        position += 1
        return items[(position - 1) % len(items)]

    return take


def signed_in(server, users_and_pages):
    """A Browser logged in as each user, and the CSRF token of the form on the page given for them (in parallel)."""

    def sign_in(user, page):
        browser = Browser()
        log_in(browser, server, user.email)
        return browser, csrf_token(browser.get(server.url + page))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda pair: sign_in(*pair), users_and_pages))


def start_load(load, data):
    space = data.space
    pages = [english("portal:home"), english("companies:directory"), english("coworking:space", space.slug)]
    book_path, contact_page = (
        english("coworking:book", space.slug),
        english("matching:contact_entry", data.entries[0].pk),
    )
    people = [data.member, *data.bookers, *(user for user, _organisation in data.senders)]
    forms = [pages[1]] + [book_path] * len(data.bookers) + [contact_page] * len(data.senders)
    sessions = signed_in(load.server, list(zip(people, forms, strict=True)))
    (member, _token), booking_sessions, sending_sessions = (
        sessions[0],
        sessions[1 : -len(data.senders)],
        sessions[-len(data.senders) :],
    )

    health = Browser()
    load.run("healthz", lambda: load.send("healthz", health, "GET", "/healthz"))

    visitor, next_page = Browser(), cycle(pages)
    load.run("visitor", lambda: load.send("visitor", visitor, "GET", next_page()))

    # A member's searches: never in any cache, each needs the database.
    load.run("search", lambda: load.send("search", member, "GET", f"{pages[1]}?q=Sensorik+{uuid.uuid4().hex[:6]}"))

    bookers = [
        (browser, token, cycle(data.places[number * 3 :] + data.places[: number * 3]))
        for number, (browser, token) in enumerate(booking_sessions)
    ]
    for group in (bookers[::2], bookers[1::2]):
        next_booker = cycle(group)

        def book(next_booker=next_booker):
            browser, token, next_place = next_booker()
            day, slot = next_place()
            key = str(uuid.uuid4())
            form = {
                "date": day.isoformat(),
                "slots": [slot.pk],
                "idempotency_key": key,
                "note": "",
                "csrfmiddlewaretoken": token,
            }
            load.send(
                "booking", browser, "POST", book_path, form, key=key, client=browser, form=form, address=book_path
            )

        load.run("booking", book)

    senders = [
        (user, organisation, browser, token, iter(data.entries))
        for (user, organisation), (browser, token) in zip(data.senders, sending_sessions, strict=True)
    ]
    for group in (senders[::2], senders[1::2]):
        next_sender = cycle(group)

        def contact(next_sender=next_sender):
            user, organisation, browser, token, entries = next_sender()
            entry = next(entries, None)
            if entry is None:
                return  # this sender has written about every need
            message = f"Anfrage {uuid.uuid4()}"
            form = {
                "sender_organisation": organisation.pk,
                "sender_entry": "",
                "message": message,
                "phone": "",
                "csrfmiddlewaretoken": token,
            }
            path = english("matching:contact_entry", entry.pk)
            load.send(
                "contact",
                browser,
                "POST",
                path,
                form,
                sender=user.email,
                entry=entry.pk,
                message=message,
                client=browser,
                form=form,
                address=path,
            )

        load.run("contact", contact, pause=0.25)


# --- the test ------------------------------------------------------------------------------------------------


def test_the_portal_rides_out_a_database_restart_under_load(throwaway_cluster, tmp_path):
    began = time.monotonic()
    data = make_data_set()
    copy_test_database_to(throwaway_cluster)
    copied = time.monotonic()
    redis = _redis()
    redis.flushdb()
    plain_errors = os.environ.get("DB_RESTART_PLAIN_ERRORS") == "1"
    (tmp_path / "scaleout_settings.py").write_text(SETTINGS_MODULE + (PLAIN_ERRORS if plain_errors else ""))
    (tmp_path / "plain_errors_urls.py").write_text(PLAIN_ERRORS_URLS)
    environment = {
        **_environment(tmp_path),
        "DATABASE_URL": throwaway_cluster.url,
        "CACHE_URL": REDIS_URL,
        "RATE_LIMITS_ENABLED": "0",  # the load sends more bookings and requests per person than the limits allow
    }
    server = _start_gunicorn("fault", tmp_path, environment)
    try:
        _wait_until_healthy(server, time.monotonic() + STARTUP_SECONDS)
        serving = time.monotonic()
        load = Load(server)
        start_load(load, data)
        loading = time.monotonic()
        timeline = restart_under_load(load, throwaway_cluster)
        in_doubt = send_again_what_is_in_doubt(load, throwaway_cluster)
    finally:
        _stop(server)
        redis.flushdb()
    print(  # noqa: T201 - where the time goes
        f"\ndata set and copy {copied - began:.1f} s, gunicorn up {serving - copied:.1f} s, "
        f"log-ins {loading - serving:.1f} s, load {timeline['end'] - loading:.1f} s"
    )
    assert not load.errors, load.errors[:5]
    outcomes = load.outcomes
    statuses = Counter((outcome.kind, outcome.status) for outcome in outcomes)
    print(f"responses by kind and status: {dict(sorted(statuses.items()))}")  # noqa: T201 - the report's figures

    assert_no_server_error_but_the_friendly_503(outcomes, server)
    assert_the_outage_was_answered_with_503(outcomes, timeline)
    recovery = assert_it_recovered_by_itself(outcomes, timeline)
    print(  # noqa: T201
        f"database down {timeline['starting'] - timeline['down']:.1f} s, up {timeline['up'] - timeline['starting']:.1f}"
        f" s after the start command; seconds from then to each kind's first success: {recovery}"
    )
    with psycopg.connect(throwaway_cluster.url) as database:
        counts = assert_exactly_what_was_confirmed_is_written(database, outcomes, in_doubt)
        assert_nothing_half_written(database, counts["bookings"])
        assert_constraints_in_force(database)
    print(f"written: {counts}; in doubt (written, but answered 503) and sent again: {in_doubt['counts']}")  # noqa: T201


def restart_under_load(load, cluster):
    """Two seconds of load, the database down for DOWN_SECONDS, then back; the load goes on until every kind of
    request got through twice (at most RECOVERY_BUDGET seconds) and one second more. Returns the moments."""
    time.sleep(2)
    cluster.ctl("stop")  # fast shutdown: every open connection is terminated
    down = time.monotonic()
    time.sleep(DOWN_SECONDS)
    starting = time.monotonic()
    starter = threading.Thread(target=cluster.ctl, args=("start",))
    starter.start()
    up = cluster.wait_until_accepting()
    starter.join()
    load.wait_for_successes(("healthz", "search", "booking", "contact"), after=up, until=up + RECOVERY_BUDGET)
    time.sleep(1)  # and a little longer: no request may fail once the first ones got through
    load.stop()
    return {"down": down, "starting": starting, "up": up, "end": time.monotonic()}


def send_again_what_is_in_doubt(load, cluster):
    """A booking or contact request can be written and still get the 503 page: the database went away after the
    commit, during a later query of the same request (the hosts' addresses for the e-mail, the sender's language).
    The page asks to check and send again; the booking form's key and the one open request per need make that safe.
    Does so for each such one and keeps what the portal answered."""
    with psycopg.connect(cluster.url) as database:
        keys = set(rows(database, "SELECT idempotency_key::text FROM coworking_booking"))
        requests = set(
            rows(
                database,
                "SELECT u.email, r.entry_id, r.message FROM matching_contactrequest r "
                "JOIN accounts_user u ON u.id = r.sender_id",
                width=3,
            )
        )
    failed = [outcome for outcome in load.outcomes if outcome.status == 503]
    bookings = [o for o in failed if o.kind == "booking" and o.detail["key"] in keys]
    contacts = [
        o
        for o in failed
        if o.kind == "contact" and (o.detail["sender"], o.detail["entry"], o.detail["message"]) in requests
    ]
    answers = {"booking": [], "contact": []}
    for outcome in bookings:
        answer = outcome.detail["client"].post(load.server.url + outcome.detail["address"], outcome.detail["form"])
        answers["booking"].append((outcome.detail["key"], answer.status, answer.location))
    for outcome in contacts:
        answer = outcome.detail["client"].post(load.server.url + outcome.detail["address"], outcome.detail["form"])
        answers["contact"].append((outcome.detail["entry"], answer.status, ALREADY_SENT in answer.text))
    return {
        "bookings": bookings,
        "contacts": contacts,
        "answers": answers,
        "counts": {"bookings": len(bookings), "contact requests": len(contacts)},
    }


def assert_no_server_error_but_the_friendly_503(outcomes, server):
    unexpected = [outcome for outcome in outcomes if outcome.status >= 500 and outcome.status != 503]
    assert not unexpected, f"{len(unexpected)} server errors, e.g. {unexpected[:3]}"
    unfriendly = [o for o in outcomes if o.status == 503 and o.kind != "healthz" and not o.friendly]
    assert not unfriendly, unfriendly[:3]
    assert not re.findall(r'" 5(?!03)\d\d ', server.access_log())
    assert "Internal Server Error" not in server.log.with_suffix(".err").read_text(errors="replace")


def assert_the_outage_was_answered_with_503(outcomes, timeline):
    """Sent after the database was down and answered before it was started: all 503, /healthz too."""
    during = [o for o in outcomes if o.started > timeline["down"] and o.finished < timeline["starting"]]
    for kind in ("healthz", "search", "booking", "contact"):
        answers = Counter(outcome.status for outcome in during if outcome.kind == kind)
        assert answers and set(answers) == {503}, f"{kind} during the outage: {answers}"
    # A visitor's page may come from the shared page cache (no database needed); otherwise it is the 503 page.
    assert {outcome.status for outcome in during if outcome.kind == "visitor"} <= {200, 503}


def assert_it_recovered_by_itself(outcomes, timeline):
    """Every kind of request succeeds for good within RECOVERY_BUDGET seconds of the database accepting connections:
    the first request sent after the last 503 of its kind. Returns those seconds by kind."""
    recovery = {}
    for kind in ("healthz", "search", "booking", "contact"):
        after = sorted(
            (outcome for outcome in outcomes if outcome.kind == kind and outcome.started > timeline["starting"]),
            key=lambda outcome: outcome.started,
        )
        last_failure = max((outcome.finished for outcome in after if outcome.status == 503), default=timeline["up"])
        succeeded = [outcome for outcome in after if outcome.started >= last_failure]
        assert succeeded, f"{kind} did not recover"
        recovery[kind] = round(max(succeeded[0].finished - timeline["up"], 0), 2)
        assert recovery[kind] < RECOVERY_BUDGET, f"{kind} recovered {recovery[kind]} s after the database"
    return recovery


def assert_exactly_what_was_confirmed_is_written(database, outcomes, in_doubt):
    """Each booking the portal confirmed exists exactly once, and nothing else; the same for contact requests. A
    booking in doubt, sent again, is answered with that booking; a contact request in doubt, with "already sent"."""
    booked = [o for o in outcomes if o.kind == "booking" and o.status == 302]
    assert booked and all("/bookings/" in o.detail["location"] for o in booked)
    assert all(status == 302 and "/bookings/" in location for _key, status, location in in_doubt["answers"]["booking"])
    assert all(status == 200 and already for _detail, status, already in in_doubt["answers"]["contact"])
    confirmed = Counter(o.detail["key"] for o in booked) + Counter(o.detail["key"] for o in in_doubt["bookings"])
    stored = Counter(
        rows(
            database,
            "SELECT idempotency_key::text FROM coworking_booking b JOIN accounts_user u ON "
            "u.id = b.member_id WHERE u.email LIKE 'booker%'",
        )
    )
    assert stored == confirmed
    sent = Counter(
        (o.detail["sender"], o.detail["entry"], o.detail["message"])
        for o in [*(o for o in outcomes if o.kind == "contact" and o.status == 302), *in_doubt["contacts"]]
    )
    written = Counter(
        rows(
            database,
            "SELECT u.email, r.entry_id, r.message FROM matching_contactrequest r "
            "JOIN accounts_user u ON u.id = r.sender_id",
            width=3,
        )
    )
    assert sent and written == sent
    return {"bookings": sum(stored.values()), "contact requests": sum(written.values())}


def assert_nothing_half_written(database, bookings):
    """Every booking has its one place (one slot was booked each time), for its member and space; every contact
    request has its message."""
    assert not rows(
        database,
        "SELECT b.id FROM coworking_booking b WHERE NOT EXISTS "
        "(SELECT 1 FROM coworking_occupancy o WHERE o.booking_id = b.id)",
    )
    assert not rows(
        database,
        "SELECT o.id FROM coworking_occupancy o JOIN coworking_booking b ON b.id = o.booking_id "
        "WHERE o.member_id IS DISTINCT FROM b.member_id OR o.space_id <> b.space_id",
    )
    assert rows(database, "SELECT count(*) FROM coworking_occupancy") == [bookings]
    assert not rows(database, "SELECT id FROM matching_contactrequest WHERE btrim(message) = ''")


def rows(database, sql, width=1):
    result = database.execute(sql).fetchall()
    return [row[0] for row in result] if width == 1 else [tuple(row) for row in result]


def assert_constraints_in_force(database):
    """Every constraint the models declare exists and is validated, so every row written obeys it."""
    names = [
        constraint.name for model in (Booking, Occupancy, ContactRequest) for constraint in model._meta.constraints
    ]
    checked = set(rows(database, "SELECT conname FROM pg_constraint WHERE convalidated"))
    indexed = set(
        rows(database, "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indisvalid")
    )
    missing = [name for name in names if name not in checked | indexed]
    assert not missing, missing
