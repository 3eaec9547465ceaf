"""Many members booking the last places at the same moment (DOMAIN.md §6): the database's constraints decide,
exactly as many bookings get through as there are places, and every other member hears "just taken" with
alternatives, never an error page. PostgreSQL only: SQLite serialises writers, so these races cannot happen there.

Demonstration that the constraints are what makes this work (for the issue's note): with
COWORKING_DROP_CONSTRAINTS=1 the `unguarded` fixture drops the unique index coworking_occupancy_one_booking_per_place
and the exclusion constraint coworking_occupancy_no_overlap_per_place in the test database before each race, and
the race tests fail, saying how many bookings got through:

    COWORKING_DROP_CONSTRAINTS=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bs_h1 \\
        .venv/bin/pytest tests/coworking/test_races.py -q -p no:cacheprovider -k last_free_desk

The constraints stay dropped in that test database for the rest of the run (it is created afresh for the next run;
do not combine with --reuse-db). Measured on PostgreSQL 15: 3, 7, 8 and 17 of 24 members got the last desk, and 20 of
20 members got one of 5 desks (all on Flex desk 1); with the constraints exactly 1 and exactly 5.

The retry tests at the end (deadlocks, "database is locked") fake the database's answer and run on both databases.
"""

import uuid
from datetime import date
from functools import partial

import pytest
from django.core import mail
from django.db import OperationalError, connection  # noqa: F401 - the skipif condition reads `connection`

from coworking import services
from coworking.models import Booking, Occupancy
from tests.concurrency import at_the_same_moment, drop_booking_constraints_if_asked
from tests.conftest import make_user
from tests.coworking.conftest import berlin, make_space

DAY = date(2026, 11, 24)  # a Tuesday
NOW = berlin(2026, 11, 23, 9)

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite serialises writers, so these races cannot happen there; run with DATABASE_URL on PostgreSQL",
)


@pytest.fixture
def unguarded():
    """Drops the constraints that decide the race when COWORKING_DROP_CONSTRAINTS=1 (a demonstration run only)."""
    return drop_booking_constraints_if_asked()


def members(count):
    return [make_user(f"member{number}@example.org", f"Member {number}") for number in range(count)]


def booker(space, member, **extra):
    return partial(
        services.book,
        member=member,
        space=space,
        days=[DAY],
        slots=[space.slots.get(name="Morning")],
        idempotency_key=extra.pop("idempotency_key", None) or uuid.uuid4(),
        language="en",
        **extra,
    )


def outcome(result):
    if isinstance(result, Booking):
        return "booked"
    if isinstance(result, services.PlaceTaken):
        return "taken"
    return repr(result)  # anything else fails the test and shows what it was


