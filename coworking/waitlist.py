"""The waiting list of a slot on a date (DOMAIN.md §6, issue 5 point 7).

A member joins when the slot is full. When a place is freed (cancelled, declined, no-show, an offer declined or
expired), place_freed() gives it to the first member still waiting: a Booking with one HELD occupancy, which
blocks the desk like any active booking, held for two hours (never past the slot's start), and an e-mail. The
member takes it (the occupancy becomes confirmed, or pending where the host approves bookings) or declines it;
an offer not taken in time expires (expire_offers(), run by the housekeeping command) and the place goes to the
next in line.

Safe to repeat: the offer is an insert the database's unique constraints decide, so calling place_freed() twice
for one freed desk makes one offer (the second call finds no free desk), and the waiting rows are locked while
an offer is made.

Every function takes `moment` (the current time) for tests; by default availability.now().
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import availability, emails, services
from .availability import Calendar, Status, slot_bounds
from .models import (
    WAITLIST_OPEN,
    Booking,
    Closure,
    Occupancy,
    OccupancyState,
    Slot,
    WaitlistEntry,
    WaitlistState,
)

HOLD = timedelta(hours=2)


class NotFull(Exception):
    """The slot still has free places: book it directly."""


def _has_place(member, starts_at, ends_at):
    return Occupancy.objects.active().filter(member=member, starts_at__lt=ends_at, ends_at__gt=starts_at).exists()


def open_entry(member, space, day, slot):
    """The member's waiting or offered entry for that slot, or None."""
    return WaitlistEntry.objects.filter(WAITLIST_OPEN, member=member, space=space, date=day, slot=slot).first()


def position(entry):
    """1 for the first in line; None once the entry no longer waits."""
    if entry.state != WaitlistState.WAITING:
        return None
    ahead = WaitlistEntry.objects.filter(
        Q(created__lt=entry.created) | Q(created=entry.created, pk__lt=entry.pk),
        space_id=entry.space_id,
        date=entry.date,
        slot_id=entry.slot_id,
        state=WaitlistState.WAITING,
    )
    return ahead.count() + 1


def _already(day, slot):
    return _("You are already on the waiting list for %(what)s.") % {"what": services.describe(day, slot)}


def check_join(member, space, day, slot, moment=None):
    """Raises NotFull when the slot can simply be booked, PolicyError when it cannot be booked at all (past,
    closed, outside the policy) or the member already has a place then."""

    moment = moment or availability.now()
    services.check(member=member, space=space, days=[day], slots=[slot], moment=moment)
    if Calendar(space, day, 1, moment=moment).cell(day, slot).status != Status.FULL:
        raise NotFull


def join(*, member, space, day, slot, language="de", moment=None):
    """Puts the member at the end of the line; returns the entry. Raises NotFull, PolicyError (also when the
    member is already on the list)."""

    moment = moment or availability.now()
    if open_entry(member, space, day, slot):
        raise services.PolicyError(_already(day, slot))
    check_join(member, space, day, slot, moment)
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(
                space=space, slot=slot, date=day, member=member, language=language, created=moment
            )
    except IntegrityError:  # the same form sent twice at once: coworking_waitlist_once let one through
        raise services.PolicyError(_already(day, slot)) from None


def place_freed(space_id, day, slot_id, moment=None):
    """Offers a free desk in that slot to the first member waiting; returns the offered entry or None."""
    moment = moment or availability.now()
    slot = Slot.objects.select_related("space").filter(pk=slot_id, space_id=space_id).first()
    if slot is None:
        return None
    starts_at, ends_at = slot_bounds(day, slot)
    if starts_at <= moment or Closure.objects.filter(space_id=space_id, date=day).exists():
        return None
    with transaction.atomic():
        waiting = (
            WaitlistEntry.objects.select_for_update(of=("self",))
            .filter(space_id=space_id, date=day, slot_id=slot_id, state=WaitlistState.WAITING)
            .select_related("member")
            .order_by("created", "pk")
        )
        for entry in waiting:
            if _has_place(entry.member, starts_at, ends_at):
                continue  # booked something else meanwhile; stays in line for later
            booking = _hold(entry, slot, starts_at, ends_at, moment)
            if booking is None:
                return None  # no desk left (booked directly meanwhile, or already offered)
            entry.state = WaitlistState.OFFERED
            entry.offered_at = moment
            entry.hold_until = min(moment + HOLD, starts_at)
            entry.booking = booking
            entry.save(update_fields=["state", "offered_at", "hold_until", "booking"])
            emails.send("waitlist_offer", {"entry": entry, "booking": booking}, [entry.member.email], entry.language)
            return entry
    return None


