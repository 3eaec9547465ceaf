"""Every GET list, filter, search, export, htmx partial and calendar feed takes a hostile query string without a
server error and shows nothing of it unescaped: repeated keys, huge page numbers, impossible dates and weeks,
foreign and absurd ids, unknown sort keys, NUL, invalid UTF-8, more fields than Django reads.

The directory has its own, stricter fuzz test (tests/companies/test_directory_fuzz.py).
"""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import get
from .strategies import dates, encode, hostile, huge_numbers, numbers, query_strings

pytestmark = pytest.mark.django_db

# A GET is cheaper to fuzz than a form and there are many: a quarter of the profile's examples each.
EXAMPLES = max(10, settings().max_examples // 4)

anything = st.one_of(numbers, dates(), hostile)
next_urls = st.one_of(st.sampled_from(["//evil.example", "javascript:alert(1)"]), hostile)
sorts = st.one_of(st.sampled_from(["name", "-name", "newest", "relevance", "distance", "stage", "__class__"]), hostile)
COMMON = {"page": st.one_of(huge_numbers, st.sampled_from(["1", "2", "last", "0"])), "q": hostile, "sort": sorts}
# (url name, args from the fixtures, who is signed in, the parameters that matter there)
ENDPOINTS = {
    "portal:home": ([], None, {}),
    "portal:contact": ([], None, {"page": hostile}),
    "account_login": ([], None, {"next": next_urls}),
    "companies:export_csv": ([], None, {"kind": anything, "topic": anything, "district": anything}),
    "companies:export_json": ([], None, {"kind": anything, "near": anything, "radius": anything}),
    "companies:feed": ([], None, {"kind": anything}),
    "companies:detail": (["organisation"], None, {}),
    "coworking:list": ([], None, {"date": dates(), "part": anything, "near": anything, "radius": anything,
                                  "amenity": anything, "free": anything}),
    "coworking:near": ([], None, {"org": anything, "place": anything}),
    "coworking:space": (["space"], None, {"date": dates(), "view": st.one_of(st.sampled_from(["week", "day", "month"]),
                                                                             hostile), "week": anything}),
    "coworking:book": (["space"], "alice", {"date": dates(), "slot": anything}),
    "coworking:waitlist_join": (["space"], "alice", {"date": dates(), "slot": anything}),
    "coworking:my_bookings": ([], "alice", {}),
    "coworking:calendar": ([], "alice", {}),
    "coworking:dashboard": (["space"], "dora", {"date": dates(), "week": anything, "day": dates()}),
    "coworking:utilisation": (["space"], "dora", {"from": dates(), "to": dates(), "week": anything}),
    "coworking:export_csv": (["space"], "dora", {"from": dates(), "to": dates()}),
    "coworking:closures": (["space"], "dora", {}),
    "matching:needs": ([], None, {"kind": anything, "topic": anything, "type": anything, "partner": anything,
                                  "district": anything}),
    "matching:offers": ([], "alice", {"kind": anything, "topic": anything, "type": anything}),
    "matching:needs_feed": ([], None, {"topic": anything}),
    "matching:mine": ([], "alice", {}),
    "matching:my_matches": ([], "alice", {"entry": anything, "kind": anything, "show": anything, "box": anything}),
    "matching:inbox": ([], "alice", {"box": anything, "status": anything}),
    "matching:contact_organisation": (["organisation"], "charlie", {"about": anything}),
    "regionale:portfolio": ([], None, {"stage": anything, "handlungsfeld": anything, "dna": anything,
                                       "district": anything, "municipality": anything}),
    "regionale:my_ideas": ([], "alice", {}),
    "accounts:overview": ([], "alice", {}),
}  # fmt: skip


@pytest.mark.parametrize("url_name", ENDPOINTS)
@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_hostile_query_strings(request, client, organisation, space, url_name, data):
    arguments, user, spec = ENDPOINTS[url_name]
    objects = {"organisation": organisation.slug, "space": space.slug}
    if user:
        client.force_login(request.getfixturevalue(user))
    url = reverse(url_name, args=[objects[name] for name in arguments])
    get(client, url, data.draw(query_strings({**COMMON, **spec})))


# Free-text segments of an address (<str:…>): a reference or token that is anything but one.
SEGMENTS = {
    "coworking_feed:calendar_feed": ("{}", None),
    "coworking:booking": ("{}", "alice"),
    "coworking:booking_cancel": ("{}", "alice"),
    "coworking:booking_ics": ("{}", "alice"),
    "coworking:dashboard_booking": ("space/{}", "dora"),
    "companies:invitation_accept": ("{}", "alice"),
}


@pytest.mark.parametrize("url_name", SEGMENTS)
@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_hostile_path_segments(request, client, space, url_name, data):
    pattern, user = SEGMENTS[url_name]
    if user:
        client.force_login(request.getfixturevalue(user))
    args = ["PLACEHOLDER"] if pattern == "{}" else [space.slug, "PLACEHOLDER"]
    segment = data.draw(st.one_of(hostile, st.text(alphabet="ABCDEFabcdef0123456789-_:.", max_size=80)))
    url = reverse(url_name, args=args).replace("PLACEHOLDER", encode(segment) or "x")
    get(client, url, data.draw(query_strings({"occupancy": numbers})))
    post_response = client.post(url, {"action": "approve"})
    assert post_response.status_code < 500


@pytest.mark.parametrize(
    ("url_name", "path"),
    [
        ("coworking:near", "?place=%00"),
        ("coworking:near", "?org=a%00b"),
        ("coworking_feed:calendar_feed", "%00.ics"),
    ],
)
def test_a_nul_in_a_slug_or_token_is_not_found_not_a_server_error(client, url_name, path):
    """Found on PostgreSQL, which refuses NUL in a query: coworking.views._near_places, and the calendar feed's
    token in the address (portal.lib.middleware.nul_in_address_is_not_found)."""
    url = reverse(url_name, args=["x"]).removesuffix("x.ics") if url_name.endswith("feed") else reverse(url_name)
    assert client.get(url + path).status_code == 404


def test_a_nul_in_a_booking_reference_is_not_found(client, alice, dora, space):
    """Found on PostgreSQL (member_views._get_booking, dashboard.booking_action): a NUL in the address is a 404
    before any view looks it up (portal.lib.middleware.nul_in_address_is_not_found)."""
    client.force_login(alice)
    assert client.get(reverse("coworking:booking", args=["x"]).replace("/x/", "/%00/")).status_code == 404
    client.force_login(dora)
    url = reverse("coworking:dashboard_booking", args=[space.slug, "x"]).replace("/x/", "/%00/")
    assert client.post(url, {"action": "approve"}).status_code == 404
