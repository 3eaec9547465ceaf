"""Meet halfway (issue 6 point 5): on an accepted contact request's page, the co-working spaces near either
organisation or between them, with their next free places one step from the booking form; and, for the two people
of the request, a switch that shows the other side where they booked a desk.

context(contact_request, user) gives the request's page (request_views) what templates/matching/_meet_halfway.html
shows; share_bookings is the switch.

Who sees what. The members of both organisations see the section (the request's page decides who sees the page;
anyone else gets nothing from context()). Only the person who sent the request and the person who answered it have a
switch. What they share goes to the other organisation ("Show my desk bookings … to <organisation>"), so every
member of the other organisation sees it, and nobody on their own side but themselves sees a switch. Shared are the
space, the date and the time of their active desk bookings in the next SHARE_DAYS days: nothing else (no desk, no
booking number, no status).
"""

import heapq
from dataclasses import dataclass, field
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Organisation
from coworking import availability, finder
from coworking.models import Occupancy, ResourceKind

from . import services
from .models import ContactRequest, RequestStatus

LIMIT = 5  # spaces the section suggests
CANDIDATES = 20  # the nearest spaces to each organisation and to the point between them, whose places are read
SHARE_DAYS = 14  # shared desk bookings: today and the next 13 days


class ShareForm(forms.Form):
    share = forms.BooleanField(required=False)

    def __init__(self, *args, other, **kwargs):
        super().__init__(*args, auto_id="halfway-%s", **kwargs)
        self.fields["share"].label = _("Show my desk bookings of the next %(days)s days to %(organisation)s") % {
            "days": SHARE_DAYS,
            "organisation": other.name,
        }
        self.fields["share"].help_text = _(
            "Its members see the space, the date and the time of each booking, nothing else. You can stop it at any "
            "time."
        )


# --- what the section shows ---------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """A space with the distance from each organisation (the viewer's first) and its next free places."""

    space: object
    distances: list  # [(label, km)]
    offers: list  # [finder.Offer]


@dataclass
class SharedBooking:
    space: object
    date: object
    slot: str
    starts: object  # local wall-clock times, Europe/Berlin
    ends: object


@dataclass
class Halfway:
    own: Organisation
    other: Organisation
    days: int = finder.NEAR_DAYS
    share_days: int = SHARE_DAYS
    suggestions: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    placed: bool = True  # whether at least one organisation has a map position
    between_url: str = ""  # the "nearby" page between both organisations
    partner_url: str = ""  # … near the other organisation
    other_person: object = None
    other_shares: bool = False
    shared: list = field(default_factory=list)
    form: ShareForm | None = None  # the viewer's own switch, for the sender and the answering person only
    share_url: str = ""
    shares: bool = False


def context(contact_request, user):
    """{"halfway": Halfway} for an accepted request and a member of either side, else {} (the partial then shows
    nothing). A fixed number of queries: the viewer's memberships (unless they sent or answered the request), the
    published spaces, their places (finder.calendars: five), the other person and their shared bookings."""
    if contact_request.status != RequestStatus.ACCEPTED:
        return {}
    side = services.side_of(contact_request, user)  # the same rule as the request's page
    if side is None:
        return {}
    sender_side = side == services.SENDER
    own, other = contact_request.sender_organisation, contact_request.receiver
    if not sender_side:
        own, other = other, own
    moment = availability.now()
    halfway = Halfway(own=own, other=other)
    _add_spaces(halfway, moment)
    if sender_side:
        other_id, halfway.other_shares = contact_request.answered_by_id, contact_request.answerer_shares_bookings
        can_share, halfway.shares = user.pk == contact_request.sender_id, contact_request.sender_shares_bookings
    else:
        other_id, halfway.other_shares = contact_request.sender_id, contact_request.sender_shares_bookings
        can_share, halfway.shares = user.pk == contact_request.answered_by_id, contact_request.answerer_shares_bookings
    if other_id:
        halfway.other_person = contact_request.answered_by if sender_side else contact_request.sender
        if halfway.other_shares:
            halfway.shared = shared_bookings(other_id, moment)
    if can_share:
        halfway.form = ShareForm(initial={"share": halfway.shares}, other=other)
        halfway.share_url = reverse("matching:share_bookings", args=[contact_request.pk])
    return {"halfway": halfway}


def _label(organisation):
    return _("%(organisation)s (%(place)s)") % {
        "organisation": organisation.name,
        "place": organisation.municipality.name,
    }


