"""Passende Partner (issue 6 point 3): the matches of one need or offer, with controls that change the weighting;
hiding a suggestion as not relevant (and showing it again); a member's best matches for all current entries of
their organisations. The scoring is matching/engine.py's; this module decides what the viewer may see of it."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import push_url

from companies.directory import lenient_page, page_links, query_params, query_with
from companies.models import Kind, Organisation, Region
from portal.lib import pagecache
from portal.lib.pagecache import BOOKINGS, CONTENT, cache_for_visitors

from . import engine
from .models import Dismissal, Entry, EntryStatus, Reach, Side, Visibility
from .views import _get_entry

TOP = 10  # cards on an entry's page
MORE = 20  # … after "show more"
MY_TOP = 3  # cards per entry on the personal page
MY_PAGE_SIZE = 10  # entries per page on the personal page
ANONYMOUS_KM_STEP = 10  # an anonymous target's distance is rounded to this, so that it does not give its town away


# --- the controls ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Controls:
    """The weighting the visitor chose; any other value in the address is ignored."""

    any_distance: bool = False
    startups: bool = False
    dortmund: bool = False
    more: bool = False

    @classmethod
    def from_query(cls, params):
        return cls(
            any_distance=params.get("distance") == "any",
            startups=params.get("kind") == Kind.STARTUP,
            dortmund=params.get("region") == Region.DORTMUND,
            more=params.get("more") == "1",
        )

    def weights(self):
        return engine.Weights(
            distance=not self.any_distance,
            only_kinds=[Kind.STARTUP] if self.startups else None,
            only_region=Region.DORTMUND if self.dortmund else None,
        )

    def query(self, **changes):
        """The tidy query string ("" without any choice) of these controls with `changes`."""
        values = {
            "distance": "any" if self.any_distance else None,
            "kind": Kind.STARTUP.value if self.startups else None,
            "region": Region.DORTMUND.value if self.dortmund else None,
            "more": "1" if self.more else None,
            **changes,
        }
        query = query_with([], **values)
        return "" if query == "?" else query

    @property
    def is_narrowed(self):
        return self.any_distance or self.startups or self.dortmund


# --- the cards ----------------------------------------------------------------------------------------------


@dataclass
class Card:
    """One match as a viewer may see it (templates/matching/_match_card.html)."""

    match: engine.Match
    source: Entry
    named: bool  # False: an anonymous entry of someone else, shown as "An organisation in …"
    wishes: list  # [(heading, [(state, text)], note)], the need's first

    @property
    def target(self):
        return self.match.target

    @property
    def is_organisation(self):
        return self.match.is_organisation

    @property
    def percent(self):
        return round(self.match.score * 100)

    @property
    def forward_percent(self):
        return round(self.match.forward * 100)

    @property
    def backward_percent(self):
        return round(self.match.backward * 100)

    @property
    def km(self):
        """The distance as shown: whole km, or rounded to ANONYMOUS_KM_STEP for an anonymous target."""
        km = self.match.distance_km
        if km is None:
            return None
        if not self.named:
            return max(ANONYMOUS_KM_STEP, round(km / ANONYMOUS_KM_STEP) * ANONYMOUS_KM_STEP)
        return round(km)

    @property
    def dom_id(self):
        """Unique on a page that shows the matches of several entries."""
        return f"{self.source.pk}-{'o' if self.is_organisation else 'e'}{self.target.pk}"

    @property
    def hide_field(self):
        return "target_organisation" if self.is_organisation else "target_entry"


def _cards(matches, source, user, my_organisations, limit):
    """The matches the viewer may see, as cards: members-only entries only for signed-in users."""
    cards = []
    for match in matches:
        target = match.target
        if match.visibility == Visibility.MEMBERS and not user.is_authenticated:
            continue
        named = match.visibility != Visibility.ANONYMOUS or target.organisation_id in my_organisations
        cards.append(Card(match, source, named, _wishes(match, source)))
    return cards[:limit]


def _wishes(match, source):
    """Which side's criteria were met: the need's wishes, then the provider's, each as (state, text) lines."""
    criteria = match.criteria
    need, provider = (source, match.target) if source.is_need else (match.target, source)
    groups = [(_("What the need asks for"), _wish_lines(need, criteria["forward"]), "")]
    if isinstance(provider, Organisation):
        groups.append((_("What the organisation asks for"), [], _("The organisation states no wishes.")))
    else:
        groups.append((_("What the offer asks for"), _wish_lines(provider, criteria["backward"]), ""))
    return groups


