"""E-mail never lost (issue 9 point 3): mails leave the request through the queue in the database
(portal/lib/mailqueue.py) and the worker delivers them to a real SMTP server on localhost, retrying with backoff
while the server is down; every mail arrives once it is back, exactly once, also with two workers at a time.
"""

import email
import email.policy
import io
import logging
import os
import signal
import socketserver
import threading
import time
import uuid
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
import yaml
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from coworking.models import Booking
from matching.models import ContactRequest
from portal.lib import mailqueue
from portal.models import OutgoingMail
from tests.concurrency import at_the_same_moment
from tests.conftest import PASSWORD, make_organisation, make_user
from tests.coworking.conftest import berlin, make_space
from tests.matching.conftest import make_entry
from tests.matching.requests_helpers import send as send_contact_request
from tests.regionale.conftest import with_totp

ROOT = Path(__file__).resolve().parents[2]

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite serialises writers: two workers cannot overlap there"
)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 localhost test server")
        sender, recipients = None, []
        while line := self.rfile.readline():
            verb = line[:4].decode().upper()
            if verb == "MAIL":
                sender, recipients = line.decode().split(":", 1)[1].strip(" <>\r\n"), []
            elif verb == "RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip(" <>\r\n"))
                if recipients[-1] in self.server.refused:
                    self.reply("550 no such mailbox")
                    continue
            elif verb == "DATA":
                self.reply("354 go ahead")
                self.server.received(sender, recipients, self._data())
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            self.reply("250 OK")

    def _data(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        time.sleep(self.server.delay)
        return b"".join(lines)


class SMTPServer:
    """A mail server on a free local port; `messages` are what it accepted: (sender, recipients, parsed message)."""

    def __init__(self):
        with socketserver.TCPServer(("127.0.0.1", 0), None) as probe:
            self.port = probe.server_address[1]
        self.messages = []
        self.raw = []  # the bytes of each message as they came
        self.delay = 0
        self.refused = set()  # addresses it answers "550 no such mailbox"
        self._server = None
        self._lock = threading.Lock()

    def start(self):
        server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), _SMTPHandler, bind_and_activate=False)
        server.allow_reuse_address = server.daemon_threads = True
        server.server_bind()
        server.server_activate()
        server.received, server.delay, server.refused = self._received, self.delay, self.refused
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        self._server = server

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _received(self, sender, recipients, data):
        with self._lock:
            self.raw.append(data)
            self.messages.append((sender, recipients, email.message_from_bytes(data, policy=email.policy.default)))

    def subjects_to(self, address):
        return [message["Subject"] for _sender, recipients, message in self.messages if address in recipients]


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    yield
    translation.deactivate()  # the English pages requested here leave English active in the thread


