"""The member's pages: the booking form, the booking's page, cancelling, the .ics download and "my bookings"."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from coworking import services
from coworking.availability import slot_bounds
from coworking.models import Booking, Occupancy, OccupancyState, Resource, WaitlistEntry
from tests.conftest import make_user

from .conftest import berlin, make_space

MONDAY_9 = berlin(2026, 3, 23, 9)  # "now" in these tests
TUESDAY = date(2026, 3, 24)


@pytest.fixture
def now(frozen_now):
    return frozen_now(MONDAY_9)


@pytest.fixture
def member(client, bob, now):
    client.force_login(bob)
    return bob


def slot(space, name="Morning"):
    return space.slots.get(name=name)


def book_url(space):
    return reverse("coworking:book", args=[space.slug])


def post_booking(client, space, **data):
    form = {"date": "2026-03-24", "slots": [slot(space).pk], "idempotency_key": str(uuid.uuid4()), "note": ""}
    form.update(data)
    return client.post(book_url(space), form)


def booked(member, space, days=(TUESDAY,), slots=("Morning",), **extra):
    """A booking made straight through the services (for set-ups)."""
    return services.book(
        member=member,
        space=space,
        days=list(days),
        slots=[slot(space, name) for name in slots],
        idempotency_key=uuid.uuid4(),
        **extra,
    )


# --- booking ----------------------------------------------------------------------------------------------


def test_it_books_shows_the_confirmation_mails_and_lists_it(
    client, member, space, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_booking(client, space, note="Arriving at 9")
    booking = Booking.objects.get(member=member)
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert booking.note == "Arriving at 9"
    assert booking.occupancies.get().resource.name == "Flex desk 1"

    page = client.get(response.url)
    assert page.context["active"] and not page.context["pending"]
    html = page.content.decode()
    assert booking.reference in html and space.name in html and "Flex desk 1" in html
    assert reverse("coworking:booking_ics", args=[booking.reference]) in html

    assert len(mailoutbox) == 1 and mailoutbox[0].to == [member.email]
    assert mailoutbox[0].attachments[0][0] == f"{booking.reference}.ics"

    listed = client.get(reverse("coworking:my_bookings")).content.decode()
    assert booking.reference in listed and space.name in listed


def test_it_books_a_whole_day_on_several_days_with_a_chosen_place(client, member, space):
    window = space.resources.get(name="Window desk")
    response = post_booking(
        client,
        space,
        slots=[slot(space).pk, slot(space, "Afternoon").pk],
        more_dates=["2026-03-25", "2026-03-24"],
        place=window.pk,
    )
    assert response.status_code == 302
    rows = Occupancy.objects.filter(member=member)
    assert sorted({row.date for row in rows}) == [TUESDAY, date(2026, 3, 25)]
    assert rows.count() == 4 and {row.resource for row in rows} == {window}


def test_it_sends_anonymous_visitors_to_the_log_in(client, space):
    response = client.get(book_url(space))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login")) and "next=" in response.url


def test_it_does_not_book_unpublished_spaces(client, member, host):
    draft = make_space(host, name="Werkstatt Entwurf", status="draft")
    assert client.get(book_url(draft)).status_code == 404
    assert post_booking(client, draft).status_code == 404


def test_it_preselects_day_and_slot_from_the_link(client, member, space):
    html = client.get(book_url(space), {"date": "2026-03-25", "slot": slot(space, "Afternoon").pk}).content.decode()
    assert 'value="2026-03-25"' in html
    assert f'value="{slot(space, "Afternoon").pk}" id="id_slots_1" checked' in html


def test_it_ignores_a_broken_link_with_a_note(client, member, space):
    response = client.get(book_url(space), {"date": "30.02.2026", "slot": "abc"})
    assert response.status_code == 200
    assert len(response.context["notes"]) == 2
    assert 'value="2026-03-23"' in response.content.decode()  # today instead


@pytest.mark.parametrize("value", ["30.02.2026", "9999-01-01", "garbage", ""])
def test_it_rejects_impossible_dates_and_keeps_the_entries(client, member, space, value):
    response = post_booking(client, space, date=value, note="Bitte Fensterplatz")
    assert response.status_code == 200
    assert not Booking.objects.exists()
    html = response.content.decode()
    assert "error-summary" in html
    assert f'value="{value}"' in html and "Bitte Fensterplatz" in html


def test_it_accepts_the_german_date_format(client, member, space):
    assert post_booking(client, space, date="24.03.2026").status_code == 302
    assert Occupancy.objects.get(member=member).date == TUESDAY


def test_it_refuses_a_slot_of_another_space(client, member, space, host):
    other = make_space(host, name="Werkstatt Arnsberg", municipality="Arnsberg")
    response = post_booking(client, space, slots=[slot(other).pk])
    assert response.status_code == 200
    assert "slots" in response.context["form"].errors
    assert not Booking.objects.exists()


def test_it_refuses_a_place_of_another_space(client, member, space, host):
    other = make_space(host, name="Werkstatt Arnsberg", municipality="Arnsberg")
    response = post_booking(client, space, place=other.resources.get(name="Window desk").pk)
    assert response.status_code == 200 and "place" in response.context["form"].errors
    assert not Booking.objects.exists()


def test_it_refuses_more_than_the_policy_allows(client, member, space):
    space.max_future_bookings = 1
    space.save()
    response = post_booking(client, space, slots=[slot(space).pk, slot(space, "Afternoon").pk])
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Booking.objects.exists()


def test_it_refuses_a_day_the_space_is_closed(client, member, space):
    response = post_booking(client, space, date="2026-03-29")  # a Sunday
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Booking.objects.exists()


def test_a_double_submission_makes_one_booking(client, member, space):
    key = str(uuid.uuid4())
    first = post_booking(client, space, idempotency_key=key)
    second = post_booking(client, space, idempotency_key=key, date="2026-03-25")
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Booking.objects.count() == 1 and Occupancy.objects.count() == 1


def test_the_form_carries_a_fresh_key_and_keeps_it_after_an_error(client, member, space):
    first = client.get(book_url(space)).context["form"]["idempotency_key"].value()
    second = client.get(book_url(space)).context["form"]["idempotency_key"].value()
    assert first != second
    response = post_booking(client, space, date="garbage", idempotency_key=str(first))
    assert str(first) in response.content.decode()


def test_a_taken_place_is_answered_with_alternatives(client, member, space):
    for number in range(4):  # three flex desks and the window desk
        booked(make_user(f"early{number}@example.org"), space)
    response = post_booking(client, space)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["problem"]["kind"] == "taken"
    assert response.context["problem"]["alternatives"]
    assert f"slot={slot(space, 'Afternoon').pk}" in html  # the same day's afternoon is still free
    assert not Booking.objects.filter(member=member).exists()


def test_a_named_place_just_taken_is_answered_politely(client, member, space, alice):
    window = space.resources.get(name="Window desk")
    booked(alice, space, resource=window)
    response = post_booking(client, space, place=window.pk)
    assert response.status_code == 200 and response.context["problem"]["kind"] == "taken"
    assert not Booking.objects.filter(member=member).exists()


def test_a_busy_database_is_answered_politely(client, member, space, monkeypatch):
    def busy(**kwargs):
        raise services.Busy("The booking system is very busy right now.")

    monkeypatch.setattr(services, "book", busy)
    response = post_booking(client, space)
    assert response.status_code == 200 and response.context["problem"]["kind"] == "busy"
    assert "very busy" in response.content.decode()


def test_bookings_are_rate_limited(client, member, space, settings):
    settings.ACCOUNT_RATE_LIMITS = {**(settings.ACCOUNT_RATE_LIMITS or {}), "booking": "2/h/user"}
    for day in ("2026-03-24", "2026-03-25"):
        assert post_booking(client, space, date=day).status_code == 302
    response = post_booking(client, space, date="2026-03-26")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Booking.objects.count() == 2


def test_an_approval_booking_waits_for_the_host(client, member, space):
    space.approval_required = True
    space.save()
    response = post_booking(client, space)
    assert Occupancy.objects.get().state == OccupancyState.PENDING
    page = client.get(response.url)
    assert page.context["pending"]


# --- the booking's page, cancelling, .ics -------------------------------------------------------------------


def test_other_people_get_404_for_a_booking(client, now, space, alice, bob, dora):
    booking = booked(alice, space)
    occupancy = booking.occupancies.get()
    for person in (bob, dora):  # dora hosts the space: she has the dashboard, not this page
        client.force_login(person)
        assert client.get(booking.get_absolute_url()).status_code == 404
        assert client.get(reverse("coworking:booking_ics", args=[booking.reference])).status_code == 404
        cancel_url = reverse("coworking:booking_cancel", args=[booking.reference])
        assert client.get(cancel_url).status_code == 404
        assert client.post(cancel_url, {"occupancy": occupancy.pk}).status_code == 404
    assert Occupancy.objects.get().state == OccupancyState.CONFIRMED


def test_the_booking_page_needs_a_log_in(client, now, space, alice):
    booking = booked(alice, space)
    response = client.get(booking.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_ics_file_downloads(client, member, space):
    booking = booked(member, space)
    response = client.get(reverse("coworking:booking_ics", args=[booking.reference]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="{booking.reference}.ics"'
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_cancelling_asks_first_then_frees_the_place_at_once(client, member, space, alice):
    window = space.resources.get(name="Window desk")
    booking = booked(member, space, resource=window)
    cancel_url = reverse("coworking:booking_cancel", args=[booking.reference])

    confirm = client.get(cancel_url)
    assert confirm.status_code == 200
    assert Occupancy.objects.get().state == OccupancyState.CONFIRMED  # GET changes nothing

    response = client.post(cancel_url)
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert Occupancy.objects.get().state == OccupancyState.CANCELLED

    client.force_login(alice)
    assert post_booking(client, space, place=window.pk).status_code == 302
    assert Occupancy.objects.get(member=alice, state=OccupancyState.CONFIRMED).resource == window


def test_one_slot_of_a_booking_can_be_cancelled(client, member, space):
    booking = booked(member, space, slots=("Morning", "Afternoon"))
    morning = booking.occupancies.get(slot__name="Morning")
    cancel_url = reverse("coworking:booking_cancel", args=[booking.reference])
    assert "Morning" in client.get(cancel_url, {"occupancy": morning.pk}).content.decode()
    client.post(cancel_url, {"occupancy": morning.pk})
    states = dict(booking.occupancies.values_list("slot__name", "state"))
    assert states == {"Morning": OccupancyState.CANCELLED, "Afternoon": OccupancyState.CONFIRMED}


def test_cancelling_a_foreign_slot_id_gives_404(client, member, space, alice):
    mine = booked(member, space)
    theirs = booked(alice, space).occupancies.get()
    cancel_url = reverse("coworking:booking_cancel", args=[mine.reference])
    assert client.post(cancel_url, {"occupancy": theirs.pk}).status_code == 404
    assert client.post(cancel_url, {"occupancy": "x1"}).status_code == 404
    assert not Occupancy.objects.filter(state=OccupancyState.CANCELLED).exists()


def test_after_the_deadline_nothing_is_cancelled(client, member, space, frozen_now):
    booking = booked(member, space)  # Tuesday 08:00, deadline Monday 20:00
    frozen_now(berlin(2026, 3, 23, 20, 30))
    cancel_url = reverse("coworking:booking_cancel", args=[booking.reference])
    confirm = client.get(cancel_url)
    assert confirm.context["blocked"] and not confirm.context["rows"]
    response = client.post(cancel_url, follow=True)
    assert response.status_code == 200
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert Occupancy.objects.get().state == OccupancyState.CONFIRMED


# --- my bookings ------------------------------------------------------------------------------------------


def make_rows(member, space, count):
    """count one-slot bookings straight into the database: every other one past, the others ahead."""
    morning, desk = slot(space), Resource.objects.filter(space=space).first()
    for number in range(count):
        offset = number // 2 + 1
        day = TUESDAY + timedelta(days=offset if number % 2 else -offset - 1)
        starts_at, ends_at = slot_bounds(day, morning)
        booking = Booking.objects.create(space=space, member=member)
        Occupancy.objects.create(
            booking=booking,
            space=space,
            resource=desk,
            slot=morning,
            date=day,
            starts_at=starts_at,
            ends_at=ends_at,
            member=member,
        )


@pytest.mark.parametrize("count", [2, 30])
def test_my_bookings_takes_a_fixed_number_of_queries(client, member, space, count, django_assert_num_queries):
    make_rows(member, space, count)
    WaitlistEntry.objects.create(space=space, slot=slot(space), date=TUESDAY, member=member)
    # session, user, upcoming, past count, past page, waiting list, feed
    with django_assert_num_queries(7):
        response = client.get(reverse("coworking:my_bookings"))
    assert response.status_code == 200
    assert response.context["upcoming"] and response.context["page"].object_list


def test_my_bookings_shows_upcoming_past_and_waiting(client, member, space, frozen_now):
    past = booked(member, space, days=[date(2026, 3, 23)], slots=("Afternoon",))
    upcoming = booked(member, space)
    cancelled = booked(member, space, days=[date(2026, 3, 25)])
    services.cancel(cancelled, by=member)
    entry = WaitlistEntry.objects.create(space=space, slot=slot(space), date=date(2026, 3, 26), member=member)
    frozen_now(berlin(2026, 3, 23, 19))
    response = client.get(reverse("coworking:my_bookings"))
    assert [row.booking for row in response.context["upcoming"]] == [upcoming]
    assert {row.booking for row in response.context["page"].object_list} == {past, cancelled}
    html = response.content.decode()
    assert reverse("coworking:waitlist_entry", args=[entry.pk]) in html
    assert reverse("coworking:calendar") in html


def test_my_bookings_needs_a_log_in(client, db):
    response = client.get(reverse("coworking:my_bookings"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