def _hold(entry, slot, starts_at, ends_at, moment):
    """A booking with a HELD occupancy of a free desk, or None when there is none. Each desk is tried in a
    savepoint, so a desk taken a moment ago only moves on to the next one."""
    candidates = list(services.free_resources(slot.space, entry.date, slot))
    if not candidates:
        return None
    with transaction.atomic():
        booking = Booking.objects.create(space=slot.space, member=entry.member, language=entry.language, created=moment)
        for desk in candidates:
            try:
                with transaction.atomic():
                    Occupancy.objects.create(
                        booking=booking,
                        space=slot.space,
                        resource=desk,
                        slot=slot,
                        date=entry.date,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        member=entry.member,
                        state=OccupancyState.HELD,
                        changed_at=moment,
                    )
                return booking
            except IntegrityError:
                continue
        booking.delete()
    return None


def _lock(entry):
    return WaitlistEntry.objects.select_for_update(of=("self",)).select_related("space", "slot").get(pk=entry.pk)


def _release(entry, moment):
    """The held place of an offer is given up; the next in line gets it once this commits."""
    Occupancy.objects.filter(booking_id=entry.booking_id, state=OccupancyState.HELD).update(
        state=OccupancyState.EXPIRED, changed_at=moment
    )
    key = (entry.space_id, entry.date, entry.slot_id)
    transaction.on_commit(lambda: place_freed(*key))


def take(entry, moment=None):
    """The member takes the offered place: confirmed (or pending approval), a confirmation e-mail; returns the
    booking. Raises PolicyError when the offer is no longer open."""

    moment = moment or availability.now()
    with transaction.atomic():
        entry = _lock(entry)
        if entry.state != WaitlistState.OFFERED:
            raise services.PolicyError(_("This offer is no longer open."))
        if entry.hold_until <= moment:
            raise services.PolicyError(
                _("Sorry, the place was held for you only until %(time)s; it goes to the next in line.")
                % {"time": availability.local_now(entry.hold_until).strftime("%H:%M")}
            )
        state = OccupancyState.PENDING if entry.space.approval_required else OccupancyState.CONFIRMED
        taken = Occupancy.objects.filter(booking_id=entry.booking_id, state=OccupancyState.HELD).update(
            state=state, changed_at=moment
        )
        if not taken:  # the host closed the day meanwhile
            raise services.PolicyError(_("This offer is no longer open."))
        entry.state = WaitlistState.BOOKED
        entry.save(update_fields=["state"])
        services.notify_booked(entry.booking)
    return entry.booking


def decline(entry, moment=None):
    """The member does not want the offered place: it goes to the next in line."""

    moment = moment or availability.now()
    with transaction.atomic():
        entry = _lock(entry)
        if entry.state != WaitlistState.OFFERED:
            raise services.PolicyError(_("This offer is no longer open."))
        entry.state = WaitlistState.WITHDRAWN
        entry.save(update_fields=["state"])
        _release(entry, moment)


def leave(entry, moment=None):
    """The member leaves the line (an offered place is declined instead)."""

    with transaction.atomic():
        entry = _lock(entry)
        if entry.state != WaitlistState.WAITING:
            raise services.PolicyError(_("You are no longer waiting for this place."))
        entry.state = WaitlistState.WITHDRAWN
        entry.save(update_fields=["state"])


def expire_offers(moment=None):
    """Offers not taken in time expire, their members are told, and each place goes to the next in line.
    Returns how many expired. For the housekeeping command (every few minutes)."""
    moment = moment or availability.now()
    with transaction.atomic():
        entries = list(
            WaitlistEntry.objects.select_for_update(of=("self",))
            .filter(state=WaitlistState.OFFERED, hold_until__lte=moment)
            .select_related("member", "space", "slot")
        )
        WaitlistEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(state=WaitlistState.EXPIRED)
        for entry in entries:
            entry.state = WaitlistState.EXPIRED
            _release(entry, moment)
            emails.send("waitlist_expired", {"entry": entry}, [entry.member.email], entry.language)
    return len(entries)


def date_closed(space, day):
    """The host closed the space on day: nobody waits for it any more. (block_date cancels the held places.)"""
    return WaitlistEntry.objects.filter(WAITLIST_OPEN, space=space, date=day).update(state=WaitlistState.WITHDRAWN)
