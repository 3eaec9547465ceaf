"""Needs and offers lapse after six months; two weeks before, the organisation's members get one reminder
(DOMAIN.md §5), sent by the daily matching_housekeeping command."""

from datetime import date, timedelta
from io import StringIO

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from matching import expiry
from matching.models import LIFETIME, Entry
from tests.conftest import make_organisation

from .conftest import make_entry

TODAY = date(2026, 3, 20)


def remind(capture, today=TODAY):
    with capture(execute=True):
        return expiry.send_reminders(today)


def test_it_reminds_owners_and_editors_once_of_entries_expiring_within_two_weeks(
    organisation, alice, bob, django_capture_on_commit_callbacks
):
    due = make_entry(organisation, title="OPC-UA-Anbindung alter Maschinen", expires_on=TODAY + timedelta(days=14))
    talks = make_entry(organisation, side="offer", title="Pressendaten", status="in-talks", expires_on=TODAY)
    later = make_entry(organisation, title="Später fällig", expires_on=TODAY + timedelta(days=15))

    assert remind(django_capture_on_commit_callbacks) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([alice.email, bob.email] * 2)
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert {Entry.objects.get(pk=pk).reminded_at is not None for pk in (due.pk, talks.pk)} == {True}
    assert Entry.objects.get(pk=later.pk).reminded_at is None

    assert remind(django_capture_on_commit_callbacks) == 0  # running twice sends once
    assert len(mail.outbox) == 4


def test_it_does_not_remind_of_closed_expired_or_unpublished_entries(
    organisation, charlie, django_capture_on_commit_callbacks
):
    soon = TODAY + timedelta(days=3)
    make_entry(organisation, title="Schon erledigt", status="closed", expires_on=soon)
    make_entry(organisation, title="Abgelaufen", expires_on=TODAY - timedelta(days=1))
    draft = make_organisation("Entwurf GmbH", owner=charlie, status="draft")
    make_entry(draft, title="Nicht veröffentlicht", expires_on=soon)
    hidden = make_organisation("Versteckt GmbH", owner=charlie, status="hidden", hidden_reason="Spam")
    make_entry(hidden, title="Ausgeblendet", expires_on=soon)

    assert remind(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert not Entry.objects.filter(reminded_at__isnull=False).exists()


def test_the_reminder_names_the_entry_its_date_in_words_and_the_renewal_page(
    organisation, alice, django_capture_on_commit_callbacks
):
    entry = make_entry(
        organisation, side="offer", title="Retrofit-Sensorik für Altmaschinen", expires_on=date(2026, 4, 2)
    )
    translation.activate("en")  # the mail is German whatever the language of the moment
    remind(django_capture_on_commit_callbacks)
    translation.deactivate()

    message = next(message for message in mail.outbox if message.to == [alice.email])
    assert "Retrofit-Sensorik für Altmaschinen" in message.subject
    assert "Retrofit-Sensorik für Altmaschinen" in message.body
    assert "Sauerland Sensorik GmbH" in message.body
    assert "2. April 2026" in message.body
    with translation.override("de"):
        link = settings.SITE_URL + entry.get_absolute_url()
    assert link.startswith("http") and f"{link}\n" in message.body


def test_renewing_pushes_the_expiry_back_and_lets_a_later_reminder_come_again(
    organisation, django_capture_on_commit_callbacks
):
    entry = make_entry(organisation, expires_on=TODAY + timedelta(days=10))
    assert remind(django_capture_on_commit_callbacks) == 1

    entry.refresh_from_db()
    entry.renew(TODAY)
    assert entry.expires_on == TODAY + LIFETIME
    assert remind(django_capture_on_commit_callbacks) == 0  # six months to go

    assert remind(django_capture_on_commit_callbacks, TODAY + LIFETIME - timedelta(days=13)) == 1
    assert len(mail.outbox) == 4  # alice and bob, twice


def test_the_daily_command_reports_reminders_and_todays_expiries(organisation, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    make_entry(organisation, title="Bald fällig", expires_on=today + timedelta(days=5))
    make_entry(organisation, title="Gestern letzter Tag", expires_on=today - timedelta(days=1))
    make_entry(organisation, title="Vorgestern letzter Tag", expires_on=today - timedelta(days=2))

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("matching_housekeeping", stdout=out)
    assert "reminded of their expiry: 1" in out.getvalue()
    assert "expired today: 1" in out.getvalue()
    assert len(mail.outbox) == 2

    out = StringIO()
    call_command("matching_housekeeping", stdout=out)
    assert "reminded of their expiry: 0" in out.getvalue()
