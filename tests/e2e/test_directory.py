"""Browsing the directory in the browser: filters that update the results in place (htmx), the search with its
highlighting, a profile and back again, the same without JavaScript, the map and the filters by keyboard, and what
a search that finds nothing offers."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from companies.models import Topic
from tests.conftest import make_organisation
from tests.e2e.conftest import DESKTOP, MOBILE
from tests.e2e.keyboard import assert_focus_visible, tab_to
from tests.e2e.pages import load_vocabularies
from tests.e2e.test_gate import check

PLACES = [
    ("Arnsberg", "hochsauerlandkreis"),
    ("Meschede", "hochsauerlandkreis"),
    ("Brilon", "hochsauerlandkreis"),
    ("Iserlohn", "maerkischer-kreis"),
    ("Lüdenscheid", "maerkischer-kreis"),
    ("Olpe", "kreis-olpe"),
    ("Attendorn", "kreis-olpe"),
    ("Siegen", "kreis-siegen-wittgenstein"),
    ("Kreuztal", "kreis-siegen-wittgenstein"),
    ("Soest", "kreis-soest"),
    ("Lippstadt", "kreis-soest"),
    ("Dortmund", "dortmund"),
]
TOPICS = ["digital-strategy", "process-erp", "data-analytics", "it-security"]  # none mentions the words below
WORDS = ["Robotik", "Sensorik", "Logistik", "Software", "Beratung"]
KINDS = ["firm", "startup", "university", "institute", "coworking", "public"]
ORGANISATIONS = 30


def organisation_row(n):
    """The n-th test organisation: name, place, district, topic slug (12 places and 5 words: all names differ)."""
    place, district = PLACES[n % len(PLACES)]
    word = WORDS[n % len(WORDS)]
    return f"{word} {place} {n}", place, district, TOPICS[n % len(TOPICS)]


def expected_count(district=None, topic=None, word=None):
    rows = [organisation_row(n) for n in range(ORGANISATIONS)]
    return sum(
        1
        for name, _place, row_district, row_topic in rows
        if district in (None, row_district) and topic in (None, row_topic) and (word is None or word in name)
    )


@pytest.fixture
def directory_data(live_server):
    """Thirty published organisations in twelve towns of all six districts, with four topics; one draft."""
    load_vocabularies()
    topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=TOPICS)}
    for n in range(ORGANISATIONS):
        name, place, _district, topic = organisation_row(n)
        word = name.split()[0]
        organisation = make_organisation(
            name, kind=KINDS[n % len(KINDS)], municipality=place, status="published", pitch=f"{word} aus {place}"
        )
        organisation.topics.add(topics[topic])
    make_organisation("Robotik Entwurf", municipality="Arnsberg", status="draft")


def directory_url():
    return reverse("companies:directory")


def query_of_url(url):
    return parse_qs(urlsplit(url).query)


def query_of(page):
    return query_of_url(page.url)


def result_count(page):
    return int(re.search(r"\d+", page.locator("[data-result-count]").inner_text()).group())


def result_names(page):
    return [name.strip() for name in page.locator(".directory__list .result__name").all_inner_texts()]


def number(n):
    """Text containing the number n on its own (not 12 for 2)."""
    return re.compile(rf"(^|\D){n}(\D|$)")


def expect_count(page, n):
    expect(page.locator("[data-result-count]")).to_have_text(number(n))


def wait_for_query(page, **expected):
    """Wait until the address shows these parameters (an htmx update pushes the cleaned query)."""

    def matches(url):
        query = query_of_url(url)
        return all(
            query.get(name) == ([value] if isinstance(value, str) else value) for name, value in expected.items()
        )

    page.wait_for_url(matches)


def mark_document(page):
    """A marker on the window: still there afterwards means no full page load happened."""
    page.evaluate("() => { window.directoryTestMarker = 'still the same document'; }")


def assert_same_document(page):
    assert page.evaluate("() => window.directoryTestMarker") == "still the same document", "the page was reloaded"


def test_a_visitor_filters_searches_opens_a_profile_and_comes_back(page, directory_data, recorder):
    page.goto(directory_url())
    assert result_count(page) == ORGANISATIONS
    mark_document(page)

    # a district: the results update in place, the address follows
    page.locator("#f-district-hochsauerlandkreis").check()
    wait_for_query(page, district="hochsauerlandkreis")
    expect_count(page, expected_count("hochsauerlandkreis"))
    assert_same_document(page)
    assert page.locator("#f-district-hochsauerlandkreis").is_checked()
    expect(page.locator("[data-directory-status]")).to_have_text(number(expected_count("hochsauerlandkreis")))

    # a topic within it
    page.locator("#f-topic-digital-strategy").check()
    wait_for_query(page, district="hochsauerlandkreis", topic="digital-strategy")
    in_both = expected_count("hochsauerlandkreis", "digital-strategy")
    expect_count(page, in_both)
    assert_same_document(page)

    # a search term, sent with Enter
    page.locator("#directory-q").fill("Robotik")
    page.locator("#directory-q").press("Enter")
    wait_for_query(page, district="hochsauerlandkreis", topic="digital-strategy", q="Robotik")
    found = expected_count("hochsauerlandkreis", "digital-strategy", "Robotik")
    assert 0 < found < in_both
    expect_count(page, found)
    assert_same_document(page)
    names = result_names(page)
    assert len(names) == found and all("Robotik" in name for name in names), names
    expect(page.locator(".directory__list .result__name mark").first).to_have_text("Robotik")
    assert "Entwurf" not in " ".join(names)  # drafts are never listed
    filtered_url = page.url

    # a profile, and back
    link = page.locator(".directory__list .result__name a").first
    profile = link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == profile
    assert names[0] in page.locator("h1").inner_text()

    page.go_back()
    page.wait_for_load_state()
    assert page.url == filtered_url
    expect(page.locator("#f-district-hochsauerlandkreis")).to_be_checked()
    expect(page.locator("#f-topic-digital-strategy")).to_be_checked()
    expect(page.locator("#directory-q")).to_have_value("Robotik")
    assert result_count(page) == found
    assert result_names(page) == names
    recorder.assert_clean()


@pytest.fixture
def page_without_javascript(browser, live_server, recorder):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=False)
    context.set_default_timeout(10_000)
    recorder.watch(context)
    yield context.new_page()
    context.close()


def apply_filters(page):
    with page.expect_navigation():
        page.locator(".directory__filters button[type=submit]").click()


def test_the_same_journey_works_without_javascript(page_without_javascript, directory_data, recorder):
    page = page_without_javascript
    page.goto(directory_url())
    assert result_count(page) == ORGANISATIONS

    page.locator("#f-district-kreis-soest").check()
    apply_filters(page)
    assert query_of(page) == {"district": ["kreis-soest"]}  # the tidy address: no empty fields
    assert result_count(page) == expected_count("kreis-soest")
    assert page.locator("#f-district-kreis-soest").is_checked()

    page.locator("#f-topic-process-erp").check()
    apply_filters(page)
    assert result_count(page) == expected_count("kreis-soest", "process-erp")

    page.locator("#directory-q").fill("Sensorik")
    with page.expect_navigation():
        page.locator("#directory-q").press("Enter")
    assert query_of(page) == {"district": ["kreis-soest"], "topic": ["process-erp"], "q": ["Sensorik"]}
    found = expected_count("kreis-soest", "process-erp", "Sensorik")
    assert found and result_count(page) == found
    names = result_names(page)
    assert all("Sensorik" in name for name in names)
    assert page.locator(".directory__list .result__name mark").first.inner_text() == "Sensorik"
    filtered_url = page.url

    link = page.locator(".directory__list .result__name a").first
    with page.expect_navigation():
        link.click()
    assert names[0] in page.locator("h1").inner_text()
    page.go_back()
    page.wait_for_load_state()
    assert page.url == filtered_url
    assert page.locator("#f-district-kreis-soest").is_checked()
    assert page.locator("#f-topic-process-erp").is_checked()
    assert page.locator("#directory-q").input_value() == "Sensorik"
    assert result_names(page) == names
    recorder.assert_clean()


def test_a_keyboard_user_follows_a_map_marker(page, directory_data, recorder):
    page.goto(directory_url())
    markers = page.locator("a.dmap__marker")
    assert markers.count() == len(PLACES)  # one per town with results
    # Start from the last result (24 results, the pagination and the map follow): Tab to the first marker.
    page.locator(".directory__list .result__name a").last.focus()
    tab_to(page, "a.dmap__marker")
    assert_focus_visible(page)
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    town = parse_qs(urlsplit(href).query)["municipality"][0]
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page)["municipality"] == [town]
    expect(page.locator(f"#f-municipality-{town}")).to_be_checked()
    count = result_count(page)
    assert count and str(count) in label, (count, label)
    recorder.assert_clean()


def test_focus_stays_on_the_checkbox_after_an_update(page, directory_data, recorder):
    page.goto(directory_url())
    page.locator("#directory-q").focus()
    tab_to(page, "#f-district-dortmund", limit=40)
    page.keyboard.press("Space")
    wait_for_query(page, district="dortmund")
    expect_count(page, expected_count("dortmund"))
    assert page.evaluate("() => document.activeElement.id") == "f-district-dortmund"
    assert page.locator("#f-district-dortmund").is_checked()
    assert_focus_visible(page)

    page.keyboard.press("Space")  # and off again
    page.wait_for_url(lambda url: "district" not in query_of_url(url))
    expect_count(page, ORGANISATIONS)
    assert page.evaluate("() => document.activeElement.id") == "f-district-dortmund"
    recorder.assert_clean()


# A typo of a topic's synonym that none of the test organisations has (sustainability): nothing is found on either
# database, and the suggestion comes from the vocabulary.
TYPO, SPELLING = "Kreislaufwirtschft", "Kreislaufwirtschaft"


def test_a_search_with_a_typo_offers_the_right_spelling(page, directory_data, recorder):
    page.goto(directory_url())
    page.locator("#directory-q").fill(TYPO)
    page.locator("#directory-q").press("Enter")
    wait_for_query(page, q=TYPO)
    expect_count(page, 0)
    suggestion = page.locator(".directory__empty a").first
    expect(suggestion).to_have_text(re.compile(f"^{SPELLING}$", re.IGNORECASE))
    suggestion.click()
    page.wait_for_url(lambda url: query_of_url(url).get("q", [""])[0].lower() == SPELLING.lower())
    expect(page.locator("#directory-q")).to_have_value(re.compile(f"^{SPELLING}$", re.IGNORECASE))
    expect_count(page, 0)  # nobody works on it: the way out is to drop the search term
    page.locator(".directory__empty li a").filter(has_text=number(ORGANISATIONS)).click()
    page.wait_for_url(lambda url: "q" not in query_of_url(url))
    expect_count(page, ORGANISATIONS)
    recorder.assert_clean()


def test_filters_that_find_nothing_offer_to_drop_one(page, directory_data, recorder):
    page.goto(f"{directory_url()}?district=dortmund&q=Robotik")
    assert expected_count("dortmund", word="Robotik") == 0
    assert result_count(page) == 0
    links = page.locator(".directory__empty li a")
    texts = links.all_inner_texts()
    assert len(texts) == 2, texts  # without the district, without the search term
    without_district = links.filter(has_text=number(expected_count(word="Robotik"))).first
    without_district.click()
    page.wait_for_url(lambda url: "district" not in query_of_url(url))
    assert query_of(page) == {"q": ["Robotik"]}
    expect_count(page, expected_count(word="Robotik"))
    recorder.assert_clean()


# The gate (test_gate.py) visits the directory without a query string; these are the states only a query reaches.
STATES = {  # name: (query, what must be on the page)
    "notes, chips and highlights": (
        "?district=unknown&kind=firm&kind=public&q=Sensorik&page=abc&radius=-5",
        "[data-directory-notes] li >> nth=2, .directory__active .chip, .result__name mark",
    ),
    "a distance": ("?near=arnsberg&radius=50&sort=distance", ".directory__active .chip, a.dmap__marker"),
    "nothing found, a suggestion": (f"?q={TYPO}", ".directory__empty a"),
    "nothing found, filters to drop": ("?district=dortmund&q=Robotik", ".directory__empty li a"),
    "page two": ("?page=2", ".pagination [rel=prev]"),
}


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280px", "360px"])
@pytest.mark.parametrize(("query", "shown"), STATES.values(), ids=STATES.keys())
def test_states_reached_by_a_query_pass_the_gate(page, directory_data, recorder, viewport, query, shown):
    page.goto(directory_url() + query)
    for selector in shown.split(", "):
        assert page.locator(selector).first.is_visible(), f"{selector} is not shown on {query}"
    problems = check(page, viewport) + recorder.problems()
    assert not problems, "\n".join([f"{len(problems)} problems on {query} at {viewport['width']}px:", *problems])
