import json
import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from companies import bulk
from companies.directory import Directory
from companies.models import Organisation

# (name, query parameters): values that exist in the data set of `seed_bulk`
SCENARIOS = [
    ("plain directory", []),
    (
        "three filters and a search term",
        [
            ("district", "kreis-olpe"),
            ("district", "maerkischer-kreis"),
            ("topic", "process-erp"),
            ("kind", "firm"),
            ("q", "logistik"),
        ],
    ),
    (
        "three filters and a term in 9 of 10 profiles",
        [
            ("district", "kreis-olpe"),
            ("district", "maerkischer-kreis"),
            ("topic", "process-erp"),
            ("kind", "firm"),
            ("q", "digitalisierung"),
        ],
    ),
    ("search with a typo", [("q", "Univeristät")]),
    ("search for a compound", [("q", "Unternehmensberatung")]),
    ("deep page", [("page", "100")]),
    ("distance", [("near", "siegen"), ("radius", "25"), ("sort", "distance")]),
    ("keyword and size", [("keyword", "opc ua"), ("size", "10-49"), ("size", "50-249")]),
]


def percentile(times, share):
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[round(share * 100) - 1]


class Command(BaseCommand):
    help = (
        "Measure the directory page server-side through the Django test client (DEBUG off): median, 95th "
        "percentile and minimum in ms per scenario, with the number of queries. Run seed_bulk first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50, help="Measured requests per scenario (default 50).")
        parser.add_argument("--warmup", type=int, default=5, help="Unmeasured requests first (default 5).")
        parser.add_argument(
            "--only", action="append", metavar="TEXT", help="Only the scenarios whose name contains TEXT (repeatable)."
        )
        parser.add_argument(
            "--json", dest="json_path", metavar="PATH", help="Also write the figures to this JSON file."
        )

    def handle(self, *args, runs, warmup, only=None, json_path=None, **options):
        if runs < 1 or warmup < 0:
            raise CommandError("--runs must be at least 1 and --warmup not negative.")
        with translation.override(settings.LANGUAGE_CODE):
            url = reverse("companies:directory")
        published = Organisation.objects.published().count()
        generated = bulk.bulk_organisations().count()
        if not generated:
            self.stdout.write(self.style.WARNING("No bulk organisations: run `manage.py seed_bulk` first."))
        self.stdout.write(
            f"{connection.vendor}: {published:,} published organisations ({generated:,} generated), "
            f"{runs} runs after {warmup} warm-up requests per scenario, URL {url}"
        )
        header = f"{'scenario':<34}{'median':>9}{'p95':>9}{'min':>9}{'queries':>9}{'results':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        figures = []
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, STORAGES=storages):
            client = Client()
            for name, params in SCENARIOS:
                if only and not any(text.lower() in name for text in only):
                    continue
                figures.append(self._measure(client, name, url, params, runs, warmup))
        if json_path:
            self._write_json(json_path, url, published, generated, runs, warmup, figures)

    def _measure(self, client, name, url, params, runs, warmup):
        path = f"{url}?{urlencode(params)}" if params else url
        for _request in range(warmup):
            self._get(client, path)
        times = []
        for _request in range(runs):
            started = time.perf_counter()
            self._get(client, path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            self._get(client, path)
        results = Directory(QueryDict(urlencode(params))).organisations.count()
        figure = {
            "scenario": name,
            "path": path,
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "min_ms": round(min(times), 2),
            "queries": len(queries),
            "results": results,
        }
        self.stdout.write(
            f"{name:<34}{figure['median_ms']:>9.1f}{figure['p95_ms']:>9.1f}{figure['min_ms']:>9.1f}"
            f"{figure['queries']:>9}{results:>9,}"
        )
        return figure

    def _get(self, client, path):
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}, not 200.")
        return response

    def _write_json(self, path, url, published, generated, runs, warmup, figures):
        data = {
            "database": connection.vendor,
            "url": url,
            "published_organisations": published,
            "generated_organisations": generated,
            "runs": runs,
            "warmup": warmup,
            "scenarios": figures,
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
        self.stdout.write(f"Wrote {path}.")
