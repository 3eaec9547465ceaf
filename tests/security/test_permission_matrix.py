"""The permission matrix: every URL pattern of the portal × every role, for GET and for POST.

The roles (tests/security/conftest.py): anonymous, `other` (owner of another organisation), `editor` and `owner`
of organisation A, `host` of a co-working space of A's side, `curator` (group Kuratoren), `staff` without any
permission, `superuser`. Path arguments are filled with side A's objects; a second test fills them with side B's
objects and asks as A's people: objects of another organisation give 404.

Words: a status code; "login" (302 to the log-in page, with ?next=); "admin" (302 to the admin's log-in,
which then refuses non-staff with 403 and sends visitors to the log-in page); "302" (a redirect anywhere else).
POSTs carry an empty body: they are about access (an empty form comes back with errors, a state change redirects)
and must never give 500.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

from tests.security.conftest import ROLES

LOGIN, ADMIN_LOGIN = "login", "admin"


# --- the resolver -------------------------------------------------------------------------------------------------


def _argument_names(pattern):
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        groups = pattern.regex.groupindex
        return sorted(groups, key=groups.get) if groups else [f"#{i}" for i in range(pattern.regex.groups)]
    return []


def walk(resolver=None, namespace=None, route="", names=()):
    """{key: (route, argument names)} of every pattern. The key is `namespace:name`, or the route of an unnamed
    pattern. i18n_patterns are one LocalePrefixPattern: its patterns appear once, whatever the languages."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        here = route + ("" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern))
        along = (*names, *_argument_names(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            found.update(walk(pattern, inner, here, along))
            continue
        key = here  # the admin's unnamed patterns
        if pattern.name:
            key = f"{namespace}:{pattern.name}" if namespace else pattern.name
        assert key not in found, f"two patterns share the key {key}"
        found[key] = (here, along)
    return found


PATTERNS = walk()


def address(key, values):
    route, names = PATTERNS[key]
    if key == route:  # the admin's unnamed patterns
        url = "/" + route.replace("<path:object_id>", str(values[0]) if values else "")
        return url.replace("(?P<url>.*)$", "no-such-page/")
    if names and names[0].startswith("#"):
        return reverse(key, args=values)
    return reverse(key, kwargs=dict(zip(names, values, strict=True)))


def describe(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("account_login")) and "next=" in location:
            return LOGIN
        return "302"
    return str(response.status_code)


# --- the table ----------------------------------------------------------------------------------------------------
#
# key: row(GET for each role, POST for each role, then what fills the path arguments, in order: the name of an
# object of the world's side (see values_for) or a function of (world, side)).
#
#            anon   other  editor owner  host   curator staff  superuser


def row(get, post, *objects):
    get, post = get.split(), post.split()
    assert len(get) == len(post) == len(ROLES), (get, post)
    return dict(zip(ROLES, get, strict=True)), dict(zip(ROLES, post, strict=True)), objects


def NO_SUCH_KEY(world, side):  # noqa: N802 - reads as a value in the table
    return "no-such-key"


def NO_SUCH_UID(world, side):  # noqa: N802
    return "zz"


TABLE = {
    "account_confirm_email": row(
        "200    200    200    200    200    200    200    200",
        "404    404    404    404    404    404    404    404",
        NO_SUCH_KEY,
    ),
    "account_reset_password_from_key": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        NO_SUCH_UID,
        NO_SUCH_KEY,
    ),
    "usersessions_list": row(
        "login  200    200    200    200    200    200    200",
        "login  302    302    302    302    302    302    302",
    ),
    "account_change_password": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "account_confirm_login_code": row(
        "302    302    302    302    302    302    302    302",
        "302    302    302    302    302    302    302    302",
    ),
    "account_email": row(
        "login  200    200    200    200    200    200    200",
        "login  302    302    302    302    302    302    302",
    ),
    "account_email_verification_sent": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "account_inactive": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "account_login": row(
        "200    302    302    302    302    302    302    302",
        "200    302    302    302    302    302    302    302",
    ),
    "account_logout": row(
        "302    200    200    200    200    200    200    200",
        "302    302    302    302    302    302    302    302",
    ),
    "account_reauthenticate": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "account_reset_password": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "account_reset_password_done": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "account_reset_password_from_key_done": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "account_set_password": row(
        "login  302    302    302    302    302    302    302",
        "login  302    302    302    302    302    302    302",
    ),
    "account_signup": row(
        "200    302    302    302    302    302    302    302",
        "200    302    302    302    302    302    302    302",
    ),
    "accounts:data": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "accounts:delete": row(
        "login  302    302    302    302    302    302    302",
        "login  302    302    302    302    302    302    302",
    ),
    "accounts:overview": row(
        "login  200    200    200    200    200    200    200",
        "login  302    302    302    302    302    302    302",
    ),
    "bench_ceiling": row(
        "404    404    404    404    404    404    404    404",
        "404    404    404    404    404    404    404    404",
    ),
    "companies:detail": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        "org",
    ),
    "companies:directory": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "companies:edit": row(
        "login  404    200    200    404    404    404    404",
        "login  404    200    200    404    404    404    404",
        "org",
    ),
    "companies:export_csv": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "companies:export_json": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "companies:feed": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "companies:invitation_accept": row(
        "200    403    403    403    403    403    403    403",
        "login  403    403    403    403    403    403    403",
        "invitation",
    ),
    "companies:logo": row(
        "login  404    200    200    404    404    404    404",
        "login  404    302    302    404    404    404    404",
        "org",
    ),
    "companies:members": row(
        "login  404    403    200    404    404    404    404",
        "login  404    403    200    404    404    404    404",
        "org",
    ),
    "companies:mine": row(
        "login  200    200    200    200    200    200    200",
        "login  404    404    404    404    404    404    404",
    ),
    "companies:open_data": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "companies:report": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        "org",
    ),
    "coworking:book": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
        "space",
    ),
    "coworking:booking": row(
        "login  404    404    200    404    404    404    404",
        "login  404    404    200    404    404    404    404",
        "booking",
    ),
    "coworking:booking_cancel": row(
        "login  404    404    200    404    404    404    404",
        "login  404    404    302    404    404    404    404",
        "booking",
    ),
    "coworking:booking_ics": row(
        "login  404    404    200    404    404    404    404",
        "login  404    404    200    404    404    404    404",
        "booking",
    ),
    "coworking:calendar": row(
        "login  200    200    200    200    200    200    200",
        "login  302    302    302    302    302    302    302",
    ),
    "coworking:closures": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "space",
    ),
    "coworking:dashboard": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "space",
    ),
    "coworking:dashboard_booking": row(
        "login  404    404    404    302    404    404    404",
        "login  404    404    404    302    404    404    404",
        "space",
        "booking",
    ),
    "coworking:export_csv": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "space",
    ),
    "coworking:list": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "coworking:my_bookings": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "coworking:near": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "coworking:space": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        "space",
    ),
    "coworking:space_create": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "hostorg",
    ),
    "coworking:space_edit": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "space",
    ),
    "coworking:space_hours": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "space",
    ),
    "coworking:space_photos": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "space",
    ),
    "coworking:space_places": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    404    404    404    404",
        "space",
    ),
    "coworking:utilisation": row(
        "login  404    404    404    200    404    404    404",
        "login  404    404    404    200    404    404    404",
        "space",
    ),
    "coworking:waitlist_entry": row(
        "login  404    404    200    404    404    404    404",
        "login  404    404    302    404    404    404    404",
        "waitlist",
    ),
    "coworking:waitlist_join": row(
        "login  400    400    400    400    400    400    400",
        "login  400    400    400    400    400    400    400",
        "space",
    ),
    "coworking_feed:calendar_feed": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
        "feed",
    ),
    "healthz": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "matching:answer": row(
        "405    405    405    405    405    405    405    405",
        "login  404    404    404    404    404    404    404",
        "request",
    ),
    "matching:contact_entry": row(
        "login  200    404    404    200    200    200    200",
        "login  200    404    404    200    200    200    200",
        "need",
    ),
    "matching:contact_organisation": row(
        "login  200    404    404    200    200    200    200",
        "login  200    404    404    200    200    200    200",
        "org",
    ),
    "matching:edit": row(
        "login  404    200    200    404    404    404    404",
        "login  404    200    200    404    404    404    404",
        "need",
    ),
    "matching:hide_match": row(
        "405    405    405    405    405    405    405    405",
        "login  404    404    404    404    404    404    404",
        "need",
    ),
    "matching:inbox": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "matching:matches": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        "need",
    ),
    "matching:mine": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "matching:my_matches": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "matching:need": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        "need",
    ),
    "matching:need_create": row(
        "login  404    200    200    404    404    404    404",
        "login  404    200    200    404    404    404    404",
        "org",
    ),
    "matching:needs": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "matching:needs_feed": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "matching:offer": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        "offer",
    ),
    "matching:offer_create": row(
        "login  404    200    200    404    404    404    404",
        "login  404    200    200    404    404    404    404",
        "org",
    ),
    "matching:offers": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "matching:request": row(
        "login  404    200    200    404    404    404    404",
        "login  404    200    200    404    404    404    404",
        "request",
    ),
    "matching:request_settings": row(
        "login  404    404    200    404    404    404    404",
        "login  404    404    302    404    404    404    404",
        "org",
    ),
    "matching:share_bookings": row(
        "405    405    405    405    405    405    405    405",
        "login  404    404    404    404    404    404    404",
        "request",
    ),
    "matching:status": row(
        "login  405    405    405    405    405    405    405",
        "login  404    302    302    404    404    404    404",
        "need",
    ),
    "matching:unhide_match": row(
        "405    405    405    405    405    405    405    405",
        "login  404    404    404    404    404    404    404",
        "need",
    ),
    "matching:withdraw": row(
        "405    405    405    405    405    405    405    405",
        "login  404    302    302    404    404    404    404",
        "request",
    ),
    "mfa_activate_totp": row(
        "login  302    302    302    302    302    302    302",
        "login  302    302    302    302    302    302    302",
    ),
    "mfa_authenticate": row(
        "302    302    302    302    302    302    302    302",
        "302    302    302    302    302    302    302    302",
    ),
    "mfa_deactivate_totp": row(
        "login  404    404    404    404    302    302    302",
        "login  404    404    404    404    302    302    302",
    ),
    "mfa_download_recovery_codes": row(
        "login  404    404    404    404    404    404    404",
        "login  404    404    404    404    404    404    404",
    ),
    "mfa_generate_recovery_codes": row(
        "login  302    302    302    302    302    302    302",
        "login  302    302    302    302    302    302    302",
    ),
    "mfa_index": row(
        "login  200    200    200    200    200    200    200",
        "login  405    405    405    405    405    405    405",
    ),
    "mfa_reauthenticate": row(
        "login  302    302    302    302    200    200    200",
        "login  302    302    302    302    200    200    200",
    ),
    "mfa_view_recovery_codes": row(
        "login  404    404    404    404    404    404    404",
        "login  405    405    405    405    405    405    405",
    ),
    "portal:accessibility": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "portal:barrier_report": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "portal:contact": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "portal:easy_read": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "portal:feedback_thanks": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "portal:home": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "portal:imprint": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "portal:privacy": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "regionale:add_need": row(
        "login  404    200    200    404    404    404    404",
        "login  404    200    200    404    404    404    404",
        "project",
    ),
    "regionale:my_ideas": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "regionale:portfolio": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "regionale:project": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
        "project",
    ),
    "regionale:submit_idea": row(
        "login  200    200    200    200    200    200    200",
        "login  200    200    200    200    200    200    200",
    ),
    "robots_txt": row(
        "200    200    200    200    200    200    200    200",
        "405    405    405    405    405    405    405    405",
    ),
    "sitemap": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "startups:organisation": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "startups:organisation_account": row(
        "302    302    302    302    302    302    302    302",
        "302    302    302    302    302    302    302    302",
    ),
    "startups:organisation_profile": row(
        "302    302    302    302    302    302    302    302",
        "302    302    302    302    302    302    302    302",
    ),
    "startups:startup": row(
        "200    200    200    200    200    200    200    200",
        "200    200    200    200    200    200    200    200",
    ),
    "startups:startup_account": row(
        "302    302    302    302    302    302    302    302",
        "302    302    302    302    302    302    302    302",
    ),
    "startups:startup_profile": row(
        "302    302    302    302    302    302    302    302",
        "302    302    302    302    302    302    302    302",
    ),
    "startups:welcome": row(
        "login  404    200    200    404    404    404    404",
        "login  404    200    200    404    404    404    404",
        "org",
    ),
}

