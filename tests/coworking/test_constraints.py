"""The database itself refuses double bookings (DOMAIN.md §6): straight through the ORM, without services.py, so
the guarantee holds for every write path (views, admin, shell, a bulk import).

Both databases: one active row per place and slot, one place per person and slot, ends after starts.
PostgreSQL only: the exclusion constraints on time ranges (migration 0002), for overlaps between different slots
of one place and for one person in two spaces at once.
"""

from datetime import date, time

import pytest
from django.db import IntegrityError, connection, transaction

from coworking.availability import slot_bounds
from coworking.models import ACTIVE_STATES, Booking, Occupancy, OccupancyState, Slot
from tests.conftest import make_user
from tests.coworking.conftest import make_space

DAY = date(2026, 11, 24)  # a Tuesday
INACTIVE_STATES = [state for state in OccupancyState.values if state not in ACTIVE_STATES]

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="exclusion constraints on time ranges exist on PostgreSQL only (migration 0002); SQLite has the unique "
    "constraints per (place, date, slot) and (person, date, slot), tested above",
)


def occupy(space, resource, slot, member, day=DAY, state=OccupancyState.CONFIRMED, **extra):
    starts_at, ends_at = slot_bounds(day, slot)
    booking = Booking.objects.create(space=space, member=member)
    values = {"starts_at": starts_at, "ends_at": ends_at, **extra}
    return Occupancy.objects.create(
        booking=booking, space=space, resource=resource, slot=slot, date=day, member=member, state=state, **values
    )


