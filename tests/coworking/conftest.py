"""Spaces for the co-working tests.

`space`: published "Digitalwerk Meschede" of the published host organisation "Sauerland Coworking eG", which
dora owns; alice, bob and charlie are members of other organisations or none (tests/conftest.py). It is
open Monday to Saturday 07:00–20:00, has the slots Morning 08:00–13:00 and Afternoon 13:00–18:00, three flex
desks ("Flex desk 1..3") and one named desk "Window desk", a meeting room with 8 seats, and the default policy
(28 days ahead, 60 minutes notice, 12 hours cancellation deadline, 10 future bookings, no approval, 30 minutes
check-in grace). It is closed on NRW public holidays.

`frozen_now(moment)` pins coworking.availability.now(), which all co-working code asks for the current moment.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.conftest import make_organisation, make_user

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args):
    """An aware Europe/Berlin datetime: berlin(2026, 3, 29, 8) is 08:00 local on 29 March 2026."""
    return datetime(*args, tzinfo=BERLIN)


def make_space(organisation, name="Digitalwerk Meschede", municipality="Meschede", flex_desks=3, **extra):
    from companies.models import Municipality
    from coworking.models import OpeningHours, Resource, Slot, Space
    from portal.lib.text import german_slugify

    space = Space.objects.create(
        organisation=organisation,
        name=name,
        slug=extra.pop("slug", None) or german_slugify(name),
        status=extra.pop("status", "published"),
        street="Le-Puy-Straße 1",
        postcode="59872",
        municipality=Municipality.objects.get(name=municipality),
        **extra,
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(space=space, weekday=weekday, opens=time(7), closes=time(20)) for weekday in range(6)
    )
    Slot.objects.create(space=space, name="Morning", starts=time(8), ends=time(13))
    Slot.objects.create(space=space, name="Afternoon", starts=time(13), ends=time(18))
    Resource.objects.bulk_create(
        Resource(space=space, name=f"Flex desk {number}", position=number) for number in range(1, flex_desks + 1)
    )
    if flex_desks:
        Resource.objects.create(space=space, name="Window desk", is_named=True, position=flex_desks + 1)
    Resource.objects.create(space=space, kind="room", name="Meeting room", seats=8, is_named=True)
    return space


def make_booking(space, member, day, slots, state="confirmed", resources=None):
    """A booking with one occupancy per slot, as the booking service stores it."""
    from coworking.availability import slot_bounds
    from coworking.models import Booking, Occupancy

    booking = Booking.objects.create(space=space, member=member)
    for slot, resource in zip(slots, resources or [space.resources.first()] * len(slots), strict=True):
        starts_at, ends_at = slot_bounds(day, slot)
        Occupancy.objects.create(
            booking=booking,
            space=space,
            resource=resource,
            slot=slot,
            date=day,
            starts_at=starts_at,
            ends_at=ends_at,
            member=member,
            state=state,
        )
    return booking


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Some tests request English pages; LocaleMiddleware leaves English active in the thread afterwards, which
    would make later tests reverse English URLs."""
    yield
    translation.deactivate()


@pytest.fixture
def dora(db):
    """The host: owner of the co-working host organisation."""
    return make_user("dora@example.org", "Dora Host")


@pytest.fixture
def host(dora):
    return make_organisation(
        "Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=dora, status="published"
    )


@pytest.fixture
def space(host):
    return make_space(host)


@pytest.fixture
def frozen_now(monkeypatch):
    """frozen_now(berlin(2026, 3, 27, 9)) makes that the current moment for the co-working code."""

    def freeze(moment):
        monkeypatch.setattr("coworking.availability.now", lambda: moment)
        return moment

    return freeze