# Notes on rows that may surprise:
# - companies:members: editors get 403 (members without the right), outsiders 404.
# - companies:invitation_accept: the token is the capability; signed in with another address gives 403 and says so.
# - matching:request_settings: owners only, and editors get 404 like outsiders (tests/matching/test_requests.py).
# - matching:contact_*: an organisation's own people cannot contact it (404); staff without organisation see the
#   form, which then asks for an organisation.
# - coworking:booking*: only the member who booked; the host has the dashboard (404 on the member's pages).
# - mfa_*: allauth's two-factor pages; staff, curator and superuser have TOTP set up (the admin demands it).


# --- the admin: generated from a declaration per registered model -------------------------------------------------
#
# Per registered model: what the curators' group may do (v view, a add, c change, d delete; the group's exact
# permissions, portal/lib/curators.py and each app's CURATOR_PERMISSIONS), what the ModelAdmin allows anyone at
# all (the superuser's column), whether an empty change form is valid (POST saves and redirects), and the object
# whose pages are asked for. Staff without permissions get 403; everybody else is sent to the admin's log-in.
# A model registered without a line here leaves its patterns out of the table: the completeness test fails.


def _first(label):
    def first(world, side):
        return apps.get_model(label)._default_manager.order_by("pk").first().pk

    return first


