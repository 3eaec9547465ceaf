"""The directory's self-drawn map (companies/maps.py, templates/companies/_directory_map.html)."""

import re
import runpy
import xml.etree.ElementTree as ET
from decimal import Decimal
from math import floor
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation

from companies import maps
from companies.models import District, Municipality

SVG = "{http://www.w3.org/2000/svg}"
TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings.py"


@pytest.fixture(autouse=True)
def _english():
    """The texts are checked in English (the German catalogue is the lead's); German only where asked."""
    with translation.override("en"):
        yield


@pytest.fixture
def places(db):
    return list(Municipality.objects.all())


def named(places, name):
    return next(place for place in places if place.name == name)


def href(place):
    return f"/directory/?municipality={place.slug}&page=1"


def draw(places, counts_by_name, selected=()):
    counts = {named(places, name).pk: count for name, count in counts_by_name.items()}
    return maps.directory_map(places, counts, href, [named(places, name).pk for name in selected])


def render(data):
    return render_to_string("companies/_directory_map.html", {"map": data})


def svg_of(html):
    return ET.fromstring(re.search(r"<svg\b.*?</svg>", html, flags=re.DOTALL)[0])


def view_box(data):
    return [float(value) for value in data["view_box"].split()]


# --- projection -------------------------------------------------------------------------------------------


def test_the_projection_puts_north_up_and_east_right():
    projection = maps.Projection.fit([(50.7, 7.4), (51.7, 8.9)], 640, pad=10)
    latitudes = [50.7, 50.9, 51.1, 51.3, 51.5, 51.7]
    longitudes = [7.4, 7.7, 8.0, 8.3, 8.6, 8.9]
    ys = [projection(latitude, 8.0)[1] for latitude in latitudes]
    xs = [projection(51.2, longitude)[0] for longitude in longitudes]
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys)  # further north: higher up (smaller y)
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # further east: further right
    assert projection(51.7, 7.4) == pytest.approx((10, 10))
    assert projection(50.7, 8.9)[0] == pytest.approx(630)


def test_the_projection_is_mercator_so_a_degree_of_latitude_is_longer_than_one_of_longitude():
    projection = maps.Projection.fit([(50.7, 7.4), (51.7, 8.9)], 640)
    north_south = projection(51.0, 8.0)[1] - projection(52.0, 8.0)[1]
    west_east = projection(51.5, 9.0)[0] - projection(51.5, 8.0)[0]
    assert north_south / west_east == pytest.approx(1 / 0.6225, rel=0.01)  # 1 / cos(51.5°)


def test_every_town_lies_inside_the_picture(places):
    data = draw(places, {})
    _x, _y, width, height = view_box(data)
    assert width == 640
    for place in data["places"]:
        assert 0 < float(place["x"]) < width and 0 < float(place["y"]) < height


# --- the region -------------------------------------------------------------------------------------------


def test_it_draws_all_six_districts_with_their_names(places):
    data = draw(places, {})
    assert [district["slug"] for district in data["districts"]] == District.values
    html = render(data)
    for district in District:
        assert f"dmap__district--{district.value}" in html
    labels = svg_of(html).findall(f"{SVG}g[@class='dmap__labels']/{SVG}text")
    # a long name is split over two lines: "Kreis Siegen-" / "Wittgenstein"
    assert ["".join(label.itertext()).replace(" ", "") for label in labels] == [
        district.label.replace(" ", "") for district in District
    ]
    assert "dmap__district--dortmund" in html and "dmap__district--suedwestfalen" in html
    assert html.count('class="dmap__district ') == 6


def test_every_town_lies_in_its_own_districts_shape_and_in_no_other(places):
    data = draw(places, {})
    shapes = {
        district["slug"]: [
            [tuple(map(float, corner.split())) for corner in ring.split("L")]
            for ring in district["path"].removeprefix("M").removesuffix("Z").split("ZM")
        ]
        for district in data["districts"]
    }
    towns = [place for place in places if place.has_coordinates]
    for town, point in zip(towns, data["places"], strict=True):
        point = (float(point["x"]), float(point["y"]))
        inside = {slug for slug, rings in shapes.items() if any(maps.contains(ring, point) for ring in rings)}
        assert inside == {town.district}, town.name


def test_it_draws_a_grey_dot_for_every_town_with_coordinates_and_hides_them_from_screen_readers(places):
    data = draw(places, {})
    placed = [place for place in places if place.has_coordinates]
    assert len(data["places"]) == len(placed) < len(places)
    svg = svg_of(render(data))
    dots = svg.find(f"{SVG}g[@class='dmap__places']")
    assert dots.get("aria-hidden") == "true" and len(dots) == len(placed)


