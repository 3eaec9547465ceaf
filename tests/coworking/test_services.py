"""The booking workflow of coworking/services.py: the space's policy at its borders, picking places, idempotency,
cancelling, approval, check-in and no-shows, host closures and taking places out of service.

The `space` (tests/coworking/conftest.py) is open Monday to Saturday 07:00–20:00 with Morning 08–13 and Afternoon
13–18, desks Flex desk 1..3 and the named Window desk, and a Meeting room; 60 minutes notice, 12 hours
cancellation deadline, 28 days ahead, 10 future slots, 30 minutes check-in grace. "Now" is Monday 23 November 2026,
09:00 in Berlin unless a test says otherwise.
"""

import uuid
from datetime import date, time

import pytest
from django.core import mail
from django.utils import translation

from coworking import services
from coworking.models import Booking, Closure, Occupancy, OccupancyState, OpeningHours, Resource, Slot
from coworking.services import BookingError, PlaceTaken, PolicyError
from tests.conftest import make_user
from tests.coworking.conftest import berlin, make_space

NOW = berlin(2026, 11, 23, 9)  # Monday
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _now(frozen_now):
    frozen_now(NOW)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks (the e-mails) of everything inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def slots(space, *names):
    return [space.slots.get(name=name) for name in names or ("Morning",)]


def book(member, space, days=(TUESDAY,), names=("Morning",), **extra):
    extra.setdefault("idempotency_key", uuid.uuid4())
    extra.setdefault("language", "en")
    return services.book(member=member, space=space, days=list(days), slots=slots(space, *names), **extra)


def refused(error_class, call, *fragments):
    with translation.override("en"), pytest.raises(error_class) as error:
        call()
    for fragment in fragments:
        assert fragment in error.value.message
    return error.value


def states(booking):
    return sorted(booking.occupancies.values_list("state", flat=True))


# --- booking and the policy's borders -------------------------------------------------------------------------


def test_booking_morning_and_afternoon_on_two_days_makes_one_row_per_slot(space, alice, sent):
    with sent():
        booking = book(alice, space, days=[WEDNESDAY, TUESDAY], names=("Afternoon", "Morning"), note="Late")

    rows = list(booking.occupancies.order_by("starts_at"))
    assert [(row.date, row.slot.name) for row in rows] == [
        (TUESDAY, "Morning"),
        (TUESDAY, "Afternoon"),
        (WEDNESDAY, "Morning"),
        (WEDNESDAY, "Afternoon"),
    ]
    assert {row.state for row in rows} == {OccupancyState.CONFIRMED}
    assert {row.member for row in rows} == {alice}
    assert rows[0].starts_at == berlin(2026, 11, 24, 8) and rows[0].ends_at == berlin(2026, 11, 24, 13)
    assert booking.note == "Late" and booking.language == "en" and len(booking.reference) == 8
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]


def test_flex_desks_are_handed_out_in_the_hosts_order(space, alice, bob, charlie):
    names = [book(person, space).occupancies.get().resource.name for person in (alice, bob, charlie)]

    assert names == ["Flex desk 1", "Flex desk 2", "Flex desk 3"]


def test_days_ahead_last_bookable_day_is_fine_and_the_day_after_refused(space, alice):
    space.days_ahead = 4
    space.save()

    assert book(alice, space, days=[THURSDAY]).occupancies.count() == 1  # today + 3
    refused(PolicyError, lambda: book(alice, space, days=[FRIDAY]), "too far ahead", "4 days")


def test_minimum_notice_exactly_at_the_border_is_fine_one_minute_later_refused(space, alice, bob, frozen_now):
    frozen_now(berlin(2026, 11, 24, 7, 1))
    refused(PolicyError, lambda: book(bob, space), "starts too soon", "60 minutes")

    frozen_now(berlin(2026, 11, 24, 7, 0))
    assert book(alice, space).occupancies.count() == 1