def _pk(name):
    def pk(world, side):
        return world[side][name].pk

    return pk


def _admin(curator, superuser, obj, saves_empty=False):
    """obj: the name of an object of the world's side, or a function of (world, side) giving a primary key."""
    return {
        "curator": curator,
        "superuser": superuser,
        "obj": _pk(obj) if isinstance(obj, str) else obj,
        "saves_empty": saves_empty,
    }


ADMIN_MODELS = {
    "account.emailaddress": _admin("", "vacd", _first("account.emailaddress")),
    "accounts.auditevent": _admin("v", "v", _first("accounts.auditevent")),  # written by log-ins, never by hand
    "accounts.user": _admin("", "vacd", "owner"),
    "auth.group": _admin("", "vacd", _first("auth.group")),
    "companies.industry": _admin("v", "vacd", _first("companies.industry")),
    "companies.invitation": _admin("", "vacd", "invitation"),
    "companies.municipality": _admin("v", "vacd", _first("companies.municipality")),
    "companies.organisation": _admin("vc", "vacd", "org"),
    "companies.report": _admin("vc", "vcd", "report", saves_empty=True),
    "companies.topic": _admin("vac", "vacd", _first("companies.topic")),
    "coworking.booking": _admin("", "vcd", "booking"),
    "coworking.calendarfeed": _admin("", "vcd", "feed", saves_empty=True),
    "coworking.occupancy": _admin("", "vc", _first("coworking.occupancy")),
    "coworking.space": _admin("", "vacd", "space"),
    "coworking.waitlistentry": _admin("", "vcd", "waitlist"),
    "matching.contactrequest": _admin("", "vd", "request"),
    "matching.dismissal": _admin("", "vd", "dismissal"),
    "matching.entry": _admin("vc", "vacd", "need"),
    "matching.requestsettings": _admin("", "vacd", "requestsettings"),
    "mfa.authenticator": _admin("", "vacd", _first("mfa.authenticator")),
    "portal.feedback": _admin("vc", "vcd", lambda world, side: world["feedback"].pk, saves_empty=True),
    "portal.outgoingmail": _admin("", "vd", _first("portal.outgoingmail")),  # superusers only
    "regionale.project": _admin("vac", "vacd", "project"),
    "regionale.stagetransition": _admin("v", "v", _first("regionale.stagetransition")),
    "regionale.themenfeld": _admin("vac", "vacd", _first("regionale.themenfeld")),
    "sites.site": _admin("", "vacd", _first("sites.site")),
    "taggit.tag": _admin("", "vacd", _first("taggit.tag")),
    "usersessions.usersession": _admin("", "vd", _first("usersessions.usersession")),  # deleting ends the session
}