def test_a_town_without_coordinates_is_left_out_and_counted_in_the_caption(places):
    assert not named(places, "Ense").has_coordinates
    data = draw(places, {"Ense": 3, "Olpe": 5, "Siegen": 2})
    html = render(data)
    assert [marker["href"] for marker in data["markers"]] == [href(named(places, name)) for name in ["Olpe", "Siegen"]]
    assert "Results by town: 7 organisations in 2 places." in html
    assert "3 results in places without a map position: Ense." in html
    assert "the list of results is the text alternative to this map" in html
    assert "GeoNames" in html and "CC BY 4.0" in html


def test_the_caption_says_when_no_result_is_on_the_map(places):
    html = render(draw(places, {"Ense": 1}))
    assert "None of the current results is in a place on this map." in html
    assert "1 result in places without a map position: Ense." in html
    assert '<a class="dmap__marker' not in html


def test_there_is_no_map_when_no_town_has_coordinates(places):
    for place in places:
        place.latitude = place.longitude = None
    assert maps.directory_map(places, {places[0].pk: 3}, href) is None
    assert maps.directory_map([], {}, href) is None
    assert render(None).strip() == ""


# --- markers ----------------------------------------------------------------------------------------------


def test_each_town_with_results_gets_a_link_with_its_count(places):
    data = draw(places, {"Olpe": 5, "Attendorn": 1, "Dortmund": 12})
    svg = svg_of(render(data))
    links = svg.findall(f".//{SVG}a")
    by_href = {link.get("href"): link for link in links}
    assert set(by_href) == {href(named(places, name)) for name in ["Olpe", "Attendorn", "Dortmund"]}
    olpe = by_href[href(named(places, "Olpe"))]
    assert olpe.get("aria-label") == "Olpe: 5 organisations"
    assert olpe.find(f"{SVG}title").text == "Olpe: 5 organisations"
    assert "".join(olpe.itertext()).split()[-1] == "5"
    assert by_href[href(named(places, "Attendorn"))].get("aria-label") == "Attendorn: 1 organisation"
    # the biggest first, so the small ones drawn later stay on top
    assert [link.get("aria-label").split(":")[0] for link in links] == ["Dortmund", "Olpe", "Attendorn"]


def test_markers_grow_with_the_count_up_to_a_cap_and_are_at_least_24_px_targets(places):
    data = draw(places, {"Olpe": 1, "Siegen": 9, "Dortmund": 5000})
    radius = {marker["name"].split(":")[0]: float(marker["radius"]) for marker in data["markers"]}
    assert radius["Olpe"] < radius["Siegen"] < radius["Dortmund"] == maps.MARKER_MAX_RADIUS
    # at the widest tier one unit ≈ 1 CSS px (640 units ≈ 40rem); narrower, CSS enlarges the hit circle
    assert all(float(marker["hit"]) >= 12 / (640 / 640) for marker in data["markers"])


def test_the_accessible_names_follow_the_language(places):
    with translation.override("en"):
        english = draw(places, {"Olpe": 1234})
    with translation.override("de"):
        german = draw(places, {"Olpe": 1234})
    assert english["markers"][0]["name"] == "Olpe: 1,234 organisations"
    assert german["markers"][0]["name"].startswith("Olpe: 1.234 ")
    assert german["markers"][0]["count"] == "1.234"


def test_selected_towns_are_highlighted_even_without_results(places):
    data = draw(places, {"Olpe": 5, "Siegen": 2}, selected=["Olpe", "Wenden"])
    svg = svg_of(render(data))
    links = {link.get("aria-label"): link for link in svg.findall(f".//{SVG}a")}
    assert "dmap__marker--selected" in links["Olpe: 5 organisations"].get("class")
    assert links["Olpe: 5 organisations"].get("aria-current") == "true"
    assert "dmap__marker--selected" not in links["Siegen: 2 organisations"].get("class")
    assert links["Siegen: 2 organisations"].get("aria-current") is None
    assert "dmap__marker--selected" in links["Wenden: 0 organisations"].get("class")


def test_it_runs_no_queries(places, django_assert_num_queries):
    counts = {named(places, "Olpe").pk: 5, named(places, "Ense").pk: 2}
    with django_assert_num_queries(0):
        data = maps.directory_map(places, counts, href, [named(places, "Olpe").pk])
        render(data)


def test_the_svg_is_well_formed_and_a_named_group_of_links(places):
    html = render(draw(places, {"Olpe": 5, "Lüdenscheid": 3}, selected=["Olpe"]))
    svg = svg_of(html)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "group" and svg.get("aria-label") == "Map: results by town"
    for group in svg.findall(f"{SVG}g"):
        assert group.get("aria-hidden") == "true" or group.get("class") == "dmap__markers"
    for link in svg.findall(f".//{SVG}a"):
        assert link.get("href").endswith("&page=1")  # escaped in HTML, parsed back here
    assert "style=" not in html and "<script" not in html
    assert "<figure" in html and "<figcaption" in html