def _add_spaces(halfway, moment):
    """The suggestions, measured from the organisations with a map position (the viewer's first), and the links to
    the "nearby" page (which shows published organisations only)."""
    placed = []
    for organisation in (halfway.own, halfway.other):
        if organisation.municipality.has_coordinates:
            placed.append(organisation)
        else:
            halfway.notes.append(
                _("No map position is known for %(place)s, so distances could not be measured from it.")
                % {"place": _label(organisation)}
            )
    halfway.placed = bool(placed)
    if not placed:
        return
    halfway.suggestions = suggestions([(_label(place), place.municipality) for place in placed], moment)
    linkable = [organisation for organisation in placed if organisation.is_published]
    if len(linkable) == 2:
        halfway.between_url = finder.near_url(*linkable)
    if halfway.other in linkable:
        halfway.partner_url = finder.near_url(halfway.other)


def suggestions(places, moment=None):
    """[Suggestion] for the places ([(label, municipality)], one or two with coordinates): the published spaces with
    a free place in the next finder.NEAR_DAYS days, up to LIMIT, the fairest first: by the longer of the trips, then
    by the combined distance.

    Not by the combined distance alone: a space in either organisation's own town always has the smallest sum (the
    distance between the two), so one halfway between them could never come first.

    Considered are the CANDIDATES nearest spaces to each place and to the point between them; their places are read
    in one go (finder.calendars), as in finder.nearest_with_free_places, so the work stays bounded."""
    moment = moment or availability.now()
    spaces = [space for space in finder.published_spaces() if space.municipality.has_coordinates]
    municipalities = [municipality for _name, municipality in places]
    origins = [*municipalities, finder.midpoint(municipalities)] if len(places) == 2 else municipalities
    candidates = {}
    for origin in origins:
        nearest = heapq.nsmallest(
            CANDIDATES, spaces, key=lambda space, origin=origin: (origin.distance_km(space.municipality), space.pk)
        )
        candidates.update((space.pk, space) for space in nearest)
    ranked = []
    for space in candidates.values():
        distances = [(label, place.distance_km(space.municipality)) for label, place in places]
        km = [km for _name, km in distances]
        ranked.append(((max(km), sum(km), space.name, space.pk), space, distances))
    ranked.sort(key=lambda item: item[0])
    found = finder.calendars(
        [space for _key, space, _km in ranked], availability.local_today(moment), finder.NEAR_DAYS, moment
    )
    results = []
    for _key, space, distances in ranked:
        cells = finder.next_free(found[space.pk])
        if cells:
            results.append(Suggestion(space, distances, [finder.Offer(cell) for cell in cells]))
            if len(results) == LIMIT:
                break
    return results


def shared_bookings(member_id, moment=None):
    """The member's active desk bookings that have not ended, from today for SHARE_DAYS days: one query."""
    moment = moment or availability.now()
    today = availability.local_today(moment)
    rows = (
        Occupancy.objects.active()
        .upcoming(moment)
        .filter(member_id=member_id, date__range=(today, today + timedelta(days=SHARE_DAYS - 1)))
        .filter(resource__kind=ResourceKind.DESK)
        .select_related("space", "slot")
        .order_by("starts_at", "pk")
    )
    return [
        SharedBooking(
            row.space,
            row.date,
            row.slot.name,
            availability.local_now(row.starts_at).time(),
            availability.local_now(row.ends_at).time(),
        )
        for row in rows
    ]


# --- the switch ---------------------------------------------------------------------------------------------


@require_POST
@login_required
def share_bookings(request, pk):
    """The sender or the answering person of an accepted request shows the other side their desk bookings, or
    stops it. 404 for anyone else and for requests that are not accepted."""
    user = request.user
    contact_request = get_object_or_404(
        ContactRequest.objects.select_related("sender_organisation", "receiver"),
        Q(sender=user) | Q(answered_by=user),
        pk=pk,
        status=RequestStatus.ACCEPTED,
    )
    is_sender = contact_request.sender_id == user.pk
    other = contact_request.receiver if is_sender else contact_request.sender_organisation
    form = ShareForm(request.POST, other=other)
    share = form.is_valid() and form.cleaned_data["share"]  # a checkbox is always valid: ticked or not
    flag = "sender_shares_bookings" if is_sender else "answerer_shares_bookings"
    setattr(contact_request, flag, share)
    contact_request.save(update_fields=[flag])
    if share:
        text = _("%(organisation)s now sees your desk bookings of the next %(days)s days.")
    else:
        text = _("%(organisation)s no longer sees your desk bookings.")
    messages.success(request, text % {"organisation": other.name, "days": SHARE_DAYS})
    return redirect(contact_request.get_absolute_url())
