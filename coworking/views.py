"""Finding a space: the Co-Working page, the "nearby" entry point and a space's page with its availability."""

from collections import Counter
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django_htmx.http import push_url

from companies import maps
from companies.directory import lenient_page, page_links, query_params, shown
from companies.models import Municipality, Organisation
from portal.lib.pagecache import BOOKINGS, CONTENT, cache_for_visitors

from . import availability, finder
from .filters import SpaceFilter
from .models import Amenity, Space, SpacePhoto, Weekday

PAGE_SIZE = 24
MAX_NEAR = 2  # places the "nearby" page measures from
VIEWS = ("week", "day")


def _get_space(request, slug):
    """(space, is_host): anyone sees a published space of a published host, only the host organisation's members
    a draft (404 for everyone else)."""
    space = get_object_or_404(Space.objects.select_related("organisation", "municipality"), slug=slug)
    is_host = space.organisation.membership_for(request.user) is not None
    if not (space.is_published and space.organisation.is_published) and not is_host:
        raise Http404
    return space, is_host


# --- the Co-Working page ------------------------------------------------------------------------------------


def space_list(request):
    """Published spaces with their free places on a date and part of the day; htmx gets the form and results."""
    params = query_params(request)
    search = SpaceFilter(params, municipalities=Municipality.objects.all())
    results = finder.find(search.qs, search.day, search.part, search.origin, search.free)
    page = lenient_page(Paginator(results, PAGE_SIZE), params.get("page"), search.notes)
    if not request.htmx and not search.notes and "" in params.dict().values():
        # The form sent without JavaScript also sends its empty fields: show the tidy, shareable address.
        return redirect(request.path + _query(search.url_with(page=page.number)))
    photos = Prefetch("photos", queryset=SpacePhoto.objects.order_by("position", "pk"))
    prefetch_related_objects([result.space for result in page.object_list], photos)
    context = {
        "search": search,
        "page": page,
        "heading": _heading(search, page.paginator.count),
        "map": _map(search, results),
        "amenities": [(value, label, value in search.amenities) for value, label in Amenity.choices],
        "parts": finder.Part.choices,
        "radii": search.filters["radius"].extra["choices"],
        "today": availability.local_today(),
        **page_links(page, search.url_with),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "coworking/_space_results.html", context)
        return push_url(response, request.path + _query(search.url_with(page=page.number)))
    return render(request, "coworking/space_list.html", context)


def _query(query):
    return query if query != "?" else ""


def _when(day, part):
    """ "Thursday, 26 November, morning" """
    parts = {
        finder.Part.DAY: pgettext("part of the day", "whole day"),
        finder.Part.MORNING: pgettext("part of the day", "morning"),
        finder.Part.AFTERNOON: pgettext("part of the day", "afternoon"),
    }
    date = formats.date_format(day, "l") + ", " + formats.date_format(day, "MONTH_DAY_FORMAT")
    return _("%(date)s, %(part)s") % {"date": date, "part": parts[part]}


def _heading(search, count):
    """The result line: "3 spaces with free places on Thursday, 26 November, morning, within 25 km of Meschede"."""
    values = {"count": count, "when": _when(search.day, search.part)}
    if search.free:
        found = ngettext(
            "%(count)s space with free places on %(when)s", "%(count)s spaces with free places on %(when)s", count
        )
    else:
        found = ngettext("%(count)s space, free places on %(when)s", "%(count)s spaces, free places on %(when)s", count)
    found %= values
    if search.radius:
        return _("%(found)s, within %(km)s km of %(place)s") % {
            "found": found,
            "km": search.radius,
            "place": search.origin.name,
        }
    if search.origin:
        return _("%(found)s, nearest to %(place)s first") % {"found": found, "place": search.origin.name}
    return found


