"""The booking workflow: book, cancel, approve, decline, check in, no-shows, host closures, deactivating places.

Booking never checks and then inserts: it inserts and lets the database's unique constraints decide (models.py).
Each slot row is inserted in (date, slot start) order, inside a savepoint; on a clash the next free desk is
tried, and when none is left the whole booking rolls back and the member is told the place was just taken, with
alternatives. Deadlocks, serialisation failures and SQLite's "database is locked" are retried a few times with a
short backoff, then answered politely (Busy). The same idempotency key always gives the same booking.

Every function takes `moment` (the current time) for tests; by default availability.now().
"""

import logging
import random
import time as clock
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import availability, emails, waitlist
from .availability import Calendar, Status, slot_bounds
from .models import (
    ACTIVE,
    Booking,
    Closure,
    Occupancy,
    OccupancyState,
    Resource,
    ResourceKind,
    Space,
)

logger = logging.getLogger(__name__)

RETRIES = 4
MAX_DAYS_PER_BOOKING = 14


class BookingError(Exception):
    """A booking that cannot be made or changed; `message` is for the member, in their language."""

    def __init__(self, message, alternatives=()):
        super().__init__(message)
        self.message = message
        self.alternatives = list(alternatives)


class PolicyError(BookingError):
    """The space's rules or the calendar do not allow it (closed, too late, limit reached...)."""


class PlaceTaken(BookingError):
    """Someone else was faster: no place left in one of the slots."""


class Busy(BookingError):
    """The database stayed busy through every retry."""


@dataclass(frozen=True)
class Alternative:
    space: Space
    date: object
    slot: object
    free: int


def _utc(moment=None):
    """The moment (by default now) in UTC. Python subtracts and compares two datetimes of the SAME zone by their
    wall clocks: 08:00 CEST minus 12 hours would give 20:00 CET the day before, one hour too late, and minimum
    notice across the switch would be off by an hour. In UTC all arithmetic is real time."""
    return (moment or availability.now()).astimezone(UTC)


def _retryable(error):
    text = str(error).lower()
    return any(
        sign in text for sign in ("deadlock", "could not serialize", "database is locked", "database table is locked")
    )


def _with_retries(work):
    """Runs work() in a transaction, again after a deadlock or a locked database; Busy when it never gets through."""
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as error:
            if not _retryable(error):
                raise
            logger.warning("booking retried after %s (attempt %s)", error, attempt + 1)
            clock.sleep(0.05 * (2**attempt) * (1 + random.random()))  # noqa: S311 - jitter, not security
    raise Busy(_("The booking system is very busy right now. Nothing was booked; please try again in a moment."))


def describe(day, slot):
    """ "Thursday, 26 November 2026, Morning" (dates as the language writes them) in the active language."""
    return _("%(date)s, %(slot)s") % {"date": when(day), "slot": slot.name}


def when(day, moment=None):
    """ "Thursday, 26 November 2026" (with ", 20:00" for a moment, in local time), in the active language."""
    text = f"{formats.date_format(day, 'l')}, {formats.date_format(day, 'DATE_FORMAT')}"
    return f"{text}, {formats.time_format(moment, 'H:i')}" if moment else text


def _refuse(cell, space):
    what = describe(cell.date, cell.slot)
    messages = {
        Status.PAST: _("%(what)s is already over."),
        Status.CLOSED: _("The space is closed on %(what)s."),
        Status.HOLIDAY: _("%(what)s is a public holiday (%(note)s); the space is closed."),
        Status.OUTSIDE_HOURS: _("%(what)s lies outside the opening hours."),
        Status.TOO_SOON: _("%(what)s starts too soon: book at least %(minutes)s minutes ahead."),
        Status.TOO_FAR: _("%(what)s is too far ahead: this space takes bookings up to %(days)s days ahead."),
        Status.NO_PLACES: _("The space has no bookable desks."),
    }
    message = messages[cell.status] % {
        "what": what,
        "note": cell.note,
        "minutes": space.min_notice_minutes,
        "days": space.days_ahead,
    }
    if cell.status == Status.CLOSED and cell.note:
        message = f"{message} ({cell.note})"
    raise PolicyError(message)


