"""Bad query strings never fail: unknown parameters are ignored, invalid values give a normal page with a short note
that the value was ignored — never a 500, and never a silently broader result.

The fuzz test draws query strings from real values (kind codes, district, municipality and topic slugs, radii,
sorts, keywords of the test organisations) mixed with hostile ones (any text with control characters and NUL,
huge and negative numbers, very long strings, many repeated values, unknown parameter names, empty values, raw
percent-encodings such as %00 and invalid UTF-8), in both languages. The oracle (`expectation`) decides, in plain
terms and without companies/directory.py, which values are usable; the page must then

- answer 200, with no control characters in its HTML;
- carry a short note for every known parameter that had an unusable value (naming the parameter's label; in
  German, where the wording follows the translation, at least one note per such parameter);
- show exactly the results, counts and facet numbers of the query built from the usable values alone, which
  itself gets no note.
"""

import csv
import html
import re
import unicodedata
from dataclasses import dataclass
from math import ceil
from urllib.parse import quote, quote_plus, urlencode, urlsplit

import pytest
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, currently_in_test_context, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from companies.models import District, Kind, Municipality, SizeBand, Stage, Topic
from companies.reference_data import CSV, TOPICS
from portal.lib.text import german_slugify
from tests.conftest import make_organisation

PAGE_SIZE = 24  # the directory's page size, as the page shows it
RADII = ["10", "25", "50", "100"]
SORTS = ["relevance", "name", "newest", "distance"]
MAX_KEYWORDS, MAX_KEYWORD_LENGTH, MAX_QUERY_LENGTH = 10, 100, 200
MULTIPLE_CHOICE = ["kind", "district", "municipality", "topic", "size", "stage"]
KNOWN = ["q", *MULTIPLE_CHOICE, "keyword", "near", "radius", "sort", "page"]
# What the English notes name, per parameter ("near-position": a place without coordinates to measure from).
LABELS = {
    "q": "Search",
    "kind": "Kind",
    "district": "District",
    "municipality": "Town or municipality",
    "topic": "Topics",
    "keyword": "Keywords",
    "size": "Employees",
    "stage": "Start-up stage",
    "near": "Near",
    "near-position": "Distance",
    "radius": "Distance",
    "sort": "Sort by",
    "page": "Page",
}
MAX_NOTE_LENGTH = 300
ALL = 9  # published organisations in directory_data

with open(CSV, encoding="utf-8", newline="") as places_file:
    PLACE_SLUGS = sorted(german_slugify(row["municipality"]) for row in csv.DictReader(places_file))
TOPIC_SLUGS = [row[0] for row in TOPICS]
KEYWORDS = ["Sensorik", "sensorik", "OPC UA", "opc-ua", "Robotik", "Förderung", "KI", "unbekannt"]
SEARCH_WORDS = ["Sensorik", "sensoren", "Robotik", "Siegen", "Daten", "Universität", "Förderung", "nichtsda", "KI"]


def is_control(char):
    """Control characters (C0, DEL, C1) other than tab and line breaks, which count as spaces."""
    return unicodedata.category(char) == "Cc" and char not in "\t\n\r"


def without_controls(text, replacement=""):
    return "".join(replacement if is_control(char) else char for char in text)


# --- the data --------------------------------------------------------------------------------------------


@pytest.fixture
def directory_data(db):
    """Nine published organisations across kinds, districts (two places without coordinates), topics, sizes,
    stages and keywords, and a draft that must never be found."""
    topics = list(Topic.objects.order_by("slug"))
    rows = [
        ("Sauerland Sensorik GmbH", "firm", "Arnsberg", {"size_band": "50-249"}, topics[:2], ["Sensorik", "OPC UA"]),
        ("Arnsberger Automaten", "firm", "Arnsberg", {"size_band": "10-49"}, topics[2:3], ["Robotik"]),
        ("Ruhr Robotik", "startup", "Dortmund", {"stage": "seed", "size_band": "1-9"}, topics[2:4], ["Robotik"]),
        ("Lippetal Daten UG", "startup", "Lippetal", {"stage": "idea"}, topics[4:5], ["KI"]),
        ("Universität Siegen", "university", "Siegen", {"size_band": "1000+"}, topics[:1] + topics[3:4], ["KI"]),
        ("Fraunhofer Testinstitut", "institute", "Ense", {}, topics[1:2], []),
        ("Coworking Olpe", "coworking", "Olpe", {}, [], []),
        ("Wirtschaftsförderung Lüdenscheid", "public", "Lüdenscheid", {}, topics[5:6], ["Förderung"]),
        ("Sensorwerk Iserlohn", "firm", "Iserlohn", {"size_band": "250-999"}, topics[:1], ["Sensorik"]),
    ]
    for name, kind, place, extra, chosen_topics, keywords in rows:
        organisation = make_organisation(
            name, kind=kind, municipality=place, status="published", pitch=f"{name} in {place}", **extra
        )
        organisation.topics.add(*chosen_topics)
        organisation.keywords.add(*keywords)
    make_organisation("Geheime Sensorik", kind="firm", municipality="Arnsberg", status="draft")


