"""The directory page: facets with counts, search, distance, pagination, notes about ignored values, links."""

import pytest
from django.db import connection
from django.utils import timezone

from companies.models import Municipality, Topic
from tests.companies.helpers import url
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="full-text and trigram search exist on PostgreSQL only"
)


def published(name, topics=(), keywords=(), **fields):
    fields.setdefault("status", "published")
    fields.setdefault("published_at", timezone.now())
    organisation = make_organisation(name, **fields)
    if topics:
        organisation.topics.set(Topic.objects.filter(slug__in=topics))
    if keywords:
        organisation.keywords.set(list(keywords))
    return organisation


@pytest.fixture
def region():
    """Six organisations across three districts, with topics and keywords, plus a draft and a hidden one."""
    return {
        "sensorik": published(
            "Sauerland Sensorik GmbH", municipality="Arnsberg", size_band="10-49", topics=["iot-industrie-40", "ai"]
        ),
        "logistik": published(
            "Olper Logistik AG",
            municipality="Olpe",
            size_band="250-999",
            topics=["logistics"],
            keywords=["OPC UA", "Hochregallager"],
        ),
        "kunststoff": published("Attendorner Kunststoff KG", municipality="Attendorn", topics=["logistics", "ai"]),
        "start": published(
            "Siegener Datenwerk", kind="startup", stage="seed", municipality="Siegen", topics=["ai"], keywords=["KI"]
        ),
        "uni": published("Universität Siegen", kind="university", municipality="Siegen", topics=["ai"]),
        "ense": published("Enser Werkzeugbau", municipality="Ense", topics=["robotics-automation"]),
        "draft": make_organisation("Entwurf GmbH", municipality="Olpe"),
        "hidden": make_organisation("Versteckt GmbH", municipality="Olpe", status="hidden", hidden_reason="Spam"),
    }


def get(client, **params):
    response = client.get(url("companies:directory"), params)
    assert response.status_code == 200
    return response


def names(response):
    return [organisation.name for organisation in response.context["page"].object_list]


def counts(response, facet):
    return {option.value: option.count for option in response.context["facets"][facet].options if option.count}


def test_lists_published_organisations_only(client, region):
    response = get(client)
    assert sorted(names(response)) == sorted(
        organisation.name for key, organisation in region.items() if key not in ("draft", "hidden")
    )
    assert "Entwurf GmbH" not in response.content.decode()


def test_german_url_and_navigation_link(client, region):
    response = client.get("/verzeichnis/")
    assert response.status_code == 200
    assert 'href="/verzeichnis/" aria-current="page"' in response.content.decode()


def test_facet_counts_say_what_each_choice_would_give(client, region):
    response = get(client)
    assert counts(response, "kind") == {"firm": 4, "startup": 1, "university": 1}
    assert counts(response, "district") == {
        "hochsauerlandkreis": 1,
        "kreis-olpe": 2,
        "kreis-siegen-wittgenstein": 2,
        "kreis-soest": 1,
    }
    assert counts(response, "topic") == {"iot-industrie-40": 1, "ai": 4, "logistics": 2, "robotics-automation": 1}
    assert counts(response, "keyword") == {"OPC UA": 1, "Hochregallager": 1, "KI": 1}

    # A chosen district narrows the other facets, but its own facet still counts the other districts (or-choices).
    response = get(client, district="kreis-olpe")
    assert sorted(names(response)) == ["Attendorner Kunststoff KG", "Olper Logistik AG"]
    assert counts(response, "district")["kreis-siegen-wittgenstein"] == 2
    assert counts(response, "topic") == {"logistics": 2, "ai": 1}
    assert counts(response, "kind") == {"firm": 2}
    assert counts(response, "municipality") == {"olpe": 1, "attendorn": 1}