def free_resources(space, day, slot, kind=ResourceKind.DESK):
    """Active places of that kind with no active booking in slot on day, in the host's order."""
    taken = Occupancy.objects.filter(ACTIVE, resource=OuterRef("pk"), date=day, slot=slot)
    return space.resources.filter(is_active=True, kind=kind).exclude(Exists(taken))


def future_count(member, space, moment):
    return Occupancy.objects.active().filter(member=member, space=space, ends_at__gt=moment).count()


def _overlapping(member, starts_at, ends_at):
    return Occupancy.objects.active().filter(member=member, starts_at__lt=ends_at, ends_at__gt=starts_at)


def check(*, member, space, days, slots, resource=None, moment=None):
    """Everything about a booking that does not depend on the race for the last place. Raises PolicyError."""
    moment = _utc(moment)
    days, slots = sorted(set(days)), sorted(set(slots), key=lambda slot: (slot.starts, slot.pk))
    if not days or not slots:
        raise PolicyError(_("Please choose at least one day and one slot."))
    if len(days) > MAX_DAYS_PER_BOOKING:
        raise PolicyError(_("Please book at most %(count)s days at once.") % {"count": MAX_DAYS_PER_BOOKING})
    if any(slot.space_id != space.pk or not slot.is_active for slot in slots):
        raise PolicyError(_("Please choose one of this space's slots."))
    if resource is not None and (resource.space_id != space.pk or not resource.is_active):
        raise PolicyError(_("Please choose one of this space's places."))
    if resource is not None and resource.kind == ResourceKind.DESK and not resource.is_named:
        raise PolicyError(_("Flex desks are assigned by the portal: choose a named place or leave the choice to us."))
    calendar = Calendar(space, days[0], (days[-1] - days[0]).days + 1, moment=moment)
    # The calendar counts desks: for a room, "all desks taken" or "no desks at all" says nothing.
    fine = {Status.OPEN, Status.FULL}
    if resource is not None and resource.kind == ResourceKind.ROOM:
        fine.add(Status.NO_PLACES)
    for day in days:
        for slot in slots:
            cell = calendar.cell(day, slot)
            if cell.status not in fine:
                _refuse(cell, space)
    wanted = len(days) * len(slots)
    have = future_count(member, space, moment)
    if have + wanted > space.max_future_bookings:
        raise PolicyError(
            ngettext(
                "This space allows %(limit)s booked slot ahead per member; you have %(have)s, plus %(wanted)s now.",
                "This space allows %(limit)s booked slots ahead per member; you have %(have)s, plus %(wanted)s now.",
                space.max_future_bookings,
            )
            % {"limit": space.max_future_bookings, "have": have, "wanted": wanted}
        )
    for day in days:
        for slot in slots:
            if _overlapping(member, *slot_bounds(day, slot)).exists():
                raise PolicyError(_("You already have a place at that time: %(what)s.") % {"what": describe(day, slot)})
    return days, slots


def _made_already(member, idempotency_key):
    return Booking.objects.filter(member=member, idempotency_key=idempotency_key).first()


