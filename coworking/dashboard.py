"""The hosts' side of the bookings: today's and upcoming bookings with approve, decline, check-in and no-show;
closures; utilisation of the last eight weeks; a CSV export.

Only members of the space's host organisation see these pages (any role); everybody else gets 404, also for
bookings of other spaces. Hosts see the members' names; nobody else does. State changes go through services.py.
"""

import csv
from collections import defaultdict
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.db.models.functions import ExtractIsoWeekDay
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from companies.models import Kind

from . import availability, services
from .models import (
    ACTIVE,
    ACTIVE_STATES,
    Booking,
    OccupancyState,
    ResourceKind,
    Space,
    Weekday,
)

UPCOMING_DAYS = 14
UPCOMING_LIMIT = 100
PENDING_LIMIT = 200
UTILISATION_WEEKS = 8
EXPORT_DEFAULT_DAYS = 30
EXPORT_MAX_DAYS = 366
# Bookings that used (or blocked) a place: counted as booked in the utilisation figures.
BOOKED_STATES = [OccupancyState.CONFIRMED, OccupancyState.CHECKED_IN, OccupancyState.NO_SHOW]
# Rows shown in today's table: active ones and no-shows (cancelled and declined ones are only in the CSV).
TODAY_STATES = [*ACTIVE_STATES, OccupancyState.NO_SHOW]


def _get_space_for_host(request, slug):
    """A space (also a draft) of a co-working host organisation the user belongs to; 404 for everyone else."""
    spaces = Space.objects.hosted_by(request.user).filter(organisation__kind=Kind.COWORKING_HOST)
    return get_object_or_404(spaces.select_related("organisation"), slug=slug)


def _rows(queryset):
    return queryset.select_related("booking", "member", "resource", "slot")


def _with_actions(rows, moment):
    """Marks which per-slot actions each row offers now (the services check again on POST)."""
    for row in rows:
        confirmed = row.state == OccupancyState.CONFIRMED
        row.can_check_in = confirmed and row.starts_at - services.CHECK_IN_EARLY <= moment < row.ends_at
        row.can_mark_no_show = confirmed and moment >= row.starts_at
        row.can_decide = row.state == OccupancyState.PENDING and moment < row.ends_at  # listed under "waiting"
    return rows


# --- dashboard --------------------------------------------------------------------------------------------


@login_required
def dashboard(request, slug):
    space = _get_space_for_host(request, slug)
    moment = availability.now()
    today = availability.local_today(moment)
    calendar = availability.Calendar(space, today, 1, moment=moment)
    today_rows = _with_actions(
        list(_rows(space.occupancies.filter(date=today, state__in=TODAY_STATES)).order_by("slot__starts", "resource")),
        moment,
    )
    pending = space.occupancies.filter(state=OccupancyState.PENDING, ends_at__gt=moment)
    pending = list(_rows(pending).select_related("booking__member")[:PENDING_LIMIT])
    waiting = defaultdict(list)
    for row in pending:
        waiting[row.booking].append(row)
    last = today + timedelta(days=UPCOMING_DAYS)
    upcoming = list(_rows(space.occupancies.filter(ACTIVE, date__gt=today, date__lte=last))[: UPCOMING_LIMIT + 1])
    context = {
        "space": space,
        "today": today,
        "closed_because": calendar.closures.get(today) or calendar.holidays.get(today),
        "closed_today": today in calendar.closures or today in calendar.holidays,
        "counts": [calendar.cell(today, slot) for slot in calendar.slots],
        "today_rows": today_rows,
        "waiting": list(waiting.items()),
        "upcoming": _with_actions(upcoming[:UPCOMING_LIMIT], moment),
        "upcoming_capped": len(upcoming) > UPCOMING_LIMIT,
        "upcoming_days": UPCOMING_DAYS,
        "upcoming_csv": _export_url(space, today + timedelta(days=1), last),
        "export_period": _default_period(today),
    }
    return render(request, "coworking/dashboard.html", context)


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("decline", gettext_lazy("Decline")),
            ("check_in", gettext_lazy("Check in")),
            ("no_show", gettext_lazy("No-show")),
        ]
    )
    occupancy = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(required=False, max_length=300, strip=True)


