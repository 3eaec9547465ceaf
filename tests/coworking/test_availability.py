"""availability.Calendar: opening hours, closures, public holidays, the booking policy's borders, DST days, free
places; parse_day. The `space` is open Monday to Saturday 07:00–20:00 with Morning 08–13 and Afternoon 13–18 and
four desks (tests/coworking/conftest.py)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import translation

from coworking.availability import Calendar, Status, parse_day
from coworking.models import Closure, Occupancy, OccupancyState, OpeningHours, Resource
from tests.coworking.conftest import make_booking

from .conftest import berlin

MONDAY = date(2026, 11, 23)


def cell(space, day, slot_name="Morning"):
    calendar = Calendar(space, day)
    return calendar.cell(day, next(slot for slot in calendar.slots if slot.name == slot_name))


def set_hours(space, weekday, *ranges):
    space.opening_hours.filter(weekday=weekday).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(space=space, weekday=weekday, opens=time(opens), closes=time(closes)) for opens, closes in ranges
    )


def occupy(space, day, slot_name, state, resource=None, email=None):
    from tests.conftest import make_user

    slot = space.slots.get(name=slot_name)
    member = make_user(email or f"{state}-{Occupancy.objects.count()}@example.org")
    resource = resource or space.resources.filter(kind="desk").exclude(occupancies__date=day).first()
    return make_booking(space, member, day, [slot], state=state, resources=[resource]).occupancies.get()


@pytest.fixture(autouse=True)
def _now(frozen_now):
    frozen_now(berlin(2026, 11, 20, 12))  # a Friday noon, before all the dates below


# --- opening hours, closures, holidays ----------------------------------------------------------------------


def test_a_slot_outside_the_opening_hours_is_not_bookable(space):
    set_hours(space, MONDAY.weekday(), (9, 12))
    assert cell(space, MONDAY).status == Status.OUTSIDE_HOURS
    assert cell(space, MONDAY, "Afternoon").status == Status.OUTSIDE_HOURS
    assert cell(space, MONDAY + timedelta(days=1)).status == Status.OPEN


def test_a_weekday_with_two_ranges_takes_the_slots_inside_either(space):
    set_hours(space, MONDAY.weekday(), (8, 13), (13, 18))
    assert cell(space, MONDAY).status == Status.OPEN
    assert cell(space, MONDAY, "Afternoon").status == Status.OPEN
    set_hours(space, MONDAY.weekday(), (8, 12), (13, 18))  # the morning slot runs into the lunch break
    assert cell(space, MONDAY).status == Status.OUTSIDE_HOURS
    assert cell(space, MONDAY, "Afternoon").status == Status.OPEN


def test_a_day_without_opening_hours_is_closed(space):
    sunday = MONDAY + timedelta(days=6)
    assert cell(space, sunday).status == Status.CLOSED


def test_a_host_closure_closes_the_day_with_its_reason(space):
    Closure.objects.create(space=space, date=MONDAY, reason="Staff outing")
    closed = cell(space, MONDAY)
    assert (closed.status, closed.note, closed.bookable) == (Status.CLOSED, "Staff outing", False)
    assert cell(space, MONDAY + timedelta(days=1)).status == Status.OPEN


@pytest.mark.parametrize(("day", "name"), [(date(2026, 12, 25), "Christmas Day"), (date(2026, 6, 4), "Corpus Christi")])
def test_nrw_public_holidays_close_the_space(space, frozen_now, day, name):
    frozen_now(berlin(day.year, day.month, day.day, 0) - timedelta(days=3))
    with translation.override("en"):
        holiday = cell(space, day)
    assert (holiday.status, holiday.note) == (Status.HOLIDAY, name)
    space.closed_on_public_holidays = False
    assert cell(space, day).status == Status.OPEN


def test_holidays_are_named_in_the_active_language(space, frozen_now):
    frozen_now(berlin(2026, 12, 20, 12))
    with translation.override("de"):
        assert cell(space, date(2026, 12, 25)).note == "Erster Weihnachtstag"


# --- the policy's borders -----------------------------------------------------------------------------------


def test_past_and_running_slots_are_over(space, frozen_now):
    frozen_now(berlin(2026, 11, 23, 8))  # the morning starts right now
    assert cell(space, MONDAY).status == Status.PAST
    frozen_now(berlin(2026, 11, 23, 9))
    assert cell(space, MONDAY).status == Status.PAST
    assert cell(space, MONDAY - timedelta(days=1)).status == Status.PAST


def test_minimum_notice_is_bookable_exactly_at_the_border(space, frozen_now):
    """Bookable when starts_at - now >= min notice (60 minutes): at 07:00 for 08:00 yes, a second later no."""
    frozen_now(berlin(2026, 11, 23, 7))
    assert cell(space, MONDAY).status == Status.OPEN
    frozen_now(berlin(2026, 11, 23, 7, 0, 1))
    assert cell(space, MONDAY).status == Status.TOO_SOON
    frozen_now(berlin(2026, 11, 23, 6, 59, 59))
    assert cell(space, MONDAY).status == Status.OPEN


def test_days_ahead_ends_on_today_plus_days_ahead_minus_one(space, frozen_now):
    frozen_now(berlin(2026, 11, 2, 12))  # a Monday; 28 days ahead: up to Sunday 29 November
    last = date(2026, 11, 2) + timedelta(days=space.days_ahead - 1)
    set_hours(space, last.weekday(), (7, 20))
    set_hours(space, (last + timedelta(days=1)).weekday(), (7, 20))
    assert cell(space, last).status == Status.OPEN
    assert cell(space, last + timedelta(days=1)).status == Status.TOO_FAR


# --- DST days -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [(date(2026, 3, 29), 6, 11), (date(2026, 10, 25), 7, 12)],
    ids=["spring-forward", "fall-back"],
)
def test_the_morning_stays_8_to_13_local_on_dst_days(space, frozen_now, day, utc_start, utc_end):
    frozen_now(berlin(day.year, day.month, day.day - 2, 12))
    set_hours(space, day.weekday(), (7, 20))  # both are Sundays
    morning = cell(space, day)
    assert morning.starts_at == datetime(day.year, day.month, day.day, utc_start, tzinfo=UTC)
    assert morning.ends_at == datetime(day.year, day.month, day.day, utc_end, tzinfo=UTC)
    assert morning.ends_at - morning.starts_at == timedelta(hours=5)
    assert morning.starts_at.astimezone(berlin(2026, 1, 1).tzinfo).time() == time(8)
    assert morning.status == Status.OPEN
    afternoon = cell(space, day, "Afternoon")
    assert afternoon.starts_at == morning.ends_at  # half-open: one ends where the next starts


# --- free places --------------------------------------------------------------------------------------------


def test_active_bookings_take_places_and_inactive_ones_do_not(space):
    for state in [OccupancyState.HELD, OccupancyState.PENDING, OccupancyState.CONFIRMED]:
        occupy(space, MONDAY, "Morning", state)
    for state in [
        OccupancyState.CANCELLED,
        OccupancyState.CANCELLED_BY_HOST,
        OccupancyState.DECLINED,
        OccupancyState.NO_SHOW,
        OccupancyState.EXPIRED,
    ]:
        occupy(space, MONDAY, "Morning", state, resource=space.resources.get(name="Flex desk 1"))
    occupy(space, MONDAY, "Morning", OccupancyState.CONFIRMED, resource=space.resources.get(name="Meeting room"))
    morning = cell(space, MONDAY)
    assert (morning.capacity, morning.taken, morning.free, morning.status) == (4, 3, 1, Status.OPEN)
    assert cell(space, MONDAY, "Afternoon").free == 4
    occupy(space, MONDAY, "Morning", OccupancyState.CHECKED_IN)
    full = cell(space, MONDAY)
    assert (full.free, full.status, full.bookable) == (0, Status.FULL, False)


def test_inactive_desks_do_not_count(space):
    Resource.objects.filter(space=space, kind="desk").exclude(name="Window desk").update(is_active=False)
    assert cell(space, MONDAY).capacity == 1
    Resource.objects.filter(space=space, kind="desk").update(is_active=False)
    assert cell(space, MONDAY).status == Status.NO_PLACES


def test_a_week_takes_five_queries_whatever_the_bookings(space, django_assert_num_queries):
    for offset in range(5):
        occupy(space, MONDAY + timedelta(days=offset), "Morning", OccupancyState.CONFIRMED)
    with django_assert_num_queries(5):
        calendar = Calendar(space, MONDAY, 7)
        rows = calendar.week()
    assert [cell.free for cell in rows[0][1]][:5] == [3, 3, 3, 3, 3]


# --- parse_day ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["30.02.2026", "2026-02-30", "9999-01-01", "abc", "", "29.3.26x"])
def test_parse_day_rejects_what_is_not_a_sensible_date(value):
    assert parse_day(value) is None


@pytest.mark.parametrize("value", ["29.03.2026", "2026-03-29", " 29.03.2026 "])
def test_parse_day_accepts_iso_and_german_dates(value):
    assert parse_day(value) == date(2026, 3, 29)