NOT_STAFF = " ".join(["admin"] * 5)  # anon other editor owner host


def _admin_rows(label, declared):
    """The five pages of one ModelAdmin and its bare "<id>/" address (a redirect to the change form)."""

    def words(view, method):
        found = []
        for rights in (declared["curator"], "", declared["superuser"]):  # curator, staff, superuser
            if view == "change" and method == "POST":
                found.append(("302" if declared["saves_empty"] else "200") if "c" in rights else "403")
                continue
            sees = "v" in rights or "c" in rights
            allowed = {"add": "a" in rights, "delete": "d" in rights}.get(view, sees)
            found.append("200" if allowed else "403")
        return f"{NOT_STAFF} {' '.join(found)}"

    app_label, model_name = label.split(".")
    rows = {
        f"admin:{app_label}_{model_name}_{view}": row(
            words(view, "GET"), words(view, "POST"), *([] if view in ("changelist", "add") else [declared["obj"]])
        )
        for view in ("changelist", "add", "change", "delete", "history")
    }
    rows[f"admin/{app_label}/{model_name}/<path:object_id>/"] = row(
        f"{NOT_STAFF} 302 302 302", f"{NOT_STAFF} 302 302 302", declared["obj"]
    )
    return rows


def _content_type(world, side):
    return ContentType.objects.get_for_model(world[side]["org"]).pk


