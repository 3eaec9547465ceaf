"""The directory's part of `manage.py bench` (portal/lib/bench.py): its data and its key pages."""

from urllib.parse import quote

from django.http import QueryDict
from django.urls import reverse

from portal.lib import bench

from . import bulk
from .directory import Directory

DISTRICTS = ["kreis-olpe", "maerkischer-kreis", "kreis-siegen-wittgenstein", "hochsauerlandkreis", "kreis-soest"]
TERMS = ["logistik", "software", "sensorik", "automatisierung", "beratung"]


@bench.seed(10, "organisations (seed_bulk)")
def seed_organisations(organisations, seed, write):
    result = bulk.generate(organisations, seed=seed)
    write(f"  {result.organisations:,} organisations in {result.seconds:.1f} s")


def _directory(query):
    return reverse("companies:directory") + "?" + query


@bench.page(10, "directory", "Directory: three filters and a search term", growth=True)
def directory_filtered():
    # Two districts, a topic, a kind and a term: one address per district pair and term, taken in turn.
    return [
        _directory(f"district={first}&district={second}&topic=process-erp&kind=firm&q={term}")
        for first, second, term in zip(DISTRICTS, DISTRICTS[1:] + DISTRICTS[:1], TERMS, strict=True)
    ]


@bench.page(11, "directory_plain", "Directory: all organisations, pages 1–5", growth=True)
def directory_plain():
    return [reverse("companies:directory")] + [_directory(f"page={number}") for number in range(2, 6)]


@bench.page(12, "search", "Search: one term (with a typo in one of five)", growth=True)
def search():
    return [_directory(f"q={quote(term)}") for term in ["Univeristät", "software", "maschinenbau", "siegen", "cloud"]]


@bench.page(20, "organisation", "Organisation page (200 different ones)")
def organisation():
    return [
        reverse("companies:detail", args=[slug])
        for slug in bulk.bulk_organisations().order_by("pk").values_list("slug", flat=True)[:200]
    ]


@bench.page(90, "csv", "CSV export of about 1,000 rows")
def csv_export():
    """The filter whose result is closest to 1,000 organisations: a district and a kind, or a topic."""
    candidates = [f"district={district}" for district in DISTRICTS]
    candidates += [f"district={district}&kind=firm" for district in DISTRICTS]
    candidates += [f"topic={topic}" for topic in ["process-erp", "data-analytics", "it-security", "logistics"]]
    counts = {query: Directory(QueryDict(query)).organisations.count() for query in candidates}
    best = min(counts, key=lambda query: abs(counts[query] - 1000))
    return [reverse("companies:export_csv") + "?" + best]
