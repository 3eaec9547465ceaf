"""Storage periods (accounts/retention.py and each app's retention.py, `manage.py retention`): records just past
their period are deleted or anonymised, records just inside it stay, a second run changes nothing, a dry run
changes nothing, and the privacy notice states the configured periods."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accounts import audit, retention
from accounts.models import AuditEvent, AuditKind, User
from coworking.models import Booking, Occupancy, WaitlistEntry
from matching.models import ContactRequest
from portal.models import Feedback
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_space

MINUTE = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def periods(settings):
    settings.RETENTION_BOOKINGS_DAYS = 365
    settings.RETENTION_WAITLIST_DAYS = 30
    settings.RETENTION_CONTACT_REQUESTS_DAYS = 180
    settings.RETENTION_UNVERIFIED_ACCOUNTS_DAYS = 30
    settings.RETENTION_FEEDBACK_DAYS = 365


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def space(alice):
    return make_space(make_organisation("Sauerland Coworking eG", kind="coworking", owner=alice))


def book(space, member, *ends, desk=0, note="Ich bringe einen Monitor mit."):
    """A booking of `member` with one booked place (a morning at the `desk`-th desk) ending at each of `ends`."""
    booking = Booking.objects.create(space=space, member=member, note=note, created=min(ends) - timedelta(days=7))
    for end in ends:
        Occupancy.objects.create(
            booking=booking,
            space=space,
            resource=space.resources.all()[desk],
            slot=space.slots.first(),
            date=timezone.localdate(end),
            starts_at=end - timedelta(hours=5),
            ends_at=end,
            member=member,
        )
    return booking


def test_bookings_are_anonymised_after_the_period_and_the_booked_places_stay(space, bob, charlie, now):
    cutoff = now - timedelta(days=365)
    old = book(space, bob, cutoff - MINUTE)
    recent = book(space, charlie, cutoff + MINUTE, desk=1)
    spanning = book(space, bob, cutoff - timedelta(days=2), cutoff + timedelta(days=2))

    assert retention.apply(now=now)[_index("RETENTION_BOOKINGS_DAYS")].count == 1

    old.refresh_from_db()
    assert old.member is None and old.note == ""
    assert not old.occupancies.filter(member__isnull=False).exists()
    assert Booking.objects.count() == 3 and Occupancy.objects.count() == 4  # the host's figures keep every row
    for kept, member in [(recent, charlie), (spanning, bob)]:
        kept.refresh_from_db()
        assert kept.member == member and kept.note
        assert not kept.occupancies.filter(member__isnull=True).exists()


def test_waiting_list_entries_are_deleted_after_the_day_waited_for(space, bob, now):
    last_kept = timezone.localdate(now - timedelta(days=30))
    slot = space.slots.first()
    kept = WaitlistEntry.objects.create(space=space, slot=slot, member=bob, date=last_kept)
    WaitlistEntry.objects.create(space=space, slot=slot, member=bob, date=last_kept - timedelta(days=1))

    assert retention.apply(now=now)[_index("RETENTION_WAITLIST_DAYS")].count == 1
    assert list(WaitlistEntry.objects.all()) == [kept]


def test_contact_requests_are_deleted_after_their_answer_or_expiry(organisation, bob, charlie, now):
    cutoff = now - timedelta(days=180)
    startup = make_organisation("Ruhrlogik GmbH", kind="startup", municipality="Dortmund", owner=charlie)

    def request(status, **times):
        return ContactRequest.objects.create(
            sender=bob,
            sender_organisation=organisation,
            receiver=startup,
            message="Wir würden gern über Ihre Bildverarbeitung sprechen.",
            sender_phone="+49 2931 12345",
            status=status,
            created=cutoff - timedelta(days=20),
            expires_at=times.pop("expires_at", cutoff - timedelta(days=6)),
            **times,
        )

    request("declined", answered_at=cutoff - MINUTE, reply="Leider nicht.")
    request("expired", expires_at=cutoff - MINUTE)
    kept = [
        request("accepted", answered_at=cutoff + MINUTE, reply="Gern!"),
        request("expired", expires_at=cutoff + MINUTE),
        request("pending", expires_at=now + timedelta(days=3)),
    ]

    assert retention.apply(now=now)[_index("RETENTION_CONTACT_REQUESTS_DAYS")].count == 2
    assert set(ContactRequest.objects.all()) == set(kept)


def test_accounts_never_confirmed_nor_used_are_deleted_after_the_period(db, now):
    cutoff = now - timedelta(days=30)
    make_user("gone@example.org", verified=False, date_joined=cutoff - MINUTE)
    kept = {
        make_user("new@example.org", verified=False, date_joined=cutoff + MINUTE),
        make_user("confirmed@example.org", verified=True, date_joined=cutoff - timedelta(days=400)),
        make_user("used@example.org", verified=False, date_joined=cutoff - MINUTE, last_login=cutoff),
        make_user("admin@example.org", verified=False, date_joined=cutoff - MINUTE, is_staff=True),
    }

    assert retention.apply(now=now)[_index("RETENTION_UNVERIFIED_ACCOUNTS_DAYS")].count == 1
    assert set(User.objects.all()) == kept
    assert not EmailAddress.objects.filter(email="gone@example.org").exists()


def test_messages_through_the_forms_are_deleted_after_the_period(db, now):
    cutoff = now - timedelta(days=365)
    Feedback.objects.create(kind="contact", email="anna@example.org", message="Hallo", created=cutoff - MINUTE)
    kept = Feedback.objects.create(kind="barrier", message="Kontrast zu gering", created=cutoff + MINUTE)

    assert retention.apply(now=now)[_index("RETENTION_FEEDBACK_DAYS")].count == 1
    assert list(Feedback.objects.all()) == [kept]


def test_security_audit_events_are_deleted_after_their_period(db, now, settings):
    settings.AUDIT_LOG_KEEP_DAYS = 365
    old = audit.record(AuditKind.LOGIN_FAILED, attempted="x")
    kept = audit.record(AuditKind.LOGIN_FAILED, attempted="y")
    AuditEvent.objects.filter(pk=old.pk).update(created=now - timedelta(days=365) - MINUTE)
    AuditEvent.objects.filter(pk=kept.pk).update(created=now - timedelta(days=365) + MINUTE)

    assert retention.apply(now=now)[_index("AUDIT_LOG_KEEP_DAYS")].count == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_second_run_changes_nothing(space, bob, now):
    book(space, bob, now - timedelta(days=400))
    make_user("gone@example.org", verified=False, date_joined=now - timedelta(days=31))
    assert sum(outcome.count for outcome in retention.apply(now=now)) == 2

    assert [outcome.count for outcome in retention.apply(now=now)] == [0] * len(retention.rules())


def test_the_dry_run_counts_and_changes_nothing(space, bob, now):
    booking = book(space, bob, now - timedelta(days=400))
    make_user("gone@example.org", verified=False, date_joined=now - timedelta(days=31))
    out = StringIO()

    call_command("retention", "--dry-run", stdout=out)

    assert re.search(r"\b1  co-working bookings anonymised \(older than 365 days\)", out.getvalue())
    assert re.search(r"\b1  accounts deleted whose e-mail address was never confirmed", out.getvalue())
    assert "Dry run: nothing was changed." in out.getvalue()
    booking.refresh_from_db()
    assert booking.member == bob and booking.occupancies.get().member == bob
    assert User.objects.filter(email="gone@example.org").exists()

    call_command("retention", stdout=StringIO())
    booking.refresh_from_db()
    assert booking.member is None


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_privacy_notice_states_the_configured_periods(client, db, settings, language):
    settings.RETENTION_BOOKINGS_DAYS = 400
    settings.RETENTION_WAITLIST_DAYS = 21
    settings.RETENTION_CONTACT_REQUESTS_DAYS = 90
    settings.RETENTION_UNVERIFIED_ACCOUNTS_DAYS = 1
    settings.RETENTION_FEEDBACK_DAYS = 500
    settings.AUDIT_LOG_KEEP_DAYS = 730
    settings.MAIL_QUEUE_KEEP_SENT_DAYS = 3
    with translation.override(language):
        page = client.get(reverse("portal:privacy")).content.decode()

    for period, number in [
        ("bookings", 400),
        ("waitlist", 21),
        ("contact-requests", 90),
        ("feedback", 500),
        ("audit-log", 730),
        ("sent-mail", 3),
    ]:
        assert re.search(rf'<dd id="retention-{period}">[^<]*\b{number}\b', page), period
    assert re.search(r'<dd id="retention-unverified-accounts">[^<]*\b1\b', page)


def _index(setting):
    return [rule.setting for rule in retention.rules()].index(setting)