def _history_id(world, side):
    return world[side]["project"].history.order_by("history_id").first().history_id


# The admin's own pages and the ModelAdmins' extra views.
ADMIN_TABLE = {
    "admin:index": row(
        "admin  admin  admin  admin  admin  200    200    200", "admin  admin  admin  admin  admin  200    200    200"
    ),
    # allauth's secure_admin_login: visitors go to the portal's log-in, signed-in non-staff get 403
    "admin:login": row(
        "login  403    403    403    403    302    302    302", "login  403    403    403    403    200    200    200"
    ),
    "admin:logout": row(
        "302    302    302    302    302    405    405    405", "302    302    302    302    302    200    200    200"
    ),
    "admin:password_change": row(
        "admin  admin  admin  admin  admin  200    200    200", "admin  admin  admin  admin  admin  200    200    200"
    ),
    "admin:password_change_done": row(
        "admin  admin  admin  admin  admin  200    200    200", "admin  admin  admin  admin  admin  405    405    405"
    ),
    # without its query parameters the autocomplete refuses everyone
    "admin:autocomplete": row(
        "admin  admin  admin  admin  admin  403    403    403", "admin  admin  admin  admin  admin  405    405    405"
    ),
    "admin:jsi18n": row(
        "admin  admin  admin  admin  admin  200    200    200", "admin  admin  admin  admin  admin  405    405    405"
    ),
    "admin:view_on_site": row(
        "admin  admin  admin  admin  admin  302    302    302",
        "admin  admin  admin  admin  admin  302    302    302",
        _content_type,
        _pk("org"),
    ),
    # staff without any permission in the app get 404
    "admin:app_list": row(
        "admin  admin  admin  admin  admin  200    404    200",
        "admin  admin  admin  admin  admin  200    404    200",
        lambda world, side: "companies",
    ),
    "admin/(?P<url>.*)$": row(
        "admin  admin  admin  admin  admin  404    404    404", "admin  admin  admin  admin  admin  404    404    404"
    ),
    "admin:auth_user_password_change": row(
        "admin  admin  admin  admin  admin  403    403    200",
        "admin  admin  admin  admin  admin  403    403    200",
        _pk("owner"),
    ),
    "admin:regionale_project_report": row(
        "admin  admin  admin  admin  admin  200    403    200", "admin  admin  admin  admin  admin  200    403    200"
    ),
    "admin:regionale_project_stage": row(
        "admin  admin  admin  admin  admin  200    403    200",
        "admin  admin  admin  admin  admin  200    403    200",
        _pk("project"),
    ),
    "admin:regionale_project_import": row(
        "admin  admin  admin  admin  admin  200    403    200", "admin  admin  admin  admin  admin  200    403    200"
    ),
    "admin:regionale_project_process_import": row(
        "admin  admin  admin  admin  admin  405    405    405", "admin  admin  admin  admin  admin  200    403    200"
    ),
    "admin:regionale_project_export": row(
        "admin  admin  admin  admin  admin  200    403    200", "admin  admin  admin  admin  admin  200    403    200"
    ),
    "admin:regionale_project_simple_history": row(
        "admin  admin  admin  admin  admin  200    403    200",
        "admin  admin  admin  admin  admin  200    403    200",
        _pk("project"),
        _history_id,
    ),
    # taggit's merge view asked for staff status only (portal/admin.py); without a selection: back to the list
    "admin:taggit_tag_merge_tags": row(
        "admin  admin  admin  admin  admin  403    403    200", "admin  admin  admin  admin  admin  403    403    302"
    ),
}

TABLE_WITH_ADMIN = {**TABLE, **ADMIN_TABLE}
for _label, _declared in ADMIN_MODELS.items():
    TABLE_WITH_ADMIN.update(_admin_rows(_label, _declared))