def refused(call, constraint):
    """call() must fail with IntegrityError, inside a savepoint so the test can go on; on PostgreSQL the error
    names the constraint."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        call()
    if connection.vendor == "postgresql":
        assert constraint in str(error.value)
    return error.value


@pytest.fixture
def morning(space):
    return space.slots.get(name="Morning")


@pytest.fixture
def afternoon(space):
    return space.slots.get(name="Afternoon")


@pytest.fixture
def desk(space):
    return space.resources.get(name="Flex desk 1")


@pytest.mark.parametrize("state", ACTIVE_STATES)
def test_two_active_rows_for_one_place_in_one_slot_are_refused(space, desk, morning, alice, bob, state):
    occupy(space, desk, morning, alice, state=state)

    refused(lambda: occupy(space, desk, morning, bob), "coworking_occupancy_one_booking_per_place")
    assert Occupancy.objects.filter(resource=desk, date=DAY, slot=morning).count() == 1


def test_the_same_place_in_another_slot_or_on_another_day_is_fine(space, desk, morning, afternoon, alice, bob):
    occupy(space, desk, morning, alice)
    occupy(space, desk, afternoon, bob)
    occupy(space, desk, morning, bob, day=date(2026, 11, 25))

    assert Occupancy.objects.filter(resource=desk).count() == 3


@pytest.mark.parametrize("state", INACTIVE_STATES)
def test_a_cancelled_or_finished_row_does_not_block_the_place(space, desk, morning, alice, bob, state):
    occupy(space, desk, morning, alice, state=state)

    occupy(space, desk, morning, bob)
    assert Occupancy.objects.filter(resource=desk, date=DAY, slot=morning).active().get().member == bob


def test_reactivating_a_cancelled_row_of_a_taken_place_is_refused(space, desk, morning, alice, bob):
    """Updates are a write path too: putting a cancelled row back while someone else holds the place fails."""
    old = occupy(space, desk, morning, alice, state=OccupancyState.CANCELLED)
    occupy(space, desk, morning, bob)

    refused(
        lambda: Occupancy.objects.filter(pk=old.pk).update(state=OccupancyState.CONFIRMED),
        "coworking_occupancy_one_booking_per_place",
    )
    old.refresh_from_db()
    assert old.state == OccupancyState.CANCELLED


def test_bulk_create_cannot_double_book_either(space, desk, morning, alice, bob):
    starts_at, ends_at = slot_bounds(DAY, morning)
    rows = [
        Occupancy(
            booking=Booking.objects.create(space=space, member=member),
            space=space,
            resource=desk,
            slot=morning,
            date=DAY,
            starts_at=starts_at,
            ends_at=ends_at,
            member=member,
        )
        for member in (alice, bob)
    ]

    refused(lambda: Occupancy.objects.bulk_create(rows), "coworking_occupancy_one_booking_per_place")
    assert not Occupancy.objects.exists()


def test_one_person_cannot_hold_two_places_in_one_slot(space, morning, alice):
    first, second = space.resources.filter(kind="desk")[:2]
    occupy(space, first, morning, alice)

    refused(lambda: occupy(space, second, morning, alice), "coworking_occupancy_one_place_per_person")
    room = space.resources.get(kind="room")
    refused(lambda: occupy(space, room, morning, alice), "coworking_occupancy_one_place_per_person")
    assert Occupancy.objects.filter(member=alice).count() == 1


def test_one_person_may_hold_morning_and_afternoon_and_rebook_after_cancelling(space, desk, morning, afternoon, alice):
    cancelled = occupy(space, desk, morning, alice, state=OccupancyState.CANCELLED)
    occupy(space, desk, morning, alice)
    occupy(space, space.resources.get(name="Flex desk 2"), afternoon, alice)

    assert Occupancy.objects.filter(member=alice).active().count() == 2
    assert Occupancy.objects.filter(pk=cancelled.pk, state=OccupancyState.CANCELLED).exists()


def test_deleted_accounts_do_not_block_each_other(space, morning):
    """member is NULL after an account was deleted: NULLs are distinct, so anonymised rows of different places in
    one slot may coexist."""
    first, second = space.resources.filter(kind="desk")[:2]
    occupy(space, first, morning, None)
    occupy(space, second, morning, None)

    assert Occupancy.objects.filter(member=None).count() == 2


@pytest.mark.parametrize("hours", [0, -1])
def test_ends_at_must_lie_after_starts_at(space, desk, morning, alice, hours):
    starts_at, _ends_at = slot_bounds(DAY, morning)
    ends_at = starts_at.replace(hour=starts_at.hour + hours) if hours else starts_at

    refused(lambda: occupy(space, desk, morning, alice, ends_at=ends_at), "coworking_occupancy_ends_after_start")
    assert not Occupancy.objects.exists()


# --- PostgreSQL: exclusion constraints on time ranges --------------------------------------------------------


@pytest.fixture
def core_hours(space):
    """A slot overlapping both Morning (08–13) and Afternoon (13–18): the host edited the slots after bookings."""
    return Slot.objects.create(space=space, name="Core hours", starts=time(10), ends=time(15))


@postgresql_only
def test_overlapping_slots_of_one_place_are_refused(space, desk, morning, core_hours, alice, bob):
    occupy(space, desk, morning, alice)

    refused(lambda: occupy(space, desk, core_hours, bob), "coworking_occupancy_no_overlap_per_place")
    assert Occupancy.objects.filter(resource=desk).count() == 1


@postgresql_only
def test_overlapping_slots_are_fine_once_the_first_row_is_cancelled(space, desk, morning, core_hours, alice, bob):
    occupy(space, desk, morning, alice, state=OccupancyState.CANCELLED)

    occupy(space, desk, core_hours, bob)
    assert Occupancy.objects.filter(resource=desk).active().get().member == bob


@postgresql_only
def test_ranges_are_half_open_a_slot_ending_at_13_and_one_starting_at_13_do_not_clash(space, desk, morning, alice, bob):
    late = Slot.objects.create(space=space, name="Early afternoon", starts=time(13), ends=time(15))
    occupy(space, desk, morning, alice)

    occupy(space, desk, late, bob)
    assert Occupancy.objects.filter(resource=desk).active().count() == 2


@postgresql_only
def test_one_person_cannot_be_in_two_spaces_at_overlapping_times(space, host, desk, morning, alice):
    other = make_space(host, name="Werkhalle Arnsberg", municipality="Arnsberg")
    late_morning = Slot.objects.create(space=other, name="Late morning", starts=time(9), ends=time(12))
    occupy(space, desk, morning, alice)

    refused(
        lambda: occupy(other, other.resources.get(name="Flex desk 1"), late_morning, alice),
        "coworking_occupancy_no_overlap_per_person",
    )
    # the same slot name in the other space is another Slot row: only the exclusion constraint catches it
    refused(
        lambda: occupy(other, other.resources.get(name="Flex desk 2"), other.slots.get(name="Morning"), alice),
        "coworking_occupancy_no_overlap_per_person",
    )
    # someone else, and alice in the afternoon there, are fine
    occupy(other, other.resources.get(name="Flex desk 1"), late_morning, make_user("erik@example.org"))
    occupy(other, other.resources.get(name="Flex desk 2"), other.slots.get(name="Afternoon"), alice)
    assert Occupancy.objects.filter(member=alice).count() == 2