def test_a_slot_already_over_or_running_is_refused(space, alice):
    monday = date(2026, 11, 23)

    refused(PolicyError, lambda: book(alice, space, days=[monday]), "is already over")
    refused(PolicyError, lambda: book(alice, space, days=[date(2026, 11, 20)]), "is already over")
    assert not Booking.objects.exists()


def test_max_future_bookings_at_the_limit_is_fine_one_more_refused(space, alice):
    space.max_future_bookings = 3
    space.save()
    book(alice, space, names=("Morning", "Afternoon"))

    book(alice, space, days=[WEDNESDAY])
    error = refused(PolicyError, lambda: book(alice, space, days=[THURSDAY]), "allows 3 booked slots")
    assert "you have 3, plus 1" in error.message
    refused(PolicyError, lambda: book(alice, space, days=[THURSDAY, FRIDAY]), "you have 3, plus 2")
    assert Occupancy.objects.filter(member=alice).count() == 3


def test_cancelled_and_past_bookings_do_not_count_towards_the_limit(space, alice, frozen_now):
    space.max_future_bookings = 2
    space.save()
    tuesday = book(alice, space, names=("Morning", "Afternoon"))
    refused(PolicyError, lambda: book(alice, space, days=[WEDNESDAY]), "allows 2 booked slots")

    services.cancel(tuesday, by=alice, occupancies=tuesday.occupancies.filter(slot__name="Afternoon"))
    book(alice, space, days=[WEDNESDAY])  # the cancelled afternoon no longer counts
    refused(PolicyError, lambda: book(alice, space, days=[THURSDAY]), "you have 2")

    frozen_now(berlin(2026, 11, 24, 13, 0))  # Tuesday morning is over
    assert book(alice, space, days=[THURSDAY]).occupancies.count() == 1


def test_the_limit_counts_per_space(space, host, alice):
    space.max_future_bookings = 1
    space.save()
    other = make_space(host, name="Werkhalle Arnsberg", municipality="Arnsberg", max_future_bookings=1)
    book(alice, space)

    assert book(alice, other, days=[WEDNESDAY]).occupancies.count() == 1


def test_a_host_closure_is_refused_with_its_reason(space, alice):
    Closure.objects.create(space=space, date=WEDNESDAY, reason="Renovation")

    refused(PolicyError, lambda: book(alice, space, days=[TUESDAY, WEDNESDAY]), "closed", "Renovation")
    assert not Booking.objects.exists()  # all or nothing


def test_public_holidays_are_refused_with_their_name(space, alice, frozen_now):
    frozen_now(berlin(2026, 12, 21, 9))
    christmas = date(2026, 12, 25)

    refused(PolicyError, lambda: book(alice, space, days=[christmas]), "public holiday", "Christmas Day")
    space.closed_on_public_holidays = False
    space.save()
    assert book(alice, space, days=[christmas]).occupancies.count() == 1


def test_slots_outside_the_opening_hours_are_refused(space, alice):
    sunday = date(2026, 11, 29)  # no opening hours at all that weekday
    refused(PolicyError, lambda: book(alice, space, days=[sunday]), "The space is closed on Sunday")

    OpeningHours.objects.filter(space=space, weekday=TUESDAY.weekday()).update(closes=time(12))
    refused(PolicyError, lambda: book(alice, space), "outside the opening hours")
    assert not Booking.objects.exists()


def test_a_person_already_booked_at_that_time_is_refused_in_any_space(space, host, alice):
    other = make_space(host, name="Werkhalle Arnsberg", municipality="Arnsberg")
    book(alice, space)

    refused(PolicyError, lambda: book(alice, space), "You already have a place at that time")
    refused(PolicyError, lambda: book(alice, other), "You already have a place at that time")
    assert book(alice, other, names=("Afternoon",)).occupancies.count() == 1


