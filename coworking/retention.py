"""Storage periods of the co-working data (registered with accounts.retention, run by `manage.py retention`).

Bookings: RETENTION_BOOKINGS_DAYS after their last booked slot ended, a booking loses the person (member, also
on each booked place) and the note to the host. The rows stay: they are the host's utilisation figures, and the
booked places of the past are not personal once nobody's name is on them (DOMAIN.md §6: keep the occupancy,
anonymise the person).
Waiting-list entries: RETENTION_WAITLIST_DAYS after the day waited for, deleted; they only ever served that day.
"""

from django.db.models import Q
from django.utils import timezone

from accounts import retention

from .models import Booking, Occupancy, WaitlistEntry


def anonymise_bookings(cutoff, now):
    ended = Booking.objects.filter(created__lt=cutoff).exclude(occupancies__ends_at__gte=cutoff)
    personal = ended.filter(Q(member__isnull=False) | ~Q(note=""))
    Occupancy.objects.filter(booking__in=ended, member__isnull=False).update(member=None)
    return personal.update(member=None, note="")


def delete_waitlist_entries(cutoff, now):
    return (
        WaitlistEntry.objects.filter(date__lt=timezone.localdate(cutoff)).delete()[1].get(WaitlistEntry._meta.label, 0)
    )


retention.register(anonymise_bookings, "RETENTION_BOOKINGS_DAYS", "co-working bookings anonymised")
retention.register(delete_waitlist_entries, "RETENTION_WAITLIST_DAYS", "waiting-list entries deleted")
