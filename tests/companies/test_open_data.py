"""Open data: the CSV and JSON exports, their documentation page, the Atom feed, sitemap.xml and robots.txt."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from companies import opendata
from companies.models import Industry, Kind, Organisation, SizeBand, Stage, Topic
from tests.companies.helpers import url
from tests.conftest import make_organisation

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE = "https://portal.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def firm(alice):
    """A published firm with every exported field, and the contact details that must stay out, filled in."""
    organisation = make_organisation(
        owner=alice,
        status="published",
        pitch="Sensoren für die Industrie 4.0",
        description="Wir entwickeln Sensoren.",
        website="https://sensorik.example",
        public_email="info@sensorik.example",
        public_phone="+49 2931 123456",
        street="Möhnestraße 17",
        founded=1998,
        size_band="50-249",
        published_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),  # 2 March in Germany
        content_updated=datetime(2026, 4, 10, 12, 0, tzinfo=UTC),
    )
    organisation.topics.add(Topic.objects.get(slug="ai"), Topic.objects.get(slug="data-analytics"))
    organisation.industries.add(Industry.objects.get(code="J"), Industry.objects.get(code="C"))
    organisation.keywords.add("predictive maintenance", "opc ua")
    return organisation


@pytest.fixture
def unpublished(db):
    """A draft and a profile hidden by a curator: neither may appear anywhere in the open data."""
    make_organisation("Geheimer Entwurf GmbH", pitch="Noch nicht fertig")
    hidden = make_organisation("Versteckte Verwaltung AG", status="published")
    hidden.hide("Falsche Angaben")


def body(response):
    assert response.status_code == 200
    assert response.streaming, "the exports must stream"
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    text = body(response)
    assert text.startswith("\ufeff"), "the byte order mark lets Excel read UTF-8"
    reader = csv.reader(io.StringIO(text[1:], newline=""))
    header = next(reader)
    assert header == opendata.FIELD_NAMES
    return [dict(zip(header, row, strict=True)) for row in reader]


def json_export(response):
    return json.loads(body(response))


def topic_order(*slugs):
    return [topic.slug for topic in Topic.objects.filter(slug__in=slugs)]  # the vocabulary's own order


# --- CSV ----------------------------------------------------------------------------------------------------


def test_the_csv_export_holds_the_public_fields_of_published_organisations_only(client, firm, unpublished):
    response = client.get(url("companies:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = f"brueckenschlag-organisations-{timezone.localdate().isoformat()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "max-age=300" in response["Cache-Control"]

    rows = csv_rows(response)
    assert [row["name"] for row in rows] == ["Sauerland Sensorik GmbH"]
    topics = topic_order("ai", "data-analytics")
    with translation.override("en"):
        labels = [Topic.objects.get(slug=slug).name for slug in topics]
    assert rows[0] == {
        "slug": "sauerland-sensorik-gmbh",
        "name": "Sauerland Sensorik GmbH",
        "kind": "firm",
        "kind_label": "Firm",
        "url": f"{SITE}/en/organisations/sauerland-sensorik-gmbh/",
        "pitch": "Sensoren für die Industrie 4.0",
        "description": "Wir entwickeln Sensoren.",
        "website": "https://sensorik.example",
        "municipality": "Arnsberg",
        "district": "Hochsauerlandkreis",
        "region": "Südwestfalen",
        "latitude": "51.38333",
        "longitude": "8.08333",
        "topics": " | ".join(topics),
        "topic_labels": " | ".join(labels),
        "keywords": "opc ua | predictive maintenance",
        "industries": "C | J",
        "size_band": "50-249",
        "stage": "",
        "founded": "1998",
        "published": "2026-03-02",
        "updated": "2026-04-10",
    }


def test_the_exports_leave_out_e_mail_phone_and_street(client, firm):
    for name in ("companies:export_csv", "companies:export_json"):
        text = body(client.get(url(name)))
        assert "Sauerland Sensorik" in text
        for detail in ("info@sensorik.example", "2931 123456", "Möhnestraße"):
            assert detail not in text, (name, detail)


def test_the_csv_export_neutralises_formulas_and_keeps_awkward_text_intact(client, firm):
    awkward = 'Größe, "Qualität" und Übermaß;\nzweite Zeile\r\nmit ß'
    formula = '=HYPERLINK("https://evil.example","Klick")'
    make_organisation(formula, slug="formel", status="published", pitch="+49 2761 0", description=awkward)
    firm.keywords.add("@SUMME")
    firm.description = "-1 Fehler"
    firm.save()

    rows = {row["slug"]: row for row in csv_rows(client.get(url("companies:export_csv")))}
    assert rows["formel"]["name"] == "'" + formula
    assert rows["formel"]["pitch"] == "'+49 2761 0"
    assert rows["formel"]["description"] == awkward
    assert rows["sauerland-sensorik-gmbh"]["description"] == "'-1 Fehler"
    assert rows["sauerland-sensorik-gmbh"]["keywords"] == "'@SUMME | opc ua | predictive maintenance"
    assert rows["sauerland-sensorik-gmbh"]["latitude"] == "51.38333"  # numbers are not text: never prefixed


def test_the_csv_export_speaks_the_language_of_the_page(client, firm):
    with translation.override("de"):
        response = client.get(reverse("companies:export_csv"))
    assert "brueckenschlag-organisationen-" in response["Content-Disposition"]
    row = csv_rows(response)[0]
    assert row["url"] == f"{SITE}/organisationen/sauerland-sensorik-gmbh/"
    with translation.override("de"):
        assert row["topic_labels"] == " | ".join(
            Topic.objects.get(slug=s).name for s in topic_order("ai", "data-analytics")
        )


# --- JSON ---------------------------------------------------------------------------------------------------


def test_the_json_export_is_one_document_with_licence_and_typed_values(client, firm, unpublished):
    make_organisation("Ense Energie", municipality="Ense", status="published")  # a place without coordinates
    response = client.get(url("companies:export_json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="brueckenschlag-organisations-')
    assert response["Content-Disposition"].endswith('.json"')

    document = json_export(response)
    assert document["licence"]["id"] == "dl-de/by-2-0"
    assert document["licence"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert "Brückenschlag" in document["licence"]["attribution"]
    assert document["licence"]["coordinates"]["name"] == "CC BY 4.0"
    assert document["source"] == f"{SITE}/en/directory/"
    assert abs(datetime.fromisoformat(document["generated"]) - timezone.now()) < timedelta(minutes=1)
    assert document["ignored"] == []

    organisations = {entry["slug"]: entry for entry in document["organisations"]}
    assert set(organisations) == {"ense-energie", "sauerland-sensorik-gmbh"}
    firm_entry = organisations["sauerland-sensorik-gmbh"]
    assert list(firm_entry) == opendata.FIELD_NAMES
    assert firm_entry["topics"] == topic_order("ai", "data-analytics")
    assert firm_entry["keywords"] == ["opc ua", "predictive maintenance"]
    assert firm_entry["industries"] == ["C", "J"]
    assert (firm_entry["latitude"], firm_entry["longitude"]) == (51.38333, 8.08333)
    assert (firm_entry["founded"], firm_entry["published"], firm_entry["updated"]) == (1998, "2026-03-02", "2026-04-10")
    empty = organisations["ense-energie"]
    assert (empty["latitude"], empty["longitude"], empty["founded"], empty["published"]) == (None, None, None, None)
    assert (empty["topics"], empty["keywords"], empty["pitch"]) == ([], [], "")


def test_the_json_export_of_nothing_is_still_valid(client, db):
    assert json_export(client.get(url("companies:export_json")))["organisations"] == []


# --- both: the directory's result, streamed with a fixed number of queries ------------------------------------


class OnlyIn:
    """Stands in for the directory: filters by ?place= and reports an ignored parameter."""

    seen = None

    def __init__(self, params):
        OnlyIn.seen = params
        self.organisations = Organisation.objects.published().filter(municipality__name=params["place"])
        self.notes = ["The filter “colour” does not exist and was ignored."]


def test_the_exports_hold_exactly_the_directorys_result_for_the_same_query(client, firm, monkeypatch):
    make_organisation("Dortmunder Daten", municipality="Dortmund", status="published")
    monkeypatch.setattr(opendata, "Directory", OnlyIn)

    document = json_export(client.get(url("companies:export_json") + "?place=Dortmund&colour=blue"))
    assert OnlyIn.seen["place"] == "Dortmund"
    assert [entry["name"] for entry in document["organisations"]] == ["Dortmunder Daten"]
    assert document["ignored"] == ["The filter “colour” does not exist and was ignored."]
    assert document["source"] == f"{SITE}/en/directory/?place=Dortmund&colour=blue"

    rows = csv_rows(client.get(url("companies:export_csv") + "?place=Arnsberg"))
    assert [row["name"] for row in rows] == ["Sauerland Sensorik GmbH"]


def make_firms(count, start=0):
    topic, industry = Topic.objects.first(), Industry.objects.first()
    for number in range(start, start + count):
        organisation = make_organisation(f"Firma {number:03}", status="published", published_at=timezone.now())
        organisation.topics.add(topic)
        organisation.industries.add(industry)
        organisation.keywords.add(f"stichwort {number}")


def queries_for(client, address):
    client.get(address)  # once before counting: caches such as the content types fill up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("name", ["companies:export_csv", "companies:export_json"])
def test_the_exports_need_the_same_queries_for_3_or_30_organisations(client, db, name):
    make_firms(3)
    few = queries_for(client, url(name))
    make_firms(27, start=3)
    assert queries_for(client, url(name)) == few
    assert len(csv_rows(client.get(url("companies:export_csv")))) == 30


@pytest.mark.parametrize("name", ["companies:export_csv", "companies:export_json"])
def test_the_exports_fetch_a_chunk_at_a_time_with_a_fixed_number_of_queries_per_chunk(client, db, monkeypatch, name):
    make_firms(30)
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 10)
    three_chunks = queries_for(client, url(name))
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 15)
    two_chunks = queries_for(client, url(name))
    assert three_chunks - two_chunks == 3, "one prefetch each of topics, keywords and industries per chunk"


# --- the documentation page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_documentation_page_renders_in_both_languages(client, db, language):
    with translation.override(language):
        response = client.get(reverse("companies:open_data"))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text


def test_the_documentation_page_describes_every_field_the_formats_and_the_licence(client, db):
    html = client.get(url("companies:open_data")).text
    assert '<caption id="open-data-fields-caption">' in html
    assert 'aria-labelledby="open-data-fields-caption"' in html
    for name in opendata.FIELD_NAMES:
        assert f"<code>{name}</code>" in html, name
    for code in [*Kind.values, *SizeBand.values, *Stage.values]:
        assert code in html, f"the code {code} is not explained"
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in html
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html
    assert "GeoNames" in html and "CC BY 4.0" in html
    assert "<code> | </code>" in html
    assert "apostrophe" in html
    assert "e-mail address, phone number and street" in html
    assert f'href="{url("companies:feed")}"' in html
    assert 'type="application/atom+xml"' in html


def test_the_documentation_page_passes_the_directorys_query_on_to_the_downloads(client, db):
    html = client.get(url("companies:open_data")).text
    assert f'href="{url("companies:export_csv")}" download' in html
    assert f'href="{url("companies:export_json")}" download' in html

    html = client.get(url("companies:open_data") + "?district=kreis-olpe&q=Sensor").text
    assert f'href="{url("companies:export_csv")}?district=kreis-olpe&amp;q=Sensor"' in html
    assert f'href="{url("companies:export_json")}?district=kreis-olpe&amp;q=Sensor"' in html
    assert f'href="{url("companies:directory")}?district=kreis-olpe&amp;q=Sensor"' in html
    assert f'href="{url("companies:export_csv")}" download' in html  # and everything, unfiltered


# --- the Atom feed ------------------------------------------------------------------------------------------


def test_the_feed_is_valid_atom_with_the_newest_published_organisations(client, firm, unpublished, monkeypatch):
    firm.published_at = timezone.now() - timedelta(days=3)
    firm.save()
    older = make_organisation("Olper Optik", municipality="Olpe", status="published")
    older.published_at = timezone.now() - timedelta(days=30)
    older.save()
    make_organisation("Dortmunder Daten", municipality="Dortmund", status="published", published_at=timezone.now())
    make_organisation("Uralt GmbH", status="published", published_at=timezone.now() - timedelta(days=400))
    monkeypatch.setattr(opendata, "FEED_LENGTH", 3)

    response = client.get(url("companies:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title") == "New in the Brückenschlag directory"
    assert feed.findtext(f"{ATOM}id").startswith(SITE)
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Brückenschlag"
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")} == {
        "alternate": f"{SITE}/en/directory/",
        "self": f"{SITE}/en/directory/new.atom",
    }

    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Dortmunder Daten",
        "Sauerland Sensorik GmbH",
        "Olper Optik",
    ]
    dortmund, sensorik, _olpe = entries
    assert sensorik.find(f"{ATOM}link").get("href") == f"{SITE}/en/organisations/sauerland-sensorik-gmbh/"
    assert sensorik.findtext(f"{ATOM}summary") == "Sensoren für die Industrie 4.0"
    assert sensorik.findtext(f"{ATOM}updated").startswith("2026-04-10T")
    assert datetime.fromisoformat(sensorik.findtext(f"{ATOM}published")) == firm.published_at
    with translation.override("en"):
        labels = [Topic.objects.get(slug=slug).name for slug in topic_order("ai", "data-analytics")]
    assert [category.get("term") for category in sensorik.findall(f"{ATOM}category")] == labels
    assert dortmund.findtext(f"{ATOM}summary") == "Firm in Dortmund", "without a pitch: kind and place"
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith(f"{SITE}/en/")


def test_the_feed_lists_each_published_organisation_once_and_nothing_else(client, firm, unpublished):
    make_organisation("Dortmunder Daten", municipality="Dortmund", status="published")
    feed = ET.fromstring(client.get(url("companies:feed")).content)
    titles = sorted(entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry"))
    assert titles == ["Dortmunder Daten", "Sauerland Sensorik GmbH"]


def test_the_feed_escapes_markup_in_the_pitch(client, db):
    make_organisation("Markup AG", status="published", pitch="<script>alert(1)</script> & mehr")
    entry = ET.fromstring(client.get(url("companies:feed")).content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.findtext(f"{ATOM}summary") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr"


def test_the_german_feed_links_to_the_german_pages(client, firm):
    with translation.override("de"):
        feed_url = reverse("companies:feed")
    feed = ET.fromstring(client.get(feed_url).content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == f"{SITE}/organisationen/sauerland-sensorik-gmbh/"


def test_the_feed_needs_the_same_queries_for_3_or_30_organisations(client, db):
    make_firms(3)
    few = queries_for(client, url("companies:feed"))
    make_firms(27, start=3)
    assert queries_for(client, url("companies:feed")) == few


# --- sitemap.xml and robots.txt -----------------------------------------------------------------------------


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urlset = ET.fromstring(response.content)
    assert urlset.tag == f"{SITEMAP}urlset"
    return {
        entry.findtext(f"{SITEMAP}loc"): {
            "lastmod": entry.findtext(f"{SITEMAP}lastmod"),
            "alternates": {link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")},
        }
        for entry in urlset.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_each_published_profile_in_both_languages_with_alternates(client, firm, unpublished):
    urls = sitemap_urls(client)
    german = f"{SITE}/organisationen/sauerland-sensorik-gmbh/"
    english = f"{SITE}/en/organisations/sauerland-sensorik-gmbh/"
    alternates = {"de": german, "en": english, "x-default": german}
    assert urls[german] == urls[english] == {"lastmod": "2026-04-10", "alternates": alternates}
    assert not [loc for loc in urls if "geheimer" in loc or "versteckte" in loc]


def test_the_sitemap_lists_the_public_pages_but_no_forms_behind_log_in(client, db):
    urls = sitemap_urls(client)
    assert urls[f"{SITE}/"]["alternates"] == {"de": f"{SITE}/", "en": f"{SITE}/en/", "x-default": f"{SITE}/"}
    for name in ["portal:imprint", "portal:privacy", "companies:directory", "companies:open_data", "startups:startup"]:
        for language in ["de", "en"]:
            with translation.override(language):
                assert SITE + reverse(name) in urls, (name, language)
    assert not [loc for loc in urls if "/account/" in loc or "/konto/" in loc]
    assert all(loc.startswith("https://") for loc in urls), "the scheme comes from SITE_URL"


def test_robots_txt_names_the_sitemap(client, db):
    assert f"Sitemap: {SITE}/sitemap.xml\n" in client.get("/robots.txt").text
