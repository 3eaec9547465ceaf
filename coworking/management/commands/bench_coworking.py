"""Benchmarks of co-working on the data set of seed_coworking_bulk.

Week view (default): renders the space page `coworking:space?view=week&date=<Monday>` through the Django test client
(DEBUG off) for the N busiest spaces at their busiest upcoming week: median, 95th percentile and queries per request.

Booking throughput (--booking-throughput): starts gunicorn (gunicorn.conf.py, on a free loopback port) or uses
--url, logs in K members by creating their sessions directly, and lets T threads fetch the booking form and post it
(CSRF token and idempotency key from the form). Reports bookings per second and what the requests came to.
"""

import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from coworking import availability, bulk
from coworking.availability import Calendar
from coworking.models import ACTIVE, ACTIVE_STATES, Booking, Occupancy, Space

BENCH_MEMBER = "bench-{:04d}@" + bulk.MEMBER_DOMAIN


def percentile(times, share):
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[round(share * 100) - 1]


def _static_storages():
    return {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


# --- the booking form, read generically -------------------------------------------------------------------------


class FormParser(HTMLParser):
    """Every <form> of a page with its <input>, <select> (with options), <textarea> and named <button> fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": attrs.get("method", "get").lower(), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name") and "disabled" not in attrs:
            self._form["fields"].append(
                {
                    "tag": "input",
                    "type": attrs.get("type", "text").lower(),
                    "name": attrs["name"],
                    "value": attrs.get("value", "on" if attrs.get("type") in ("checkbox", "radio") else ""),
                    "checked": "checked" in attrs,
                }
            )
        elif tag == "select" and attrs.get("name"):
            self._select = {"tag": "select", "name": attrs["name"], "options": [], "selected": None}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None and "disabled" not in attrs:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"] = value
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = {"tag": "textarea", "name": attrs["name"], "value": ""}
            self._form["fields"].append(self._textarea)
        elif tag == "button" and attrs.get("name") and attrs.get("type", "submit") == "submit":
            self._form["fields"].append({"tag": "button", "name": attrs["name"], "value": attrs.get("value", "")})

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def main_form(html, action_path):
    """The POST form with a CSRF token that posts to action_path (or to the page itself); the one with most fields
    when several do."""
    parser = FormParser()
    parser.feed(html)
    candidates = [
        form
        for form in parser.forms
        if form["method"] == "post"
        and any(field["name"] == "csrfmiddlewaretoken" for field in form["fields"])
        and urlsplit(form["action"]).path in ("", action_path)
    ]
    return max(candidates, key=lambda form: len(form["fields"]), default=None)


def _datey(name):
    return any(word in name.lower() for word in ("date", "day", "tag", "datum"))


def fill(form, day):
    """The form's data as a browser would send it, with `day` as the date and the first slot chosen when nothing
    is chosen yet. Returns [(name, value)]."""
    wanted = day.isoformat()
    data, groups, button, dated = [], {}, None, False
    for field in form["fields"]:
        if field["tag"] == "input" and field["type"] in ("checkbox", "radio"):
            groups.setdefault(field["name"], []).append(field)
        elif field["tag"] == "input" and field["type"] in ("submit", "image", "button", "reset", "file"):
            continue
        elif field["tag"] == "input":
            value = field["value"]
            if field["type"] == "date" or (field["type"] == "text" and _datey(field["name"])):
                value, dated = wanted, True
            data.append((field["name"], value))
        elif field["tag"] == "select":
            options = field["options"]
            value = field["selected"] if field["selected"] is not None else (options[0] if options else "")
            if _datey(field["name"]) and wanted in options:
                value, dated = wanted, True
            elif not value and "slot" in field["name"].lower():
                value = next((option for option in options if option), "")
            data.append((field["name"], value))
        elif field["tag"] == "textarea":
            data.append((field["name"], field["value"].strip()))
        elif field["tag"] == "button" and button is None:
            button = (field["name"], field["value"])
    for name, fields in groups.items():
        checked = [field for field in fields if field["checked"]]
        if _datey(name):
            matching = [field for field in fields if field["value"] == wanted]
            checked = matching[:1] or (checked if dated else checked or fields[:1])
            dated = True
        elif not checked and ("slot" in name.lower() or fields[0]["type"] == "radio"):
            checked = fields[:1]
        data += [(name, field["value"]) for field in checked]
    if button:
        data.append(button)
    return data


# --- the command ---------------------------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Measure the co-working week view through the test client (median, p95, queries), or with "
        "--booking-throughput the bookings per second of concurrent members against gunicorn. Run "
        "seed_coworking_bulk first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--spaces", type=int, default=10, help="Week view: how many of the busiest spaces (10).")
        parser.add_argument("--runs", type=int, default=20, help="Week view: measured requests per space (20).")
        parser.add_argument("--warmup", type=int, default=3, help="Week view: unmeasured requests first (3).")
        parser.add_argument("--date", help="Week view: this week (YYYY-MM-DD) instead of each space's busiest.")
        parser.add_argument("--as-member", action="store_true", help="Week view: logged in as a bulk member.")
        parser.add_argument("--json", dest="json_path", metavar="PATH", help="Also write the figures as JSON.")
        parser.add_argument("--booking-throughput", action="store_true", help="Measure concurrent bookings instead.")
        parser.add_argument("--url", help="Throughput: a running server (default: start gunicorn on a free port).")
        parser.add_argument("--members", type=int, default=60, help="Throughput: members booking (60).")
        parser.add_argument("--threads", type=int, default=8, help="Throughput: concurrent clients (8).")
        parser.add_argument("--rounds", type=int, default=3, help="Throughput: bookings each member tries (3).")
        parser.add_argument("--target-spaces", type=int, default=5, help="Throughput: spaces booked (5).")
        parser.add_argument("--workers", type=int, help="Throughput: gunicorn workers (default gunicorn.conf.py).")

    def handle(self, *args, **options):
        if options["booking_throughput"]:
            return Throughput(self, options).run()
        return self.week_view(options)

    # --- week view

    def week_view(self, options):
        runs, warmup = options["runs"], options["warmup"]
        if runs < 1 or warmup < 0 or options["spaces"] < 1:
            raise CommandError("--runs and --spaces must be at least 1, --warmup not negative.")
        fixed_week = availability.parse_day(options["date"]) if options["date"] else None
        if options["date"] and not fixed_week:
            raise CommandError("--date must be a date like 2026-11-23.")
        today = availability.local_today()
        last = today + timedelta(days=bulk.FUTURE_DAYS - 1)
        spaces = list(
            Space.objects.published()
            .annotate(
                n=Count(
                    "occupancies",
                    filter=Q(occupancies__state__in=ACTIVE_STATES, occupancies__date__range=(today, last)),
                )
            )
            .order_by("-n", "pk")[: options["spaces"]]
        )
        if not spaces:
            raise CommandError("No published spaces: run `manage.py seed_coworking_bulk` first.")
        self.stdout.write(
            f"{connection.vendor}: {Occupancy.objects.count():,} booked slots in {Space.objects.count():,} spaces; "
            f"week view of the {len(spaces)} busiest spaces, {runs} runs after {warmup} warm-up requests each"
        )
        header = f"{'space':<44}{'week':>12}{'median':>9}{'p95':>9}{'min':>9}{'queries':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        figures, all_times = [], []
        with (
            override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, STORAGES=_static_storages()),
            translation.override(settings.LANGUAGE_CODE),
        ):
            client = Client()
            if options["as_member"]:
                member = bulk.bulk_members().filter(email__startswith="mitglied-").order_by("email").first()
                if member is None:
                    raise CommandError("--as-member needs the bulk members of seed_coworking_bulk.")
                client.force_login(member)
            for space in spaces:
                week = availability.week_start(fixed_week or bulk.busiest_week(space, today, last))
                path = f"{reverse('coworking:space', args=[space.slug])}?{urlencode({'view': 'week', 'date': week})}"
                figure, times = self._measure(client, space, week, path, runs, warmup)
                figures.append(figure)
                all_times += times
        self.stdout.write("-" * len(header))
        overall = {
            "median_ms": round(statistics.median(all_times), 2),
            "p95_ms": round(percentile(all_times, 0.95), 2),
            "max_queries": max(figure["queries"] for figure in figures),
        }
        self.stdout.write(
            f"{'all spaces':<44}{'':>12}{overall['median_ms']:>9.1f}{overall['p95_ms']:>9.1f}{'':>9}"
            f"{overall['max_queries']:>9}"
        )
        if options["json_path"]:
            data = {"database": connection.vendor, "runs": runs, "warmup": warmup, "spaces": figures, **overall}
            Path(options["json_path"]).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(f"Wrote {options['json_path']}.")

    def _measure(self, client, space, week, path, runs, warmup):
        for _request in range(warmup):
            self._get(client, path)
        times = []
        for _request in range(runs):
            started = time.perf_counter()
            self._get(client, path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            self._get(client, path)
        figure = {
            "space": space.slug,
            "week": week.isoformat(),
            "path": path,
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "min_ms": round(min(times), 2),
            "queries": len(queries),
        }
        self.stdout.write(
            f"{space.name[:43]:<44}{figure['week']:>12}{figure['median_ms']:>9.1f}{figure['p95_ms']:>9.1f}"
            f"{figure['min_ms']:>9.1f}{figure['queries']:>9}"
        )
        return figure, times

    def _get(self, client, path):
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}, not 200.")
        return response


# --- booking throughput ------------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SETTINGS_MODULE = """from portal.settings import *  # noqa: F403

# The benchmark serves without collectstatic: plain static storage instead of the manifest.
STATIC_STORAGE = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STORAGES = {**STORAGES, "staticfiles": STATIC_STORAGE}  # noqa: F405
"""


class Throughput:
    def __init__(self, command, options):
        self.command = command
        self.stdout = command.stdout
        self.style = command.style
        self.options = options
        self.lock = threading.Lock()
        self.outcomes = Counter()
        self.latencies = []
        self.sample_dir = Path(tempfile.mkdtemp(prefix="bench-coworking-"))
        self.samples = {}

    def run(self):
        members_count, threads, rounds = self.options["members"], self.options["threads"], self.options["rounds"]
        if members_count < 1 or threads < 1 or rounds < 1 or self.options["target_spaces"] < 1:
            raise CommandError("--members, --threads, --rounds and --target-spaces must be at least 1.")
        server = None
        secret_key = settings.SECRET_KEY
        if self.options["url"]:
            base = self.options["url"].rstrip("/")
        else:
            secret_key = secrets.token_urlsafe(50)
            server, base = self.start_gunicorn(secret_key)
        try:
            members = self.members(members_count)
            plan = self.plan(members, rounds)
            cookies = self.sessions(members, secret_key)
            self.stdout.write(
                f"{len(plan)} booking attempts by {len(members)} members from {threads} threads against {base} "
                f"({connection.vendor})"
            )
            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(lambda item: self.attempt(base, cookies[item[0].pk], *item), plan))
            seconds = time.perf_counter() - started
            self.report(members, seconds, len(plan))
        finally:
            if server:
                server.terminate()
                server.wait(timeout=30)
            SessionStore.get_model_class().objects.filter(session_key__in=getattr(self, "session_keys", [])).delete()

    # setup

    def start_gunicorn(self, secret_key):
        port = _free_port()
        settings_dir = self.sample_dir
        (settings_dir / "bench_coworking_settings.py").write_text(SETTINGS_MODULE)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_coworking_settings",
            "PYTHONPATH": os.pathsep.join(
                [str(settings_dir), str(settings.BASE_DIR), os.environ.get("PYTHONPATH", "")]
            ),
            "SECRET_KEY": secret_key,
            "DEBUG": "0",
            "RATE_LIMITS_ENABLED": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        if self.options["workers"]:
            env["WEB_CONCURRENCY"] = str(self.options["workers"])
        log = self.sample_dir / "gunicorn.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(settings.BASE_DIR / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
            "portal.wsgi",
        ]
        with log.open("wb") as output:
            server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=output)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn stopped at once; see {log}.")
            try:
                status, _headers, _body = self.request(base, "GET", "/healthz")
                if status == 200:
                    self.stdout.write(f"gunicorn (pid {server.pid}) on {base}, log {log}")
                    return server, base
            except OSError:
                pass
            time.sleep(0.2)
        server.terminate()
        raise CommandError(f"gunicorn did not answer within 30 s; see {log}.")

    def members(self, count):
        """The benchmark's own members (bulk domain, so --clear removes them), without earlier bookings."""
        emails = [BENCH_MEMBER.format(number) for number in range(1, count + 1)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            [User(email=email, name="Bench", password="!bench") for email in emails if email not in existing]  # noqa: S106 - an unusable password (Django's '!' prefix): nobody logs in with it
        )
        members = list(User.objects.filter(email__in=emails).order_by("email"))
        Occupancy.objects.filter(member__in=members).delete()
        bookings = Booking.objects.filter(member__in=members)
        bookings._raw_delete(bookings.db)  # their rows are gone: nothing cascades
        return members

    def plan(self, members, rounds):
        """[(member, space, date)]: in round r every member books date r of a space (members spread over the target
        spaces), so members of a space compete for its free desks; dates from two weeks ahead, where places are
        left."""
        today = availability.local_today()
        candidates = list(
            Space.objects.published()
            .filter(approval_required=False, slug__startswith=bulk.PREFIX)
            .annotate(desks=Count("resources"))
            .order_by("-desks", "pk")[: self.options["target_spaces"]]
        ) or list(Space.objects.published()[: self.options["target_spaces"]])
        if not candidates:
            raise CommandError("No published spaces: run `manage.py seed_coworking_bulk` first.")
        days = {}
        for space in candidates:
            calendar = Calendar(space, today + timedelta(days=14), 14)
            first_slot = calendar.slots[:1]
            days[space.pk] = [
                day for day in calendar.dates if first_slot and calendar.cell(day, first_slot[0]).bookable
            ]
        plan = []
        for round_number in range(rounds):
            for index, member in enumerate(members):
                space = candidates[index % len(candidates)]
                if round_number < len(days[space.pk]):
                    plan.append((member, space, days[space.pk][round_number]))
        self.targets = candidates
        return plan

    def sessions(self, members, secret_key):
        """A logged-in session per member, made directly (no log-in form): {member pk: sessionid}."""
        cookies = {}
        with override_settings(SECRET_KEY=secret_key):
            for member in members:
                store = SessionStore()
                store[SESSION_KEY] = str(member.pk)
                store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
                store[HASH_SESSION_KEY] = member.get_session_auth_hash()
                store.create()
                cookies[member.pk] = store.session_key
        self.session_keys = list(cookies.values())
        return cookies

    # one attempt

    def request(self, base, method, path, headers=None, body=None):
        parts = urlsplit(base)
        client = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
        try:
            client.request(method, path, body=body, headers=headers or {})
            response = client.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            client.close()

    def attempt(self, base, session_key, member, space, day):
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("coworking:book", args=[space.slug])
        cookie = {"sessionid": session_key}
        try:
            status, headers, html = self.request(
                base, "GET", f"{path}?{urlencode({'date': day})}", {"Cookie": self._cookie(cookie)}
            )
            if status != 200:
                return self.count(f"form not shown ({status})", html)
            for header in headers.get_all("Set-Cookie") or []:
                cookie.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
            form = main_form(html, path)
            if form is None:
                return self.count("no booking form on the page", html)
            body = urlencode(fill(form, day))
            started = time.perf_counter()
            status, headers, html = self.request(
                base,
                "POST",
                path,
                {
                    "Cookie": self._cookie(cookie),
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": base + path,
                },
                body,
            )
            with self.lock:
                self.latencies.append((time.perf_counter() - started) * 1000)
        except OSError as error:
            return self.count(f"connection error ({error.__class__.__name__})", "")
        return self.count(self.classify(status, headers, html), html)

    @staticmethod
    def _cookie(values):
        return "; ".join(f"{name}={value}" for name, value in values.items())

    def classify(self, status, headers, html):
        if status in (301, 302, 303):
            location = urlsplit(headers.get("Location", "")).path
            return "booked" if location.startswith(self.booking_prefix) else f"redirected to {location}"
        if status == 200:
            return "place taken" if any(fragment in html for fragment in self.taken_fragments) else "refused (other)"
        if status == 429:
            return "rate-limited (429)"
        if status == 403:
            return "forbidden (403, CSRF?)"
        return f"error ({status})"

    @property
    def booking_prefix(self):
        with translation.override(settings.LANGUAGE_CODE):
            return reverse("coworking:booking", args=["REFERENCE"]).split("REFERENCE")[0]

    @property
    def taken_fragments(self):
        """Fixed pieces of services.PlaceTaken's messages in the site language, to recognise them in a page."""
        if not hasattr(self, "_fragments"):
            with translation.override(settings.LANGUAGE_CODE):
                messages = [
                    gettext("The last place for %(what)s was just taken."),
                    gettext("%(place)s was just taken for %(what)s."),
                ]
            pieces = [piece.strip(" .") for message in messages for piece in message.split("%(")]
            self._fragments = [piece.split(")s", 1)[-1].strip(" .") for piece in pieces]
            self._fragments = [piece for piece in self._fragments if len(piece) >= 8]
        return self._fragments

    def count(self, outcome, html):
        with self.lock:
            self.outcomes[outcome] += 1
            if outcome != "booked" and outcome not in self.samples:
                sample = self.sample_dir / f"sample-{len(self.samples) + 1}.html"
                sample.write_text(html)
                self.samples[outcome] = sample

    # report

    def report(self, members, seconds, attempts):
        booked_rows = Occupancy.objects.filter(ACTIVE, member__in=members).count()
        bookings = Booking.objects.filter(member__in=members).count()
        self.stdout.write(f"{attempts} attempts in {seconds:.1f} s: {attempts / seconds:.1f} attempts/s")
        for outcome, number in self.outcomes.most_common():
            sample = f"  (example: {self.samples[outcome]})" if outcome in self.samples else ""
            self.stdout.write(f"  {outcome:<36}{number:>6}{sample}")
        if self.latencies:
            self.stdout.write(
                f"POST latency: median {statistics.median(self.latencies):.0f} ms, "
                f"p95 {percentile(self.latencies, 0.95):.0f} ms"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{bookings} bookings in the database ({booked_rows} active slots): {bookings / seconds:.1f} bookings/s"
            )
        )