def test_several_choices_in_one_facet_mean_any_and_facets_combine(client, region):
    response = get(client, district=["kreis-olpe", "kreis-siegen-wittgenstein"], topic="ai")
    assert sorted(names(response)) == ["Attendorner Kunststoff KG", "Siegener Datenwerk", "Universität Siegen"]
    response = get(client, topic=["logistics", "robotics-automation"], kind="firm")
    assert sorted(names(response)) == ["Attendorner Kunststoff KG", "Enser Werkzeugbau", "Olper Logistik AG"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "startup"}, ["Siegener Datenwerk"]),
        ({"municipality": "siegen"}, ["Siegener Datenwerk", "Universität Siegen"]),
        ({"size": "250-999"}, ["Olper Logistik AG"]),
        ({"stage": "seed"}, ["Siegener Datenwerk"]),
        ({"keyword": "opc ua"}, ["Olper Logistik AG"]),
        ({"keyword": ["OPC UA", "KI"]}, ["Olper Logistik AG", "Siegener Datenwerk"]),
    ],
)
def test_each_facet_filters(client, region, params, expected):
    assert sorted(names(get(client, **params))) == expected


def test_distance_from_a_place(client, region):
    # Siegen–Olpe ≈ 20 km, Siegen–Attendorn ≈ 28 km, Siegen–Arnsberg ≈ 70 km; Ense has no coordinates.
    response = get(client, near="siegen", radius="25")
    assert sorted(names(response)) == ["Olper Logistik AG", "Siegener Datenwerk", "Universität Siegen"]
    radius = {option.value: option.count for option in response.context["radius_options"]}
    assert radius == {"10": 2, "25": 3, "50": 4, "100": 5}  # Ense is never within any distance

    response = get(client, near="siegen", sort="distance")
    assert names(response)[:3] == ["Siegener Datenwerk", "Universität Siegen", "Olper Logistik AG"]
    assert names(response)[-1] == "Enser Werkzeugbau"  # places without coordinates come last
    assert "km" in response.content.decode()


def test_distance_from_a_place_without_coordinates_is_ignored_with_a_note(client, region):
    assert not Municipality.objects.get(slug="ense").has_coordinates
    response = get(client, near="ense", radius="10")
    assert len(names(response)) == 6
    assert any("no map position is known for Ense" in note for note in response.context["directory"].notes)


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"radius": "-5"}, "Distance: the value “-5” is not valid"),
        ({"radius": "25"}, "choose a place to measure from"),
        ({"district": "atlantis"}, "the unknown value “atlantis” was ignored"),
        ({"sort": "distance"}, "sorted by relevance instead"),
        ({"page": "abc"}, "“abc” is not a page number"),
        ({"page": str(10**9)}, "there is no page 1000000000; showing page 1"),
        ({"q": "a" * 10_000}, "shortened to 200 characters"),
        ({"q": "sensor\x00ik\x07"}, "control characters were removed"),
    ],
)
def test_bad_values_give_a_normal_page_with_a_note(client, region, params, fragment):
    response = get(client, **params)
    notes = response.context["directory"].notes
    assert any(fragment in note for note in notes), notes
    assert "data-directory-notes" in response.content.decode()


def test_an_unknown_value_is_dropped_but_the_known_ones_still_filter(client, region):
    response = get(client, kind=["startup", "spaceship"])
    assert names(response) == ["Siegener Datenwerk"]
    response = get(client, topic=["ai"] + [f"topic-{number}" for number in range(5000)])
    assert len(names(response)) == 4
    notes = response.context["directory"].notes
    assert any("only the first 1000 were read" in note for note in notes), notes
    assert any("unknown values" in note for note in notes), notes


def test_unknown_parameters_are_ignored_quietly(client, region):
    response = get(client, utm_source="newsletter", foo="bar")
    assert len(names(response)) == 6
    assert response.context["directory"].notes == []