def _member_name(member):
    if member is None:
        return _("deleted account")
    return member.get_full_name() or member.email


def _act(request, booking, form):
    """Runs the action through services.py and returns the success message. Raises BookingError."""
    action = form.cleaned_data["action"]
    name = _member_name(booking.member)
    if action == "approve":
        services.approve(booking, by=request.user)
        return _("Booking %(reference)s of %(name)s approved; the confirmation is on its way.") % {
            "reference": booking.reference,
            "name": name,
        }
    if action == "decline":
        services.decline(booking, by=request.user, reason=form.cleaned_data["reason"])
        return _("Booking %(reference)s of %(name)s declined; %(name)s has been told by e-mail.") % {
            "reference": booking.reference,
            "name": name,
        }
    if not form.cleaned_data["occupancy"]:
        raise services.BookingError(_("Please choose the slot of the booking."))
    occupancy = get_object_or_404(
        booking.occupancies.select_related("slot", "resource"), pk=form.cleaned_data["occupancy"]
    )
    what = services.describe(occupancy.date, occupancy.slot)
    if action == "check_in":
        services.check_in(occupancy, by=request.user)
        return _("%(name)s checked in at %(place)s (%(what)s).") % {
            "name": name,
            "place": occupancy.resource.name,
            "what": what,
        }
    services.mark_no_show(occupancy, by=request.user)
    return _("%(name)s marked as no-show for %(what)s; %(place)s is free again.") % {
        "name": name,
        "place": occupancy.resource.name,
        "what": what,
    }


@login_required
def booking_action(request, slug, reference):
    space = _get_space_for_host(request, slug)
    booking = get_object_or_404(Booking.objects.select_related("member"), space=space, reference=reference)
    if request.method != "POST":
        return redirect("coworking:dashboard", space.slug)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action is not possible here; nothing was changed."))
    else:
        try:
            messages.success(request, _act(request, booking, form))
        except services.BookingError as error:
            messages.error(request, error.message)
    return redirect("coworking:dashboard", space.slug)


# --- closures ---------------------------------------------------------------------------------------------


