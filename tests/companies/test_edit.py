from datetime import timedelta

import pytest
from django.utils import timezone

from companies.forms import OrganisationForm, normalise_keyword
from companies.models import Department, Municipality, Topic
from tests.companies.helpers import url
from tests.conftest import make_organisation


def edit_url(organisation):
    return url("companies:edit", organisation.slug)


def valid_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "pitch": organisation.pitch,
        "municipality": organisation.municipality_id,
        "description": "",
        "keywords": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 404)])
def test_it_lets_owners_and_editors_edit_and_nobody_else(client, request, organisation, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(organisation)).status_code == status
    assert client.post(edit_url(organisation), valid_data(organisation)).status_code in {status, 302}


def test_it_sends_visitors_to_the_log_in(client, organisation):
    response = client.get(edit_url(organisation))
    assert response.status_code == 302
    assert "/login/" in response.url and "next=" in response.url


def test_it_hides_a_draft_edit_page_from_outsiders(client, charlie, organisation):
    organisation.status = "draft"
    organisation.save()
    client.force_login(charlie)
    assert client.get(edit_url(organisation)).status_code == 404


def test_it_saves_the_profile_and_sets_last_updated(client, bob, organisation):
    organisation.content_updated = timezone.now() - timedelta(days=400)
    organisation.save()
    client.force_login(bob)
    ai = Topic.objects.get(slug="ai")
    data = valid_data(
        organisation,
        pitch="Neue Sensoren",
        topics=[ai.pk],
        languages=["de", "pl"],
        keywords="  OPC   UA, opc ua,Predictive Maintenance ",
        municipality=Municipality.objects.get(name="Meschede").pk,
    )
    response = client.post(edit_url(organisation), data)
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    organisation.refresh_from_db()
    assert organisation.pitch == "Neue Sensoren"
    assert list(organisation.topics.all()) == [ai]
    assert organisation.languages == ["de", "pl"]
    assert sorted(organisation.keywords.names()) == ["opc ua", "predictive maintenance"]
    assert organisation.municipality.name == "Meschede"
    assert not organisation.is_stale


def test_it_shows_the_error_summary_and_keeps_the_input(client, alice, organisation):
    client.force_login(alice)
    response = client.post(edit_url(organisation), valid_data(organisation, name="", pitch="Behalten"))
    assert response.status_code == 200
    assert "data-error-summary" in response.text
    assert 'href="#id_name"' in response.text
    assert "Behalten" in response.text


def test_it_refuses_languages_that_are_not_on_the_list(client, alice, organisation):
    client.force_login(alice)
    response = client.post(edit_url(organisation), valid_data(organisation, languages=["de", "klingon"]))
    assert response.status_code == 200
    assert "klingon" in response.context["form"].errors["languages"][0]


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ("  OPC   UA  ", ["opc ua"]),
        ("KI, ki, Ki ", ["ki"]),
        ("a\x00b, c\td\ne, \x07bell", ["a b", "c d e", "bell"]),  # control characters become spaces
        ("tab\there, new\nline, \x1bescape", ["tab here", "new line", "escape"]),
        ("," * 500, []),
        ("", []),
    ],
)
def test_it_normalises_keywords(organisation, text, keywords):
    form = OrganisationForm(valid_data(organisation, keywords=text), instance=organisation)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["keywords"] == keywords


def test_normalise_keyword_collapses_whitespace_and_control_characters():
    assert normalise_keyword(" Industrie\u00a0\u00a04.0\x0b ") == "industrie 4.0"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 51, "at most 50 characters"),
        (", ".join(f"k{n}" for n in range(21)), "At most 20 keywords"),
        ("x" * 10_000, "too long"),
        (", ".join(["wort"] * 3000), "too long"),
    ],
)
def test_it_explains_too_long_and_too_many_keywords(client, alice, organisation, text, message):
    client.force_login(alice)
    response = client.post(edit_url(organisation), valid_data(organisation, keywords=text))
    assert response.status_code == 200
    assert message in response.context["form"].errors["keywords"][0]
    assert "data-error-summary" in response.text


def test_twenty_keywords_of_fifty_characters_are_fine(organisation):
    text = ", ".join(f"{n:02d}" + "x" * 48 for n in range(20))
    form = OrganisationForm(valid_data(organisation, keywords=text), instance=organisation)
    assert form.is_valid(), form.errors