def _map(search, results):
    """The directory's map of the region with the number of found spaces per town; a town's marker links to the
    spaces within 10 km of it."""
    counts = Counter(result.space.municipality_id for result in results)

    def url_for(place):
        return search.url_with(near=place.slug, radius=10)

    selected = [search.origin.pk] if search.origin else []
    found = maps.directory_map(search.municipalities, counts, url_for, selected)
    if not found:
        return None
    # The map speaks of organisations; here its markers and caption count spaces.
    by_url = {url_for(place): place for place in search.municipalities}
    for marker in found["markers"]:
        place = by_url[marker["href"]]
        count = counts.get(place.pk, 0)
        marker["name"] = ngettext("%(place)s: %(count)s space", "%(place)s: %(count)s spaces", count) % {
            "place": place.name,
            "count": count,
        }
    placed = sum(counts[place.pk] for place in search.municipalities if place.has_coordinates and place.pk in counts)
    found["caption"] = [
        ngettext("Spaces by town: %(count)s space on the map.", "Spaces by town: %(count)s spaces on the map.", placed)
        % {"count": placed}
    ]
    return found


# --- "book a desk near …" -----------------------------------------------------------------------------------


def near(request):
    """The nearest published spaces with free places in the next days, from one place or halfway between two
    (?org=<organisation slug> and/or ?place=<municipality slug>); see finder.near_url()."""
    places, notes = _near_places(request)
    if not places:
        municipalities = Municipality.objects.filter(latitude__isnull=False)
        return render(request, "coworking/near.html", {"places": [], "municipalities": municipalities})
    placed = [(label, place) for label, place in places if place.has_coordinates]
    for label, place in places:
        if not place.has_coordinates:
            notes.append(
                _("No map position is known for %(place)s, so distances could not be measured from it.")
                % {"place": label}
            )
    results = []
    if placed:
        origin = finder.midpoint([place for _label, place in placed])
        results = [
            (space, [(label, place.distance_km(space.municipality)) for label, place in placed], cells)
            for space, _km, cells in finder.nearest_with_free_places(origin)
        ]
        results = [(space, distances, [finder.Offer(cell) for cell in cells]) for space, distances, cells in results]
    context = {"places": places, "placed": placed, "notes": notes, "results": results, "days": finder.NEAR_DAYS}
    return render(request, "coworking/near.html", context)


def _near_places(request):
    """[(label, municipality)] of the ?org= and ?place= parameters, in their order, at most two; 404 for an unknown
    or unpublished organisation or an unknown municipality."""
    wanted = [
        (key, value) for key, values in request.GET.lists() if key in ("org", "place") for value in values if value
    ]
    if any("\x00" in value for _key, value in wanted):  # no slug, and PostgreSQL refuses NUL in a query
        raise Http404
    notes = []
    if len(wanted) > MAX_NEAR:
        notes.append(_("Only the first two places were used."))
        wanted = wanted[:MAX_NEAR]
    org_slugs = [slug for key, slug in wanted if key == "org"]
    place_slugs = [slug for key, slug in wanted if key == "place"]
    organisations = {}
    if org_slugs:
        queryset = Organisation.objects.published().select_related("municipality").filter(slug__in=org_slugs)
        organisations = {organisation.slug: organisation for organisation in queryset}
    municipalities = {}
    if place_slugs:
        municipalities = {place.slug: place for place in Municipality.objects.filter(slug__in=place_slugs)}
    places = []
    for key, slug in wanted:
        if key == "org":
            if slug not in organisations:
                raise Http404
            organisation = organisations[slug]
            label = _("%(organisation)s (%(place)s)") % {
                "organisation": organisation.name,
                "place": organisation.municipality.name,
            }
            places.append((label, organisation.municipality))
        else:
            if slug not in municipalities:
                raise Http404
            places.append((municipalities[slug].name, municipalities[slug]))
    return places, notes


# --- a space's page -----------------------------------------------------------------------------------------