@pytest.mark.parametrize("contenders", [24])
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_many_members_race_for_the_last_free_desk_and_exactly_one_gets_it(host, frozen_now, unguarded, contenders):
    frozen_now(NOW)
    space = make_space(host, flex_desks=1)  # Flex desk 1 and the Window desk
    booker(space, make_user("early@example.org"), resource=space.resources.get(name="Window desk"))()
    mail.outbox.clear()
    people = members(contenders)

    results = at_the_same_moment(*[booker(space, person) for person in people])

    outcomes = [outcome(result) for result in results]
    booked = Occupancy.objects.active().filter(date=DAY, member__in=people)
    assert outcomes.count("booked") == 1, f"{booked.count()} of {contenders} bookings got through: {outcomes}"
    assert outcomes.count("taken") == contenders - 1, outcomes
    assert booked.count() == 1 and booked.get().resource.name == "Flex desk 1"
    assert Booking.objects.filter(member__in=people).count() == 1  # the losers' booking headers rolled back
    for result in results:
        if isinstance(result, services.PlaceTaken):
            assert "soeben vergeben" in result.message  # German: the site language in a new thread
            assert result.alternatives and all(alternative.free for alternative in result.alternatives)
            assert (DAY, "Morning") not in [(a.date, a.slot.name) for a in result.alternatives if a.space == space]
    assert len(mail.outbox) == 1  # only the winner is told "confirmed"
    assert not unguarded


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_members_for_five_free_desks_give_exactly_five_bookings(host, frozen_now, unguarded):
    frozen_now(NOW)
    space = make_space(host, flex_desks=5)
    space.resources.filter(name="Window desk").update(is_active=False)
    people = members(20)

    results = at_the_same_moment(*[booker(space, person) for person in people])

    outcomes = [outcome(result) for result in results]
    booked = Occupancy.objects.active().filter(space=space, date=DAY)
    assert outcomes.count("booked") == 5, f"{booked.count()} of 20 bookings got through for 5 desks: {outcomes}"
    assert outcomes.count("taken") == 15, outcomes
    assert sorted(booked.values_list("resource__name", flat=True)) == [f"Flex desk {n}" for n in range(1, 6)]
    assert Booking.objects.filter(space=space).count() == 5
    assert not unguarded


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_one_member_submitting_the_same_form_ten_times_at_once_gets_one_booking(host, alice, frozen_now):
    frozen_now(NOW)
    space = make_space(host)
    key = uuid.uuid4()

    results = at_the_same_moment(*[booker(space, alice, idempotency_key=key) for _ in range(10)])

    assert all(isinstance(result, Booking) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Booking.objects.filter(member=alice).count() == 1
    assert Occupancy.objects.filter(member=alice).count() == 1
    assert len(mail.outbox) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_members_racing_for_a_whole_week_get_all_or_nothing(host, frozen_now):
    """Multi-slot bookings in (date, slot) order: one member gets every slot, the other none, no deadlock."""
    frozen_now(NOW)
    space = make_space(host, flex_desks=1)
    space.resources.filter(name="Window desk").update(is_active=False)
    days = [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]
    people = members(6)
    calls = [
        partial(
            services.book,
            member=person,
            space=space,
            days=days,
            slots=list(space.slots.all()),
            idempotency_key=uuid.uuid4(),
        )
        for person in people
    ]

    outcomes = [outcome(result) for result in at_the_same_moment(*calls)]

    assert sorted(outcomes) == ["booked"] + ["taken"] * 5, outcomes
    assert Occupancy.objects.active().filter(space=space).count() == 8
    assert Occupancy.objects.active().filter(space=space).values("member").distinct().count() == 1


# --- retries: deadlocks and a locked database (both databases) -----------------------------------------------


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr(services.clock, "sleep", lambda seconds: None)


def failing(monkeypatch, times, message="deadlock detected"):
    """Makes the first `times` slot inserts fail as the database would; returns the list of calls."""
    calls = []
    real = services._occupy

    def occupy(*args, **kwargs):
        calls.append(args)
        if len(calls) <= times:
            raise OperationalError(message)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_occupy", occupy)
    return calls


@pytest.mark.parametrize("message", ["deadlock detected", "database is locked", "could not serialize access"])
def test_a_deadlock_is_retried_and_the_booking_then_succeeds(
    space, alice, frozen_now, monkeypatch, no_sleep, django_capture_on_commit_callbacks, message
):
    frozen_now(NOW)
    calls = failing(monkeypatch, 1, message)

    with django_capture_on_commit_callbacks(execute=True):
        booking = booker(space, alice)()

    assert len(calls) == 2
    assert Booking.objects.get() == booking  # the first attempt's header rolled back
    assert booking.occupancies.get().resource.name == "Flex desk 1"
    assert len(mail.outbox) == 1


def test_a_database_busy_through_every_retry_gives_a_polite_answer_and_stores_nothing(
    space, alice, frozen_now, monkeypatch, no_sleep, django_capture_on_commit_callbacks
):
    frozen_now(NOW)
    calls = failing(monkeypatch, 1000)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.Busy) as busy:
        booker(space, alice)()

    assert len(calls) == services.RETRIES
    assert "ausgelastet" in busy.value.message and "Es wurde nichts gebucht" in busy.value.message
    assert not Booking.objects.exists() and not Occupancy.objects.exists()
    assert mail.outbox == []


def test_other_database_errors_are_not_retried(space, alice, frozen_now, monkeypatch, no_sleep):
    frozen_now(NOW)
    calls = failing(monkeypatch, 1000, "server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        booker(space, alice)()

    assert len(calls) == 1
    assert not Occupancy.objects.filter(member=alice).exists()