def test_it_shows_the_current_keywords_in_the_field(client, alice, organisation):
    organisation.keywords.add("opc ua", "edge")
    client.force_login(alice)
    assert 'value="edge, opc ua"' in client.get(edit_url(organisation)).text


def test_it_shows_start_up_fields_only_to_start_ups_and_transfer_fields_only_to_research(alice):
    firm = make_organisation("Firma", owner=alice)
    startup = make_organisation("Gründung", kind="startup", owner=alice)
    institute = make_organisation("Institut", kind="institute", owner=alice)
    assert {"stage", "looking_for", "transfer_email"}.isdisjoint(OrganisationForm(instance=firm).fields)
    assert {"stage", "team_size", "spin_off_of", "looking_for"} <= set(OrganisationForm(instance=startup).fields)
    assert "transfer_email" not in OrganisationForm(instance=startup).fields
    assert {"transfer_email", "transfer_url"} <= set(OrganisationForm(instance=institute).fields)
    assert "stage" not in OrganisationForm(instance=institute).fields


def test_it_saves_what_a_start_up_looks_for(client, alice):
    startup = make_organisation("Gründung", kind="startup", owner=alice)
    client.force_login(alice)
    data = valid_data(startup, stage="seed", team_size=3, looking_for=["investment", "talent"])
    assert client.post(edit_url(startup), data).status_code == 302
    startup.refresh_from_db()
    assert (startup.stage, startup.looking_for) == ("seed", ["investment", "talent"])


def test_completeness_counts_weighted_fields_and_lists_what_is_missing(organisation):
    percent, missing = organisation.completeness()
    assert percent == 15  # only the pitch (15 of 100)
    assert [name for name, _label in missing][:2] == ["description", "topics"]
    organisation.description = "Beschreibung"
    organisation.save()
    organisation.topics.add(Topic.objects.first())
    percent, missing = organisation.completeness()
    assert percent == 50
    assert "topics" not in [name for name, _label in missing]


def test_the_edit_page_shows_completeness_with_links_to_the_fields(client, alice, organisation):
    client.force_login(alice)
    text = client.get(edit_url(organisation)).text
    assert "The profile is 15 % complete" in text
    assert 'href="#id_description"' in text
    assert 'href="#id_topics_0"' in text


def test_control_characters_and_huge_input_through_the_client_never_fail(client, alice, organisation):
    client.force_login(alice)
    data = valid_data(organisation, keywords="null\x00byte, bell\x07, " + "ä" * 30, pitch="ok")
    assert client.post(edit_url(organisation), data).status_code == 302
    assert sorted(organisation.keywords.names()) == ["bell", "null byte", "ä" * 30]
    assert client.post(edit_url(organisation), valid_data(organisation, keywords="," * 500)).status_code == 302
    assert not organisation.keywords.exists()


def department_data(university, rows):
    data = {
        "departments-TOTAL_FORMS": len(rows),
        "departments-INITIAL_FORMS": sum(1 for row in rows if row.get("id")),
        "departments-MIN_NUM_FORMS": 0,
        "departments-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"departments-{index}-{key}": value for key, value in row.items()})
    return valid_data(university, **data)


def test_a_university_edits_its_departments(client, alice):
    university = make_organisation("Universität Siegen", kind="university", municipality="Siegen", owner=alice)
    old = Department.objects.create(organisation=university, name="Alt")
    client.force_login(alice)
    assert 'id="departments"' in client.get(edit_url(university)).text
    rows = [
        {"id": old.pk, "name": "Alt", "position": 0, "DELETE": "on"},
        {"name": "Lehrstuhl Produktion", "competences": "Robotik", "position": 1},
    ]
    response = client.post(edit_url(university), department_data(university, rows))
    assert response.status_code == 302
    assert list(university.departments.values_list("name", "competences")) == [("Lehrstuhl Produktion", "Robotik")]


def test_department_errors_reach_the_error_summary(client, alice):
    institute = make_organisation("Institut", kind="institute", municipality="Dortmund", owner=alice)
    client.force_login(alice)
    rows = [{"name": "", "competences": "ohne Namen", "position": 0}]
    response = client.post(edit_url(institute), department_data(institute, rows))
    assert response.status_code == 200
    assert "Please check the departments." in response.text
    assert not institute.departments.exists()


def test_a_firm_has_no_departments(client, alice, organisation):
    client.force_login(alice)
    assert 'id="departments"' not in client.get(edit_url(organisation)).text
    assert client.post(edit_url(organisation), valid_data(organisation)).status_code == 302