def test_pagination_edges(client):
    for number in range(25):
        published(f"Firma {number:02d}")
    first = get(client, sort="name")
    assert len(first.context["page"].object_list) == 24
    assert 'rel="next"' in first.content.decode()
    last = get(client, sort="name", page="2")
    assert names(last) == ["Firma 24"]
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()
    beyond = get(client, sort="name", page="3")
    assert names(beyond) == ["Firma 24"]
    assert any("there is no page 3; showing page 2" in note for note in beyond.context["directory"].notes)
    assert names(get(client, sort="name", page="0"))[0] == "Firma 00"  # below the first page: the first


def test_sorting(client, region):
    assert names(get(client, sort="name"))[0] == "Attendorner Kunststoff KG"
    newest = published("Neue Firma", municipality="Olpe")
    assert names(get(client, sort="newest"))[0] == newest.name


def test_search_fallback_finds_substrings_case_insensitively(client, region):
    response = get(client, q="LOGISTIK")
    assert names(response) == ["Olper Logistik AG", "Attendorner Kunststoff KG"]  # name first, then the topic
    assert "<mark>Logistik</mark>" in response.content.decode()


def test_search_covers_topics_with_synonyms_and_keywords(client, region):
    # "Künstliche Intelligenz" is the AI topic's German label; "machine learning" one of its English synonyms.
    assert len(names(get(client, q="machine learning"))) == 4
    assert names(get(client, q="hochregal")) == ["Olper Logistik AG"]


def test_no_result_suggests_a_spelling_and_removing_a_filter(client, region):
    response = get(client, q="Logistk Sensorik", district="kreis-olpe")
    assert response.context["page"].paginator.count == 0
    assert response.context["suggestion"].lower() == "logistik sensorik"
    assert "q=" in response.context["suggestion_url"]

    response = get(client, q="Sensorik", district="kreis-olpe")
    relaxations = response.context["relaxations"]
    assert [(str(label), count) for label, count, _link in relaxations] == [("District", 1), ("Search term", 2)]
    content = response.content.decode()
    assert "Without “District”: 1 result" in content


def test_cards_show_kind_place_pitch_and_topics(client, region):
    region["logistik"].pitch = "Lager & Transport <schnell>"
    region["logistik"].save()
    content = get(client, district="kreis-olpe").content.decode()
    assert "Olpe (Kreis Olpe)" in content
    assert "Lager &amp; Transport &lt;schnell&gt;" in content
    assert "Logistics and supply chain" in content


