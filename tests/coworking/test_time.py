"""Time in the booking engine (DOMAIN.md §6): aware datetimes, "today", notice and deadlines in Europe/Berlin.

The DST days of 2026 are Sundays: 29 March (23 hours, clocks 02:00 -> 03:00) and 25 October (25 hours, 03:00 ->
02:00). The test space opens on Sundays too for these tests.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import translation

from coworking import availability, services
from coworking.models import OpeningHours, Slot
from tests.coworking.conftest import berlin, make_space

SPRING, AUTUMN = date(2026, 3, 29), date(2026, 10, 25)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def sunday_space(space):
    OpeningHours.objects.create(space=space, weekday=6, opens=time(7), closes=time(20))
    return space


def book(member, space, day, *names, **extra):
    extra.setdefault("idempotency_key", uuid.uuid4())
    return services.book(
        member=member,
        space=space,
        days=[day],
        slots=[space.slots.get(name=name) for name in names or ("Morning",)],
        **extra,
    )


@pytest.mark.parametrize(
    ("day", "now", "starts_at", "ends_at"),
    [
        (SPRING, berlin(2026, 3, 27, 9), utc(2026, 3, 29, 6), utc(2026, 3, 29, 11)),
        (AUTUMN, berlin(2026, 10, 23, 9), utc(2026, 10, 25, 7), utc(2026, 10, 25, 12)),
    ],
)
def test_the_morning_of_a_dst_day_is_08_to_13_local_and_five_hours_long(
    sunday_space, alice, frozen_now, day, now, starts_at, ends_at
):
    frozen_now(now)

    row = book(alice, sunday_space, day).occupancies.get()

    row.refresh_from_db()  # as stored
    assert (row.starts_at, row.ends_at) == (starts_at, ends_at)
    assert row.ends_at - row.starts_at == timedelta(hours=5)
    local = availability.local_now(row.starts_at), availability.local_now(row.ends_at)
    assert [moment.time() for moment in local] == [time(8), time(13)]
    assert row.date == day


def test_the_whole_spring_dst_day_keeps_local_slot_times(sunday_space, alice, frozen_now):
    frozen_now(berlin(2026, 3, 27, 9))

    rows = list(book(alice, sunday_space, SPRING, "Morning", "Afternoon").occupancies.order_by("starts_at"))

    assert [(row.starts_at, row.ends_at) for row in rows] == [
        (utc(2026, 3, 29, 6), utc(2026, 3, 29, 11)),
        (utc(2026, 3, 29, 11), utc(2026, 3, 29, 16)),
    ]


def test_a_slot_across_the_switch_is_an_hour_shorter_or_longer_in_real_time(space):
    night = Slot(space=space, name="Night", starts=time(0), ends=time(6))

    # in UTC: Python subtracts two datetimes of the same zone by their wall clocks
    spring, autumn, ordinary = (
        [bound.astimezone(UTC) for bound in availability.slot_bounds(day, night)]
        for day in (SPRING, AUTUMN, date(2026, 3, 22))
    )

    assert spring == [utc(2026, 3, 28, 23), utc(2026, 3, 29, 4)]
    assert spring[1] - spring[0] == timedelta(hours=5)
    assert autumn[1] - autumn[0] == timedelta(hours=7)
    assert ordinary[1] - ordinary[0] == timedelta(hours=6)


def test_today_is_the_berlin_date_not_the_utc_date(space, alice, frozen_now):
    moment = frozen_now(utc(2026, 11, 24, 23, 30))  # 00:30 on Wednesday 25 November in Berlin
    space.days_ahead = 1  # today only
    space.save()

    assert availability.local_today(moment) == date(2026, 11, 25)
    assert availability.local_today() == date(2026, 11, 25)
    assert book(alice, space, date(2026, 11, 25)).occupancies.get().date == date(2026, 11, 25)
    with translation.override("en"):
        with pytest.raises(services.PolicyError) as error:
            book(alice, space, date(2026, 11, 26), "Afternoon")
        assert "too far ahead" in error.value.message
        with pytest.raises(services.PolicyError) as error:
            book(alice, space, date(2026, 11, 24), "Afternoon")
        assert "already over" in error.value.message


def test_half_open_a_slot_ending_at_13_and_one_starting_at_13_do_not_clash(space, alice, frozen_now):
    frozen_now(berlin(2026, 11, 23, 9))
    day = date(2026, 11, 24)

    morning = book(alice, space, day, "Morning").occupancies.get()
    afternoon = book(alice, space, day, "Afternoon").occupancies.get()

    assert morning.ends_at == afternoon.starts_at == berlin(2026, 11, 24, 13)
    assert morning.resource == afternoon.resource  # the same desk, back to back


def test_half_open_across_two_spaces(space, host, alice, frozen_now):
    """Morning in one space until 13:00, afternoon in another from 13:00: fine, also for PostgreSQL's exclusion
    constraint on one person's time ranges."""
    frozen_now(berlin(2026, 11, 23, 9))
    other = make_space(host, name="Werkhalle Arnsberg", municipality="Arnsberg")
    day = date(2026, 11, 24)

    book(alice, space, day, "Morning")
    book(alice, other, day, "Afternoon")

    assert alice.occupancies.active().count() == 2