def test_a_named_desk_and_a_room_can_be_picked(space, alice, bob):
    window = space.resources.get(name="Window desk")
    room = space.resources.get(kind="room")

    assert book(alice, space, resource=window).occupancies.get().resource == window
    assert book(bob, space, resource=room).occupancies.get().resource == room


def test_a_picked_place_someone_else_holds_is_taken(space, alice, bob):
    window = space.resources.get(name="Window desk")
    book(alice, space, resource=window)

    error = refused(PlaceTaken, lambda: book(bob, space, resource=window), "Window desk was just taken")
    assert error.alternatives
    assert not Booking.objects.filter(member=bob).exists()


def test_a_room_can_be_booked_when_all_desks_are_taken_or_there_are_none(host, alice, bob):
    space = make_space(host, flex_desks=0)  # only the Meeting room
    room = space.resources.get(kind="room")

    assert book(alice, space, resource=room).occupancies.get().resource == room
    refused(PolicyError, lambda: book(bob, space), "no bookable desks")


def test_a_flex_desk_cannot_be_picked(space, alice):
    flex = space.resources.get(name="Flex desk 2")

    refused(PolicyError, lambda: book(alice, space, resource=flex), "Flex desks are assigned by the portal")


def test_places_and_slots_of_another_space_or_inactive_ones_are_refused(space, host, alice):
    other = make_space(host, name="Werkhalle Arnsberg", municipality="Arnsberg")
    window = space.resources.get(name="Window desk")
    idle = Slot.objects.create(space=space, name="Evening", starts=time(18), ends=time(20), is_active=False)

    call = lambda: services.book(  # noqa: E731
        member=alice, space=space, days=[TUESDAY], slots=slots(other), idempotency_key=uuid.uuid4()
    )
    refused(PolicyError, call, "this space's slots")
    call = lambda: services.book(  # noqa: E731
        member=alice, space=space, days=[TUESDAY], slots=[idle], idempotency_key=uuid.uuid4()
    )
    refused(PolicyError, call, "this space's slots")
    refused(PolicyError, lambda: book(alice, other, resource=window), "this space's places")
    Resource.objects.filter(pk=window.pk).update(is_active=False)
    window.refresh_from_db()
    refused(PolicyError, lambda: book(alice, space, resource=window), "this space's places")
    assert not Booking.objects.exists()


def test_more_than_the_maximum_days_at_once_is_refused(space, alice):
    space.max_future_bookings = 100
    space.days_ahead = 60
    space.save()
    days = [date(2026, 11, 24 + offset) for offset in range(7)] + [date(2026, 12, day) for day in range(1, 9)]
    assert len(days) == services.MAX_DAYS_PER_BOOKING + 1

    refused(PolicyError, lambda: book(alice, space, days=days), "at most 14 days")
    refused(PolicyError, lambda: book(alice, space, days=[]), "at least one day")
    assert not Booking.objects.exists()


def test_the_same_idempotency_key_gives_the_same_booking_and_no_second_one(space, alice, sent):
    key = uuid.uuid4()
    with sent():
        first = book(alice, space, idempotency_key=key)
        again = book(alice, space, idempotency_key=key)
        # even with other data in the resubmitted form
        other = book(alice, space, days=[WEDNESDAY], idempotency_key=key)

    assert first.pk == again.pk == other.pk
    assert Booking.objects.count() == 1 and Occupancy.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_same_key_from_another_member_is_another_booking(space, alice, bob):
    key = uuid.uuid4()

    assert book(alice, space, idempotency_key=key).pk != book(bob, space, idempotency_key=key).pk