def book(
    *, member, space, days, slots, resource=None, idempotency_key, language="de", note="", moment=None, notify=True
):
    """Books a place in every slot on every day, all or nothing; returns the Booking. The same idempotency key gives
    the booking already made. Raises PolicyError, PlaceTaken (with alternatives) or Busy. notify=False sends no
    e-mails (demo data)."""
    existing = _made_already(member, idempotency_key)
    if existing:
        return existing
    moment = _utc(moment)
    state = OccupancyState.PENDING if space.approval_required else OccupancyState.CONFIRMED

    def work():
        booking = Booking.objects.create(
            space=space, member=member, idempotency_key=idempotency_key, language=language, note=note, created=moment
        )
        for day in days:
            for slot in slots:
                _occupy(booking, day, slot, resource, state, moment)
        if notify:
            notify_booked(booking)  # its mails are queued in this transaction: no booking without its mail
        return booking

    try:
        days, slots = check(member=member, space=space, days=days, slots=slots, resource=resource, moment=moment)
        booking = _with_retries(work)
    except (IntegrityError, BookingError) as error:
        # The same form, submitted twice at once: the other request made it (and this one may have seen its rows
        # as "you already have a place at that time", or collided on the key).
        existing = _made_already(member, idempotency_key)
        if existing:
            return existing
        if isinstance(error, PlaceTaken):
            raise PlaceTaken(error.message, alternatives(space, days[0], slots[0], moment)) from None
        raise
    return booking


def _occupy(booking, day, slot, resource, state, moment):
    starts_at, ends_at = (_utc(bound) for bound in slot_bounds(day, slot))
    candidates = [resource] if resource else free_resources(booking.space, day, slot)
    for candidate in candidates:
        try:
            with transaction.atomic():
                return Occupancy.objects.create(
                    booking=booking,
                    space=booking.space,
                    resource=candidate,
                    slot=slot,
                    date=day,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    member=booking.member,
                    state=state,
                    changed_at=moment,
                )
        except IntegrityError:
            if _overlapping(booking.member, starts_at, ends_at).exists():
                raise PolicyError(
                    _("You already have a place at that time: %(what)s.") % {"what": describe(day, slot)}
                ) from None
    what = describe(day, slot)
    if resource:
        raise PlaceTaken(_("%(place)s was just taken for %(what)s.") % {"place": resource.name, "what": what})
    raise PlaceTaken(_("The last place for %(what)s was just taken.") % {"what": what})


