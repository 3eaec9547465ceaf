"""Open data: the filtered directory as CSV and JSON, its documentation page and the Atom feed of new organisations.

The exports hold what the public profiles show, except the e-mail address, phone number and street: they are on
each profile page, but one download of all of them would feed address harvesters. Both formats stream the rows,
fetched a chunk at a time with a fixed number of queries per chunk, so large results never sit in memory.
"""

import csv
import json
from collections import defaultdict, namedtuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import TaggedItem

from portal.lib.pagecache import cache_for_visitors

from .directory import Directory, query_params
from .models import Organisation

CHUNK_SIZE = 250  # organisations per query (and per prefetch of their topics, keywords and industries)
ROWS_PER_WRITE = 200  # rows joined into one piece of the response
CACHE_SECONDS = 300
FEED_LENGTH = 50
LIST_SEPARATOR = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what a spreadsheet may run as a formula

PROVIDER = "Brückenschlag"
LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "id": "dl-de/by-2-0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
COORDINATES_LICENCE = {
    "source": "GeoNames",
    "source_url": "https://www.geonames.org/",
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

Field = namedtuple("Field", "name type meaning")
TEXT, URL, NUMBER, DATE = gettext_lazy("text"), gettext_lazy("URL"), gettext_lazy("number"), gettext_lazy("date")
TEXT_LIST = gettext_lazy("list of texts")
FIELDS = [
    Field("slug", TEXT, gettext_lazy("Unique identifier of the organisation; the last part of its profile URL.")),
    Field("name", TEXT, gettext_lazy("Name of the organisation.")),
    Field(
        "kind",
        TEXT,
        gettext_lazy("Kind of organisation as a code: firm, startup, university, institute, coworking or public."),
    ),
    Field("kind_label", TEXT, gettext_lazy("Kind of organisation in the language of the download.")),
    Field("url", URL, gettext_lazy("Profile page on this portal, in the language of the download.")),
    Field("pitch", TEXT, gettext_lazy("Short pitch, one line of up to 160 characters.")),
    Field("description", TEXT, gettext_lazy("Description in the organisation's own words; may contain line breaks.")),
    Field("website", URL, gettext_lazy("The organisation's own website.")),
    Field("municipality", TEXT, gettext_lazy("Town or municipality of the organisation's seat.")),
    Field("district", TEXT, gettext_lazy("District (Kreis) or independent city of the municipality.")),
    Field("region", TEXT, gettext_lazy("Region: Südwestfalen or Dortmund.")),
    Field(
        "latitude",
        NUMBER,
        gettext_lazy("Latitude of the municipality (WGS 84, from GeoNames), not of the address; empty if unknown."),
    ),
    Field("longitude", NUMBER, gettext_lazy("Longitude of the municipality, as above; empty if unknown.")),
    Field("topics", TEXT_LIST, gettext_lazy("Digitalisation topics as identifiers of the portal's vocabulary.")),
    Field("topic_labels", TEXT_LIST, gettext_lazy("The same topics as names in the language of the download.")),
    Field("keywords", TEXT_LIST, gettext_lazy("Keywords the organisation chose itself.")),
    Field("industries", TEXT_LIST, gettext_lazy("Industries as sections A to U of the classification WZ 2008.")),
    Field(
        "size_band",
        TEXT,
        gettext_lazy("Number of employees: 1-9, 10-49, 50-249, 250-999 or 1000+; empty if not given."),
    ),
    Field(
        "stage",
        TEXT,
        gettext_lazy(
            "Stage of a start-up: idea, pre-seed, seed, series-a or established; empty for other organisations."
        ),
    ),
    Field("founded", NUMBER, gettext_lazy("Year of founding; empty if not given.")),
    Field("published", DATE, gettext_lazy("Day the profile was first published on the portal; empty if unknown.")),
    Field("updated", DATE, gettext_lazy("Day the organisation last changed its profile.")),
]
FIELD_NAMES = [field.name for field in FIELDS]


def attribution():
    """The credit line re-users are asked to give, in the active language."""
    return _("Source: %(provider)s, %(url)s – licence: %(licence)s (%(licence_url)s)") % {
        "provider": PROVIDER,
        "url": settings.SITE_URL + reverse("companies:open_data"),
        "licence": LICENCE["name"],
        "licence_url": LICENCE["url"],
    }


# --- the documentation page -------------------------------------------------------------------------------


def documentation(request):
    context = {
        "fields": FIELDS,
        "query": _query(request),
        "licence": LICENCE,
        "coordinates_licence": COORDINATES_LICENCE,
        "attribution": attribution(),
        "separator": LIST_SEPARATOR,
    }
    return render(request, "companies/open_data.html", context)


# --- the exports ------------------------------------------------------------------------------------------


@cache_for_visitors("export_csv", bucket=3600)
def export_csv(request):
    _notes, records = _records(request)
    writer = csv.writer(_Echo())
    header = "\ufeff" + writer.writerow(FIELD_NAMES)  # the byte order mark makes Excel read UTF-8
    lines = (writer.writerow([_csv_cell(value) for value in record.values()]) for record in records)
    return _download(request, "csv", "text/csv; charset=utf-8", _chain(header, lines))


@cache_for_visitors("export_json", bucket=3600)
def export_json(request):
    notes, records = _records(request)
    head = {
        "licence": {**LICENCE, "attribution": attribution(), "coordinates": COORDINATES_LICENCE},
        "source": settings.SITE_URL + reverse("companies:directory") + _query(request),
        "documentation": settings.SITE_URL + reverse("companies:open_data"),
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "ignored": [str(note) for note in notes],
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "organisations": ['
    rows = (
        ("\n" if number == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
        for number, record in enumerate(records)
    )
    return _download(request, "json", "application/json; charset=utf-8", _chain(opening, rows, "\n]}\n"))


def _query(request):
    query = request.GET.urlencode()
    return f"?{query}" if query else ""


def _records(request):
    """(notes, records): what the directory ignored in the query string, and its result as dicts, lazily."""
    directory = Directory(query_params(request))
    organisations = directory.organisations.select_related("municipality").prefetch_related("topics", "industries")
    return directory.notes, _in_chunks(organisations.iterator(chunk_size=CHUNK_SIZE))


def _in_chunks(organisations):
    """The records, CHUNK_SIZE organisations at a time with their keywords read in one query per chunk (taggit's
    own prefetch builds a query set per organisation: a third of the export's time)."""
    chunk = []
    for organisation in organisations:
        chunk.append(organisation)
        if len(chunk) == CHUNK_SIZE:
            yield from _chunk_records(chunk)
            chunk = []
    yield from _chunk_records(chunk)


def _chunk_records(chunk):
    if not chunk:
        return
    keywords = defaultdict(list)
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_id__in=[org.pk for org in chunk]
    )
    for organisation_id, name in tagged.values_list("object_id", "tag__name"):
        keywords[organisation_id].append(name)
    for organisation in chunk:
        yield _record(organisation, sorted(keywords[organisation.pk]))


def _record(organisation, keywords):
    place = organisation.municipality
    topics = list(organisation.topics.all())
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "kind_label": organisation.get_kind_display(),
        "url": settings.SITE_URL + organisation.get_absolute_url(),
        "pitch": organisation.pitch,
        "description": organisation.description,
        "website": organisation.website,
        "municipality": place.name,
        "district": place.get_district_display(),
        "region": place.get_region_display(),
        "latitude": None if place.latitude is None else float(place.latitude),
        "longitude": None if place.longitude is None else float(place.longitude),
        "topics": [topic.slug for topic in topics],
        "topic_labels": [topic.name for topic in topics],
        "keywords": keywords,
        "industries": [industry.code for industry in organisation.industries.all()],
        "size_band": organisation.size_band,
        "stage": organisation.stage,
        "founded": organisation.founded,
        "published": organisation.published_at and timezone.localdate(organisation.published_at).isoformat(),
        "updated": timezone.localdate(organisation.content_updated).isoformat(),
    }


class _Echo:
    """The file csv.writer writes to: it hands each formatted line back instead of storing it."""

    def write(self, line):
        return line


def _csv_cell(value):
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as text, never run as a formula
    return value


def _chain(opening, pieces, closing=""):
    """The opening, the pieces a few hundred at a time, the closing: fewer, larger writes to the client."""
    yield opening
    batch = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + closing


def _download(request, extension, content_type, pieces):
    language = translation.get_language()

    def in_language():  # the rows are written after the view returns: keep the request's language for the labels
        with translation.override(language):
            yield from pieces

    response = StreamingHttpResponse(in_language(), content_type=content_type)
    filename = f"brueckenschlag-{slugify(Organisation._meta.verbose_name_plural)}-{timezone.localdate()}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


# --- the feed ---------------------------------------------------------------------------------------------


class NewOrganisationsFeed(Feed):
    """The organisations most recently published, newest first."""

    feed_type = Atom1Feed
    author_name = item_author_name = PROVIDER

    def title(self):
        return _("New in the Brückenschlag directory")

    def subtitle(self):
        return _("Firms, universities, research institutes and start-ups that have just joined the directory.")

    def link(self):
        return settings.SITE_URL + reverse("companies:directory")

    def feed_url(self):
        return settings.SITE_URL + reverse("companies:feed")

    def feed_copyright(self):
        return attribution()

    def items(self):
        organisations = Organisation.objects.published().select_related("municipality").prefetch_related("topics")
        return organisations.order_by(F("published_at").desc(nulls_last=True), "-pk")[:FEED_LENGTH]

    def item_title(self, organisation):
        return organisation.name  # Atom titles are text: the XML writer escapes them

    def item_description(self, organisation):
        summary = organisation.pitch or _("%(kind)s in %(municipality)s") % {
            "kind": organisation.get_kind_display(),
            "municipality": organisation.municipality.name,
        }
        return escape(summary)  # Atom summaries are sent as type="html"

    def item_link(self, organisation):
        return settings.SITE_URL + organisation.get_absolute_url()

    def item_pubdate(self, organisation):
        return organisation.published_at

    def item_updateddate(self, organisation):
        return organisation.content_updated

    def item_categories(self, organisation):
        return [topic.name for topic in organisation.topics.all()]