def test_a_full_slot_says_taken_and_offers_alternatives_here_and_nearby(space, host, alice):
    nearby = make_space(host, name="Werkhalle Arnsberg", municipality="Arnsberg")  # the same district
    people = [make_user(f"member{number}@example.org") for number in range(4)]
    for person in people:
        book(person, space)

    error = refused(PlaceTaken, lambda: book(alice, space), "The last place for", "was just taken")

    offered = [(alternative.space, alternative.date, alternative.slot.name) for alternative in error.alternatives]
    assert (space, TUESDAY, "Morning") not in offered
    assert (space, TUESDAY, "Afternoon") in offered
    assert any(alternative.space == nearby for alternative in error.alternatives)
    assert all(alternative.free > 0 for alternative in error.alternatives)
    assert not Booking.objects.filter(member=alice).exists()


# --- cancelling -----------------------------------------------------------------------------------------------


def test_cancelling_before_the_deadline_frees_the_place_at_once(space, alice, bob, frozen_now, sent):
    window = space.resources.get(name="Window desk")
    booking = book(alice, space, resource=window)
    frozen_now(berlin(2026, 11, 23, 20, 0))  # 12 hours before Tuesday 08:00: the last moment

    with sent():
        rows = services.cancel(booking, by=alice)

    assert [row.pk for row in rows] == [booking.occupancies.get().pk]
    assert states(booking) == [OccupancyState.CANCELLED]
    assert book(bob, space, resource=window).occupancies.get().resource == window
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert "cancelled" in mail.outbox[0].subject


def test_cancelling_after_the_deadline_is_refused(space, alice, frozen_now):
    booking = book(alice, space)
    frozen_now(berlin(2026, 11, 23, 20, 1))

    refused(
        PolicyError,
        lambda: services.cancel(booking, by=alice),
        "can no longer be cancelled",
        "Monday, Nov. 23, 2026, 20:00",
    )
    assert states(booking) == [OccupancyState.CONFIRMED]


def test_cancelling_some_rows_keeps_the_others(space, alice, frozen_now):
    booking = book(alice, space, names=("Morning", "Afternoon"))

    services.cancel(booking, by=alice, occupancies=booking.occupancies.filter(slot__name="Morning"))
    assert states(booking) == [OccupancyState.CANCELLED, OccupancyState.CONFIRMED]
    refused(
        PolicyError,
        lambda: services.cancel(booking, by=alice, occupancies=booking.occupancies.filter(slot__name="Morning")),
        "nothing left to cancel",
    )


def test_a_pending_booking_can_be_withdrawn_anytime(space, alice, frozen_now):
    space.approval_required = True
    space.save()
    booking = book(alice, space)
    frozen_now(berlin(2026, 11, 24, 7, 45))

    services.cancel(booking, by=alice)
    assert states(booking) == [OccupancyState.CANCELLED]


# --- approval -------------------------------------------------------------------------------------------------


@pytest.fixture
def approval(space):
    space.approval_required = True
    space.save()
    return space


def test_a_space_with_approval_makes_pending_rows_and_tells_the_hosts(approval, alice, sent):
    with sent():
        booking = book(alice, approval, names=("Morning", "Afternoon"), note="Bringing a dog")

    assert states(booking) == [OccupancyState.PENDING] * 2
    assert [message.to for message in mail.outbox] == [["alice@example.org"], ["dora@example.org"]]
    assert "request" in mail.outbox[0].subject and not mail.outbox[0].attachments
    host_mail = mail.outbox[1]
    assert booking.reference in host_mail.subject
    assert "Alice Anders" in host_mail.body and "Bringing a dog" in host_mail.body
    assert f"/coworking/spaces/{approval.slug}/verwaltung/" in host_mail.body  # German: the hosts' page in German


def test_a_pending_place_is_held_for_the_member(approval, alice, bob):
    window = approval.resources.get(name="Window desk")
    book(alice, approval, resource=window)

    refused(PlaceTaken, lambda: book(bob, approval, resource=window), "just taken")


