from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation

from companies.models import Invitation, Membership, Municipality, Organisation, Report, Topic
from portal.lib.text import german_slugify
from tests.conftest import make_organisation


def refused(**changes):
    """True when the database refuses to store the organisation with these values."""
    try:
        with transaction.atomic():
            make_organisation(name="Probe", **changes)
    except IntegrityError:
        return True
    return False


def test_the_gazetteer_holds_the_59_municipalities_of_suedwestfalen_and_dortmund(db):
    per_district = dict(Municipality.objects.values_list("district").annotate(n=Count("id")))
    assert per_district == {
        "hochsauerlandkreis": 12,
        "maerkischer-kreis": 15,
        "kreis-olpe": 7,
        "kreis-siegen-wittgenstein": 11,
        "kreis-soest": 14,
        "dortmund": 1,
    }
    assert Municipality.objects.filter(region="suedwestfalen").count() == 59
    assert Municipality.objects.get(name="Lüdenscheid").slug == "luedenscheid"


def test_two_municipalities_have_no_coordinates_and_distances_cope(db):
    assert set(Municipality.objects.filter(latitude__isnull=True).values_list("name", flat=True)) == {
        "Ense",
        "Lippetal",
    }
    arnsberg, dortmund, ense = (Municipality.objects.get(name=n) for n in ["Arnsberg", "Dortmund", "Ense"])
    assert 40 < arnsberg.distance_km(dortmund) < 50
    assert arnsberg.distance_km(arnsberg) == 0
    assert ense.distance_km(dortmund) is None and dortmund.distance_km(ense) is None


def test_the_region_follows_the_district(db):
    with pytest.raises(IntegrityError):
        Municipality.objects.create(name="Nirgendwo", slug="nirgendwo", district="kreis-olpe", region="dortmund")


def test_coordinates_come_in_pairs(db):
    with pytest.raises(IntegrityError):
        Municipality.objects.create(
            name="Halb", slug="halb", district="kreis-olpe", region="suedwestfalen", latitude=51
        )


def test_topics_carry_both_languages_and_synonyms(db):
    topic = Topic.objects.get(slug="ai")
    with translation.override("de"):
        assert topic.name == "KI und maschinelles Lernen"
    with translation.override("en"):
        assert topic.name == "AI and machine learning"
    assert "Künstliche Intelligenz" in topic.synonyms_de
    assert Topic.objects.count() == 14


def test_german_slugs_spell_out_umlauts():
    assert german_slugify("Müller & Söhne Straßenbau") == "mueller-soehne-strassenbau"


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "bakery"},
        {"status": "secret"},
        {"size_band": "5"},
        {"kind": "firm", "stage": "seed"},
        {"status": "hidden"},
        {"founded": 3000},
        {"kind": "startup", "team_size": 0},
    ],
)
def test_the_database_refuses_invalid_organisations(db, changes):
    assert refused(**changes)


def test_the_database_accepts_valid_variants(db):
    assert not refused(kind="startup", stage="seed", team_size=3)
    assert not refused(status="hidden", hidden_reason="Spam", slug="probe-2")


def test_a_person_is_member_of_an_organisation_once(organisation, alice):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=alice, organisation=organisation, role="editor")


def test_one_open_invitation_per_address_whatever_its_case(organisation):
    Invitation.objects.create(organisation=organisation, email="dora@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(organisation=organisation, email="DORA@example.org")
    Invitation.objects.filter(email="dora@example.org").update(accepted_at=timezone.now())
    Invitation.objects.create(organisation=organisation, email="dora@example.org")  # a new one after acceptance


def test_reports_need_a_known_reason(organisation):
    with pytest.raises(IntegrityError):
        Report.objects.create(organisation=organisation, reason="boring")


def test_a_profile_nobody_updated_for_twelve_months_is_stale(organisation):
    assert not organisation.is_stale
    organisation.content_updated = timezone.now() - timedelta(days=366)
    assert organisation.is_stale


def test_published_and_managed_by(organisation, alice, bob, charlie):
    draft = make_organisation(name="Entwurf GmbH", owner=charlie)
    assert list(Organisation.objects.published()) == [organisation]
    assert list(Organisation.objects.managed_by(bob)) == [organisation]
    assert list(Organisation.objects.managed_by(charlie)) == [draft]
