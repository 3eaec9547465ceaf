"""Finding a space: which published spaces, how far away, and how many places are free on a date.

`calendars(spaces, start, days)` reads the availability of many spaces at once in five queries (desks per space,
active bookings per space, date and slot, slots, opening hours, closures) and answers with one
availability.Calendar per space, so that the list, the "nearby" page and a space's own page apply the same rules.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from math import atan2, cos, degrees, radians, sin, sqrt
from urllib.parse import urlencode

from django.db.models import Count, TextChoices
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies.models import Municipality, Organisation

from . import availability
from .models import ACTIVE, Closure, Occupancy, OpeningHours, Resource, ResourceKind, Slot, Space

NEAR_DAYS = 7  # the "nearby" page looks this many days ahead, from today
NEAR_LIMIT = 10  # spaces it shows
NEAR_CANDIDATES = 50  # the nearest spaces it considers (their availability is read in one go)
NEXT_FREE = 3  # free slots it offers per space


class Part(TextChoices):
    DAY = "day", _("Whole day")
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")


# --- availability of many spaces ----------------------------------------------------------------------------


class _PreparedCalendar(availability.Calendar):
    """An availability.Calendar whose data were read for many spaces together (see calendars())."""

    def __init__(self, space, days, moment, slots, hours, closures, holidays, capacity, taken):
        self.space, self.dates, self.now = space, days, moment
        self.slots, self.hours, self.closures = slots, hours, closures
        self.holidays = holidays if space.closed_on_public_holidays else {}
        self.capacity, self.taken = capacity, taken


def calendars(spaces, start, days=1, moment=None):
    """{space pk: Calendar} of the spaces for `days` days from `start`: five queries, whatever the number of spaces,
    desks and bookings (public holidays come from the `holidays` package)."""
    spaces = list(spaces)
    if not spaces:
        return {}
    by_id = {space.pk: space for space in spaces}
    ids = list(by_id)
    moment = moment or availability.now()
    days_ = availability.dates(start, days)
    span = (days_[0], days_[-1])

    desks = Resource.objects.filter(space_id__in=ids, is_active=True, kind=ResourceKind.DESK).order_by()
    capacity = dict(desks.values_list("space_id").annotate(n=Count("pk")))
    taken = defaultdict(Counter)
    occupancies = Occupancy.objects.filter(
        ACTIVE, space_id__in=ids, date__range=span, resource__kind=ResourceKind.DESK, resource__is_active=True
    ).order_by()
    for space_id, day, slot_id, n in occupancies.values_list("space_id", "date", "slot_id").annotate(n=Count("pk")):
        taken[space_id][(day, slot_id)] = n
    slots = defaultdict(list)
    for slot in Slot.objects.filter(space_id__in=ids, is_active=True).order_by("starts", "pk"):
        slot.space = by_id[slot.space_id]  # for the links, without a query per slot
        slots[slot.space_id].append(slot)
    hours = defaultdict(lambda: defaultdict(list))
    weekdays = {day.weekday() for day in days_}
    opening = OpeningHours.objects.filter(space_id__in=ids, weekday__in=weekdays).order_by("weekday", "opens")
    for space_id, weekday, opens, closes in opening.values_list("space_id", "weekday", "opens", "closes"):
        hours[space_id][weekday].append((opens, closes))
    closures = defaultdict(dict)
    closed = Closure.objects.filter(space_id__in=ids, date__range=span).values_list("space_id", "date", "reason")
    for space_id, day, reason in closed:
        closures[space_id][day] = reason
    holidays = availability.public_holidays(*span)
    return {
        space.pk: _PreparedCalendar(
            space,
            days_,
            moment,
            slots[space.pk],
            hours[space.pk],
            closures[space.pk],
            holidays,
            capacity.get(space.pk, 0),
            taken[space.pk],
        )
        for space in spaces
    }


def cells_for_part(calendar, day, part):
    """The cells of one date in a part of the day (all slots for the whole day)."""
    return [
        calendar.cell(day, slot)
        for slot in calendar.slots
        if part == Part.DAY or availability.part_of_day(slot) == part
    ]


def next_free(calendar, limit=NEXT_FREE):
    """The first `limit` bookable cells of the calendar, in time order."""
    found = []
    for day in calendar.dates:
        for slot in calendar.slots:
            cell = calendar.cell(day, slot)
            if cell.bookable:
                found.append(cell)
                if len(found) == limit:
                    return found
    return found


class Offer:
    """One slot of one date as the pages show it: in words (never only a colour), with the link it offers."""

    def __init__(self, cell):
        self.cell = cell

    @property
    def text(self):
        cell = self.cell
        status = availability.Status
        if cell.status == status.OPEN:
            return _("%(free)s of %(capacity)s free") % {"free": cell.free, "capacity": cell.capacity}
        if cell.status in (status.CLOSED, status.HOLIDAY) and cell.note:
            return _("closed (%(reason)s)") % {"reason": cell.note}
        return {
            status.FULL: _("fully booked"),
            status.PAST: _("over"),
            status.TOO_SOON: _("too short notice"),
            status.TOO_FAR: _("not yet bookable"),
            status.CLOSED: _("closed"),
            status.HOLIDAY: _("closed (public holiday)"),
            status.OUTSIDE_HOURS: _("outside opening hours"),
            status.NO_PLACES: _("no places"),
        }[cell.status]

    @property
    def url(self):
        """The booking form when a place is free, the waiting list when the slot is full, else nothing."""
        if self.cell.bookable:
            return booking_url(self.cell)
        if self.cell.status == availability.Status.FULL:
            return waitlist_url(self.cell)
        return ""

    @property
    def kind(self):
        """For the colour (CSS), which only repeats what the words say: open, full or closed."""
        status = availability.Status
        if self.cell.status in (status.OPEN, status.FULL):
            return self.cell.status
        return "closed"


def booking_url(cell):
    """The booking form for one slot of one date."""
    query = urlencode({"date": cell.date.isoformat(), "slot": cell.slot.pk})
    return f"{reverse('coworking:book', args=[cell.slot.space.slug])}?{query}"


def waitlist_url(cell):
    query = urlencode({"date": cell.date.isoformat(), "slot": cell.slot.pk})
    return f"{reverse('coworking:waitlist_join', args=[cell.slot.space.slug])}?{query}"


# --- places and distances -----------------------------------------------------------------------------------


def distances(origin, municipalities):
    """{municipality pk: km from origin} for the municipalities with coordinates."""
    return {place.pk: origin.distance_km(place) for place in municipalities if place.has_coordinates}


def midpoint(places):
    """The point halfway between the places (on the sphere) as an unsaved Municipality, or the place itself when
    there is one. All places must have coordinates."""
    if len(places) == 1:
        return places[0]
    x = y = z = 0.0
    for place in places:
        latitude, longitude = radians(float(place.latitude)), radians(float(place.longitude))
        x += cos(latitude) * cos(longitude)
        y += cos(latitude) * sin(longitude)
        z += sin(latitude)
    latitude = degrees(atan2(z, sqrt(x * x + y * y)))
    longitude = degrees(atan2(y, x))
    return Municipality(name=" / ".join(place.name for place in places), latitude=latitude, longitude=longitude)


@dataclass
class Found:
    """A space in the list, with its offers (cells) for the chosen date and part of the day."""

    space: Space
    km: float | None
    offers: list

    @property
    def has_free(self):
        return any(offer.cell.bookable for offer in self.offers)


def find(spaces, day, part, origin=None, free_only=False, moment=None):
    """[Found] of the spaces (a filtered queryset, read once): their places on `day` in `part` of the day, in a
    fixed number of queries; nearest first when `origin` is given, else in the queryset's order; only those with a
    free place when `free_only`."""
    spaces = list(spaces)
    found_calendars = calendars(spaces, day, 1, moment)
    results = [
        Found(
            space,
            origin.distance_km(space.municipality) if origin else None,
            [Offer(cell) for cell in cells_for_part(found_calendars[space.pk], day, part)],
        )
        for space in spaces
    ]
    if free_only:
        results = [result for result in results if result.has_free]
    if origin:
        results.sort(key=lambda result: (result.km is None, result.km or 0, result.space.name, result.space.pk))
    return results


def published_spaces():
    return Space.objects.published().select_related("organisation", "municipality").order_by("name", "pk")


def _by_distance(pair):
    km, space = pair
    return km, space.name, space.pk


def nearest_with_free_places(origin, moment=None):
    """[(space, km from origin, next free cells)]: the published spaces nearest to origin (a Municipality, saved
    or not) that have a free place in the next NEAR_DAYS days, up to NEAR_LIMIT.

    Only the NEAR_CANDIDATES nearest spaces are considered, so the work stays bounded; their availability is read
    in one go (calendars())."""
    moment = moment or availability.now()
    spaces = [space for space in published_spaces() if space.municipality.has_coordinates]
    ranked = sorted(((origin.distance_km(space.municipality), space) for space in spaces), key=_by_distance)
    candidates = ranked[:NEAR_CANDIDATES]
    found = calendars([space for _km, space in candidates], availability.local_today(moment), NEAR_DAYS, moment)
    results = []
    for km, space in candidates:
        cells = next_free(found[space.pk])
        if cells:
            results.append((space, km, cells))
            if len(results) == NEAR_LIMIT:
                break
    return results


def near_url(*places):
    """The "nearby" page for one or two organisations or municipalities, e.g. near_url(organisation, contact):
    the nearest spaces with free places, halfway between them."""
    pairs = []
    for place in places:
        if isinstance(place, Organisation):
            pairs.append(("org", place.slug))
        elif isinstance(place, Municipality):
            pairs.append(("place", place.slug))
        else:
            raise TypeError(f"near_url() takes organisations and municipalities, not {type(place).__name__}")
    url = reverse("coworking:near")
    return f"{url}?{urlencode(pairs)}" if pairs else url


def default_day(moment=None):
    """The date the list shows free places for when none is chosen: tomorrow."""
    return availability.local_today(moment) + timedelta(days=1)
