from datetime import timedelta

import pytest
from django.utils import timezone

from companies import sections
from companies.models import Department, Industry, Membership, Topic
from tests.companies.helpers import url
from tests.conftest import make_organisation


def detail_url(organisation):
    return url("companies:detail", organisation.slug)


@pytest.mark.parametrize("who", ["anonymous", "alice", "bob", "charlie"])
def test_it_shows_a_published_profile_to_everyone(client, request, organisation, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(detail_url(organisation))
    assert response.status_code == 200
    assert "Sauerland Sensorik GmbH" in response.text


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("charlie", 404), ("alice", 200), ("bob", 200)])
def test_it_shows_a_draft_only_to_its_members(client, request, organisation, who, status):
    organisation.status = "draft"
    organisation.save()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(detail_url(organisation))
    assert response.status_code == status
    if status == 200:
        assert "This profile is a draft" in response.text


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("charlie", 404), ("alice", 200), ("bob", 200)])
def test_it_shows_a_hidden_profile_with_the_reason_only_to_members(client, request, organisation, who, status):
    organisation.hide("Angaben zum Firmensitz sind falsch.")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(detail_url(organisation))
    assert response.status_code == status
    if status == 200:
        assert "Angaben zum Firmensitz sind falsch." in response.text


def test_it_shows_the_facts_topics_keywords_and_industries(client, organisation):
    organisation.description = "Wir bauen Sensoren.\n\n<script>alert(1)</script>"
    organisation.founded = 1998
    organisation.size_band = "50-249"
    organisation.languages = ["de", "en"]
    organisation.website = "https://sensorik.example"
    organisation.public_email = "info@sensorik.example"
    organisation.save()
    organisation.topics.add(Topic.objects.get(slug="ai"))
    organisation.industries.add(Industry.objects.get(code="C"))
    organisation.keywords.add("opc ua")

    text = client.get(detail_url(organisation)).text

    for expected in ["Sensoren für die Industrie 4.0", "Hochsauerlandkreis", "Südwestfalen", "1998", "50–249",
                     "German, English", "https://sensorik.example", "info@sensorik.example",
                     "AI and machine learning", "opc ua", "<p>Wir bauen Sensoren.</p>"]:  # fmt: skip
        assert expected in text, expected
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text
    assert "locator-map__here" in text


def test_it_shows_start_up_facts_with_a_link_to_the_university(client, alice):
    university = make_organisation("Technische Universität Dortmund", kind="university", municipality="Dortmund",
                                   status="published")  # fmt: skip
    startup = make_organisation("Lernende Lager", kind="startup", municipality="Dortmund", status="published",
                                stage="seed", team_size=4, spin_off_of=university,
                                looking_for=["pilot-customers"])  # fmt: skip
    text = client.get(detail_url(startup)).text
    assert "Seed" in text
    assert f'href="{university.get_absolute_url()}"' in text
    assert "Pilot customers" in text


def test_it_shows_the_transfer_office_and_departments_of_a_university(client, db):
    university = make_organisation("Universität Siegen", kind="university", municipality="Siegen",
                                   status="published", transfer_email="transfer@uni-siegen.example")  # fmt: skip
    Department.objects.create(organisation=university, name="Lehrstuhl für Produktion", competences="Robotik")
    text = client.get(detail_url(university)).text
    assert "transfer@uni-siegen.example" in text
    assert "Lehrstuhl für Produktion" in text and "Robotik" in text


def test_it_names_the_place_instead_of_a_map_when_coordinates_are_missing(client, db):
    organisation = make_organisation("Ense Elektro", municipality="Ense", status="published")
    text = client.get(detail_url(organisation)).text
    assert "locator-map__svg" not in text
    assert "Ense" in text and "Kreis Soest" in text


def test_it_marks_a_profile_not_updated_for_a_year_as_stale(client, organisation):
    marker = "Not updated for over 12 months"
    assert marker not in client.get(detail_url(organisation)).text
    organisation.content_updated = timezone.now() - timedelta(days=366)
    organisation.save()
    text = client.get(detail_url(organisation)).text
    assert marker in text
    assert "Last updated" in text


def test_it_shows_members_the_way_to_edit_and_owners_the_members(client, alice, bob, organisation):
    edit, members = url("companies:edit", organisation.slug), url("companies:members", organisation.slug)
    assert edit not in client.get(detail_url(organisation)).text
    client.force_login(bob)
    text = client.get(detail_url(organisation)).text
    assert edit in text and members not in text
    client.force_login(alice)
    assert members in client.get(detail_url(organisation)).text


def test_it_includes_the_sections_feature_apps_register(client, organisation, settings, tmp_path):
    (tmp_path / "feature").mkdir()
    (tmp_path / "feature" / "_block.html").write_text("<section>Bedarfe von {{ organisation.name }}</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    sections.register("feature/_block.html")
    try:
        assert "Bedarfe von Sauerland Sensorik GmbH" in client.get(detail_url(organisation)).text
    finally:
        sections.unregister("feature/_block.html")


def _add_many(organisation, count):
    for topic in Topic.objects.all()[:count]:
        organisation.topics.add(topic)
    organisation.industries.add(*Industry.objects.all()[:count])
    organisation.keywords.add(*[f"stichwort {n}" for n in range(count)])


@pytest.mark.parametrize("count", [1, 10])
def test_its_query_count_does_not_grow_with_topics_and_keywords(client, organisation, count, django_assert_num_queries):
    _add_many(organisation, count)
    Department.objects.create(organisation=organisation, name="Abteilung")
    # organisation with place and spin-off; topics; industries; keywords; departments; the map's places; the
    # needs and offers section (matching); the REGIONALE projects section (regionale)
    with django_assert_num_queries(8):
        assert client.get(detail_url(organisation)).status_code == 200


def test_a_member_costs_one_query_more(client, bob, organisation, django_assert_num_queries):
    client.force_login(bob)
    client.get(detail_url(organisation))  # the session is loaded and the log-in is recorded once
    # session, user, organisation, membership, topics, industries, keywords, departments, places, needs and offers,
    # REGIONALE projects
    with django_assert_num_queries(11):
        client.get(detail_url(organisation))
    assert Membership.objects.filter(user=bob).count() == 1