def _wish_lines(entry, met):
    return [(_state(met["reach"]), _reach_text(entry)), (_state(met["kind"]), _kind_text(entry))]


def _state(met):
    return {True: "met", False: "unmet"}.get(met, "unknown")


def _reach_text(entry):
    """The wish for the partner's location, without the entry's town (an anonymous entry must not show it)."""
    if entry.reach == Reach.RADIUS:
        return _("Partner within %(km)s km") % {"km": entry.reach_km}
    if entry.reach == Reach.SUEDWESTFALEN:
        return _("Partner in Südwestfalen")
    if entry.reach == Reach.DORTMUND:
        return _("Partner in Dortmund")
    return _("Partner anywhere")


def _kind_text(entry):
    labels = entry.partner_kind_labels()
    if not labels:
        return _("Any kind of partner")
    return _("Wanted partners: %(kinds)s") % {"kinds": ", ".join(map(str, labels))}


def _find(entry, limit, weights):
    find = engine.for_need if entry.side == Side.NEED else engine.for_offer
    # The same for every viewer (the cards filter per viewer): kept until any entry, organisation or hidden
    # suggestion changes, and per day (entries run out).
    return pagecache.cached(
        "matches",
        (entry.pk, limit, repr(weights), timezone.localdate()),
        lambda: find(entry, limit=limit, weights=weights),
    )


def _my_organisations(user):
    """The ids of the organisations the user is a member of (one query; none for visitors)."""
    if not user.is_authenticated:
        return set()
    return set(Organisation.objects.managed_by(user).values_list("pk", flat=True))


# --- one entry's matches ------------------------------------------------------------------------------------


# Meeting places halfway show free desks: bookings count, and a new slot starts every quarter of an hour.
@cache_for_visitors("matches", namespaces=(CONTENT, BOOKINGS), bucket=900)
def entry_matches(request, pk):
    """The best partners for a need (offers and organisations) or an offer (needs); htmx gets the results part."""
    entry, is_member = _get_entry(request, pk)
    controls = Controls.from_query(query_params(request))
    shown = MORE if controls.more else TOP
    # one more than shown, to know whether "show more" finds any; visitors lose the members-only ones
    wanted = shown + 1 if request.user.is_authenticated else 2 * shown + 1
    my_organisations = _my_organisations(request.user)
    cards = _cards(_find(entry, wanted, controls.weights()), entry, request.user, my_organisations, shown + 1)
    context = {
        "entry": entry,
        "is_member": is_member,
        "controls": controls,
        "cards": cards[:shown],
        "more_url": controls.query(more="1") if len(cards) > shown and not controls.more else "",
        "matches_url": request.path,
        "return_url": request.get_full_path(),
        "hidden": _hidden(entry) if is_member else [],
        "current": entry.is_current() and entry.organisation.is_published,
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "matching/_match_results.html", context)
        return push_url(response, request.path + controls.query())
    return render(request, "matching/matches.html", context)


@dataclass
class Hidden:
    label: str
    url: str
    field: str
    target_id: int


def _hidden(entry):
    """The suggestions hidden for an entry, for its members, with a link where the target is still shown."""
    dismissals = entry.dismissals.select_related("target_entry__organisation", "target_organisation")
    hidden = []
    for dismissal in dismissals:
        if dismissal.target_entry:
            target = dismissal.target_entry
            url = target.get_absolute_url() if target.is_current() and target.organisation.is_published else ""
            hidden.append(Hidden(target.title, url, "target_entry", target.pk))
        else:
            target = dismissal.target_organisation
            url = target.get_absolute_url() if target.is_published else ""
            hidden.append(Hidden(target.name, url, "target_organisation", target.pk))
    return hidden


