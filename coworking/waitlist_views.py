"""The waiting list: join it for a full slot, and the member's entry (position, offer, take, decline, leave)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.lib import ratelimit

from . import availability, waitlist
from .models import Space, WaitlistEntry, WaitlistState
from .services import PolicyError, describe


def _get_entry(request, pk):
    """The member's own entry; everyone else gets 404."""
    queryset = WaitlistEntry.objects.select_related("space", "slot", "booking")
    return get_object_or_404(queryset, pk=pk, member=request.user)


def _chosen_slot(request, space):
    """(day, slot) from the query string or the form, or (None, None) when either is missing or invalid."""
    data = request.POST if request.method == "POST" else request.GET
    day = availability.parse_day(data.get("date"))
    slot_id = data.get("slot", "")
    if day is None or not slot_id.isascii() or not slot_id.isdigit() or len(slot_id) > 18:
        return None, None
    slot = space.slots.filter(is_active=True, pk=int(slot_id)).first()
    return (day, slot) if slot else (None, None)


def _refusal(error, space, day, slot):
    """(message, link to the booking form or "") for a refused join."""
    if isinstance(error, waitlist.NotFull):
        query = urlencode({"date": day.isoformat(), "slot": slot.pk})
        message = _("There are still free places for %(what)s: you can book one directly.")
        return message % {"what": describe(day, slot)}, f"{reverse('coworking:book', args=[space.slug])}?{query}"
    return error.message, ""


class RateLimited(Exception):
    """Too many joins in a short time."""


@login_required
def join(request, slug):
    space = get_object_or_404(Space.objects.published().select_related("municipality"), slug=slug)
    day, slot = _chosen_slot(request, space)
    context = {"space": space, "day": day, "slot": slot}
    if slot is None:
        context["problem"] = _("Please choose a date and a slot of this space.")
        return render(request, "coworking/waitlist_join.html", context, status=400)
    existing = waitlist.open_entry(request.user, space, day, slot)
    if existing:
        messages.info(request, _("You are already on the waiting list for %(what)s.") % {"what": describe(day, slot)})
        return redirect("coworking:waitlist_entry", pk=existing.pk)
    try:
        if request.method == "POST":
            return _join(request, space, day, slot)
        waitlist.check_join(request.user, space, day, slot)
    except (PolicyError, waitlist.NotFull) as error:
        context["problem"], context["book_url"] = _refusal(error, space, day, slot)
        return render(request, "coworking/waitlist_join.html", context, status=400 if request.method == "POST" else 200)
    except RateLimited:
        context["problem"] = _("You have joined many waiting lists in a short time. Please try again later.")
        return render(request, "coworking/waitlist_join.html", context, status=429)
    context["waiting"] = space.waitlist.filter(date=day, slot=slot, state=WaitlistState.WAITING).count()
    return render(request, "coworking/waitlist_join.html", context)


def _join(request, space, day, slot):
    if not ratelimit.allow(request, "waitlist", key=str(request.user.pk)):
        raise RateLimited
    entry = waitlist.join(member=request.user, space=space, day=day, slot=slot, language=translation.get_language())
    position = waitlist.position(entry)
    messages.success(request, _("You are on the waiting list, number %(position)s in line.") % {"position": position})
    return redirect("coworking:waitlist_entry", pk=entry.pk)


ACTIONS = {"take": waitlist.take, "decline": waitlist.decline, "leave": waitlist.leave}


@login_required
def entry(request, pk):
    item = _get_entry(request, pk)
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action"))
        if action is None:
            messages.error(request, _("Please choose one of the buttons."))
            return redirect("coworking:waitlist_entry", pk=item.pk)
        try:
            result = action(item)
        except PolicyError as error:
            messages.error(request, error.message)
            return redirect("coworking:waitlist_entry", pk=item.pk)
        if action is waitlist.take:
            messages.success(request, _("The place is yours."))
            return redirect("coworking:booking", reference=result.reference)
        if action is waitlist.decline:
            messages.success(request, _("You have declined the place; it goes to the next in line."))
        else:
            messages.success(request, _("You have left the waiting list."))
        return redirect("coworking:waitlist_entry", pk=item.pk)
    moment = availability.now()
    starts_at, ends_at = availability.slot_bounds(item.date, item.slot)
    offered = item.state == WaitlistState.OFFERED
    context = {
        "entry": item,
        "position": waitlist.position(item),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "offer_open": offered and item.hold_until > moment,
        "offer_lapsed": offered and item.hold_until <= moment,
        "is_past": starts_at <= moment,
    }
    return render(request, "coworking/waitlist_entry.html", context)