def test_htmx_gets_the_filters_and_results_only(client, region):
    response = client.get(url("companies:directory"), {"district": "kreis-olpe"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="directory"')
    assert "<html" not in content
    assert "Olper Logistik AG" in content
    assert response["HX-Push-Url"] == f"{url('companies:directory')}?district=kreis-olpe"  # cleaned of empty fields


def test_the_form_sent_without_javascript_lands_on_the_tidy_address(client, region):
    params = {"q": "", "kind": "firm", "keyword": "", "near": "", "radius": "", "sort": "name"}
    response = client.get(url("companies:directory"), params)
    assert response.status_code == 302
    assert response["Location"] == f"{url('companies:directory')}?kind=firm&sort=name"


def test_htmx_pushes_the_cleaned_address(client, region):
    params = {"q": "", "kind": "firm", "keyword": "", "near": "", "radius": "", "sort": "name", "page": "1"}
    response = client.get(url("companies:directory"), params, headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == f"{url('companies:directory')}?kind=firm&sort=name"


def test_map_shows_the_results_by_place_with_links(client, region):
    content = get(client, district="kreis-olpe").content.decode()
    assert "?district=kreis-olpe&amp;municipality=olpe" in content


def test_download_links_carry_the_filters(client, region):
    content = get(client, district="kreis-olpe", q="logistik").content.decode()
    assert f"{url('companies:export_csv')}?q=logistik&amp;district=kreis-olpe" in content


def test_profile_links_back_to_the_filtered_directory(client, region):
    organisation = region["logistik"]
    directory = url("companies:directory")
    response = client.get(
        url("companies:detail", organisation.slug), headers={"referer": f"http://testserver{directory}?q=olpe"}
    )
    content = response.content.decode()
    assert f'href="{directory}?q=olpe"' in content  # back to the results
    assert f"{directory}?topic=logistics" in content
    assert f"{directory}?municipality=olpe" in content
    assert f"{directory}?district=kreis-olpe" in content
    assert f"{directory}?keyword=OPC%20UA" in content
    elsewhere = client.get(url("companies:detail", organisation.slug), headers={"referer": "https://evil.example/x"})
    assert "Back to the results" not in elsewhere.content.decode()


def test_search_document_follows_edits_of_topics_and_keywords(client, region):
    organisation = region["ense"]
    assert "Robotik" in organisation.__class__.objects.get(pk=organisation.pk).search_document
    organisation.keywords.add("Laserschweißen")
    organisation.topics.add(Topic.objects.get(slug="it-security"))
    document = organisation.__class__.objects.get(pk=organisation.pk).search_document
    assert "Laserschweißen" in document and "IT-Sicherheit" in document
    topic = Topic.objects.get(slug="robotics-automation")
    topic.synonyms_de = "Cobot, Schweißroboter"
    topic.save()
    assert "Schweißroboter" in organisation.__class__.objects.get(pk=organisation.pk).search_document
    assert names(get(client, q="Schweißroboter")) == ["Enser Werkzeugbau"]


# --- PostgreSQL: German full-text search and trigram similarity ------------------------------------------


@pytest.fixture
def texts():
    return [
        published("Unternehmensberatung Hellweg", municipality="Soest", pitch="Beratung für Unternehmen"),
        published("Metallbau Lenne", municipality="Plettenberg", description="Ein Unternehmen der Metallbranche."),
        published(
            "Sauerland Digital",
            municipality="Meschede",
            pitch="Prozessdigitalisierung für den Mittelstand",
        ),
        published("Universität Siegen", kind="university", municipality="Siegen"),
        published("Technische Universität Dortmund", kind="university", municipality="Dortmund"),
        published("Bäckerei Kruse", municipality="Olpe", pitch="Brot und Brötchen"),
    ]


@postgresql_only
def test_stemming_finds_other_word_forms_and_ranks_names_first(client, texts):
    response = get(client, q="Unternehmens")
    assert names(response) == ["Unternehmensberatung Hellweg", "Metallbau Lenne"]


@postgresql_only
def test_typos_are_forgiven(client, texts):
    response = get(client, q="Univeristät")
    assert set(names(response)[:2]) == {"Universität Siegen", "Technische Universität Dortmund"}
    assert "<mark>Universität</mark>" in response.content.decode()


@postgresql_only
def test_parts_of_compounds_are_found_and_highlighted(client, texts):
    response = get(client, q="digitalisierung")
    assert names(response) == ["Sauerland Digital"]
    assert "<mark>Prozessdigitalisierung</mark>" in response.content.decode()


@postgresql_only
def test_short_words_do_not_match_by_trigrams(client, texts):
    assert names(get(client, q="Bro")) == []


@postgresql_only
def test_the_search_uses_the_indexes(texts):
    from companies.models import Organisation
    from companies.search import search

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # the tiny test table would be scanned otherwise
    matches, _rank = search(Organisation.objects.all(), "Unternehmens")
    plan = matches.explain()
    assert "companies_searchterm_lex_idx" in plan
    with connection.cursor() as cursor:  # the vocabulary's trigram index, for typos and parts of compounds
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'companies_searchword_trgm_idx'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]


@postgresql_only
def test_the_trigger_keeps_the_vector_current(texts):
    from companies.models import Organisation

    bakery = texts[-1]
    Organisation.objects.filter(pk=bakery.pk).update(name="Konditorei Kruse")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM companies_organisation WHERE id = %s", [bakery.pk])
        assert "'konditorei':1A" in cursor.fetchone()[0]
