"""Finding a space: the Co-Working page with its filters, the "nearby" entry point and a space's page."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from companies.models import Municipality
from coworking.finder import near_url
from coworking.models import Closure, Occupancy, SpacePhoto
from tests.companies.helpers import url
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_booking

from .conftest import berlin, make_space

NOW = berlin(2026, 11, 25, 9)  # a Wednesday, 09:00; tomorrow is Thursday, 26 November 2026
TOMORROW = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _now(frozen_now):
    frozen_now(NOW)


def occupy(space, day, slot_name, count=None, state="confirmed"):
    """Books `count` desks of the space (all when None) in one slot of one day, one new member each."""
    slot = space.slots.get(name=slot_name)
    desks = list(space.resources.filter(kind="desk", is_active=True))[:count]
    for desk in desks:
        member = make_user(f"m{desk.pk}-{day:%m%d}-{slot.pk}@example.org")
        make_booking(space, member, day, [slot], state=state, resources=[desk])


def names(response):
    return [result.space.name for result in response.context["page"].object_list]


@pytest.fixture
def region(host, space):
    """Published spaces around Meschede: Meschede itself (the `space`), Arnsberg (14 km), Schmallenberg (22 km,
    its morning of 26 November fully booked), Dortmund (60 km); a draft in Bestwig and a space of an unpublished
    host in Sundern, which never show."""
    arnsberg = make_space(host, "Werkbank Arnsberg", "Arnsberg", amenities=["wifi", "bike-parking"])
    schmallenberg = make_space(host, "Hof Schmallenberg", "Schmallenberg", flex_desks=1, step_free_access=True)
    occupy(schmallenberg, TOMORROW, "Morning")
    make_space(host, "Hafen Dortmund", "Dortmund")
    make_space(host, "Entwurf Bestwig", "Bestwig", status="draft")
    hidden_host = make_organisation("Verborgene Coworking GmbH", kind="coworking", municipality="Sundern")
    make_space(hidden_host, "Sundern Hub", "Sundern")
    space.amenities = ["parking", "wifi"]
    space.save()
    return {"arnsberg": arnsberg, "schmallenberg": schmallenberg}


# --- the Co-Working page ------------------------------------------------------------------------------------


def test_it_lists_published_spaces_by_name_with_their_free_places_tomorrow(client, region):
    response = client.get(url("coworking:list"))
    assert response.status_code == 200
    assert names(response) == ["Digitalwerk Meschede", "Hafen Dortmund", "Hof Schmallenberg", "Werkbank Arnsberg"]
    assert response.context["search"].day == TOMORROW
    html = response.content.decode()
    assert "4 spaces, free places on Thursday, November 26, whole day" in html
    assert "fully booked" in html  # Schmallenberg's morning
    assert "2 of 2 free" in html  # … and its afternoon
    assert "Step-free access" in html
    assert "Sauerland Coworking eG · Meschede (Hochsauerlandkreis)" in html


def test_free_tomorrow_morning_near_meschede(client, region):
    response = client.get(
        url("coworking:list"), {"near": "meschede", "date": TOMORROW.isoformat(), "part": "morning", "free": "1"}
    )
    assert response.status_code == 200
    assert names(response) == ["Digitalwerk Meschede", "Werkbank Arnsberg", "Hafen Dortmund"]
    html = response.content.decode()
    assert "3 spaces with free places on Thursday, November 26, morning, nearest to Meschede first" in html
    assert "Afternoon 13:00" not in html  # only the morning slots are offered
    book = url("coworking:book", "digitalwerk-meschede")
    morning = region["arnsberg"].slots.get(name="Morning")
    assert f"{url('coworking:book', 'werkbank-arnsberg')}?date=2026-11-26&amp;slot={morning.pk}" in html
    assert f"{book}?date=2026-11-26" in html


def test_radius_keeps_the_spaces_within_it(client, region):
    params = {"near": "meschede", "radius": "25", "date": "26.11.2026", "part": "morning", "free": "1"}
    response = client.get(url("coworking:list"), params)
    assert names(response) == ["Digitalwerk Meschede", "Werkbank Arnsberg"]
    assert "2 spaces with free places on Thursday, November 26, morning, within 25 km of Meschede" in (
        response.content.decode()
    )
    params["radius"] = "10"
    assert names(client.get(url("coworking:list"), params)) == ["Digitalwerk Meschede"]


def test_the_free_filter_follows_the_part_of_the_day(client, region):
    params = {"date": TOMORROW.isoformat(), "free": "1"}
    assert "Hof Schmallenberg" not in names(client.get(url("coworking:list"), {**params, "part": "morning"}))
    assert "Hof Schmallenberg" in names(client.get(url("coworking:list"), {**params, "part": "afternoon"}))


def test_spaces_without_free_places_show_without_the_free_filter(client, region):
    response = client.get(url("coworking:list"), {"date": TOMORROW.isoformat(), "part": "morning"})
    assert "Hof Schmallenberg" in names(response)


def test_amenities_must_all_be_there_and_match_exactly(client, region):
    assert names(client.get(url("coworking:list"), {"amenity": "wifi"})) == [
        "Digitalwerk Meschede",
        "Werkbank Arnsberg",
    ]
    # "parking" is not "bike-parking"
    assert names(client.get(url("coworking:list"), {"amenity": "parking"})) == ["Digitalwerk Meschede"]
    assert names(client.get(url("coworking:list"), {"amenity": ["wifi", "bike-parking"]})) == ["Werkbank Arnsberg"]


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"near": "unknown"}, "Near: the value “unknown” is not valid and was ignored."),
        ({"date": "2026-02-30"}, "Date: the value “2026-02-30” is not valid and was ignored."),
        ({"date": "30.02.2026"}, "Date: the value “30.02.2026” is not valid and was ignored."),
        ({"date": "9999-01-01"}, "Date: the value “9999-01-01” is not valid and was ignored."),
        ({"date": "2026-11-01"}, "Date: 11/01/2026 is in the past and was ignored."),
        ({"radius": "7", "near": "meschede"}, "Distance: the value “7” is not valid and was ignored."),
        ({"radius": "25"}, "Distance: choose a place to measure from; the distance was ignored."),
        ({"part": "x"}, "Part of the day: the value “x” is not valid and was ignored."),
        ({"free": "maybe"}, "Only spaces with free places: the value “maybe” is not valid and was ignored."),
        ({"amenity": ["wifi", "sauna"]}, "Amenities: the unknown value “sauna” was ignored."),
        ({"page": "x"}, "Page: “x” is not a page number; showing page 1."),
        ({"page": "9"}, "Page: there is no page 9; showing page 1."),
    ],
)
def test_bad_values_are_ignored_with_a_note(client, region, params, note):
    response = client.get(url("coworking:list"), params)
    assert response.status_code == 200
    assert note in response.content.decode()
    assert response.context["search"].day == TOMORROW
    assert names(response)  # the rest still applies


def test_the_form_without_javascript_redirects_to_the_tidy_address(client, region):
    response = client.get(url("coworking:list"), {"near": "", "radius": "", "date": "2026-11-26", "part": "morning"})
    assert response.status_code == 302
    assert response["Location"] == url("coworking:list") + "?date=2026-11-26&part=morning"


def test_htmx_gets_the_results_and_the_tidy_address(client, region):
    response = client.get(
        url("coworking:list"), {"near": "meschede", "radius": "", "free": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert 'id="spaces"' in response.content.decode()
    assert response["HX-Push-Url"] == url("coworking:list") + "?near=meschede&free=1"


def test_the_map_counts_spaces_per_town(client, region):
    response = client.get(url("coworking:list"))
    markers = {marker["name"] for marker in response.context["map"]["markers"]}
    assert "Meschede: 1 space" in markers and "Dortmund: 1 space" in markers
    assert not any("Bestwig" in name for name in markers)


def test_the_first_photo_shows_with_its_description(client, space):
    SpacePhoto.objects.create(space=space, image="spaces/abc-1200.webp", alt_text="Bright room", position=1)
    SpacePhoto.objects.create(space=space, image="spaces/def-1200.webp", alt_text="Coffee corner", position=2)
    html = client.get(url("coworking:list")).content.decode()
    assert 'src="/media/spaces/abc-400.webp" alt="Bright room"' in html
    assert "Coffee corner" not in html


# Municipalities, the spaces with host and town, then desks, bookings, slots, opening hours, closures (the
# free places of every space together), and the photos of the page.
LIST_QUERIES = 8


@pytest.mark.parametrize("spaces", [2, 20])
def test_the_list_takes_a_fixed_number_of_queries(client, host, spaces, django_assert_num_queries):
    for number in range(spaces):
        space = make_space(host, f"Space {number:02}", ["Meschede", "Arnsberg", "Olpe"][number % 3])
        SpacePhoto.objects.create(space=space, image=f"spaces/p{number}-1200.webp", alt_text="Room")
        if number % 2:
            Closure.objects.create(space=space, date=TOMORROW, reason="Inventory")
        occupy(space, TOMORROW, "Morning", count=1)
    params = {"near": "meschede", "date": TOMORROW.isoformat(), "part": "morning", "amenity": []}
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url("coworking:list"), params)
    assert len(names(response)) == spaces
    assert response.content.decode().count("closed (Inventory)") == spaces // 2


def test_the_list_has_24_spaces_per_page(client, host):
    for number in range(25):
        make_space(host, f"Space {number:02}")
    response = client.get(url("coworking:list"), {"page": "2"})
    assert names(response) == ["Space 24"]


# --- "book a desk near …" -----------------------------------------------------------------------------------


def test_near_one_organisation_lists_the_nearest_spaces_with_their_next_free_slots(client, region, organisation):
    response = client.get(url("coworking:near"), {"org": organisation.slug})
    assert response.status_code == 200
    results = response.context["results"]
    assert [space.name for space, _distances, _offers in results][:3] == [
        "Werkbank Arnsberg",
        "Digitalwerk Meschede",
        "Hof Schmallenberg",
    ]
    html = response.content.decode()
    assert "Co-working near Sauerland Sensorik GmbH (Arnsberg)" in html
    assert "0 km from Sauerland Sensorik GmbH (Arnsberg)" in html
    # Today's morning is over at 09:00; the afternoon and tomorrow's slots are next.
    space, _distances, offers = results[0]
    assert [(offer.cell.date, offer.cell.slot.name) for offer in offers] == [
        (date(2026, 11, 25), "Afternoon"),
        (TOMORROW, "Morning"),
        (TOMORROW, "Afternoon"),
    ]
    afternoon = space.slots.get(name="Afternoon")
    assert f"{url('coworking:book', space.slug)}?date=2026-11-25&amp;slot={afternoon.pk}" in html
    assert "Entwurf Bestwig" not in html and "Sundern Hub" not in html


def test_near_two_places_measures_from_the_middle_and_from_each(client, region, organisation):
    response = client.get(url("coworking:near") + f"?org={organisation.slug}&place=dortmund")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Co-working halfway between Sauerland Sensorik GmbH (Arnsberg) and Dortmund" in html
    space, distances, _offers = response.context["results"][0]
    assert [label for label, _km in distances] == ["Sauerland Sensorik GmbH (Arnsberg)", "Dortmund"]
    assert "km from Dortmund" in html


def test_near_leaves_out_spaces_without_free_places(client, host, organisation):
    make_space(host, "Nur Besprechungsraum", "Arnsberg", flex_desks=0)
    make_space(host, "Werkbank Arnsberg", "Arnsberg")
    response = client.get(url("coworking:near"), {"org": organisation.slug})
    assert [space.name for space, _d, _o in response.context["results"]] == ["Werkbank Arnsberg"]


def test_near_uses_the_first_two_places_with_a_note(client, region):
    response = client.get(url("coworking:near") + "?place=meschede&place=arnsberg&place=dortmund")
    assert response.status_code == 200
    assert "Only the first two places were used." in response.content.decode()
    assert [place.name for _label, place in response.context["places"]] == ["Meschede", "Arnsberg"]


@pytest.mark.parametrize("query", ["?org=nobody", "?org=draft-gmbh", "?place=atlantis", "?place=meschede&org=x"])
def test_near_answers_404_for_unknown_or_unpublished_places(client, space, query):
    make_organisation("Draft GmbH", status="draft")
    assert client.get(url("coworking:near") + query).status_code == 404


def test_near_without_places_offers_a_choice(client, space):
    response = client.get(url("coworking:near"))
    assert response.status_code == 200
    assert 'name="place"' in response.content.decode()


def test_near_url_builds_the_address_from_organisations_and_municipalities(organisation):
    with translation.override("en"):
        assert near_url(organisation, Municipality.objects.get(slug="dortmund")) == (
            "/en/co-working/nearby/?org=sauerland-sensorik-gmbh&place=dortmund"
        )
    with pytest.raises(TypeError):
        near_url("meschede")


def test_the_organisation_partial_links_to_the_nearby_page(organisation):
    from django.template.loader import render_to_string

    with translation.override("en"):
        html = render_to_string("coworking/_organisation_near.html", {"organisation": organisation})
        assert f'href="/en/co-working/nearby/?org={organisation.slug}"' in html
        assert "Book a desk near this organisation" in html
        organisation.status = "draft"
        assert render_to_string("coworking/_organisation_near.html", {"organisation": organisation}).strip() == ""


# --- a space's page -----------------------------------------------------------------------------------------


def test_a_published_space_shows_its_details_and_rules(client, space):
    space.description = "Zwei Etagen am Bahnhof."
    space.price_info = "Tagesticket 15 €"
    space.approval_required = True
    space.save()
    space.opening_hours.filter(weekday=2).delete()
    space.opening_hours.create(weekday=2, opens="08:00", closes="12:00")
    space.opening_hours.create(weekday=2, opens="13:00", closes="18:00")
    Closure.objects.create(space=space, date=date(2026, 12, 2), reason="Staff outing")
    response = client.get(url("coworking:space", space.slug))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Zwei Etagen am Bahnhof.",
        "Tagesticket 15 €",
        "Le-Puy-Straße 1",
        "Bookable up to 28 days ahead, at least 60 minutes before the start.",
        "Cancel free of charge up to 12 hours before the start.",
        "Bookings need the host’s approval.",
        "<dt>Wednesday</dt><dd>08:00–12:00, 13:00–18:00</dd>",
        "<dt>Sunday</dt><dd>closed</dd>",
        "Staff outing",
        "Christmas Day",
        f'href="{host_url(space)}"',
    ]:
        assert text in html, text


def host_url(space):
    with translation.override("en"):
        return space.organisation.get_absolute_url()


def test_the_week_view_is_a_table_with_headers_and_words(client, space):
    occupy(space, TOMORROW, "Morning")  # all four desks
    occupy(space, TOMORROW, "Afternoon", count=1)
    response = client.get(url("coworking:space", space.slug))
    html = response.content.decode()
    assert response.context["view"] == "week"
    assert "<caption" in html and html.count('<th scope="col"') == 8 and html.count('<th scope="row"') == 2
    assert "Free desks from Monday, Nov. 23, 2026 to Sunday, Nov. 29, 2026" in html
    morning = space.slots.get(name="Morning")
    afternoon = space.slots.get(name="Afternoon")
    book = url("coworking:book", space.slug)
    assert f'{book}?date=2026-11-26&amp;slot={afternoon.pk}">3 of 4 free' in html
    assert f"{url('coworking:waitlist_join', space.slug)}?date=2026-11-26&amp;slot={morning.pk}" in html
    assert f"{book}?date=2026-11-26&amp;slot={morning.pk}" not in html
    assert f"{book}?date=2026-11-25&amp;slot={morning.pk}" not in html  # over: no link
    assert "over" in html and "fully booked" in html and "closed" in html  # Sunday
    assert f'href="{url("coworking:space", space.slug)}?date=2026-11-30&amp;view=week"' in html


def test_the_week_view_names_holidays_and_closures(client, space):
    Closure.objects.create(space=space, date=date(2026, 12, 21), reason="Painting")
    html = client.get(url("coworking:space", space.slug), {"date": "2026-12-24"}).content.decode()
    assert "closed (Christmas Day)" in html
    assert "closed (Painting)" in html


def test_the_day_view_lists_the_slots_of_the_day(client, space):
    occupy(space, TOMORROW, "Morning", count=2)
    response = client.get(url("coworking:space", space.slug), {"date": "26.11.2026", "view": "day"})
    html = response.content.decode()
    assert "Free desks on Thursday, Nov. 26, 2026" in html
    assert html.count('<th scope="row"') == 2 and "2 of 4 free" in html
    assert f'href="{url("coworking:space", space.slug)}?date=2026-11-27&amp;view=day"' in html


@pytest.mark.parametrize("value", ["2026-02-30", "abc", "9999-01-01"])
def test_an_invalid_date_shows_today_with_a_note(client, space, value):
    response = client.get(url("coworking:space", space.slug), {"date": value})
    assert response.status_code == 200
    assert response.context["day"] == date(2026, 11, 25)
    assert "is not a valid date; showing today." in response.content.decode()


def test_htmx_gets_only_the_availability(client, space):
    response = client.get(url("coworking:space", space.slug), {"date": "2026-12-01"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="availability"' in html and "<h1" not in html


def test_a_draft_is_visible_to_host_members_only(client, host, dora, charlie):
    draft = make_space(host, "Entwurf Bestwig", "Bestwig", status="draft")
    assert client.get(url("coworking:space", draft.slug)).status_code == 404
    client.force_login(charlie)
    assert client.get(url("coworking:space", draft.slug)).status_code == 404
    client.force_login(dora)
    response = client.get(url("coworking:space", draft.slug))
    assert response.status_code == 200
    assert "Draft" in response.content.decode()


def test_a_space_of_an_unpublished_host_is_not_shown(client, space, host):
    host.status = "draft"
    host.save()
    assert client.get(url("coworking:space", space.slug)).status_code == 404
    assert client.get(url("coworking:space", "no-such-space")).status_code == 404


# The space with host and town, five for the week's availability, photos, next closures, the map's towns.
SPACE_QUERIES = 9


@pytest.mark.parametrize("bookings", [1, 50])
def test_the_space_page_takes_a_fixed_number_of_queries(client, host, bookings, django_assert_num_queries):
    space = make_space(host, flex_desks=10)
    days = [date(2026, 11, 25) + timedelta(days=n) for n in range(4)]
    made = 0
    for day in days:
        for slot in ("Morning", "Afternoon"):
            count = min(bookings - made, 10)
            if count > 0:
                occupy(space, day, slot, count=count)
                made += count
    assert Occupancy.objects.count() == bookings
    with django_assert_num_queries(SPACE_QUERIES):
        response = client.get(url("coworking:space", space.slug))
    assert response.status_code == 200


def test_near_a_place_without_coordinates_says_so(client, space):
    response = client.get(url("coworking:near"), {"place": "ense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No map position is known for Ense" in html
    assert "No free places nearby" not in html
