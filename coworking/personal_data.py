"""The co-working part of a person's data export and account deletion (registered with accounts).

On deletion the member's future bookings are cancelled, so the places are free at once (and offered to the
waiting list); past and running rows stay for the host's figures, without the person (member=None, by the
foreign keys' SET_NULL). Waiting-list entries and the calendar address go.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import personal_data

from . import availability, waitlist
from .models import ACTIVE, Booking, CalendarFeed, Occupancy, OccupancyState, WaitlistEntry


def _future(user, moment):
    return Occupancy.objects.filter(ACTIVE, member=user, starts_at__gt=moment)


# --- export -----------------------------------------------------------------------------------------------


def export(user):
    occupancies = (
        Occupancy.objects.filter(member=user)
        .select_related("booking", "space", "slot", "resource")
        .order_by("starts_at", "pk")
    )
    entries = WaitlistEntry.objects.filter(member=user).select_related("space", "slot").order_by("date", "pk")
    feed = CalendarFeed.objects.filter(member=user).first()
    return {
        "coworking_bookings": [
            {
                "booking": occupancy.booking.reference,
                "space": occupancy.space.name,
                "date": occupancy.date,
                "slot": occupancy.slot.name,
                "starts": occupancy.starts_at,
                "ends": occupancy.ends_at,
                "place": occupancy.resource.name,
                "state": occupancy.state,
                "note_to_host": occupancy.booking.note,
                "booked": occupancy.booking.created,
                "checked_in": occupancy.checked_in_at,
            }
            for occupancy in occupancies
        ],
        "coworking_waiting_list": [
            {
                "space": entry.space.name,
                "date": entry.date,
                "slot": entry.slot.name,
                "state": entry.state,
                "joined": entry.created,
                "offered": entry.offered_at,
                "held_until": entry.hold_until,
            }
            for entry in entries
        ],
        # Whether an address exists, never the token: it is a credential.
        "coworking_calendar_feed": {"created": feed.created} if feed else None,
    }


# --- deletion ---------------------------------------------------------------------------------------------


def deletion_notes(user):
    count = _future(user, availability.now()).count()
    notes = []
    if count:
        notes.append(
            ngettext(
                "Your future co-working booking (%(count)s slot) will be cancelled, so the place is free for others.",
                "Your future co-working bookings (%(count)s slots) will be cancelled, so the places are free for "
                "others.",
                count,
            )
            % {"count": count}
        )
    notes.append(
        _(
            "Past co-working bookings stay in the hosts' figures without your name; your waiting-list entries and "
            "your calendar address are deleted."
        )
    )
    return notes


def delete_account_part(user, choices):
    moment = availability.now()
    rows = list(_future(user, moment).select_for_update().values_list("pk", "space_id", "date", "slot_id"))
    Occupancy.objects.filter(pk__in=[row[0] for row in rows]).update(state=OccupancyState.CANCELLED, changed_at=moment)
    for key in {row[1:] for row in rows}:
        transaction.on_commit(lambda key=key: waitlist.place_freed(*key))
    # The note to the host is the person's own words.
    Booking.objects.filter(member=user).exclude(note="").update(note="")
    WaitlistEntry.objects.filter(member=user).delete()
    CalendarFeed.objects.filter(member=user).delete()


personal_data.register_export(
    export,
    gettext_lazy("Your co-working bookings, your waiting-list entries and whether you have a calendar address."),
)
personal_data.register_deletion(delete_account_part, notes=deletion_notes)