def alternatives(space, day, slot, moment=None, limit=5):
    """Free slots of the same space in the next days, and the same part of the day in other spaces of the same
    district (up to half of the list)."""
    moment = _utc(moment)
    here, elsewhere = [], []
    calendar = Calendar(space, day, 7, moment=moment)
    for cell in calendar.cells():
        if cell.bookable and cell.free and (cell.date, cell.slot.pk) != (day, slot.pk):
            here.append(Alternative(space, cell.date, cell.slot, cell.free))
    nearby = (
        Space.objects.published()
        .filter(municipality__district=space.municipality.district)
        .exclude(pk=space.pk)
        .select_related("municipality")[:3]
    )
    for other in nearby:
        calendar = Calendar(other, day, 1, moment=moment)
        for cell in calendar.cells():
            if cell.bookable and cell.free and availability.part_of_day(cell.slot) == availability.part_of_day(slot):
                elsewhere.append(Alternative(other, cell.date, cell.slot, cell.free))
    # Keep room for the other spaces: the member came for that day, another space may suit better than another day.
    nearby_share = min(len(elsewhere), max(limit // 2, 1))
    found = here[: limit - nearby_share] + elsewhere[:nearby_share] + elsewhere[nearby_share:]
    return found[:limit]


# --- after booking ----------------------------------------------------------------------------------------


def _hosts_emails(space):
    return list(space.organisation.memberships.values_list("user__email", flat=True))


def notify_booked(booking):
    if booking.occupancies.filter(state=OccupancyState.PENDING).exists():
        emails.send("booking_requested", {"booking": booking}, [_email(booking)], booking.language)
        emails.send("host_approval_needed", {"booking": booking}, _hosts_emails(booking.space), "de")
    else:
        _send_confirmation(booking)


def _send_confirmation(booking):
    from . import ics

    attachment = (f"{booking.reference}.ics", ics.booking_calendar(booking), "text/calendar")  # Django adds charset
    emails.send("booking_confirmed", {"booking": booking}, [_email(booking)], booking.language, [attachment])


def _email(booking):
    return booking.member.email if booking.member else ""


def _set_state(occupancies, state, moment, **extra):
    ids = [occupancy.pk for occupancy in occupancies]
    Occupancy.objects.filter(pk__in=ids).update(state=state, changed_at=moment, **extra)
    return ids


def _freed(occupancies):
    """Offers freed places to the waiting list, once the change is committed."""
    for key in {(occupancy.space_id, occupancy.date, occupancy.slot_id) for occupancy in occupancies}:
        transaction.on_commit(lambda key=key: waitlist.place_freed(*key))


def cancellable_until(occupancy):
    return _utc(occupancy.starts_at) - timedelta(hours=occupancy.space.cancel_deadline_hours)


def cancel(booking, *, by, occupancies=None, moment=None):
    """The member cancels the booking (or some of its rows): every row before its deadline; pending rows always.
    The places are free at once. Returns the cancelled rows. Raises PolicyError when a row's deadline has passed."""
    moment = _utc(moment)
    with transaction.atomic():
        rows = list(
            (occupancies if occupancies is not None else booking.occupancies.all())
            .select_for_update(of=("self",))
            .filter(ACTIVE, ends_at__gt=moment)
            .select_related("space", "slot")
        )
        if not rows:
            raise PolicyError(_("There is nothing left to cancel in this booking."))
        for row in rows:
            deadline = availability.local_now(cancellable_until(row))
            if row.state != OccupancyState.PENDING and moment > deadline:
                raise PolicyError(
                    _("%(what)s can no longer be cancelled: the deadline was %(deadline)s.")
                    % {
                        "what": describe(row.date, row.slot),
                        "deadline": when(deadline.date(), deadline),
                    }
                )
        _set_state(rows, OccupancyState.CANCELLED, moment)
        _freed(rows)
        emails.send("booking_cancelled", {"booking": booking, "rows": rows}, [_email(booking)], booking.language)
    return rows


def approve(booking, *, by, moment=None):
    moment = _utc(moment)
    with transaction.atomic():
        rows = list(booking.occupancies.select_for_update().filter(state=OccupancyState.PENDING, ends_at__gt=moment))
        if not rows:
            raise PolicyError(_("This booking is not waiting for approval."))
        _set_state(rows, OccupancyState.CONFIRMED, moment)
        _send_confirmation(booking)
    return rows


def decline(booking, *, by, reason="", moment=None):
    moment = _utc(moment)
    with transaction.atomic():
        rows = list(booking.occupancies.select_for_update().filter(state=OccupancyState.PENDING))
        if not rows:
            raise PolicyError(_("This booking is not waiting for approval."))
        _set_state(rows, OccupancyState.DECLINED, moment)
        _freed(rows)
        emails.send("booking_declined", {"booking": booking, "reason": reason}, [_email(booking)], booking.language)
    return rows


CHECK_IN_EARLY = timedelta(minutes=30)


def check_in(occupancy, *, by, moment=None):
    """From 30 minutes before the start until the end of the slot."""
    moment = _utc(moment)
    if occupancy.state != OccupancyState.CONFIRMED:
        raise PolicyError(_("Only confirmed bookings can be checked in."))
    if not (_utc(occupancy.starts_at) - CHECK_IN_EARLY <= moment < _utc(occupancy.ends_at)):
        raise PolicyError(_("Check-in is possible from 30 minutes before the start until the end of the slot."))
    _set_state([occupancy], OccupancyState.CHECKED_IN, moment, checked_in_at=moment)
    occupancy.state, occupancy.checked_in_at, occupancy.changed_at = OccupancyState.CHECKED_IN, moment, moment


def mark_no_show(occupancy, *, by, moment=None):
    """The host marks a confirmed booking whose slot has started as a no-show; the place is free again."""
    moment = _utc(moment)
    if occupancy.state != OccupancyState.CONFIRMED:
        raise PolicyError(_("Only confirmed bookings that were not checked in can be marked as no-show."))
    if moment < _utc(occupancy.starts_at):
        raise PolicyError(_("A booking can be marked as no-show only once its slot has started."))
    with transaction.atomic():
        _set_state([occupancy], OccupancyState.NO_SHOW, moment)
        _freed([occupancy])
    occupancy.state, occupancy.changed_at = OccupancyState.NO_SHOW, moment


def release_no_shows(moment=None):
    """Marks confirmed bookings of running slots as no-shows when nobody checked in within the space's grace
    period (spaces with a grace period of 0 do not use check-in). Returns how many were released. For cron."""
    moment = _utc(moment)
    released = 0
    graces = Space.objects.filter(checkin_grace_minutes__gt=0).values_list("checkin_grace_minutes", flat=True)
    for grace in sorted(set(graces)):
        with transaction.atomic():
            rows = list(
                Occupancy.objects.select_for_update()
                .filter(
                    state=OccupancyState.CONFIRMED,
                    space__checkin_grace_minutes=grace,
                    starts_at__lte=moment - timedelta(minutes=grace),
                    ends_at__gt=moment,
                )
                .only("pk", "space_id", "date", "slot_id")
            )
            _set_state(rows, OccupancyState.NO_SHOW, moment)
            _freed(rows)
            released += len(rows)
    return released


def block_date(space, day, reason, *, by, moment=None):
    """The host closes the space on day: a Closure, and every active booking that day is cancelled by the host
    (kept, with its state) and its member told. Returns (closure, number of cancelled rows)."""
    moment = _utc(moment)
    with transaction.atomic():
        closure, _created = Closure.objects.update_or_create(space=space, date=day, defaults={"reason": reason})
        rows = list(
            Occupancy.objects.select_for_update(of=("self",))
            .filter(ACTIVE, space=space, date=day)
            .select_related("booking", "booking__member", "slot")
        )
        _set_state(rows, OccupancyState.CANCELLED_BY_HOST, moment)
        waitlist.date_closed(space, day)
        for booking in {row.booking for row in rows}:
            mine = [row for row in rows if row.booking_id == booking.pk]
            context = {"booking": booking, "rows": mine, "day": day, "reason": reason}
            emails.send("space_closed", context, [_email(booking)], booking.language)
    return closure, len(rows)


def _move(row, resource, moment):
    """Moves row to the first free place of resource's kind that the database accepts; False when none does."""
    for target in free_resources(resource.space, row.date, row.slot, kind=resource.kind).exclude(pk=resource.pk):
        try:
            with transaction.atomic():
                Occupancy.objects.filter(pk=row.pk).update(resource=target, changed_at=moment)
            return True
        except IntegrityError:  # booked a moment ago by someone else: try the next one
            continue
    return False


def deactivate_resource(resource, *, by, move=False, moment=None):
    """Takes a place out of service. With future active bookings it is refused (BookingError naming them), unless
    move=True: then each booking moves to another free place of the same kind, or nothing changes at all."""
    moment = _utc(moment)
    with transaction.atomic():
        rows = list(
            Occupancy.objects.select_for_update(of=("self",))
            .filter(ACTIVE, resource=resource, ends_at__gt=moment)
            .select_related("slot")
            .order_by("date", "slot__starts")
        )
        if rows and not move:
            dates = sorted({row.date for row in rows})
            raise BookingError(
                ngettext(
                    "%(name)s has %(count)s future booking (%(dates)s). Move it to another place first.",
                    "%(name)s has %(count)s future bookings (%(dates)s). Move them to other places first.",
                    len(rows),
                )
                % {
                    "name": resource.name,
                    "count": len(rows),
                    "dates": ", ".join(formats.date_format(day, "SHORT_DATE_FORMAT") for day in dates[:5])
                    + (" …" if len(dates) > 5 else ""),
                }
            )
        Resource.objects.filter(pk=resource.pk).update(is_active=False)
        for row in rows:
            if not _move(row, resource, moment):
                raise BookingError(
                    _("There is no other free place for %(what)s; nothing was changed.")
                    % {"what": describe(row.date, row.slot)}
                )
    resource.is_active = False
    return len(rows)
