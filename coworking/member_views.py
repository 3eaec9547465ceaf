"""The member's side: booking a place, the booking's page, cancelling, the .ics file, "my bookings" and the private
calendar feed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from portal.lib import ratelimit

from . import availability, ics, services
from .availability import Calendar
from .booking_forms import BookingForm
from .models import (
    ACTIVE,
    WAITLIST_OPEN,
    Booking,
    CalendarFeed,
    Occupancy,
    OccupancyState,
    Space,
    WaitlistEntry,
    new_feed_token,
)

FEED_PAST_DAYS = 30
PAST_PER_PAGE = 20


def _get_booking(request, reference):
    """The member's own booking; 404 for everybody else, hosts included (they have their dashboard)."""
    return get_object_or_404(
        Booking.objects.select_related("space", "space__municipality"), reference=reference, member=request.user
    )


def _rows(queryset):
    return queryset.select_related("booking", "space", "space__municipality", "slot", "resource")


def _with_deadlines(rows, moment):
    """Adds .deadline and .can_cancel to each occupancy (rows need their space loaded)."""
    for row in rows:
        row.deadline = services.cancellable_until(row)
        row.can_cancel = (
            row.is_active and row.ends_at > moment and (row.state == OccupancyState.PENDING or moment <= row.deadline)
        )
    return rows


# --- booking ----------------------------------------------------------------------------------------------


@login_required
def book(request, slug):
    space = get_object_or_404(Space.objects.published().select_related("organisation", "municipality"), slug=slug)
    moment = availability.now()
    notes, problem = [], None
    if request.method == "POST":
        form = BookingForm(space, moment, request.POST)
        if form.is_valid():
            result = _book(request, space, form, moment)
            if isinstance(result, Booking):
                return redirect(result)
            problem = result
    else:
        form = BookingForm(space, moment, initial=_preselection(request, space, moment, notes))
    context = {
        "space": space,
        "form": form,
        "notes": notes,
        "problem": problem,
        "week": _week(space, form, moment),
        "have": services.future_count(request.user, space, moment),
    }
    return render(request, "coworking/book.html", context)


def _book(request, space, form, moment):
    """The booking, or what went wrong: a form error (None), or {"kind", "message", "alternatives"} for an alert."""
    if not ratelimit.allow(request, "booking", key=str(request.user.pk)):
        form.add_error(None, _("You have made very many bookings in a short time. Please try again later."))
        return None
    data = form.cleaned_data
    key = data["idempotency_key"]
    repeated = Booking.objects.filter(member=request.user, idempotency_key=key).exists()
    try:
        booking = services.book(
            member=request.user,
            space=space,
            days=data["days"],
            slots=list(data["slots"]),
            resource=data.get("place"),
            idempotency_key=key,
            language=translation.get_language() or "de",
            note=data["note"],
            moment=moment,
        )
    except services.PlaceTaken as taken:
        return {"kind": "taken", "message": taken.message, "alternatives": taken.alternatives}
    except services.Busy as busy:
        return {"kind": "busy", "message": busy.message, "alternatives": []}
    except services.PolicyError as refused:
        form.add_error(None, refused.message)
        return None
    if repeated:
        messages.info(request, _("You had already sent this booking; here it is."))
    return booking


def _preselection(request, space, moment, notes):
    """Initial values from ?date=...&slot=...; values that do not fit are dropped with a note."""
    initial = {}
    if value := request.GET.get("date"):
        if day := availability.parse_day(value, moment):
            initial["date"] = day.isoformat()
        else:
            notes.append(_("The date in the link is not valid; please choose a day."))
    if value := request.GET.get("slot"):
        is_id = value.isascii() and value.isdigit() and len(value) < 12  # not "²", which isdigit() accepts
        slot = space.slots.filter(is_active=True, pk=value).first() if is_id else None
        if slot:
            initial["slots"] = [slot]
        else:
            notes.append(_("The slot in the link is not offered here; please choose one."))
    if "date" not in initial:
        initial["date"] = availability.local_today(moment).isoformat()
    return initial


def _week(space, form, moment):
    """The availability table of the week of the chosen day (the typed one, the link's, or today)."""
    if form.is_bound:
        day = form.cleaned_data.get("date")
    else:
        day = availability.parse_day(form.initial.get("date", ""), moment)
    day = day or availability.local_today(moment)
    start = availability.week_start(day)
    calendar = Calendar(space, start, 7, moment=moment)
    return {
        "rows": calendar.week(),
        "dates": calendar.dates,
        "previous": start - timedelta(days=7)
        if start > availability.week_start(availability.local_today(moment))
        else None,
        "next": start + timedelta(days=7),
    }


# --- one booking ------------------------------------------------------------------------------------------


@login_required
def booking_detail(request, reference):
    booking = _get_booking(request, reference)
    moment = availability.now()
    rows = _with_deadlines(list(_rows(booking.occupancies.all()).order_by("starts_at", "pk")), moment)
    states = {row.state for row in rows}
    context = {
        "booking": booking,
        "space": booking.space,
        "rows": rows,
        "pending": OccupancyState.PENDING in states,
        "active": any(row.is_active and row.ends_at > moment for row in rows),
        "cancellable": [row for row in rows if row.can_cancel],
    }
    return render(request, "coworking/booking_detail.html", context)