class ClosureForm(forms.Form):
    day = forms.CharField(
        label=gettext_lazy("Date"),
        max_length=20,
        help_text=gettext_lazy("For example 24.12.2026."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Shown on the space's calendar and in the e-mail to members who had booked."),
    )
    # The count the host saw; when it has changed since, the host is asked again.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, space, moment, **kwargs):
        super().__init__(*args, **kwargs)
        self.space, self.moment = space, moment
        self.affected = []

    def clean_day(self):
        value = self.cleaned_data["day"]
        day = availability.parse_day(value, self.moment)
        if day is None:
            if availability.read_day(value) is None:
                raise forms.ValidationError(_("This date does not exist. Please enter it like 24.12.2026."))
            raise forms.ValidationError(_("Please enter a date within the next two years."))
        if day < availability.local_today(self.moment):
            raise forms.ValidationError(_("This date is in the past."))
        return day

    def clean(self):
        data = super().clean()
        day = data.get("day")
        if day is None:
            return data
        self.affected = list(
            _rows(self.space.occupancies.filter(ACTIVE, date=day)).order_by("slot__starts", "resource")
        )
        count = len(self.affected)
        # The bound field was made (and its label copied) while cleaning the fields.
        self["confirm"].label = ngettext(
            "I understand that %(count)s booking will be cancelled and the member informed.",
            "I understand that %(count)s bookings will be cancelled and the members informed.",
            count,
        ) % {"count": count}
        key = f"{day.isoformat()}:{count}"
        if count and not (data.get("confirm") and data.get("seen") == key):
            self.data = self.data.copy()
            self.data["seen"] = key
            self.data["confirm"] = ""
            # The label says what happens; the error only asks for the tick (the summary shows both).
            self.add_error("confirm", _("Please tick this box to go ahead, or choose another date."))
        return data


@login_required
def closures(request, slug):
    space = _get_space_for_host(request, slug)
    moment = availability.now()
    today = availability.local_today(moment)
    if request.method == "POST" and request.POST.get("action") == "remove":
        closure = get_object_or_404(space.closures, pk=_posted_id(request, "closure"))
        closure.delete()
        messages.success(
            request,
            _("The closure on %(date)s was removed. Bookings cancelled for it stay cancelled.")
            % {"date": formats.date_format(closure.date, "DATE_FORMAT")},
        )
        return redirect("coworking:closures", space.slug)
    form = ClosureForm(request.POST or None, space=space, moment=moment)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["day"]
        _closure, cancelled = services.block_date(space, day, form.cleaned_data["reason"], by=request.user)
        messages.success(request, _closed_message(day, cancelled))
        return redirect("coworking:closures", space.slug)
    context = {
        "space": space,
        "form": form,
        "upcoming": list(space.closures.filter(date__gte=today)),
        "holidays": sorted(availability.public_holidays(today, today + timedelta(days=365)).items()),
    }
    return render(request, "coworking/closures.html", context)


def _closed_message(day, cancelled):
    date = formats.date_format(day, "DATE_FORMAT")
    if not cancelled:
        return _("The space is closed on %(date)s. No bookings were affected.") % {"date": date}
    return ngettext(
        "The space is closed on %(date)s. %(count)s booking was cancelled and the member informed by e-mail.",
        "The space is closed on %(date)s. %(count)s bookings were cancelled and the members informed by e-mail.",
        cancelled,
    ) % {"date": date, "count": cancelled}


def _posted_id(request, name):
    value = request.POST.get(name, "")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


# --- utilisation ------------------------------------------------------------------------------------------


def _percent(part, whole):
    return round(100 * part / whole) if whole else None


def _with_percent(cell):
    return {**cell, "percent": _percent(cell["booked"], cell["capacity"])}


def _sum(cells, **extra):
    return {key: sum(cell[key] for cell in cells) for key in ("booked", "capacity", "no_shows")} | extra


def _open_days(space, slots, window):
    """{(weekday 0-6, slot id): number of dates in window the slot was open} (closures and holidays subtracted)."""
    hours = defaultdict(list)
    for opens, closes, weekday in space.opening_hours.values_list("opens", "closes", "weekday"):
        hours[weekday].append((opens, closes))
    closed = set(space.closures.filter(date__range=(window[0], window[-1])).values_list("date", flat=True))
    if space.closed_on_public_holidays:
        closed |= set(availability.public_holidays(window[0], window[-1]))
    days = defaultdict(int)
    for day in window:
        if day in closed:
            continue
        for slot in slots:
            if availability.is_within_opening_hours(hours[day.weekday()], slot):
                days[(day.weekday(), slot.pk)] += 1
    return days


def utilisation_figures(space, moment=None):
    """The share of desk-slots booked per weekday and slot over the last complete weeks, with totals."""
    today = availability.local_today(moment)
    start = availability.week_start(today) - timedelta(weeks=UTILISATION_WEEKS)
    window = availability.dates(start, UTILISATION_WEEKS * 7)
    slots = list(space.slots.filter(is_active=True))
    desks = space.resources.filter(is_active=True, kind=ResourceKind.DESK).count()
    open_days = _open_days(space, slots, window)
    counted = (
        space.occupancies.filter(date__range=(window[0], window[-1]), state__in=BOOKED_STATES)
        .filter(resource__kind=ResourceKind.DESK)
        .annotate(weekday=ExtractIsoWeekDay("date"))
        .values("weekday", "slot_id")
        .annotate(booked=Count("pk"), no_shows=Count("pk", filter=Q(state=OccupancyState.NO_SHOW)))
        .order_by()
    )
    booked = {(row["weekday"] - 1, row["slot_id"]): (row["booked"], row["no_shows"]) for row in counted}
    rows = []
    for weekday in Weekday:
        cells = []
        for slot in slots:
            count, no_shows = booked.get((weekday.value, slot.pk), (0, 0))
            capacity = desks * open_days[(weekday.value, slot.pk)]
            cells.append({"slot": slot, "booked": count, "capacity": capacity, "no_shows": no_shows})
        rows.append({"weekday": weekday.label, "cells": [_with_percent(cell) for cell in cells]})
    columns = [[row["cells"][index] for row in rows] for index in range(len(slots))]
    totals = [_with_percent(_sum(column, slot=slot)) for slot, column in zip(slots, columns, strict=True)]
    total = _with_percent(_sum(totals))
    return {
        "start": window[0],
        "end": window[-1],
        "desks": desks,
        "slots": slots,
        "rows": rows,
        "totals": totals,
        "total": total,
        "no_show_percent": _percent(total["no_shows"], total["booked"]),
    }


@login_required
def utilisation(request, slug):
    space = _get_space_for_host(request, slug)
    figures = utilisation_figures(space, availability.now())
    return render(request, "coworking/utilisation.html", {"space": space, **figures})


# --- CSV export -------------------------------------------------------------------------------------------

# Cells a spreadsheet would read as a formula (CSV injection); they get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _default_period(today):
    return today - timedelta(days=EXPORT_DEFAULT_DAYS), today + timedelta(days=EXPORT_DEFAULT_DAYS)


def _export_url(space, start, end):
    return f"{reverse('coworking:export_csv', args=[space.slug])}?from={start.isoformat()}&to={end.isoformat()}"


def _export_period(request, moment):
    """(start, end) from ?from=&to=, the default period when both are missing; None when they are not valid."""
    raw_start, raw_end = request.GET.get("from", ""), request.GET.get("to", "")
    if not raw_start and not raw_end:
        return _default_period(availability.local_today(moment))
    start, end = availability.parse_day(raw_start, moment), availability.parse_day(raw_end, moment)
    if start is None or end is None or end < start or (end - start).days + 1 > EXPORT_MAX_DAYS:
        return None
    return start, end


def safe_cell(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def _local(moment, pattern="%Y-%m-%d %H:%M"):
    return availability.local_now(moment).strftime(pattern) if moment else ""


def _csv_lines(rows, header, states, deleted):
    # Excel in Germany opens a file with ';' separators and a byte order mark as UTF-8 in columns.
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        member = row.member
        yield writer.writerow(
            [
                safe_cell(value)
                for value in (
                    row.booking.reference,
                    row.date.isoformat(),
                    row.slot.name,
                    _local(row.starts_at, "%H:%M"),
                    _local(row.ends_at, "%H:%M"),
                    row.resource.name,
                    (member.get_full_name() if member else deleted),
                    member.email if member else "",
                    states[row.state],
                    _local(row.checked_in_at),
                    _local(row.booking.created),
                    row.booking.note,
                )
            ]
        )


@login_required
def export_csv(request, slug):
    space = _get_space_for_host(request, slug)
    period = _export_period(request, availability.now())
    if period is None:
        messages.error(
            request,
            _("Please choose a real period of at most %(days)s days, the start before the end; nothing was exported.")
            % {"days": EXPORT_MAX_DAYS},
        )
        return redirect(reverse("coworking:dashboard", args=[space.slug]) + "#export")
    start, end = period
    header = [
        _("Booking number"),
        _("Date"),
        _("Slot"),
        _("Start"),
        _("End"),
        _("Place"),
        _("Member"),
        _("E-mail"),
        _("Status"),
        _("Checked in"),
        _("Booked at"),
        _("Note"),
    ]
    # Labels resolved now: the response is streamed after the view has returned.
    states = {value: str(label) for value, label in OccupancyState.choices}
    rows = (
        _rows(space.occupancies.filter(date__range=(start, end)))
        .order_by("date", "slot__starts", "resource__kind", "resource__position", "pk")
        .iterator(chunk_size=1000)
    )
    response = StreamingHttpResponse(
        _csv_lines(rows, header, states, _("deleted account")), content_type="text/csv; charset=utf-8"
    )
    filename = f"bookings-{space.slug}-{start.isoformat()}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