@pytest.fixture
def smtp(settings):
    """The queue as the e-mail backend, delivering to a local SMTP server that is *not running* until started."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "portal.lib.mailqueue.QueueBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


def run_worker():
    """One `manage.py mailworker --once`; returns what it reports."""
    out = io.StringIO()
    call_command("mailworker", "--once", stdout=out)
    return out.getvalue()


def queue(count=1, subject="Hallo"):
    for number in range(count):
        EmailMessage(f"{subject} {number}", "Text", None, [f"person{number}@example.org"]).send()


def make_everything_due():
    """As if the backoff had passed."""
    OutgoingMail.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=timezone.now())


# --- the three journeys while the mail server is down -----------------------------------------------------------


def book_a_desk(monkeypatch, bob):
    dora = make_user("dora@example.org", "Dora Host")
    host = make_organisation(
        "Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=dora, status="published"
    )
    space = make_space(host)
    monkeypatch.setattr("coworking.availability.now", lambda: berlin(2026, 3, 23, 9))  # a Monday
    client = Client()
    client.force_login(bob)
    form = {"date": "2026-03-24", "slots": [space.slots.get(name="Morning").pk], "idempotency_key": str(uuid.uuid4())}
    return client.post(reverse("coworking:book", args=[space.slug]), form)


def ask_a_start_up(bob, charlie):
    startup = make_organisation(
        "Ruhrlogik GmbH", kind="startup", municipality="Dortmund", owner=charlie, status="published"
    )
    offer = make_entry(startup, side="offer", title="KI-Bildverarbeitung", type="business")
    return send_contact_request(Client(), bob, offer)


def sign_up(address):
    return Client().post(reverse("account_signup"), {"email": address, "password1": PASSWORD, "password2": PASSWORD})


def test_with_the_mail_server_down_everything_succeeds_and_every_mail_arrives_once_it_is_back(
    smtp, monkeypatch, organisation, bob, charlie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booked = book_a_desk(monkeypatch, bob)
        asked = ask_a_start_up(bob, charlie)
        signed_up = sign_up("gruenderin@example.org")
    assert booked.status_code == asked.status_code == signed_up.status_code == 302
    assert booked.url.endswith(f"/{Booking.objects.get(member=bob).reference}/")
    assert asked.url.endswith(f"/{ContactRequest.objects.get(sender=bob).pk}/")
    assert signed_up.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="gruenderin@example.org").exists()
    queued = {address for mail in OutgoingMail.objects.all() for address in mail.recipients}
    assert {bob.email, charlie.email, "gruenderin@example.org"} <= queued
    count = OutgoingMail.objects.count()

    before = timezone.now()
    run_worker()  # the server is down: every mail stays, tried once, with its next try half a minute away
    for row in OutgoingMail.objects.all():
        assert (row.attempts, row.sent_at) == (1, None)
        assert before + timedelta(seconds=20) < row.next_attempt_at < timezone.now() + timedelta(seconds=31)
        assert row.last_error.startswith("ConnectionRefusedError")
    run_worker()  # not due yet: nothing tried
    assert set(OutgoingMail.objects.values_list("attempts", flat=True)) == {1}

    smtp.start()
    make_everything_due()
    run_worker()
    run_worker()  # a second round finds nothing left to send
    assert len(smtp.messages) == count == OutgoingMail.objects.filter(sent_at__isnull=False).count()
    assert [len(smtp.subjects_to(address)) for address in (bob.email, charlie.email)] == [1, 1]
    [booking_mail] = [message for _sender, to, message in smtp.messages if to == [bob.email]]
    assert Booking.objects.get(member=bob).reference in booking_mail["Subject"]
    assert [part.get_filename() for part in booking_mail.iter_attachments()][0].endswith(".ics")
    assert "KI-Bildverarbeitung" in smtp.subjects_to(charlie.email)[0]
    [verification] = smtp.subjects_to("gruenderin@example.org")
    assert verification.strip().startswith("[Brückenschlag]")
    assert all(sender == "noreply@brueckenschlag.example" for sender, _to, _message in smtp.messages)


def test_a_mail_goes_out_byte_for_byte_as_it_was_queued(smtp, db):
    smtp.start()
    message = EmailMessage(
        "Grüße aus Olpe", "Schöne Grüße\n.Punkt am Zeilenanfang\n", "Ömer <o@example.org>", ["a@example.org"]
    )
    message.bcc = ["hidden@example.org"]
    message.send()
    stored = bytes(OutgoingMail.objects.get().message)
    run_worker()
    [(sender, recipients, received)] = smtp.messages
    assert (sender, recipients) == ("o@example.org", ["a@example.org", "hidden@example.org"])
    assert smtp.raw == [stored]  # nothing re-encoded on the way
    assert received["Subject"] == "Grüße aus Olpe" and "hidden" not in stored.decode()
    assert received.get_content().splitlines() == ["Schöne Grüße", ".Punkt am Zeilenanfang"]


def test_a_refused_mail_waits_for_its_retry_and_the_others_go_out(smtp, db):
    smtp.refused = {"person1@example.org"}
    smtp.start()
    queue(3)
    assert run_worker() == "2 sent, 1 failed, 0 old ones deleted.\n"
    assert sorted(address for _sender, [address], _message in smtp.messages) == [
        "person0@example.org",
        "person2@example.org",
    ]
    refused = OutgoingMail.objects.get(sent_at__isnull=True)
    assert refused.recipients == ["person1@example.org"] and refused.attempts == 1
    assert refused.last_error.startswith("SMTPRecipientsRefused") and refused.next_attempt_at > timezone.now()


def test_a_rolled_back_change_queues_no_mail(smtp, db):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError
    assert not OutgoingMail.objects.exists()


def test_the_booking_and_the_request_write_their_mails_in_their_own_transaction(
    smtp, monkeypatch, organisation, bob, charlie
):
    """No on-commit step between the change and its mail: a database that fails right after the commit cannot
    leave a booking or request without its mail (on-commit callbacks never run inside this test's transaction)."""
    assert book_a_desk(monkeypatch, bob).status_code == 302
    assert ask_a_start_up(bob, charlie).status_code == 302
    queued = sorted(address for mail in OutgoingMail.objects.all() for address in mail.recipients)
    assert queued == sorted([bob.email, charlie.email])


# --- backoff, giving up, retention ------------------------------------------------------------------------------


def test_the_backoff_doubles_from_half_a_minute_to_an_hour_with_jitter():
    for attempts, longest in [(1, 30), (2, 60), (3, 120), (4, 240), (7, 1920), (8, 3600), (20, 3600)]:
        delays = {mailqueue.backoff(attempts).total_seconds() for _ in range(20)}
        assert all(0.75 * longest <= delay <= longest for delay in delays), (attempts, delays)
        assert len(delays) > 1  # spread out, not all in the same second


def test_a_mail_refused_past_the_give_up_age_is_kept_logged_and_can_be_retried(smtp, db, settings, caplog):
    queue(2)
    old, young = OutgoingMail.objects.order_by("pk")
    OutgoingMail.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=73))
    with caplog.at_level(logging.WARNING, logger="portal.lib.mailqueue"):
        run_worker()
    old.refresh_from_db()
    assert (old.next_attempt_at, old.sent_at, old.attempts) == (None, None, 1)  # given up, still there
    assert old.last_error.startswith("ConnectionRefusedError")
    assert [record.levelname for record in caplog.records if f"e-mail {old.pk} " in record.getMessage()] == ["ERROR"]
    assert list(OutgoingMail.objects.given_up()) == [old]
    young.refresh_from_db()
    assert young.next_attempt_at is not None  # younger ones go on trying

    make_everything_due()
    run_worker()
    old.refresh_from_db()
    assert old.attempts == 1  # given up means not tried again by itself

    smtp.start()
    assert mailqueue.retry_now(OutgoingMail.objects.filter(pk=old.pk)) == 1
    run_worker()
    assert smtp.subjects_to("person0@example.org") == ["Hallo 0"]
    old.refresh_from_db()
    assert old.sent_at is not None and old.last_error == ""


