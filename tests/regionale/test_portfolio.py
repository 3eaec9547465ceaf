"""The REGIONALE 2025 portfolio (regionale/views.py::portfolio, regionale/filters.py): the introduction, the path of
the stars with its numbers, featured projects, the list of published projects with facets, search, sort, pages
and the map, and the link in the main navigation."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from regionale.models import Project
from tests.conftest import make_organisation
from tests.regionale.conftest import make_project

pytestmark = pytest.mark.django_db

# municipalities, the facet counts with the total (one aggregate), the towns' counts, the page, the page's towns, the
# stages of the path of the stars, the featured projects (anonymous visitors: no session)
PAGE_QUERIES = 7


def url(name="regionale:portfolio", *args):
    """The English URL: the texts are checked in English, since the German catalogue is filled in later."""
    with translation.override("en"):
        return reverse(name, args=args)


def titles(response):
    return [project.title for project in response.context["page"].object_list]


def counts(response, facet):
    return {option.value: option.count for option in response.context["facets"][facet].options}


def notes(response):
    return [str(note) for note in response.context["portfolio"].notes]


@pytest.fixture
def projects(curator):
    """Four published projects on the path, one unpublished, one withdrawn:

    Dorfzentrum  2nd star        Eslohe (HSK)             Raum          digital, authentic    lead: Sauerland Sensorik
    KI-Netz      3rd star        Siegen, Olpe             Wirtschaft    digital, sustainable  also: Universität Siegen
    Lernen       1st star        Lüdenscheid (Märk. K.)   Gesellschaft  digital               example
    Pop-ups      implementation  Olpe                     Wirtschaft    all three
    """
    firm = make_organisation("Sauerland Sensorik GmbH", status="published")
    university = make_organisation("Universität Siegen", kind="university", municipality="Siegen", status="published")
    return {
        "dorf": make_project(
            "Digitales Dorfzentrum Eslohe",
            stage="star-2",
            published=True,
            by=curator,
            lead_sponsor=firm,
            dna_digital=True,
            dna_authentic=True,
        ),
        "ki": make_project(
            "KI-Infrastruktur für Südwestfalen",
            stage="star-3",
            published=True,
            by=curator,
            municipalities=["Siegen", "Olpe"],
            sponsors=[university],
            handlungsfeld="wirtschaft",
            summary="Rechenleistung und Daten für Innovation in der Region.",
            dna_digital=True,
            dna_sustainable=True,
        ),
        "lernen": make_project(
            "Lernen im Betrieb",
            stage="star-1",
            published=True,
            by=curator,
            municipalities=["Lüdenscheid"],
            handlungsfeld="gesellschaft",
            summary="Digitales Lernen für kleine Firmen.",
            description="Übungen am Arbeitsplatz, zwischen zwei Aufträgen.",
            dna_digital=True,
            is_example=True,
        ),
        "popups": make_project(
            "Co-Working-Pop-ups",
            stage="implementation",
            published=True,
            by=curator,
            municipalities=["Olpe"],
            handlungsfeld="wirtschaft",
            summary="Arbeiten auf Zeit in leeren Läden.",
            dna_digital=True,
            dna_sustainable=True,
            dna_authentic=True,
        ),
        "secret": make_project("Noch geheimes Projekt", stage="star-1", by=curator),
        "withdrawn": make_project(
            "Zurückgezogenes Projekt", stage="withdrawn", published=True, by=curator, municipalities=["Soest"]
        ),
    }


# --- the introduction ------------------------------------------------------------------------------------------


def test_it_explains_the_regionale_and_the_path_of_the_stars_with_numbers(client, projects):
    Project.objects.filter(pk=projects["ki"].pk).update(featured=True)
    response = client.get(url())
    assert response.status_code == 200
    text = response.text
    assert "Digital – Nachhaltig – Authentisch" in text
    assert "structural programme of the state of North Rhine-Westphalia" in text
    assert "An outstanding idea." in text
    assert "A viable concept with a cost estimate and a route to funding." in text
    assert "The funding is secured: the project is implemented." in text
    stages = {stage.value: count for stage, _text, count in response.context["stages"]}
    # published only; the unpublished 1st star and the withdrawn project do not count
    assert stages == {"idea": 0, "star-1": 1, "star-2": 1, "star-3": 1, "implementation": 1, "completed": 0}
    assert f'href="{url("regionale:submit_idea")}"' in text
    assert "Submit a project idea" in text
    assert [project.title for project in response.context["featured"]] == ["KI-Infrastruktur für Südwestfalen"]


def test_it_links_the_portfolio_in_the_main_navigation(client, projects):
    home = client.get(url("portal:home"))
    assert f'<a href="{url()}">REGIONALE 2025</a>' in home.text
    assert f'<a href="{url()}" aria-current="page">REGIONALE 2025</a>' in client.get(url()).text
    project_page = client.get(projects["dorf"].get_absolute_url())
    assert f'<a href="{url()}" aria-current="true">REGIONALE 2025</a>' in project_page.text


# --- what is listed --------------------------------------------------------------------------------------------


def test_it_lists_published_projects_by_stage_without_withdrawn_ones(client, projects):
    response = client.get(url())
    assert titles(response) == [
        "Co-Working-Pop-ups",
        "KI-Infrastruktur für Südwestfalen",
        "Digitales Dorfzentrum Eslohe",
        "Lernen im Betrieb",
    ]
    assert "Noch geheimes Projekt" not in response.text
    assert "Zurückgezogenes Projekt" not in response.text
    assert "Withdrawn projects are not listed; tick the stage “Withdrawn” to see them." in response.text


def test_it_lists_withdrawn_projects_when_their_stage_is_chosen(client, projects):
    response = client.get(url(), {"stage": "withdrawn"})
    assert titles(response) == ["Zurückgezogenes Projekt"]
    assert "Withdrawn projects are not listed" not in response.text
    both = client.get(url(), {"stage": ["withdrawn", "star-1"]})
    assert titles(both) == ["Lernen im Betrieb", "Zurückgezogenes Projekt"]


def test_it_shows_curators_the_same_published_list(client, curator, projects):
    client.force_login(curator)
    assert "Noch geheimes Projekt" not in titles(client.get(url()))


def test_it_marks_example_projects(client, projects):
    response = client.get(url())
    cards = response.text.split('class="card result project-card"')[1:]
    marked = [card for card in cards if "regionale-example" in card]
    assert len(marked) == 1 and "Lernen im Betrieb" in marked[0]
    assert ">Example<" in marked[0]


def test_it_sorts_by_title_and_by_newest_decision(client, projects):
    assert titles(client.get(url(), {"sort": "title"})) == [
        "Co-Working-Pop-ups",
        "Digitales Dorfzentrum Eslohe",
        "KI-Infrastruktur für Südwestfalen",
        "Lernen im Betrieb",
    ]
    Project.objects.filter(pk=projects["lernen"].pk).update(stage_since=date(2025, 6, 1))
    assert titles(client.get(url(), {"sort": "newest"}))[0] == "Lernen im Betrieb"
    assert titles(client.get(url()))[-1] == "Lernen im Betrieb"  # by stage: still the fewest stars


# --- facets ----------------------------------------------------------------------------------------------------


def test_it_filters_by_stage_and_counts_the_stages_under_the_other_filters(client, projects):
    response = client.get(url(), {"stage": "star-1"})
    assert titles(response) == ["Lernen im Betrieb"]
    assert counts(response, "stage") == {
        "idea": 0,
        "star-1": 1,
        "star-2": 1,
        "star-3": 1,
        "implementation": 1,
        "completed": 0,
        "withdrawn": 1,
    }
    assert counts(response, "handlungsfeld") == {"raum": 0, "gesellschaft": 1, "wirtschaft": 0}


def test_it_filters_by_district_through_the_towns(client, projects):
    response = client.get(url(), {"district": "kreis-olpe"})
    assert sorted(titles(response)) == ["Co-Working-Pop-ups", "KI-Infrastruktur für Südwestfalen"]
    assert counts(response, "district") == {
        "hochsauerlandkreis": 1,
        "maerkischer-kreis": 1,
        "kreis-olpe": 2,
        "kreis-siegen-wittgenstein": 1,
        "kreis-soest": 0,  # the withdrawn project only
        "dortmund": 0,
    }
    assert counts(response, "stage")["star-2"] == 0
    several = client.get(url(), {"district": ["kreis-olpe", "hochsauerlandkreis"]})
    assert len(titles(several)) == 3


def test_it_filters_by_field_of_action(client, projects):
    response = client.get(url(), {"handlungsfeld": "wirtschaft"})
    assert sorted(titles(response)) == ["Co-Working-Pop-ups", "KI-Infrastruktur für Südwestfalen"]
    assert counts(response, "handlungsfeld") == {"raum": 1, "gesellschaft": 1, "wirtschaft": 2}
    assert counts(response, "district")["hochsauerlandkreis"] == 0


def test_it_finds_projects_with_all_chosen_dna_aspects(client, projects):
    one = client.get(url(), {"dna": "sustainable"})
    assert sorted(titles(one)) == ["Co-Working-Pop-ups", "KI-Infrastruktur für Südwestfalen"]
    two = client.get(url(), {"dna": ["digital", "authentic"]})
    assert sorted(titles(two)) == ["Co-Working-Pop-ups", "Digitales Dorfzentrum Eslohe"]
    # beside each aspect: the results with it added to the chosen ones
    assert counts(two, "dna") == {"digital": 2, "authentic": 2, "sustainable": 1}
    assert counts(client.get(url()), "dna") == {"digital": 4, "sustainable": 2, "authentic": 2}
    assert titles(client.get(url(), {"dna": ["digital", "sustainable", "authentic"]})) == ["Co-Working-Pop-ups"]


def test_it_combines_facets_and_counts_each_under_the_others(client, projects):
    response = client.get(url(), {"district": "kreis-olpe", "handlungsfeld": "wirtschaft", "stage": "implementation"})
    assert titles(response) == ["Co-Working-Pop-ups"]
    assert counts(response, "stage")["star-3"] == 1 and counts(response, "stage")["implementation"] == 1
    assert counts(response, "district")["kreis-olpe"] == 1 and counts(response, "district")["kreis-soest"] == 0
    assert counts(response, "handlungsfeld") == {"raum": 0, "gesellschaft": 0, "wirtschaft": 1}
    assert response.context["portfolio"].total == 1
    nothing = client.get(url(), {"district": "hochsauerlandkreis", "dna": "sustainable"})
    assert titles(nothing) == [] and "Nothing found" in nothing.text


def test_it_filters_by_municipality_for_the_map_links(client, projects):
    response = client.get(url(), {"municipality": "olpe"})
    assert sorted(titles(response)) == ["Co-Working-Pop-ups", "KI-Infrastruktur für Südwestfalen"]
    towns = counts(response, "municipality")
    assert towns["olpe"] == 2 and towns["siegen"] == 1 and towns["eslohe"] == 1 and "soest" not in towns
    markers = response.context["map"]["markers"]
    assert [marker["href"] for marker in markers] == ["?municipality=olpe"]  # the chosen town only
    assert markers[0]["name"] == "Olpe: 2 projects"


def test_the_map_links_each_town_to_its_projects_under_the_other_filters(client, projects):
    response = client.get(url(), {"handlungsfeld": "wirtschaft"})
    markers = {marker["href"]: marker["count"] for marker in response.context["map"]["markers"]}
    assert markers == {
        "?handlungsfeld=wirtschaft&municipality=olpe": "2",
        "?handlungsfeld=wirtschaft&municipality=siegen": "1",
    }
    assert "A project in several towns is counted in each of them." in response.text
    assert 'href="?handlungsfeld=wirtschaft&amp;municipality=olpe"' in response.text


# --- search ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dorfzentrum", ["Digitales Dorfzentrum Eslohe"]),
        ("DORFZENTRUM", ["Digitales Dorfzentrum Eslohe"]),
        ("ki südwestfalen", ["KI-Infrastruktur für Südwestfalen"]),
        ("Suedwestfalen", ["KI-Infrastruktur für Südwestfalen"]),
        ("rechenleistung", ["KI-Infrastruktur für Südwestfalen"]),  # summary
        ("übungen", ["Lernen im Betrieb"]),  # description, "Übungen": another case of a non-ASCII letter
        ("Uebungen", ["Lernen im Betrieb"]),
        ("sensorik", ["Digitales Dorfzentrum Eslohe"]),  # the lead sponsor
        ("universitaet", ["KI-Infrastruktur für Südwestfalen"]),  # a further sponsor
        ("lüdenscheid", ["Lernen im Betrieb"]),  # a town
        ("luedenscheid", ["Lernen im Betrieb"]),
        ("dorfzentrum siegen", []),  # every word must match
        ("geheimes", []),  # unpublished
    ],
)
def test_it_searches_title_summary_description_sponsors_and_towns(client, projects, query, expected):
    assert sorted(titles(client.get(url(), {"q": query}))) == expected


def test_it_searches_together_with_the_facets(client, projects):
    response = client.get(url(), {"q": "olpe", "stage": "star-3"})
    assert titles(response) == ["KI-Infrastruktur für Südwestfalen"]
    assert counts(response, "stage")["implementation"] == 1


# --- bad values and pages --------------------------------------------------------------------------------------


def test_it_ignores_bad_values_with_a_note(client, projects):
    response = client.get(
        url(),
        {
            "stage": ["bogus", "star-1"],
            "district": "atlantis",
            "handlungsfeld": "luft",
            "dna": "loud",
            "municipality": "gotham",
            "sort": "random",
            "page": "abc",
        },
    )
    assert response.status_code == 200
    assert titles(response) == ["Lernen im Betrieb"]  # what was understood still applies
    text = " ".join(notes(response))
    for value in ["bogus", "atlantis", "luft", "loud", "gotham", "random", "abc"]:
        assert value in text
    assert "Some of the address’s values could not be used" in response.text


def test_it_survives_strange_input(client, projects):
    for params in [{"q": "\x00\x1f" + "x" * 500}, {"q": "%"}, {"q": "_"}, {"page": "-3"}, {"page": "9" * 30}]:
        response = client.get(url(), params)
        assert response.status_code == 200
    assert titles(client.get(url(), {"q": "%"})) == []


def test_it_pages_the_list_leniently(client, curator):
    for number in range(14):
        make_project(f"Projekt {number:02d}", stage="star-1", published=True, by=curator)
    first = client.get(url(), {"sort": "title"})
    assert len(titles(first)) == 12
    assert 'href="/en/regionale-2025/?sort=title&amp;page=2"' in first.text
    second = client.get(url(), {"sort": "title", "page": "2"})
    assert titles(second) == ["Projekt 12", "Projekt 13"]
    beyond = client.get(url(), {"page": "7"})
    assert len(titles(beyond)) == 2
    assert "there is no page 7; showing page 2" in " ".join(notes(beyond))


def test_it_redirects_the_form_without_javascript_to_a_tidy_address(client, projects):
    response = client.get(url(), {"q": "", "stage": "star-1", "sort": "stage"})
    assert response.status_code == 302
    assert response["Location"] == url() + "?stage=star-1"


def test_htmx_gets_the_results_part_and_the_cleaned_address(client, projects):
    response = client.get(url(), {"stage": "star-1", "q": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="projects"' in response.text
    assert response["HX-Push-Url"] == url() + "?stage=star-1"


# --- queries ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_portfolio_needs_a_fixed_number_of_queries(client, curator, count, django_assert_num_queries):
    sponsor = make_organisation("Sauerland Sensorik GmbH", status="published")
    for number in range(count):
        project = make_project(
            f"Projekt {number}",
            stage=["star-1", "star-2", "star-3"][number % 3],
            published=True,
            by=curator,
            municipalities=["Olpe", "Siegen", "Eslohe"][: 1 + number % 3],
            lead_sponsor=sponsor,
            dna_digital=True,
        )
        if number % 2:
            Project.objects.filter(pk=project.pk).update(featured=True)
    filtered = "?stage=star-1&stage=star-2&district=kreis-olpe&handlungsfeld=raum&dna=digital&q=projekt"
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url() + filtered)
    assert response.context["portfolio"].total > 0
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(url() + "?municipality=olpe&page=2")