def _chosen_rows(request, booking):
    """The occupancies named by ?occupancy= / POST occupancy (all of the booking when none): 404 for foreign ids."""
    values = request.POST.getlist("occupancy") if request.method == "POST" else request.GET.getlist("occupancy")
    if not values:
        return booking.occupancies.all()
    if not all(value.isascii() and value.isdigit() and len(value) < 18 for value in values):
        raise Http404
    ids = {int(value) for value in values}
    chosen = booking.occupancies.filter(pk__in=ids)
    if chosen.count() != len(ids):
        raise Http404
    return chosen


@login_required
def booking_cancel(request, reference):
    """GET: what would be cancelled (a confirmation page, no JavaScript needed); POST: cancel it. Without chosen
    rows, "the whole booking" means every slot still before its deadline."""
    booking = _get_booking(request, reference)
    moment = availability.now()
    chosen = _chosen_rows(request, booking)
    rows = _with_deadlines(list(_rows(chosen.filter(ACTIVE, ends_at__gt=moment)).order_by("starts_at")), moment)
    whole = not (request.POST.getlist("occupancy") or request.GET.getlist("occupancy"))
    # The whole booking: the slots still before their deadline; when none is, services says why.
    cancellable = ([row for row in rows if row.can_cancel] or rows) if whole else rows
    if request.method == "POST":
        _cancel(request, booking, cancellable, moment)
        return redirect(booking)
    context = {
        "booking": booking,
        "space": booking.space,
        "rows": [row for row in rows if row.can_cancel],
        "blocked": [row for row in rows if not row.can_cancel],
        "whole": whole,
    }
    return render(request, "coworking/booking_cancel.html", context)


def _cancel(request, booking, rows, moment):
    try:
        cancelled = services.cancel(
            booking,
            by=request.user,
            occupancies=booking.occupancies.filter(pk__in=[row.pk for row in rows]),
            moment=moment,
        )
    except services.PolicyError as refused:
        messages.error(request, refused.message)
        return
    messages.success(
        request,
        ngettext(
            "Cancelled %(count)s slot. The place is free again for others.",
            "Cancelled %(count)s slots. The places are free again for others.",
            len(cancelled),
        )
        % {"count": len(cancelled)},
    )


@login_required
def booking_ics(request, reference):
    booking = _get_booking(request, reference)
    response = HttpResponse(ics.booking_calendar(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    return response


# --- my bookings ------------------------------------------------------------------------------------------


@login_required
def my_bookings(request):
    moment = availability.now()
    mine = Occupancy.objects.filter(member=request.user)
    upcoming = _with_deadlines(list(_rows(mine.filter(ACTIVE, ends_at__gt=moment)).order_by("starts_at", "pk")), moment)
    past = _rows(mine.filter(~ACTIVE | Q(ends_at__lte=moment))).order_by("-starts_at", "-pk")
    page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    waiting = (
        WaitlistEntry.objects.filter(WAITLIST_OPEN, member=request.user)
        .select_related("space", "slot")
        .order_by("date", "slot__starts")
    )
    context = {
        "upcoming": upcoming,
        "page": page,
        "waiting": waiting,
        "has_feed": CalendarFeed.objects.filter(member=request.user).exists(),
    }
    return render(request, "coworking/my_bookings.html", context)


# --- calendar feed ----------------------------------------------------------------------------------------


@login_required
def calendar_settings(request):
    feed = CalendarFeed.objects.filter(member=request.user).first()
    if request.method == "POST":
        if feed is None:
            CalendarFeed.objects.get_or_create(member=request.user, defaults={"created": availability.now()})
            messages.success(request, _("Your calendar address is ready."))
        elif request.POST.get("action") == "replace":
            feed.token, feed.created = new_feed_token(), availability.now()
            feed.save(update_fields=["token", "created"])
            messages.success(request, _("Your calendar address was replaced. The old one no longer works."))
        return redirect("coworking:calendar")
    url = webcal = None
    if feed:
        url = request.build_absolute_uri(reverse("coworking_feed:calendar_feed", args=[feed.token]))
        webcal = "webcal://" + url.split("://", 1)[1]
    return render(request, "coworking/calendar.html", {"feed": feed, "url": url, "webcal": webcal})


@require_GET
def calendar_feed(request, token):
    """The private address a calendar program subscribes to: no log-in, the token is the credential."""
    feed = CalendarFeed.objects.select_related("member").filter(token=token).first()
    if feed is None:  # plain text: calendar programs show no pages, and a revoked address is no site error
        return HttpResponseNotFound(_("This calendar address does not exist (any more)."), content_type="text/plain")
    member = feed.member
    since = availability.now() - timedelta(days=FEED_PAST_DAYS)
    # Cancelled rows stay in the feed (STATUS:CANCELLED), so subscribed calendars remove the events.
    rows = Occupancy.objects.filter(member=member, ends_at__gt=since).exclude(state=OccupancyState.HELD)
    language = Booking.objects.filter(member=member).values_list("language", flat=True).first() or "de"
    with translation.override(language):
        body = ics.feed_calendar(member, rows)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