def test_sent_mails_are_deleted_after_the_retention_period_given_up_ones_after_30_days(settings, db):
    settings.MAIL_QUEUE_KEEP_SENT_DAYS = 7
    now = timezone.now()
    kept = OutgoingMail.objects.bulk_create(
        OutgoingMail(from_email="a@example.org", recipients=["b@example.org"], message=b"x", **state)
        for state in [
            {"sent_at": now - timedelta(days=6)},
            {"next_attempt_at": now - timedelta(days=20), "created": now - timedelta(days=40)},  # queued: never
            {"last_error": "refused", "created": now - timedelta(days=29)},
        ]
    )
    OutgoingMail.objects.create(
        from_email="a@example.org", recipients=["b"], message=b"x", sent_at=now - timedelta(days=8)
    )
    OutgoingMail.objects.create(
        from_email="a@example.org",
        recipients=["b"],
        message=b"x",
        last_error="refused",
        created=now - timedelta(days=31),
    )
    assert mailqueue.purge() == 2
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {row.pk for row in kept}


def test_a_stopping_worker_puts_back_the_mails_it_has_not_tried(smtp, db):
    smtp.start()
    queue(3)
    stop = threading.Event()
    stop.set()
    assert mailqueue.deliver_due(stop=stop) == (0, 0)
    assert smtp.messages == []
    assert list(OutgoingMail.objects.values_list("attempts", flat=True)) == [0, 0, 0]
    assert OutgoingMail.objects.due(timezone.now()).count() == 3


def test_in_development_the_worker_prints_the_mails(settings, db, capsys):
    settings.EMAIL_BACKEND = "portal.lib.mailqueue.QueueBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
    EmailMessage("Willkommen in Südwestfalen", "Grüße", None, ["a@example.org"]).send()
    assert capsys.readouterr().out == ""
    run_worker()
    printed = capsys.readouterr().out
    assert "Subject: =?utf-8?q?Willkommen_in_S=C3=BCdwestfalen?=" in printed and "\r" not in printed
    assert OutgoingMail.objects.get().sent_at is not None


def test_the_test_suite_keeps_its_outbox(db, mailoutbox):
    EmailMessage("Hallo", "Text", None, ["a@example.org"]).send()
    assert len(mailoutbox) == 1 and not OutgoingMail.objects.exists()


# --- two workers at a time ----------------------------------------------------------------------------------------