def test_approving_confirms_and_sends_the_confirmation_with_the_calendar_file(approval, alice, dora, sent):
    booking = book(alice, approval)
    mail.outbox.clear()

    with sent():
        services.approve(booking, by=dora)

    assert states(booking) == [OccupancyState.CONFIRMED]
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"] and "confirmed" in message.subject
    (attachment,) = message.attachments
    assert attachment[0] == f"{booking.reference}.ics" and attachment[2].startswith("text/calendar")
    refused(PolicyError, lambda: services.approve(booking, by=dora), "not waiting for approval")


def test_declining_frees_the_place_and_tells_the_member_why(approval, alice, bob, dora, sent):
    window = approval.resources.get(name="Window desk")
    booking = book(alice, approval, resource=window)
    mail.outbox.clear()

    with sent():
        services.decline(booking, by=dora, reason="We are fully booked by a workshop.")

    assert states(booking) == [OccupancyState.DECLINED]
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"] and "declined" in message.subject
    assert "We are fully booked by a workshop." in message.body
    assert book(bob, approval, resource=window).occupancies.get().resource == window
    refused(PolicyError, lambda: services.decline(booking, by=dora), "not waiting for approval")


# --- check-in and no-shows ------------------------------------------------------------------------------------


def row_of(booking):
    return booking.occupancies.get()


def test_check_in_from_30_minutes_before_until_the_end(space, alice, dora, frozen_now):
    row = row_of(book(alice, space))

    for moment in (berlin(2026, 11, 24, 7, 29), berlin(2026, 11, 24, 13, 0)):
        refused(PolicyError, lambda moment=moment: services.check_in(row, by=dora, moment=moment), "Check-in")
    services.check_in(row, by=dora, moment=berlin(2026, 11, 24, 7, 30))

    row.refresh_from_db()
    assert row.state == OccupancyState.CHECKED_IN and row.checked_in_at == berlin(2026, 11, 24, 7, 30)
    refused(PolicyError, lambda: services.check_in(row, by=dora), "Only confirmed bookings")


def test_a_pending_booking_cannot_be_checked_in(approval, alice, dora):
    row = row_of(book(alice, approval))

    refused(PolicyError, lambda: services.check_in(row, by=dora, moment=berlin(2026, 11, 24, 8)), "Only confirmed")


def test_marking_a_no_show_frees_the_place_once_the_slot_has_started(space, alice, dora, frozen_now):
    window = space.resources.get(name="Window desk")
    row = row_of(book(alice, space, names=("Afternoon",), resource=window))
    frozen_now(berlin(2026, 11, 24, 12, 59))
    refused(PolicyError, lambda: services.mark_no_show(row, by=dora), "only once its slot has started")

    frozen_now(berlin(2026, 11, 24, 13, 0))
    services.mark_no_show(row, by=dora)

    row.refresh_from_db()
    assert row.state == OccupancyState.NO_SHOW
    refused(PolicyError, lambda: services.mark_no_show(row, by=dora), "Only confirmed bookings")
    assert window in services.free_resources(space, TUESDAY, row.slot)


def test_release_no_shows_respects_the_grace_period(space, host, alice, bob, charlie, dora):
    relaxed = make_space(host, name="Werkhalle Arnsberg", municipality="Arnsberg", checkin_grace_minutes=0)
    waiting = row_of(book(alice, space))
    checked_in = row_of(book(bob, space))
    services.check_in(checked_in, by=dora, moment=berlin(2026, 11, 24, 8, 5))
    untouched = row_of(book(charlie, relaxed))

    assert services.release_no_shows(berlin(2026, 11, 24, 8, 29)) == 0
    assert services.release_no_shows(berlin(2026, 11, 24, 8, 30)) == 1

    now = dict(Occupancy.objects.values_list("pk", "state"))
    assert now[waiting.pk] == OccupancyState.NO_SHOW
    assert now[checked_in.pk] == OccupancyState.CHECKED_IN
    assert now[untouched.pk] == OccupancyState.CONFIRMED  # a space without check-in
    assert services.release_no_shows(berlin(2026, 11, 24, 12, 0)) == 0