def test_minimum_notice_is_measured_in_real_time_on_the_spring_dst_day(sunday_space, alice, bob, frozen_now):
    """01:30 CET to 08:00 CEST looks like 6.5 hours on the wall clock but is 5.5 hours."""
    sunday_space.min_notice_minutes = 6 * 60
    sunday_space.save()
    frozen_now(berlin(2026, 3, 29, 1, 30))

    with translation.override("en"), pytest.raises(services.PolicyError) as error:
        book(alice, sunday_space, SPRING)
    assert "starts too soon" in error.value.message

    frozen_now(berlin(2026, 3, 29, 1, 0))  # 01:00 CET = 00:00 UTC: exactly 6 hours before 06:00 UTC
    assert book(bob, sunday_space, SPRING).occupancies.count() == 1


@pytest.mark.parametrize(
    ("day", "booked_at", "deadline_utc", "deadline_local"),
    [
        # 08:00 CEST = 06:00 UTC, minus 12 hours = 18:00 UTC on 28 March = 19:00 CET
        (SPRING, berlin(2026, 3, 27, 9), utc(2026, 3, 28, 18), berlin(2026, 3, 28, 19)),
        # 08:00 CET = 07:00 UTC, minus 12 hours = 19:00 UTC on 24 October = 21:00 CEST
        (AUTUMN, berlin(2026, 10, 23, 9), utc(2026, 10, 24, 19), berlin(2026, 10, 24, 21)),
    ],
)
def test_the_cancellation_deadline_is_exactly_12_hours_on_dst_days(
    sunday_space, alice, frozen_now, day, booked_at, deadline_utc, deadline_local
):
    frozen_now(booked_at)
    booking = book(alice, sunday_space, day)
    row = booking.occupancies.select_related("space").get()

    assert services.cancellable_until(row) == deadline_utc
    assert availability.local_now(services.cancellable_until(row)).replace(tzinfo=None) == deadline_local.replace(
        tzinfo=None
    )

    frozen_now(deadline_utc + timedelta(minutes=1))
    with translation.override("en"), pytest.raises(services.PolicyError) as error:
        services.cancel(booking, by=alice)
    assert f"{deadline_local:%H:%M}" in error.value.message

    frozen_now(deadline_utc)
    assert len(services.cancel(booking, by=alice)) == 1


def test_check_in_and_no_show_grace_on_the_autumn_dst_day(sunday_space, alice, frozen_now):
    frozen_now(berlin(2026, 10, 23, 9))
    row = book(alice, sunday_space, AUTUMN).occupancies.get()

    assert services.release_no_shows(utc(2026, 10, 25, 7, 29)) == 0  # 08:29 CET
    assert services.release_no_shows(utc(2026, 10, 25, 7, 30)) == 1  # 08:30 CET, 30 minutes after the start
    row.refresh_from_db()
    assert row.state == "no-show"
