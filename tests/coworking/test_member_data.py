"""The co-working part of a person's data export and account deletion."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from accounts import personal_data
from accounts.models import User
from coworking import services
from coworking.models import Booking, CalendarFeed, Occupancy, OccupancyState, WaitlistEntry
from tests.e2e.pages import reauthenticated

from .conftest import berlin


@pytest.fixture
def now(frozen_now):
    return frozen_now(berlin(2026, 3, 23, 9))


def booked(member, space, day, slot="Morning", **extra):
    return services.book(
        member=member,
        space=space,
        days=[day],
        slots=[space.slots.get(name=slot)],
        idempotency_key=uuid.uuid4(),
        **extra,
    )


@pytest.fixture
def history(bob, space, now, frozen_now):
    """bob: a past booking (Monday 23 March, morning, checked in), a future one, a waiting-list entry, a feed."""
    frozen_now(berlin(2026, 3, 20, 9))
    past = booked(bob, space, date(2026, 3, 23), note="Bitte mit Monitor")
    frozen_now(now)
    future = booked(bob, space, date(2026, 3, 24), resource=space.resources.get(name="Window desk"))
    entry = WaitlistEntry.objects.create(
        space=space, slot=space.slots.get(name="Afternoon"), date=date(2026, 3, 25), member=bob
    )
    CalendarFeed.objects.create(member=bob)
    frozen_now(berlin(2026, 3, 23, 14))
    return past, future, entry


def test_the_export_lists_bookings_and_waiting_list_but_not_the_feed_token(bob, history):
    past, future, entry = history
    data = personal_data.export(bob)
    bookings = data["coworking_bookings"]
    assert [row["booking"] for row in bookings] == [past.reference, future.reference]
    assert bookings[1]["space"] == "Digitalwerk Meschede" and bookings[1]["place"] == "Window desk"
    assert bookings[1]["date"] == "2026-03-24" and bookings[1]["slot"] == "Morning"
    assert bookings[0]["note_to_host"] == "Bitte mit Monitor"
    assert data["coworking_waiting_list"][0]["date"] == "2026-03-25"
    assert data["coworking_calendar_feed"]["created"]
    assert CalendarFeed.objects.get().token not in str(data)


def test_the_deletion_page_says_what_happens_to_bookings(client, bob, history):
    client.force_login(bob)
    reauthenticated(client, bob)
    notes = client.get(reverse("accounts:delete")).context["notes"]
    assert any("1 slot" in str(note) or "1 Zeitfenster" in str(note) for note in notes)


def test_deletion_cancels_future_bookings_and_keeps_past_rows_without_the_person(
    client, bob, alice, space, history, django_capture_on_commit_callbacks
):
    past, future, entry = history
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.delete_account(bob, {})
    assert not User.objects.filter(pk=bob.pk).exists()

    kept = Occupancy.objects.get(booking=past)
    assert kept.member is None and kept.state == OccupancyState.CONFIRMED
    assert Booking.objects.get(pk=past.pk).member is None
    assert Booking.objects.get(pk=past.pk).note == ""
    cancelled = Occupancy.objects.get(booking=future)
    assert cancelled.member is None and cancelled.state == OccupancyState.CANCELLED
    assert not WaitlistEntry.objects.exists() and not CalendarFeed.objects.exists()

    # the window desk is free for somebody else at once
    booked(alice, space, date(2026, 3, 24), resource=space.resources.get(name="Window desk"))