# --- hiding a suggestion -------------------------------------------------------------------------------------


@require_POST
@login_required
def hide(request, pk):
    entry, _is_member = _get_entry(request, pk, manage=True)
    field, target = _target(request, entry)
    try:
        with transaction.atomic():
            Dismissal.objects.get_or_create(source=entry, **{field: target}, defaults={"dismissed_by": request.user})
    except IntegrityError:  # hidden at the same moment by someone else: hidden all the same
        pass
    messages.success(
        request,
        _("Hidden. It will not be suggested again for this entry. You can show it again under “Hidden suggestions”."),
    )
    return redirect(_next(request, entry))


@require_POST
@login_required
def unhide(request, pk):
    entry, _is_member = _get_entry(request, pk, manage=True)
    field, target_id = _target_id(request)
    entry.dismissals.filter(**{f"{field}_id": target_id}).delete()
    messages.success(request, _("Shown again: it can be suggested for this entry."))
    return redirect(_next(request, entry))


def _target_id(request):
    """(field, id) of the one target the form names; 404 for anything else."""
    named = [(field, request.POST.get(field, "")) for field in ("target_entry", "target_organisation")]
    named = [(field, value) for field, value in named if value]
    if len(named) != 1 or not (named[0][1].isascii() and named[0][1].isdigit()) or len(named[0][1]) > 18:
        raise Http404
    return named[0][0], int(named[0][1])


def _target(request, entry):
    """(field, object): an entry of the other side or a published organisation (for a need) that the member may see
    and that is not of the entry's own organisation; 404 otherwise."""
    field, target_id = _target_id(request)
    if field == "target_entry":
        other = Side.OFFER if entry.is_need else Side.NEED
        targets = Entry.objects.visible_to(request.user).filter(side=other)
    elif entry.is_need:
        targets = Organisation.objects.published()
    else:
        raise Http404
    target = targets.exclude(**_own(field, entry)).filter(pk=target_id).first()
    if target is None:
        raise Http404
    return field, target


def _own(field, entry):
    return {"organisation": entry.organisation_id} if field == "target_entry" else {"pk": entry.organisation_id}


def _next(request, entry):
    target = request.POST.get("next", "")
    # Only a path of this site: redirect() would take any other word ("0") for the name of a view (a server error).
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    if target.startswith("/") and allowed:
        return target
    return reverse("matching:matches", args=[entry.pk])


# --- the personal page ---------------------------------------------------------------------------------------


@login_required
def my_matches(request):
    """The best few matches of every current entry of the user's organisations, newest entry first."""

    def context():
        my_organisations = _my_organisations(request.user)
        entries = (
            Entry.objects.filter(
                organisation__in=my_organisations,
                status__in=[EntryStatus.OPEN, EntryStatus.IN_TALKS],
                expires_on__gte=timezone.localdate(),
            )
            .select_related("organisation__municipality", "municipality")
            .prefetch_related("topics", "keywords")  # the engine reads the sources' topics and keywords from these
            .order_by("-created", "-pk")
        )
        params = query_params(request)
        page = lenient_page(Paginator(entries, MY_PAGE_SIZE), params.get("page"), [])
        rows = [
            (entry, _cards(_find(entry, MY_TOP, None), entry, request.user, my_organisations, MY_TOP))
            for entry in page.object_list
        ]
        return {
            "rows": rows,
            "page": page,
            "has_organisations": bool(my_organisations),
            "list_url": request.path,
            "return_url": request.path + (f"?page={page.number}" if page.number > 1 else ""),
            **page_links(page, lambda **changes: query_with([], **changes)),
        }

    # Kept per user and address until any entry, organisation, membership or hidden suggestion changes.
    return pagecache.member_page(request, "my_matches", "matching/my_matches.html", context)
