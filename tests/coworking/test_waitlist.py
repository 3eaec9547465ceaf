"""The waiting list: join a full slot, a freed place offered to the first in line with a two-hour hold, taking,
declining and leaving, expiry, and the host closing the day."""

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from coworking import services, waitlist
from coworking.models import Booking, Occupancy, OccupancyState, WaitlistEntry, WaitlistState
from tests.conftest import make_user

from .conftest import berlin

NOW = berlin(2026, 3, 23, 9)  # Monday
DAY = date(2026, 3, 26)  # Thursday
DESKS = 4  # three flex desks and the window desk


@pytest.fixture(autouse=True)
def _english():
    """English pages and e-mails, so the assertions hold whatever the German catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def morning(space):
    return space.slots.get(name="Morning")


@pytest.fixture
def full(space, morning, frozen_now):
    """Every desk of Thursday morning booked by someone else; returns their bookings."""
    frozen_now(NOW)
    return [
        services.book(
            member=make_user(f"booker{number}@example.org"),
            space=space,
            days=[DAY],
            slots=[morning],
            idempotency_key=uuid.uuid4(),
        )
        for number in range(DESKS)
    ]


def join_url(space, morning, day=DAY):
    return reverse("coworking:waitlist_join", args=[space.slug]) + f"?date={day:%Y-%m-%d}&slot={morning.pk}"


def entry_url(entry):
    return reverse("coworking:waitlist_entry", args=[entry.pk])


def wait(member, space, morning, minutes=0):
    return WaitlistEntry.objects.create(
        space=space, slot=morning, date=DAY, member=member, language="en", created=NOW + timedelta(minutes=minutes)
    )


def held(member):
    return Occupancy.objects.filter(member=member, state=OccupancyState.HELD)


def cancel_one(full, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(full[0], by=full[0].member)


# --- joining ------------------------------------------------------------------------------------------------


def test_it_tells_the_member_to_book_directly_while_places_are_free(client, alice, space, morning, frozen_now):
    frozen_now(NOW)
    client.force_login(alice)
    page = client.get(join_url(space, morning))
    assert "you can book one directly" in page.content.decode()
    assert reverse("coworking:book", args=[space.slug]) + f"?date=2026-03-26&amp;slot={morning.pk}" in (
        page.content.decode()
    )
    response = client.post(join_url(space, morning), {"date": "2026-03-26", "slot": morning.pk})
    assert response.status_code == 400
    assert not WaitlistEntry.objects.exists()


def test_it_joins_a_full_slot_and_shows_the_position(client, alice, bob, space, morning, full):
    wait(bob, space, morning)
    client.force_login(alice)
    page = client.get(join_url(space, morning)).content.decode()
    assert "Join the waiting list for Digitalwerk Meschede" in page
    assert "we hold it for you for two hours and e-mail you" in page
    response = client.post(join_url(space, morning), {"date": "2026-03-26", "slot": morning.pk})
    entry = WaitlistEntry.objects.get(member=alice)
    assert response.status_code == 302 and response["Location"] == entry_url(entry)
    assert (entry.state, entry.date, entry.slot, entry.language) == (WaitlistState.WAITING, DAY, morning, "en")
    assert "Number 2 in line" in client.get(entry_url(entry)).content.decode()


def test_joining_twice_says_already_on_the_list(client, alice, space, morning, full, monkeypatch):
    client.force_login(alice)
    client.post(join_url(space, morning), {"date": "2026-03-26", "slot": morning.pk})
    response = client.post(join_url(space, morning), {"date": "2026-03-26", "slot": morning.pk}, follow=True)
    assert "You are already on the waiting list" in response.content.decode()
    assert WaitlistEntry.objects.filter(member=alice).count() == 1
    # the same form sent twice at once: the database constraint lets one through, the other gets the message
    monkeypatch.setattr(waitlist, "open_entry", lambda *args: None)
    with pytest.raises(services.PolicyError, match="already on the waiting list"):
        waitlist.join(member=alice, space=space, day=DAY, slot=morning)
    assert WaitlistEntry.objects.filter(member=alice).count() == 1


def test_it_refuses_past_slots_and_members_with_a_place(client, alice, space, morning, full, frozen_now):
    client.force_login(full[0].member)
    page = client.get(join_url(space, morning)).content.decode()
    assert "You already have a place at that time" in page
    client.force_login(alice)
    frozen_now(berlin(2026, 3, 26, 8, 30))
    response = client.post(join_url(space, morning), {"date": "2026-03-26", "slot": morning.pk})
    assert response.status_code == 400 and "is already over" in response.content.decode()
    assert client.get(reverse("coworking:waitlist_join", args=[space.slug]) + "?date=30.02.2026").status_code == 400
    assert not WaitlistEntry.objects.exists()


def test_joining_is_rate_limited(client, alice, space, morning, full, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "waitlist": "1/h/user"}
    client.force_login(alice)
    client.post(join_url(space, morning), {"date": "2026-03-26", "slot": morning.pk})
    WaitlistEntry.objects.update(state=WaitlistState.WITHDRAWN)
    response = client.post(join_url(space, morning), {"date": "2026-03-26", "slot": morning.pk})
    assert response.status_code == 429
    assert WaitlistEntry.objects.filter(state=WaitlistState.WAITING).count() == 0


def test_a_member_leaves_the_list(client, alice, space, morning, full):
    entry = wait(alice, space, morning)
    client.force_login(alice)
    response = client.post(entry_url(entry), {"action": "leave"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == WaitlistState.WITHDRAWN


def test_another_member_gets_404(client, alice, bob, space, morning, full):
    entry = wait(alice, space, morning)
    client.force_login(bob)
    assert client.get(entry_url(entry)).status_code == 404
    assert client.post(entry_url(entry), {"action": "leave"}).status_code == 404
    entry.refresh_from_db()
    assert entry.state == WaitlistState.WAITING


# --- offers -------------------------------------------------------------------------------------------------


def test_a_cancellation_offers_the_place_to_the_first_in_line(
    alice, bob, charlie, space, morning, full, django_capture_on_commit_callbacks
):
    first, second = wait(alice, space, morning), wait(bob, space, morning, minutes=1)
    mail.outbox.clear()
    cancel_one(full, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == WaitlistState.OFFERED and second.state == WaitlistState.WAITING
    assert first.offered_at == NOW and first.hold_until == NOW + timedelta(hours=2)
    assert held(alice).get().booking == first.booking
    offer = next(message for message in mail.outbox if message.to == ["alice@example.org"])
    assert "We hold it for you until 11:00" in offer.body
    assert entry_url(first) in offer.body
    # the held place blocks the desk: nobody else can book it
    with pytest.raises(services.PlaceTaken):
        services.book(member=charlie, space=space, days=[DAY], slots=[morning], idempotency_key=uuid.uuid4())


def test_nobody_waiting_means_no_offer(space, morning, full, django_capture_on_commit_callbacks):
    cancel_one(full, django_capture_on_commit_callbacks)
    assert not Occupancy.objects.filter(state=OccupancyState.HELD).exists()
    assert Booking.objects.count() == DESKS
    assert waitlist.place_freed(space.pk, DAY, morning.pk) is None


def test_place_freed_twice_makes_one_offer(alice, bob, space, morning, full):
    wait(alice, space, morning), wait(bob, space, morning, minutes=1)
    services.cancel(full[0], by=full[0].member)
    assert waitlist.place_freed(space.pk, DAY, morning.pk).member == alice
    assert waitlist.place_freed(space.pk, DAY, morning.pk) is None
    assert WaitlistEntry.objects.filter(state=WaitlistState.OFFERED).count() == 1
    assert Occupancy.objects.filter(state=OccupancyState.HELD).count() == 1


def test_the_hold_ends_at_the_start_of_a_slot_starting_soon(
    alice, space, morning, full, frozen_now, django_capture_on_commit_callbacks
):
    entry = wait(alice, space, morning)
    space.cancel_deadline_hours = 0
    space.save()
    frozen_now(berlin(2026, 3, 26, 7, 30))
    cancel_one(full, django_capture_on_commit_callbacks)
    entry.refresh_from_db()
    assert entry.state == WaitlistState.OFFERED and entry.hold_until == berlin(2026, 3, 26, 8)


def test_a_started_slot_is_not_offered(alice, space, morning, full, frozen_now):
    wait(alice, space, morning)
    services.cancel(full[0], by=full[0].member)
    frozen_now(berlin(2026, 3, 26, 8))
    assert waitlist.place_freed(space.pk, DAY, morning.pk) is None
    assert not held(alice).exists()


# --- taking, declining, expiry ------------------------------------------------------------------------------


@pytest.fixture
def offered(alice, bob, space, morning, full):
    """alice was first in line and has the freed place held for her; bob waits behind her."""
    wait(alice, space, morning), wait(bob, space, morning, minutes=1)
    services.cancel(full[0], by=full[0].member)
    entry = waitlist.place_freed(space.pk, DAY, morning.pk)
    mail.outbox.clear()
    return entry


def test_taking_the_offer_confirms_the_booking(client, alice, offered, frozen_now, django_capture_on_commit_callbacks):
    frozen_now(NOW + timedelta(hours=1, minutes=59))
    client.force_login(alice)
    assert "Take the place" in client.get(entry_url(offered)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(entry_url(offered), {"action": "take"})
    assert response.status_code == 302
    assert response["Location"] == reverse("coworking:booking", args=[offered.booking.reference])
    offered.refresh_from_db()
    assert offered.state == WaitlistState.BOOKED
    assert offered.booking.occupancies.get().state == OccupancyState.CONFIRMED
    (confirmation,) = mail.outbox
    assert confirmation.to == ["alice@example.org"]
    assert confirmation.attachments[0][0] == f"{offered.booking.reference}.ics"


def test_taking_needs_approval_where_the_host_approves(alice, offered, space):
    space.approval_required = True
    space.save()
    booking = waitlist.take(offered)
    assert booking.occupancies.get().state == OccupancyState.PENDING


def test_taking_after_the_hold_is_refused(client, alice, offered, frozen_now):
    frozen_now(NOW + timedelta(hours=2))
    client.force_login(alice)
    response = client.post(entry_url(offered), {"action": "take"}, follow=True)
    assert "only until 11:00" in response.content.decode()
    offered.refresh_from_db()
    assert offered.state == WaitlistState.OFFERED
    assert held(alice).exists()


def test_expired_offers_go_to_the_next_in_line(alice, bob, offered, frozen_now, django_capture_on_commit_callbacks):
    frozen_now(NOW + timedelta(hours=1, minutes=59))
    assert waitlist.expire_offers() == 0
    frozen_now(NOW + timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist.expire_offers() == 1
    offered.refresh_from_db()
    assert offered.state == WaitlistState.EXPIRED
    assert offered.booking.occupancies.get().state == OccupancyState.EXPIRED
    following = WaitlistEntry.objects.get(member=bob)
    assert following.state == WaitlistState.OFFERED and held(bob).exists()
    assert following.hold_until == NOW + timedelta(hours=4)
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]
    expired = next(message for message in mail.outbox if message.to == ["alice@example.org"])
    assert "expired" in expired.subject.lower()


def test_declining_passes_the_place_on(client, alice, bob, offered, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(entry_url(offered), {"action": "decline"})
    assert response.status_code == 302
    offered.refresh_from_db()
    assert offered.state == WaitlistState.WITHDRAWN and not held(alice).exists()
    assert WaitlistEntry.objects.get(member=bob).state == WaitlistState.OFFERED
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]


def test_closing_the_day_ends_the_waiting_list(alice, bob, dora, offered, space):
    services.block_date(space, DAY, "Wasserschaden", by=dora)
    assert set(WaitlistEntry.objects.values_list("state", flat=True)) == {WaitlistState.WITHDRAWN}
    assert not held(alice).exists()
