"""The e-mail queue: every mail is stored in the database by the request that sends it, and a worker delivers it.

`QueueBackend` is the EMAIL_BACKEND. Its send_messages() stores each message (the whole MIME message as it goes
over the wire, its envelope sender and recipients) as an `OutgoingMail` row in the caller's transaction, so a mail
exists exactly when the booking or request that sent it committed, and a request never waits for, or fails with,
the mail server.

The worker (`manage.py mailworker`) calls `deliver_due()`: it claims due rows (SELECT ... FOR UPDATE SKIP LOCKED on
PostgreSQL, so several workers never take the same row; SQLite serialises writers anyway) by moving their next
attempt a lease ahead, commits, and hands each to MAIL_DELIVERY_BACKEND (SMTP, or the console in development).
A delivered row is marked sent; a failed one is tried again after an exponential backoff with jitter (30 s, 1 min,
2 min, ... at most an hour) until it is MAIL_QUEUE_GIVE_UP_HOURS old, then it stays in the table as given up and is
logged as an error, never dropped silently. A worker that dies while sending leaves its rows to be retried when
the lease ends: a mail may then go out twice, but never not at all.

Mail content is personal data: `purge()` deletes sent rows after MAIL_QUEUE_KEEP_SENT_DAYS and given-up rows after
KEEP_GIVEN_UP_DAYS.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.models import OutgoingMail

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
LEASE = timedelta(minutes=15)  # a claimed row waits this long for its worker before another may take it
KEEP_GIVEN_UP_DAYS = 30
QUEUE_BACKEND = f"{__name__}.QueueBackend"
WIRE_LINESEP = "\r\n"


class QueueBackend(BaseEmailBackend):
    """Stores the messages for the worker instead of sending them."""

    def send_messages(self, email_messages):
        now = timezone.now()
        rows = [
            OutgoingMail(
                from_email=message.from_email,
                recipients=message.recipients(),
                message=message.message().as_bytes(linesep=WIRE_LINESEP),
                next_attempt_at=now,
            )
            for message in email_messages
            if message.recipients()
        ]
        OutgoingMail.objects.bulk_create(rows)
        return len(rows)


def send(message):
    """Sends message as part of the caller's transaction. With the queue as EMAIL_BACKEND its row is written inside
    that transaction, so the mail exists exactly when the booking or request that sends it commits: a database that
    fails right after the commit cannot lose it. With another backend (the tests' outbox, a synchronous SMTP set-up)
    it goes out after the commit, never for a change that was rolled back."""
    if settings.EMAIL_BACKEND == QUEUE_BACKEND:
        message.send()
    else:
        transaction.on_commit(message.send)


class _WireMessage:
    """Stands in for the email.message.Message that Django's backends ask EmailMessage.message() for."""

    def __init__(self, data):
        self.data = data

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.data if linesep == WIRE_LINESEP else self.data.replace(WIRE_LINESEP.encode(), linesep.encode())

    def get_charset(self):
        return None  # the console backend then decodes as UTF-8, Django's DEFAULT_CHARSET


class StoredMessage(EmailMessage):
    """A queued mail handed to a real backend: the stored bytes, unchanged, to the stored envelope."""

    def __init__(self, mail):
        super().__init__(from_email=mail.from_email, to=mail.recipients)
        self.data = bytes(mail.message)

    def message(self, *args, **kwargs):
        return _WireMessage(self.data)


def backoff(attempts):
    """How long to wait after the attempts-th failed attempt: doubling from 30 s up to an hour, less up to a quarter
    at random, so that mails queued together during an outage do not all come back in the same second."""
    delay = min(FIRST_RETRY * 2 ** (max(attempts, 1) - 1), LONGEST_RETRY)
    return delay * random.uniform(0.75, 1.0)  # noqa: S311 - spreading retries, not a secret


def claim(limit, now=None):
    """Take up to `limit` due rows for this worker: their next attempt moves a lease ahead and counts."""
    now = now or timezone.now()
    with transaction.atomic():
        due = OutgoingMail.objects.due(now).order_by("next_attempt_at", "pk")
        rows = list(due.select_for_update(skip_locked=True)[:limit])
        OutgoingMail.objects.filter(pk__in=[row.pk for row in rows]).update(
            next_attempt_at=now + LEASE, attempts=F("attempts") + 1
        )
    for row in rows:
        row.attempts += 1
    return rows


def deliver_due(limit=20, stop=None):
    """Deliver what is due, at most `limit` mails; returns (sent, failed). `stop` (a threading.Event): set, the
    rows not yet tried go back to the queue as they were."""
    rows = claim(limit)
    if not rows:
        return 0, 0
    connection = get_connection(settings.MAIL_DELIVERY_BACKEND, fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - whatever it is, the mails stay queued and say why
        for row in rows:
            _failed(row, error)
        return 0, len(rows)
    sent = failed = 0
    try:
        for index, row in enumerate(rows):
            if stop is not None and stop.is_set():
                _release(rows[index:])
                break
            if _send(connection, row):
                sent += 1
            else:
                failed += 1
                _close(connection)  # perhaps broken: the next mail opens a fresh one
    finally:
        _close(connection)
    return sent, failed


def _send(connection, row):
    try:
        if connection.send_messages([StoredMessage(row)]) != 1:
            raise RuntimeError("the delivery backend sent nothing")
    except Exception as error:  # noqa: BLE001
        _failed(row, error)
        return False
    OutgoingMail.objects.filter(pk=row.pk).update(sent_at=timezone.now(), next_attempt_at=None, last_error="")
    return True


def _failed(row, error):
    now = timezone.now()
    reason = " ".join(f"{type(error).__name__}: {error}".split())[:300]
    if now - row.created >= timedelta(hours=settings.MAIL_QUEUE_GIVE_UP_HOURS):
        next_attempt_at = None
        log.error("Gave up on e-mail %s after %s attempts since %s: %s", row.pk, row.attempts, row.created, reason)
    else:
        next_attempt_at = now + backoff(row.attempts)
        log.warning(
            "E-mail %s not delivered (attempt %s), retrying at %s: %s", row.pk, row.attempts, next_attempt_at, reason
        )
    OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=next_attempt_at, last_error=reason)


def _release(rows):
    OutgoingMail.objects.filter(pk__in=[row.pk for row in rows]).update(
        next_attempt_at=timezone.now(), attempts=F("attempts") - 1
    )


def _close(connection):
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - the mails are marked already; a failing QUIT changes nothing
        log.warning("Could not close the mail connection", exc_info=True)


def purge(now=None):
    """Delete sent mails after MAIL_QUEUE_KEEP_SENT_DAYS and given-up ones after KEEP_GIVEN_UP_DAYS."""
    now = now or timezone.now()
    sent = OutgoingMail.objects.filter(sent_at__lt=now - timedelta(days=settings.MAIL_QUEUE_KEEP_SENT_DAYS))
    given_up = OutgoingMail.objects.given_up().filter(created__lt=now - timedelta(days=KEEP_GIVEN_UP_DAYS))
    return sent.delete()[0] + given_up.delete()[0]


def retry_now(queryset):
    """Make these unsent mails due at once (the admin's action); given-up ones get one more try."""
    return queryset.filter(sent_at__isnull=True).update(next_attempt_at=timezone.now())