def worker(limit):
    """A worker's rounds until nothing is due; returns how many it sent."""
    sent = 0
    while True:
        done = mailqueue.deliver_due(limit)
        sent += done[0]
        if done == (0, 0):
            return sent


@postgresql_only
# One test, and the flush after it limited to this app: a whole flush of the database costs seconds.
@pytest.mark.django_db(transaction=True, available_apps=["portal"])
def test_two_workers_never_send_one_mail_twice(smtp):
    """A worker skips the mails another one holds: without FOR UPDATE it would read them as due and send them too,
    without SKIP LOCKED it would wait until the other is done. Then two workers at the same moment against a slow
    server share the queue, and every mail goes out exactly once."""
    smtp.start()
    queue(3, subject="Held")
    holding, done, claimed = threading.Event(), threading.Event(), []

    def first_worker():
        try:
            with transaction.atomic():
                claimed.extend(mailqueue.claim(10))
                holding.set()
                done.wait(3)
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    holding.wait(5)
    started = time.monotonic()
    second = mailqueue.deliver_due()
    waited = time.monotonic() - started
    done.set()
    thread.join()
    assert (second, len(claimed), smtp.messages) == ((0, 0), 3, [])
    assert waited < 1

    OutgoingMail.objects.all().delete()
    smtp.delay = 0.02  # so that the two overlap
    queue(12)
    results = at_the_same_moment(partial(worker, 2), partial(worker, 2))
    assert sum(results) == 12 and all(results), results
    assert sorted(recipients[0] for _sender, recipients, _message in smtp.messages) == sorted(
        f"person{number}@example.org" for number in range(12)
    )


@pytest.mark.django_db(transaction=True, available_apps=["portal"])
def test_the_worker_loop_delivers_mails_as_they_come_and_stops_on_sigterm(smtp):
    """`manage.py mailworker` as docker compose runs it; mails committed by another connection while it waits."""
    smtp.start()

    def meanwhile():
        try:
            queue(2)
            deadline = time.monotonic() + 10
            while len(smtp.messages) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            connection.close()
            os.kill(os.getpid(), signal.SIGTERM)  # as `docker compose stop` does

    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    thread = threading.Thread(target=meanwhile)
    try:
        thread.start()
        call_command("mailworker", "--interval", "0.1", stdout=io.StringIO())  # returns on SIGTERM
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        thread.join()
    assert len(smtp.messages) == 2
    assert OutgoingMail.objects.filter(sent_at__isnull=False).count() == 2


def test_docker_compose_runs_the_worker_from_the_app_image():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    worker = services["worker"]
    assert worker["image"] == services["web"]["image"] and worker["command"][-1] == "mailworker"
    assert worker["restart"] == "unless-stopped"
    assert worker["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


# --- the admin ----------------------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    client.force_login(with_totp(make_user("root@example.org", is_staff=True, is_superuser=True)))
    return client


def test_superusers_see_the_queue_without_addresses_and_retry_mails(superuser_client, smtp):
    queue(1, subject="Geheim")
    run_worker()
    row = OutgoingMail.objects.get()
    changelist = reverse("admin:portal_outgoingmail_changelist")
    html = superuser_client.get(changelist).content.decode()
    assert "ConnectionRefusedError" in html and "person0@example.org" not in html and "Geheim" not in html
    detail = superuser_client.get(reverse("admin:portal_outgoingmail_change", args=[row.pk])).content.decode()
    assert "ConnectionRefusedError" in detail and "person0@example.org" not in detail and "Geheim" not in detail

    response = superuser_client.post(changelist, {"action": "retry_now", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.next_attempt_at <= timezone.now() and row.attempts == 1


def test_the_queue_list_costs_the_same_queries_for_many_mails(superuser_client, smtp):
    changelist = reverse("admin:portal_outgoingmail_changelist")
    queue(1)
    with CaptureQueriesContext(connection) as one:
        assert superuser_client.get(changelist).status_code == 200
    queue(20)
    with CaptureQueriesContext(connection) as many:
        assert superuser_client.get(changelist).status_code == 200
    assert len(one) == len(many)


def test_staff_who_are_not_superusers_do_not_see_the_queue(client, db):
    client.force_login(with_totp(make_user("staff@example.org", is_staff=True)))
    assert client.get(reverse("admin:portal_outgoingmail_changelist")).status_code == 403
    assert "outgoingmail" not in client.get(reverse("admin:index")).content.decode()