@cache_for_visitors("space", namespaces=(CONTENT, BOOKINGS), bucket=900)  # slots start on the quarter hour
def space_detail(request, slug):
    """A space: what it offers, its rules, and its free places for a week (or a day); htmx gets the availability."""
    space, is_host = _get_space(request, slug)
    today = availability.local_today()
    notes = []
    day = today
    if raw := request.GET.get("date", ""):
        day = availability.parse_day(raw)
        if day is None:
            notes.append(_("Date: “%(value)s” is not a valid date; showing today.") % {"value": shown(raw)})
            day = today
    view = request.GET.get("view") or "week"
    if view not in VIEWS:
        notes.append(_("View: “%(value)s” is not known; showing the week.") % {"value": shown(view)})
        view = "week"
    context = {"space": space, "is_host": is_host, "notes": notes, "today": today, "view": view}
    context.update(_availability(space, day, view))
    template = f"coworking/_availability_{view}.html"
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, template, context)
    calendar = context["calendar"]
    context.update(
        {
            "availability_template": template,
            "photos": list(space.photos.all()),
            "opening_hours": [(label, calendar.hours.get(weekday, [])) for weekday, label in Weekday.choices],
            "rules": _rules(space),
            "closed_days": _closed_days(space, today),
            "map": maps.locator_map(
                space.municipality,
                Municipality.objects.filter(latitude__isnull=False).only("name", "latitude", "longitude"),
            ),
        }
    )
    return render(request, "coworking/space_detail.html", context)


def _availability(space, day, view):
    """The calendar of the week containing day (or of the day) as table rows, and the links to move in time."""
    if view == "week":
        start, step = availability.week_start(day), timedelta(days=7)
        calendar = availability.Calendar(space, start, 7)
    else:
        start, step = day, timedelta(days=1)
        calendar = availability.Calendar(space, day, 1)
    url = space.get_absolute_url()
    return {
        "day": day,
        "calendar": calendar,
        "rows": [(slot, [finder.Offer(cell) for cell in cells]) for slot, cells in calendar.week()],
        "previous_url": f"{url}?date={(start - step).isoformat()}&view={view}",
        "next_url": f"{url}?date={(start + step).isoformat()}&view={view}",
        "week_url": f"{url}?date={day.isoformat()}&view=week",
        "day_url": f"{url}?date={day.isoformat()}&view=day",
    }


def _duration(minutes):
    if minutes >= 120 and minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


def _rules(space):
    """The booking policy in plain words."""
    rules = [
        ngettext(
            "Bookable up to %(count)s day ahead, at least %(notice)s before the start.",
            "Bookable up to %(count)s days ahead, at least %(notice)s before the start.",
            space.days_ahead,
        )
        % {"count": space.days_ahead, "notice": _duration(space.min_notice_minutes)},
    ]
    if space.cancel_deadline_hours:
        rules.append(
            ngettext(
                "Cancel free of charge up to %(count)s hour before the start.",
                "Cancel free of charge up to %(count)s hours before the start.",
                space.cancel_deadline_hours,
            )
            % {"count": space.cancel_deadline_hours}
        )
    else:
        rules.append(_("Cancel free of charge until the start."))
    if space.approval_required:
        rules.append(_("Bookings need the host’s approval."))
    else:
        rules.append(_("Bookings are confirmed at once."))
    rules.append(
        ngettext(
            "Each member can have up to %(count)s future booking here (each slot counts).",
            "Each member can have up to %(count)s future bookings here (each slot counts).",
            space.max_future_bookings,
        )
        % {"count": space.max_future_bookings}
    )
    rules.append(
        _("Please check in within %(grace)s after the start; otherwise the place is released.")
        % {"grace": _duration(space.checkin_grace_minutes)}
    )
    return rules


def _closed_days(space, today, limit=10):
    """[(date, reason)]: the next host closures and, where the space closes on them, public holidays."""
    days = dict(space.closures.filter(date__gte=today).order_by("date").values_list("date", "reason")[:limit])
    if space.closed_on_public_holidays:
        horizon = today + timedelta(days=max(space.days_ahead, 60))
        for day, name in availability.public_holidays(today, horizon).items():
            days.setdefault(day, name)
    return sorted(days.items())[:limit]