# --- one request -----------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    notes: list
    count: int
    shown_count: str
    search_box: str
    results: list
    facets: list
    content: str
    redirects: list
    path: str


NOTES = re.compile(r"<div[^>]*\bdata-directory-notes\b[^>]*>(.*?)</div>", re.DOTALL)
ITEM = re.compile(r"<li>(.*?)</li>", re.DOTALL)
RESULT_COUNT = re.compile(r"<[^>]*\bdata-result-count\b[^>]*>(.*?)</", re.DOTALL)
SEARCH_BOX = re.compile(r"<input\b[^>]*\bid=\"directory-q\"[^>]*>")


def text_of(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def get(client, query_string, language="en"):
    """GET the directory with a raw query string; what the page says and shows (after a redirect to the tidy
    address that the form sent without JavaScript gets, empty fields left out)."""
    with translation.override(language):
        path = reverse("companies:directory")
    response = client.get(f"{path}?{query_string}" if query_string else path, follow=True)
    content = response.content.decode()
    redirects = [urlsplit(target) for target, _status in response.redirect_chain]
    if response.status_code != 200:
        return Answer(response.status_code, [], -1, "", "", [], [], content, redirects, path)
    notes_block = NOTES.search(content)
    notes = [text_of(item) for item in ITEM.findall(notes_block.group(1))] if notes_block else []
    shown_count = RESULT_COUNT.search(content)
    box = SEARCH_BOX.search(content)
    value = re.search(r"\bvalue=\"([^\"]*)\"", box.group()) if box else None
    facets = [
        (facet.name, [(option.value, option.count, option.selected) for option in facet.options])
        for facet in response.context["facets"].values()
    ]
    return Answer(
        status=response.status_code,
        notes=notes,
        count=response.context["page"].paginator.count,
        shown_count=text_of(shown_count.group(1)) if shown_count else "",
        search_box=html.unescape(value.group(1)) if value else None,
        results=[organisation.pk for organisation in response.context["page"].object_list],
        facets=facets,
        content=content,
        redirects=redirects,
        path=path,
    )


# --- the oracle ------------------------------------------------------------------------------------------


@dataclass
class Expectation:
    usable: list  # (name, value) pairs: the query of the usable values alone
    noted: set  # keys of LABELS that need a note
    truncated: bool  # more fields than Django reads: the page says it read only the first ones
    long_query: str = ""  # the search term, cleaned, when it is too long (the page shortens it)
    page: str | None = None  # the page parameter, checked once the number of pages is known


def last(params, name):
    values = params.getlist(name)
    return values[-1] if values else None


def expectation(query_string, places, placed):
    """Which values of a query string the directory can use, and which parameters need a note.

    places: the municipality slugs; placed: those with coordinates.
    """
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    parts = query_string.split("&")
    truncated = len(parts) > limit
    params = QueryDict("&".join(parts[:limit]))  # what the request carries, read as Django reads it
    usable, noted = [], set()

    valid = {
        "kind": Kind.values,
        "district": District.values,
        "municipality": places,
        "topic": list(Topic.objects.values_list("slug", flat=True)),
        "size": SizeBand.values,
        "stage": Stage.values,
    }
    for name in MULTIPLE_CHOICE:  # several ticks; an unknown value (an empty one too) is dropped with a note
        values = params.getlist(name)
        if any(value not in valid[name] for value in values):
            noted.add(name)
        usable += [(name, value) for value in dict.fromkeys(value for value in values if value in valid[name])]

    keywords = []  # free text: spaces around and empty ones do not matter; control characters, overlong
    for value in params.getlist("keyword"):  # and more than MAX_KEYWORDS distinct ones need a note
        if any(is_control(char) for char in value):
            noted.add("keyword")
        keyword = without_controls(value).strip()
        if not keyword:
            continue
        if len(keyword) > MAX_KEYWORD_LENGTH:
            noted.add("keyword")
        elif keyword.lower() not in {kept.lower() for kept in keywords}:
            keywords.append(keyword)
    if len(keywords) > MAX_KEYWORDS:
        noted.add("keyword")
    usable += [("keyword", keyword) for keyword in keywords[:MAX_KEYWORDS]]

    origin = None  # single choices: the last value counts, an empty one means "not chosen"
    near = last(params, "near")
    if near:
        if near not in places:
            noted.add("near")
        elif near not in placed:
            noted.add("near-position")
        else:
            origin = near
            usable.append(("near", near))
    radius = last(params, "radius")
    if radius:
        if radius not in RADII or origin is None:
            noted.add("radius")
        else:
            usable.append(("radius", radius))
    sort = last(params, "sort")
    if sort:
        if sort not in SORTS or (sort == "distance" and origin is None):
            noted.add("sort")
        else:
            usable.append(("sort", sort))

    result = Expectation(usable, noted, truncated, page=last(params, "page"))
    query = last(params, "q") or ""  # control characters count as spaces, and need a note
    if any(is_control(char) for char in query):
        noted.add("q")
    query = " ".join(without_controls(query, " ").split())
    if len(query) > MAX_QUERY_LENGTH:
        noted.add("q")
        result.long_query = query
    elif query:
        usable.append(("q", query))
    return result


def page_is_usable(page, pages):
    """No page, or a whole number of an existing page."""
    if page in (None, ""):
        return True
    try:
        return 1 <= int(page) <= pages
    except ValueError:
        return False


def assert_well_formed(answer, query_string):
    assert answer.status == 200, f"?{query_string[:300]} answered {answer.status}"
    assert len(answer.redirects) <= 1, f"?{query_string[:300]} redirected {len(answer.redirects)} times"
    assert all(target.path == answer.path for target in answer.redirects), "redirected away from the directory"
    assert not [char for char in answer.content if is_control(char)], "control characters in the page's HTML"
    assert [int(n) for n in re.findall(r"\d+", answer.shown_count)] == [answer.count], answer.shown_count
    assert all(len(note) <= MAX_NOTE_LENGTH for note in answer.notes), answer.notes


def check(client, query_string, language, places, placed):
    """The properties above for one query string; returns the hostile and the usable answer."""
    expected = expectation(query_string, places, placed)
    answer = get(client, query_string, language)
    assert_well_formed(answer, query_string)

    usable = list(expected.usable)
    if expected.long_query:  # shortened: to at most MAX_QUERY_LENGTH characters of whole words, as the box shows
        shortened = answer.search_box
        assert shortened and len(shortened) <= MAX_QUERY_LENGTH, shortened
        assert expected.long_query.startswith(shortened), (shortened, expected.long_query[:300])
        usable.append(("q", shortened))
    else:
        assert answer.search_box == dict(usable).get("q", ""), "the search box does not show the term searched for"
    reference = get(client, urlencode(usable, doseq=True), language)
    assert_well_formed(reference, urlencode(usable))
    assert reference.notes == [], f"usable values {usable} got notes: {reference.notes}"

    noted = set(expected.noted)
    if not page_is_usable(expected.page, max(1, ceil(reference.count / PAGE_SIZE))):
        noted.add("page")
    if currently_in_test_context():  # what the fuzz test covered: pytest --hypothesis-show-statistics
        for key in sorted(noted) + (["truncated"] if expected.truncated else []):
            event(f"note expected: {key}")
        event(f"results: {'none' if not reference.count else 'all' if reference.count == ALL else 'some'}")
    problem = f"?{query_string[:500]}\nnotes: {answer.notes}\nexpected notes for: {sorted(noted)}"
    if expected.truncated:
        limit = str(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
        assert any(limit in note for note in answer.notes), "no note that only the first fields were read\n" + problem
    if not noted and not expected.truncated:
        assert answer.notes == [], "notes though every value was usable\n" + problem
    if language == "en":
        missing = sorted({LABELS[key] for key in noted if not any(LABELS[key] in note for note in answer.notes)})
        assert not missing, f"no note names {missing}\n" + problem
    else:  # the wording is the translator's: at least one note for each parameter that needs one
        assert len(answer.notes) >= len({LABELS[key] for key in noted}), problem

    broader = f"?{query_string[:500]}\nhas other results than the usable values alone: ?{urlencode(usable)}"
    assert answer.count == reference.count, broader
    assert answer.results == reference.results, broader
    assert answer.facets == reference.facets, broader
    return answer, reference


@pytest.fixture
def gazetteer(db):
    places = set(Municipality.objects.values_list("slug", flat=True))
    placed = set(Municipality.objects.filter(latitude__isnull=False).values_list("slug", flat=True))
    assert places == set(PLACE_SLUGS) and places - placed, "the reference data changed: adapt the strategies"
    return places, placed


# --- the strategies --------------------------------------------------------------------------------------

CONTROLS = [chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)  # surrogates cannot be encoded at all
with_controls = st.builds(lambda a, c, b: a + c + b, any_text, st.text(st.sampled_from(CONTROLS), min_size=1), any_text)
hostile = st.one_of(
    any_text,
    with_controls,
    st.sampled_from(["", " ", "-5", "0", "-1", "abc", "1e9", "NaN", "10.0", "010", " 10", "null", "<b>", "\u202e"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(
        lambda text, times: text * times, st.sampled_from(["x", "ab ", "\x00", "ü", "%", " "]), st.integers(90, 12_000)
    ),
)
# Junk in place of a value's proper encoding: NUL, invalid UTF-8, broken escapes, "+" and an encoded line break.
RAW = ["%00", "%FF", "%C3%28", "%E2%82", "%ED%A0%80", "%", "%G1", "a%00b", "+", "%2B", "%0A", "%7F", "%C2%85", "%25"]
UNKNOWN_NAMES = ["foo", "Kind", "KIND", "kind[]", " q", "q ", "page2", "utm_source", "topics", "districts", "", "_"]


def one_of_or_hostile(values):
    """A real value two times in three."""
    real = st.sampled_from(values)
    return st.one_of(real, real, hostile)


search_words = st.lists(st.sampled_from(SEARCH_WORDS), min_size=1, max_size=3)
gaps = st.sampled_from([" ", "\t", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85"])


@st.composite
def words_between_controls(draw):
    """Real search words with control characters (or spaces) between and around them."""
    return "".join(draw(gaps) + word for word in draw(search_words)) + draw(gaps)


VALUES = {
    "q": st.one_of(
        search_words.map(" ".join),
        words_between_controls(),
        st.builds(lambda word, times: (word + " ") * times, st.sampled_from(SEARCH_WORDS), st.integers(20, 1200)),
        hostile,
    ),
    "kind": one_of_or_hostile(Kind.values),
    "district": one_of_or_hostile(District.values),
    "municipality": one_of_or_hostile(PLACE_SLUGS),
    "topic": one_of_or_hostile(TOPIC_SLUGS),
    "keyword": one_of_or_hostile(KEYWORDS),
    "size": one_of_or_hostile(SizeBand.values),
    "stage": one_of_or_hostile(Stage.values),
    "near": one_of_or_hostile(["arnsberg", "dortmund", "siegen", "iserlohn", "ense", "lippetal"]),
    "radius": one_of_or_hostile(RADII),
    "sort": one_of_or_hostile(SORTS),
    "page": st.one_of(st.sampled_from(["1", "2", "abc", "", "1.5", "9" * 5000]), hostile),
}


@st.composite
def encoded(draw, value):
    how = draw(st.sampled_from(["quote", "quote", "quote", "quote_plus", "raw"]))
    if how == "raw":
        return draw(st.sampled_from(RAW))
    return quote(value, safe="") if how == "quote" else quote_plus(value, safe="")


@st.composite
def query_strings(draw):
    pairs = []
    for name in draw(st.lists(st.sampled_from(KNOWN), unique=True, max_size=6)):
        values = draw(st.lists(VALUES[name], min_size=1, max_size=3))
        repeat = draw(st.sampled_from([1, 1, 1, 2, 30]))
        pairs += [(name, value) for value in values for _ in range(1 if len(value) > 200 else repeat)]
    names = st.one_of(st.sampled_from(UNKNOWN_NAMES), any_text).filter(lambda name: name not in KNOWN)
    pairs += draw(st.lists(st.tuples(names, hostile), max_size=2))
    pairs = draw(st.permutations(pairs))
    parts = [f"{quote(name, safe='')}={draw(encoded(value))}" for name, value in pairs]
    flood = draw(st.sampled_from([None] * 9 + ["before", "after"]))  # more fields than Django reads
    if flood:
        name = draw(st.sampled_from(KNOWN))
        value = draw(st.sampled_from(["", "x", "firm", "arnsberg", "10", "Robotik", "%00"]))
        repeated = [f"{name}={draw(encoded(value))}"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 50)
        parts = repeated + parts if flood == "before" else parts + repeated
    return "&".join(parts)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query_string=query_strings(), language=st.sampled_from(["de", "en"]))
def test_bad_query_strings_never_fail_nor_broaden_the_result_silently(
    client, directory_data, gazetteer, query_string, language
):
    check(client, query_string, language, *gazetteer)


# --- the cases of the specification, one by one ----------------------------------------------------------


@pytest.fixture
def directory(client, directory_data, gazetteer):
    """check(query_string, language="en") -> (answer, reference) with the properties of the fuzz test."""
    return lambda query_string, language="en": check(client, query_string, language, *gazetteer)


def notes_naming(answer, label):
    return [note for note in answer.notes if label in note]


@pytest.mark.parametrize("language", ["en", "de"])
def test_page_abc_shows_page_one_with_a_note(directory, language):
    answer, _reference = directory("page=abc", language)
    assert answer.count == ALL and len(answer.results) == ALL
    assert len(answer.notes) == 1
    if language == "en":
        assert notes_naming(answer, "Page") and "abc" in answer.notes[0]


def test_page_ten_to_the_ninth_shows_the_last_page_with_a_note(directory):
    answer, _reference = directory(f"page={10**9}")
    assert answer.count == ALL and len(answer.results) == ALL
    assert notes_naming(answer, "Page") and str(10**9) in answer.notes[0]


@pytest.mark.parametrize("page", ["0", "-5", "9" * 5000, "1.5", "%00", "%FF"])
def test_other_impossible_pages_show_results_with_a_note(directory, page):
    answer, _reference = directory(f"page={page}")
    assert answer.count == ALL and len(answer.results) == ALL
    assert notes_naming(answer, "Page")


def test_an_unknown_district_is_ignored_with_a_note(directory):
    answer, _reference = directory("district=unknown")
    assert answer.count == ALL
    assert notes_naming(answer, "District") and "unknown" in answer.notes[0]


def test_an_unknown_district_beside_a_known_one_keeps_the_known_one(directory):
    answer, _reference = directory("district=unknown&district=dortmund")
    assert answer.count == 1  # Ruhr Robotik: the known district still applies, not all nine
    assert notes_naming(answer, "District")


def test_a_distance_of_minus_five_is_ignored_with_a_note(directory):
    answer, _reference = directory("near=arnsberg&radius=-5")
    assert answer.count == ALL
    assert notes_naming(answer, "Distance") and "-5" in " ".join(answer.notes)


def test_a_distance_without_a_place_or_from_a_place_without_coordinates_is_noted(directory):
    answer, _reference = directory("radius=10")
    assert answer.count == ALL and notes_naming(answer, "Distance")
    answer, _reference = directory("near=ense&radius=10&sort=distance")
    assert answer.count == ALL and notes_naming(answer, "Distance") and notes_naming(answer, "Sort by")


def test_a_valid_distance_narrows(directory):
    answer, _reference = directory("near=arnsberg&radius=10&sort=distance")
    assert answer.notes == []
    assert 2 <= answer.count < ALL  # the two in Arnsberg, not Dortmund or Siegen


def test_five_thousand_unknown_topic_values_give_a_page_with_a_short_note(directory):
    answer, _reference = directory(urlencode({"topic": [f"thema-{n}" for n in range(5000)]}, doseq=True))
    assert answer.count == ALL
    assert notes_naming(answer, "Topics")
    assert sum(len(note) for note in answer.notes) < 2 * MAX_NOTE_LENGTH


def test_five_thousand_copies_of_a_topic_still_filter_by_it(directory):
    topic = Topic.objects.order_by("slug").first()
    answer, _reference = directory(urlencode({"topic": [topic.slug] * 5000}, doseq=True))
    assert answer.count == topic.organisations.filter(status="published").count() == 3


def test_values_after_five_thousand_topics_are_not_dropped_silently(directory):
    flood = urlencode({"topic": [f"thema-{n}" for n in range(5000)]}, doseq=True)
    answer, _reference = directory(f"{flood}&kind=university")
    assert answer.count == ALL  # kind came after the fields Django reads: dropped, and the note says so
    assert any(str(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS) in note for note in answer.notes), answer.notes
    answer, _reference = directory(f"kind=university&{flood}")
    assert answer.count == 1


def test_a_ten_kilobyte_search_is_shortened_with_a_note(directory):
    answer, reference = directory(urlencode({"q": "Sensorik " + "x" * 10_000}))
    assert notes_naming(answer, "Search")
    assert answer.search_box == "Sensorik" and answer.count == reference.count
    assert 2 <= answer.count < ALL  # Sauerland Sensorik and Sensorwerk Iserlohn (its keyword), perhaps more
    answer, _reference = directory(urlencode({"q": "Robotik " * 1300}))
    assert notes_naming(answer, "Search") and answer.count == 2


@pytest.mark.parametrize("language", ["en", "de"])
def test_control_characters_in_the_search_are_removed_with_a_note(directory, language):
    answer, reference = directory(urlencode({"q": "\x00Robotik\x07\x1b"}), language)
    assert answer.search_box == "Robotik" and answer.count == reference.count == 2
    assert len(answer.notes) == 1
    if language == "en":
        assert notes_naming(answer, "Search")


def test_control_characters_in_a_choice_are_an_unknown_value(directory):
    answer, _reference = directory(urlencode({"kind": ["firm\x00", "startup"]}, doseq=True))
    assert answer.count == 2 and notes_naming(answer, "Kind")


def test_a_keyword_of_control_characters_is_not_ignored_silently(directory):
    answer, _reference = directory("keyword=%00")
    assert answer.count == ALL and notes_naming(answer, "Keywords")
    answer, _reference = directory("keyword=Robo%00tik")
    assert notes_naming(answer, "Keywords")


@pytest.mark.parametrize(
    "query_string", ["q=%00", "q=%00Sensorik", "district=%00", "kind=%00", "topic=%00", "near=%00", "sort=%00"]
)
def test_a_raw_nul_is_noted(directory, query_string):
    answer, _reference = directory(query_string)
    assert answer.notes


@pytest.mark.parametrize("query", ["%FF", "!!!", "-", "%C3%28", "%2B%2B"])
def test_a_search_without_letters_or_digits_finds_nothing_and_does_not_fail(directory, query):
    answer, _reference = directory(f"q={query}")
    assert answer.count == 0


def test_unknown_parameters_and_empty_values_are_ignored_without_a_note(directory):
    answer, _reference = directory("foo=bar&utm_source=x&q=&keyword=&near=&radius=&sort=&page=&kind=firm&KIND=public")
    assert answer.notes == [] and answer.count == 3


def test_the_form_as_sent_without_javascript_gets_no_note(directory):
    answer, _reference = directory("q=Sensorik&kind=firm&keyword=&near=&radius=&sort=relevance")
    assert answer.notes == [] and 2 <= answer.count <= 3  # a firm with Sensorik in its name, one as its keyword


def test_many_repeated_valid_values_are_no_problem(directory):
    answer, _reference = directory(urlencode({"kind": ["firm"] * 500, "keyword": ["Robotik"] * 200}, doseq=True))
    assert answer.notes == [] and answer.count == 1


def test_more_than_ten_keywords_are_noted(directory):
    answer, _reference = directory(urlencode({"keyword": [f"wort{n}" for n in range(12)]}, doseq=True))
    assert notes_naming(answer, "Keywords") and answer.count == 0
