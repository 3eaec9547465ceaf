"""The Atom feed of new needs."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.matching.conftest import make_entry

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client):
    with translation.override("en"):
        response = client.get(reverse("matching:needs_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response, ET.fromstring(response.content)


def entries(root):
    return {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}


def test_it_lists_current_public_and_anonymous_needs_only(client, organisation):
    make_entry(organisation, title="Öffentlicher Bedarf")
    make_entry(organisation, title="Anonymer Bedarf", visibility="anonymous")
    make_entry(organisation, title="Mitgliederbedarf", visibility="members")
    make_entry(organisation, title="Geschlossener Bedarf", status="closed")
    make_entry(organisation, title="Abgelaufener Bedarf", expires_on=timezone.localdate() - timedelta(days=1))
    make_entry(organisation, side="offer", title="Ein Angebot")
    _response, root = feed(client)
    assert root.tag == f"{ATOM}feed"
    assert set(entries(root)) == {"Öffentlicher Bedarf", "Anonymer Bedarf"}


def test_an_entry_has_an_absolute_link_a_short_summary_and_a_date(client, organisation):
    need = make_entry(organisation, title="Langer Bedarf", description="Wort " * 200, topics=["ai"])
    _response, root = feed(client)
    entry = entries(root)["Langer Bedarf"]
    with translation.override("en"):
        assert entry.find(f"{ATOM}link").get("href") == settings.SITE_URL + need.get_absolute_url()
    summary = entry.findtext(f"{ATOM}summary")
    assert summary.startswith("Wort Wort") and len(summary) <= 300
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Sauerland Sensorik GmbH"
    terms = [category.get("term") for category in entry.iter(f"{ATOM}category")]
    assert terms[0] == "Technology" and len(terms) == 2  # the type and the topic


def test_an_anonymous_need_does_not_name_its_organisation(client, organisation):
    make_entry(organisation, title="Anonymer Bedarf", visibility="anonymous")
    response, root = feed(client)
    entry = entries(root)["Anonymer Bedarf"]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "An organisation in the Hochsauerlandkreis"
    assert b"Sauerland Sensorik" not in response.content and b"Arnsberg" not in response.content


def test_it_holds_the_fifty_newest(client, organisation):
    for number in range(52):
        need = make_entry(organisation, title=f"Bedarf {number}")
        need.created = timezone.now() - timedelta(hours=100 - number)
        need.save(update_fields=["created"])
    _response, root = feed(client)
    titles = list(entries(root))
    assert len(titles) == 50
    assert titles[0] == "Bedarf 51" and "Bedarf 0" not in titles and "Bedarf 1" not in titles
