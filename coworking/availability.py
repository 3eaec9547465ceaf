"""Time and availability of spaces: everything in the space's local time, Europe/Berlin.

A slot on a date becomes an aware half-open interval [starts_at, ends_at) by combining the local date and wall
time with the zone; on the DST days (29 March and 25 October 2026) a morning slot stays 08:00–13:00 local, and
the day simply has 23 or 25 hours. "Today", minimum notice, days ahead and deadlines are all local.

Calendar(space, start, days) answers, for every (date, slot) of the range, how many desks are free and whether
the slot is bookable, and why not (past, closed, holiday, outside opening hours, too soon, too far ahead, full),
in a fixed number of queries whatever the number of bookings.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.db import models
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import ACTIVE, Occupancy, ResourceKind

TIME_ZONE = ZoneInfo("Europe/Berlin")
# Dates a form accepts at all: beyond this they are typing errors ("year 9999"), not plans.
LATEST_YEAR_AHEAD = 2


def now():
    return timezone.now()


def local_now(moment=None):
    return timezone.localtime(moment or now(), TIME_ZONE)


def local_today(moment=None):
    return local_now(moment).date()


def local_datetime(day, wall_time):
    """The aware moment of a local date and wall-clock time (the first one, where the clock goes back)."""
    return datetime.combine(day, wall_time, tzinfo=TIME_ZONE)


def slot_bounds(day, slot):
    """[starts_at, ends_at) of slot on day, in UTC. UTC, because Python compares and subtracts two datetimes of the
    same zone by their wall clocks: 08:00 CEST minus 12 hours would be 20:00 on the day before the clocks change,
    not 19:00."""
    return local_datetime(day, slot.starts).astimezone(UTC), local_datetime(day, slot.ends).astimezone(UTC)


def dates(start, days):
    return [start + timedelta(days=offset) for offset in range(days)]


def week_start(day):
    return day - timedelta(days=day.weekday())


@cache
def _holidays(year, language):
    return dict(holidays.country_holidays("DE", subdiv="NW", years=year, language=language))


def public_holidays(start, end):
    """{date: name} of the public holidays in North Rhine-Westphalia from start to end (inclusive), named in the
    active language."""
    language = "en_US" if translation.get_language() == "en" else "de"
    found = {}
    for year in range(start.year, end.year + 1):
        found.update({day: name for day, name in _holidays(year, language).items() if start <= day <= end})
    return found


class Status(models.TextChoices):
    OPEN = "open", _("Free places")
    FULL = "full", _("Fully booked")
    PAST = "past", _("Over")
    TOO_SOON = "too-soon", _("Too short notice")
    TOO_FAR = "too-far", _("Not yet bookable")
    CLOSED = "closed", _("Closed")
    HOLIDAY = "holiday", _("Public holiday")
    OUTSIDE_HOURS = "outside-hours", _("Outside opening hours")
    NO_PLACES = "no-places", _("No places")


@dataclass(frozen=True)
class Cell:
    """One slot of one date."""

    date: date
    slot: object
    starts_at: datetime
    ends_at: datetime
    capacity: int  # active desks
    taken: int  # active bookings of desks
    status: str
    note: str = ""  # the holiday's name or the host's reason for a closure

    @property
    def free(self):
        return max(self.capacity - self.taken, 0)

    @property
    def bookable(self):
        return self.status == Status.OPEN

    @property
    def status_label(self):
        return Status(self.status).label


def is_within_opening_hours(ranges, slot):
    """ranges: [(opens, closes)] of the weekday. A slot must lie inside one range."""
    return any(opens <= slot.starts and slot.ends <= closes for opens, closes in ranges)


def latest_bookable_date(space, moment=None):
    return local_today(moment) + timedelta(days=space.days_ahead - 1)


class Calendar:
    """Availability of one space for `days` days from `start`: five queries, whatever the data size.

    calendar.cell(day, slot) -> Cell; calendar.slots; calendar.dates; calendar.week() -> rows for a table.
    """

    def __init__(self, space, start, days=1, moment=None):
        self.space = space
        self.dates = dates(start, days)
        self.now = (moment or now()).astimezone(UTC)
        end = self.dates[-1]
        self.slots = list(space.slots.filter(is_active=True))
        self.hours = defaultdict(list)
        for opens, closes, weekday in space.opening_hours.values_list("opens", "closes", "weekday"):
            self.hours[weekday].append((opens, closes))
        self.closures = dict(space.closures.filter(date__range=(start, end)).values_list("date", "reason"))
        self.holidays = public_holidays(start, end) if space.closed_on_public_holidays else {}
        self.capacity = space.resources.filter(is_active=True, kind=ResourceKind.DESK).count()
        taken = (
            Occupancy.objects.filter(
                ACTIVE,
                space=space,
                date__range=(start, end),
                resource__kind=ResourceKind.DESK,
                resource__is_active=True,
            )
            .values_list("date", "slot_id")
            .annotate(n=Count("pk"))
        )
        self.taken = Counter({(day, slot_id): n for day, slot_id, n in taken})

    def cell(self, day, slot):
        starts_at, ends_at = slot_bounds(day, slot)
        taken = self.taken[(day, slot.pk)]
        status, note = self._status(day, slot, starts_at, taken)
        return Cell(day, slot, starts_at, ends_at, self.capacity, taken, status, note)

    def _status(self, day, slot, starts_at, taken):
        if starts_at <= self.now:
            return Status.PAST, ""
        if day in self.closures:
            return Status.CLOSED, self.closures[day]
        if day in self.holidays:
            return Status.HOLIDAY, self.holidays[day]
        if not self.hours[day.weekday()]:
            return Status.CLOSED, ""  # not open at all that weekday (Sundays, mostly)
        if not is_within_opening_hours(self.hours[day.weekday()], slot):
            return Status.OUTSIDE_HOURS, ""
        if starts_at - self.now < timedelta(minutes=self.space.min_notice_minutes):
            return Status.TOO_SOON, ""
        if day > latest_bookable_date(self.space, self.now):
            return Status.TOO_FAR, ""
        if not self.capacity:
            return Status.NO_PLACES, ""
        if taken >= self.capacity:
            return Status.FULL, ""
        return Status.OPEN, ""

    def cells(self):
        return [self.cell(day, slot) for day in self.dates for slot in self.slots]

    def week(self):
        """[(slot, [cell per date])]: the rows of a table with the dates as column headers."""
        return [(slot, [self.cell(day, slot) for day in self.dates]) for slot in self.slots]


def read_day(value):
    """A date written as ISO 2026-03-29 or German 29.03.2026, or None when it is no real date (30.02.2026)."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime((value or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


def parse_day(value, moment=None):
    """A date from a query string or form (read_day), or None when it is not a real date or not within a sensible
    range (last year up to LATEST_YEAR_AHEAD years ahead)."""
    day = read_day(value)
    today = local_today(moment)
    if day is None or not today.year - 1 <= day.year <= today.year + LATEST_YEAR_AHEAD:
        return None
    return day


def part_of_day(slot):
    """ "morning" for slots starting before noon, else "afternoon": the generic parts the search offers across
    spaces whose slots differ."""
    return "morning" if slot.starts < time(12) else "afternoon"