# The rows with an object (outside the admin, which is not scoped by organisation) that an outsider may see: public
# pages and links whose token is the capability. Every other row with an object must give an outsider 404.
PUBLIC_OBJECT_PAGES = {
    "companies:detail",
    "companies:report",
    "companies:invitation_accept",  # the token is the capability: 403 for the wrong account
    "coworking:space",
    "coworking:book",
    "coworking:waitlist_join",  # 400 without a date and slot
    "coworking_feed:calendar_feed",  # the token is the capability
    "matching:need",
    "matching:offer",
    "matching:matches",
    "matching:contact_entry",
    "matching:contact_organisation",
    "regionale:project",
    "account_confirm_email",
    "account_reset_password_from_key",
}
# POST-only views answer GET with 405 before they look at the object; their POST must still give 404.
POST_ONLY = {
    "matching:answer",
    "matching:hide_match",
    "matching:unhide_match",
    "matching:share_bookings",
    "matching:status",
    "matching:withdraw",
}


# --- the tests ----------------------------------------------------------------------------------------------------

ATTRIBUTE = {
    "org": "slug",
    "hostorg": "slug",
    "space": "slug",
    "project": "slug",
    "booking": "reference",
    "invitation": "token",
    "feed": "token",
}


def values_for(world, side, objects):
    return [
        spec(world, side) if callable(spec) else getattr(world[side][spec], ATTRIBUTE.get(spec, "pk"))
        for spec in objects
    ]


def ask(world, clients, key, role, method, side="a"):
    objects = TABLE_WITH_ADMIN[key][2]
    url = address(key, values_for(world, side, objects))
    client = clients(role)
    return describe(client.get(url) if method == "GET" else client.post(url))


def test_every_pattern_is_in_the_table():
    missing = sorted(set(PATTERNS) - set(TABLE_WITH_ADMIN))
    stale = sorted(set(TABLE_WITH_ADMIN) - set(PATTERNS))
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"
    assert not stale, f"rows of the permission matrix that match no URL pattern: {stale}"


def test_every_registered_model_is_declared():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def test_the_i18n_patterns_are_the_same_in_both_languages():
    """The table reads German addresses (the default language, no prefix); English ones reach the same views."""
    for key, (_route, names) in PATTERNS.items():
        if names or key.startswith("admin"):
            continue
        german = resolve(reverse(key))
        with translation.override("en"):
            english = resolve(reverse(key))
        assert (german.func, german.kwargs) == (english.func, english.kwargs), key


def test_objects_without_public_page_are_404_to_outsiders():
    for key, (get, post, objects) in TABLE.items():
        if objects and key not in PUBLIC_OBJECT_PAGES:
            assert get["other"] == ("405" if key in POST_ONLY else "404"), key
            assert post["other"] == "404", key


@pytest.mark.parametrize("key", sorted(TABLE_WITH_ADMIN))
def test_permission_matrix(db, world, clients, key):
    wrong = []
    for method, expected in zip(("GET", "POST"), TABLE_WITH_ADMIN[key][:2], strict=True):
        for role in ROLES:
            got = ask(world, clients, key, role, method)
            if got != expected[role]:
                wrong.append(f"{key} {method} as {role}: expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


FOREIGN = sorted(key for key, (get, post, objects) in TABLE.items() if any(isinstance(spec, str) for spec in objects))


@pytest.mark.parametrize("key", FOREIGN)
def test_objects_of_another_organisation(db, world, clients, key):
    """Side B's objects asked for by side A's owner and editor (and host, on the co-working pages) give what the
    outsider `other` gets for side A's objects: 404 unless the page is public."""
    wrong = []
    for method, expected in zip(("GET", "POST"), TABLE[key][:2], strict=True):
        for role in ("owner", "editor", "host") if key.startswith("coworking:") else ("owner", "editor"):
            got = ask(world, clients, key, role, method, side="b")
            if got != expected["other"]:
                wrong.append(f"{key} {method} as {role} with side B's object: expected {expected['other']}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_staff_without_rights_cannot_merge_keywords(db, world, clients):
    url = reverse("admin:taggit_tag_merge_tags")
    assert clients("staff").post(url, {"new_tag_name": "zusammen"}).status_code == 403
    # the superuser without a selection first: sent back to the list instead of a 500
    response = clients("superuser").post(url, {"new_tag_name": "zusammen"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:taggit_tag_changelist")
