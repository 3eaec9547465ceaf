"""The directory's facet "Needs and offers": organisations with current public needs or offers."""

import pytest

from companies.models import Organisation
from tests.companies.helpers import url
from tests.conftest import make_organisation

from .conftest import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(organisation, startup):
    """organisation (alice's firm) has an open need; the start-up an offer and an anonymous need; a third has a
    closed need and a members-only offer, and so counts for neither."""
    make_entry(organisation, "need")
    make_entry(startup, "offer", title="KI-Qualitätsprüfung")
    make_entry(startup, "need", title="Geheim", visibility="anonymous")
    quiet = make_organisation("Stille Werke", municipality="Olpe", status="published")
    make_entry(quiet, "need", title="Erledigt", status="closed")
    make_entry(quiet, "offer", title="Nur für Mitglieder", visibility="members")
    return Organisation.objects.published()


def names(response):
    return [organisation.name for organisation in response.context["page"].object_list]


def test_it_counts_organisations_with_public_needs_and_offers(client, organisations):
    response = client.get(url("companies:directory"))
    options = {option.value: option.count for option in response.context["facets"]["has"].options}
    assert options == {"needs": 1, "offers": 1}


def test_it_filters_by_needs_and_by_offers(client, organisations):
    assert names(client.get(url("companies:directory") + "?has=needs")) == ["Sauerland Sensorik GmbH"]
    assert names(client.get(url("companies:directory") + "?has=offers")) == ["Ruhrlogik GmbH"]
    both = names(client.get(url("companies:directory") + "?has=needs&has=offers"))
    assert sorted(both) == ["Ruhrlogik GmbH", "Sauerland Sensorik GmbH"]  # any of the ticked choices


def test_the_counts_follow_the_other_filters(client, organisations):
    response = client.get(url("companies:directory") + "?kind=startup")
    options = {option.value: option.count for option in response.context["facets"]["has"].options}
    assert options == {"needs": 0, "offers": 1}


def test_an_unknown_value_is_noted_and_ignored(client, organisations):
    response = client.get(url("companies:directory") + "?has=contracts")
    assert response.status_code == 200
    assert len(names(response)) == 3
    assert any("contracts" in note for note in response.context["directory"].notes)