# --- tiles ------------------------------------------------------------------------------------------------


def test_there_are_no_tiles_by_default(places, settings):
    html = render(draw(places, {"Olpe": 5}))
    assert settings.MAP_TILE_URL == ""
    assert "<image" not in html and "dmap--tiles" not in html and "Map tiles" not in html
    assert "http" not in re.search(r"<svg\b.*?</svg>", html, flags=re.DOTALL)[0].replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_configured_tiles_cover_the_picture_and_line_up_with_the_towns(places, settings):
    settings.MAP_TILE_URL = TILES
    settings.MAP_TILE_ATTRIBUTION = "© Kachel-Test"
    data = draw(places, {"Olpe": 5})
    html = render(data)
    assert "dmap--tiles" in html and "© Kachel-Test" in html
    svg = svg_of(html)
    images = svg.findall(f"{SVG}g/{SVG}image")
    assert 1 <= len(images) <= maps.MAX_TILES
    assert all(re.fullmatch(r"https://tiles\.example\.org/\d+/\d+/\d+\.png", image.get("href")) for image in images)
    _x, _y, width, height = view_box(data)
    assert min(float(image.get("x")) for image in images) <= 0
    assert min(float(image.get("y")) for image in images) <= 0
    assert max(float(image.get("x")) + float(image.get("width")) for image in images) >= width
    assert max(float(image.get("y")) + float(image.get("height")) for image in images) >= height
    # Olpe sits in its tile exactly where Web Mercator puts it
    olpe = named(places, "Olpe")
    zoom = int(data["tiles"][0]["href"].split("/")[-3])
    world_x, world_y = maps.mercator(olpe.latitude, olpe.longitude)
    column, row = floor(world_x * 2**zoom), floor(world_y * 2**zoom)
    tile = next(tile for tile in data["tiles"] if tile["href"].endswith(f"/{zoom}/{column}/{row}.png"))
    marker = data["markers"][0]
    x, y = map(float, re.fullmatch(r"translate\((\S+) (\S+)\)", marker["transform"]).groups())
    assert (x - float(tile["x"])) / float(tile["width"]) == pytest.approx(world_x * 2**zoom - column, abs=0.002)
    assert (y - float(tile["y"])) / float(tile["height"]) == pytest.approx(world_y * 2**zoom - row, abs=0.002)


def settings_with(monkeypatch, **environment):
    for name in ["MAP_TILE_URL", "MAP_TILE_ATTRIBUTION"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_the_content_security_policy_allows_the_tile_server_only_when_configured(monkeypatch):
    default = settings_with(monkeypatch)
    assert default["MAP_TILE_URL"] == ""
    assert default["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]
    configured = settings_with(monkeypatch, MAP_TILE_URL=TILES)
    assert configured["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://tiles.example.org",
    ]
    with pytest.raises(ImproperlyConfigured):
        settings_with(monkeypatch, MAP_TILE_URL="tiles.example.org/tiles.png")


# --- the locator map --------------------------------------------------------------------------------------


def test_the_locator_map_uses_the_same_projection(places):
    olpe, ense = named(places, "Olpe"), named(places, "Ense")
    data = maps.locator_map(olpe, places)
    assert data["here"] in data["places"] and data["here"]["name"] == "Olpe"
    assert len(data["places"]) == sum(place.has_coordinates for place in places)
    _x, _y, width, height = [float(value) for value in data["view_box"].split()]
    assert width == maps.LOCATOR_WIDTH
    assert all(0 <= point["x"] <= width and 0 <= point["y"] <= height for point in data["places"])
    # the same projection at another scale: the same shape
    big = draw(places, {})
    small = {point["name"]: (point["x"], point["y"]) for point in data["places"]}
    big_points = [(float(point["x"]), float(point["y"])) for point in big["places"]]
    names = [place.name for place in places if place.has_coordinates]
    ratio = (big_points[1][0] - big_points[0][0]) / (small[names[1]][0] - small[names[0]][0])
    for name, (x, y) in zip(names, big_points, strict=True):
        assert x - big_points[0][0] == pytest.approx((small[name][0] - small[names[0]][0]) * ratio, abs=1.5)
        assert y - big_points[0][1] == pytest.approx((small[name][1] - small[names[0]][1]) * ratio, abs=1.5)
    assert maps.locator_map(ense, places) is None


def test_coordinates_are_rounded_and_never_localised(places):
    with translation.override("de"):
        html = render(draw(places, {"Olpe": 5}))
    numbers = re.findall(r'\b(?:cx|cy|x|y|r|width|height)="([^"]*)"', html)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", number) for number in numbers)
    assert maps.number(Decimal("12.345")) == "12.3" and maps.number(-0.01) == "0" and maps.number(7.0) == "7"