def test_release_no_shows_leaves_slots_that_are_over_alone(space, alice):
    row = row_of(book(alice, space))

    assert services.release_no_shows(berlin(2026, 11, 24, 13, 0)) == 0
    row.refresh_from_db()
    assert row.state == OccupancyState.CONFIRMED


# --- host closures --------------------------------------------------------------------------------------------


def test_blocking_a_date_cancels_its_bookings_keeps_them_and_tells_each_member_in_their_language(
    space, alice, bob, charlie, dora, sent
):
    english = book(alice, space, names=("Morning", "Afternoon"), language="en")
    german = book(bob, space, language="de")
    other_day = book(charlie, space, days=[WEDNESDAY])

    with sent():
        closure, count = services.block_date(space, TUESDAY, "Water damage", by=dora)

    assert count == 3 and closure.reason == "Water damage"
    assert Closure.objects.get(space=space, date=TUESDAY) == closure
    assert states(english) == [OccupancyState.CANCELLED_BY_HOST] * 2
    assert states(german) == [OccupancyState.CANCELLED_BY_HOST]
    assert states(other_day) == [OccupancyState.CONFIRMED]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["alice@example.org", "bob@example.org"]
    assert "Nov. 24, 2026" in by_address["alice@example.org"].subject
    assert "Hello," in by_address["alice@example.org"].body
    assert "24. November 2026" in by_address["bob@example.org"].subject
    assert "Guten Tag," in by_address["bob@example.org"].body
    assert "Water damage" in by_address["bob@example.org"].body
    refused(PolicyError, lambda: book(charlie, space), "closed", "Water damage")


def test_blocking_a_date_without_bookings_just_closes_it(space, dora, sent):
    with sent():
        closure, count = services.block_date(space, TUESDAY, "", by=dora)

    assert count == 0 and closure.pk and mail.outbox == []


# --- taking a place out of service ----------------------------------------------------------------------------


def test_deactivating_a_place_with_future_bookings_is_refused(space, alice, dora):
    window = space.resources.get(name="Window desk")
    book(alice, space, days=[TUESDAY, WEDNESDAY], resource=window)

    refused(BookingError, lambda: services.deactivate_resource(window, by=dora), "Window desk has 2 future bookings")
    window.refresh_from_db()
    assert window.is_active


def test_deactivating_with_move_moves_the_bookings_to_free_places(space, alice, bob, dora):
    window = space.resources.get(name="Window desk")
    booking = book(alice, space, days=[TUESDAY, WEDNESDAY], resource=window)
    book(bob, space)  # Flex desk 1 on Tuesday

    assert services.deactivate_resource(window, by=dora, move=True) == 2

    window.refresh_from_db()
    assert not window.is_active
    moved = dict(booking.occupancies.values_list("date", "resource__name"))
    assert moved == {TUESDAY: "Flex desk 2", WEDNESDAY: "Flex desk 1"}
    assert set(booking.occupancies.values_list("state", flat=True)) == {OccupancyState.CONFIRMED}


def test_deactivating_with_move_and_no_free_place_changes_nothing(space, alice, dora):
    window = space.resources.get(name="Window desk")
    booking = book(alice, space, resource=window)
    for number in range(3):
        book(make_user(f"member{number}@example.org"), space)

    refused(BookingError, lambda: services.deactivate_resource(window, by=dora, move=True), "no other free place")
    window.refresh_from_db()
    assert window.is_active and booking.occupancies.get().resource == window


def test_past_bookings_do_not_keep_a_place_in_service(space, alice, dora, frozen_now):
    window = space.resources.get(name="Window desk")
    booking = book(alice, space, resource=window)
    frozen_now(berlin(2026, 11, 24, 13, 0))

    assert services.deactivate_resource(window, by=dora) == 0
    assert not Resource.objects.get(pk=window.pk).is_active
    assert booking.occupancies.get().resource == window  # history stays
