"""iCalendar (RFC 5545) for bookings: one file per booking (the e-mail's attachment, a download) and a member's
feed of all their bookings. Times carry TZID=Europe/Berlin with the VTIMEZONE included, so calendar programs
show 08:00–13:00 local on DST days too; UID is stable per booked slot, so an updated feed updates events."""

from datetime import UTC

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import availability
from .models import OccupancyState

PRODID = "-//Brückenschlag//Co-Working//DE"
DOMAIN = "brueckenschlag.example"


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(availability.TIME_ZONE))
    return calendar


def _event(occupancy, stamp):
    space = occupancy.space
    event = Event()
    event.add("uid", f"occupancy-{occupancy.pk}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", availability.local_now(occupancy.starts_at))
    event.add("dtend", availability.local_now(occupancy.ends_at))
    event.add("summary", _("Co-working: %(space)s (%(slot)s)") % {"space": space.name, "slot": occupancy.slot.name})
    event.add("location", f"{space.name}, {space.street}, {space.postcode} {space.municipality.name}")
    description = _("Booking %(reference)s, place: %(place)s") % {
        "reference": occupancy.booking.reference,
        "place": occupancy.resource.name,
    }
    event.add("description", f"{description}\n{settings.SITE_URL}{occupancy.booking.get_absolute_url()}")
    event.add("url", f"{settings.SITE_URL}{occupancy.booking.get_absolute_url()}")
    cancelled = occupancy.state not in (OccupancyState.CONFIRMED, OccupancyState.CHECKED_IN, OccupancyState.PENDING)
    event.add(
        "status",
        "CANCELLED" if cancelled else "TENTATIVE" if occupancy.state == OccupancyState.PENDING else "CONFIRMED",
    )
    event.add("sequence", int(occupancy.changed_at.timestamp()) % 2**31)
    return event


def _rows(queryset):
    return queryset.select_related("space", "space__municipality", "slot", "resource", "booking").order_by("starts_at")


def booking_calendar(booking):
    """The booking's slots as an .ics file (bytes), in the booking's language."""
    with translation.override(booking.language):
        calendar = _calendar(_("Co-working booking %(reference)s") % {"reference": booking.reference})
        stamp = availability.now().astimezone(UTC)
        for occupancy in _rows(booking.occupancies.all()):
            calendar.add_component(_event(occupancy, stamp))
        calendar.add_missing_timezones()
        return calendar.to_ical()


def feed_calendar(member, occupancies):
    """A member's bookings (occupancies: a queryset) as a calendar feed."""
    calendar = _calendar(_("My co-working bookings"))
    stamp = availability.now().astimezone(UTC)
    for occupancy in _rows(occupancies):
        calendar.add_component(_event(occupancy, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
