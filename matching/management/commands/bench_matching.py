"""How fast matching is on the current database (issue 6 point 7); run seed_matching_bulk first.

Measures, each as median and 95th percentile in ms with the queries of one run:
- engine.for_need and engine.for_offer (limit 10) for N random current needs and offers, once each after warm-up;
- the per-entry loop of a personal page: engine calls with limit 3 for the entries of two demo organisations (10);
- the matches page of one entry (`matching:matches`) and the personal page (`matching:my_matches`) through the Django
  test client with DEBUG off, signed in as a demo member whose organisation has 5 current entries;
- refreshing after a change: one entry's topics change in a transaction, the commit drops the cached rarity weights,
  then the first for_need of that entry, and after a change back the first for_need of another need (both cold);
- topic_weights() with an empty cache, and reading the topic sets the engine keeps with the weights.
"""

import json
import random
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from taggit.models import TaggedItem

from accounts.models import User
from companies.models import Organisation, Topic
from matching import bulk, engine
from matching.models import Entry, Side


def percentile(times, share):
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[round(share * 100) - 1]


def _timed(call):
    """(ms, queries, result) of one call."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries), result


def _loaded(pks):
    entries = Entry.objects.filter(pk__in=pks).select_related("organisation__municipality", "municipality")
    by_pk = {entry.pk: entry for entry in entries}
    return [by_pk[pk] for pk in pks]


def _match(entry, limit):
    return engine.for_need(entry, limit=limit) if entry.is_need else engine.for_offer(entry, limit=limit)


class Command(BaseCommand):
    help = (
        "Measure the matching engine, the matches pages and the refresh after a change on the current database "
        "(median, p95, queries) and print a Markdown table. Run seed_matching_bulk first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=30, help="Random needs and offers for the engine (30).")
        parser.add_argument("--runs", type=int, default=30, help="Measured requests per page and loops (30).")
        parser.add_argument("--warmup", type=int, default=3, help="Unmeasured calls or requests first (3).")
        parser.add_argument("--refreshes", type=int, default=10, help="Changes for the refresh figures (10).")
        parser.add_argument("--seed", type=int, default=1, help="Chooses the random entries (1).")
        parser.add_argument(
            "--json",
            dest="json_path",
            nargs="?",
            const="-",
            metavar="PATH",
            help="Also write the figures as JSON to PATH; without PATH print only the JSON.",
        )

    def handle(self, *args, entries, runs, warmup, refreshes, seed, json_path=None, **options):
        if entries < 1 or runs < 1 or warmup < 0 or refreshes < 1:
            raise CommandError("--entries, --runs and --refreshes must be at least 1, --warmup not negative.")
        self.rng = random.Random(seed)  # noqa: S311 - seeded generator for reproducible fake data, not for secrets
        self.runs, self.warmup = runs, warmup
        sizes = self._sizes()
        needs = self._sample(Side.NEED, entries)
        offers = self._sample(Side.OFFER, entries)
        if not needs or not offers:
            raise CommandError("No current needs or offers: run `manage.py seed_matching_bulk` first.")
        rows = [
            self._engine("engine.for_need, limit 10", needs, 10),
            self._engine("engine.for_offer, limit 10", offers, 10),
        ]
        member = self._member()
        rows.append(self._loop(member))
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with (
            override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, STORAGES=storages),
            translation.override(settings.LANGUAGE_CODE),
        ):
            client = Client(raise_request_exception=False)
            if member:
                client.force_login(member)
            own = list(Entry.objects.current().filter(organisation__memberships__user=member).order_by("pk"))
            own = own if member else []
            own_needs = [entry for entry in own if entry.is_need] or needs[:1]
            own_offers = [entry for entry in own if not entry.is_need] or offers[:1]
            rows.append(self._page("matches page of a need", client, own_needs))
            rows.append(self._page("matches page of an offer", client, own_offers))
            rows.append(self._personal_page(client, member, len(own)))
        rows += self._refresh(needs[0], needs[1] if len(needs) > 1 else needs[0], refreshes)
        rows += self._cold_weights()
        self._report(sizes, rows, json_path)

    # --- data

    def _sizes(self):
        current = Entry.objects.current()
        counts = {
            "database": connection.vendor,
            "organisations": Organisation.objects.published().count(),
            "entries": Entry.objects.count(),
            "current_needs": current.needs().count(),
            "current_offers": current.offers().count(),
            "topic_rows": Entry.topics.through.objects.count(),
            "keyword_rows": TaggedItem.objects.filter(content_type__model="entry").count(),
        }
        counts["current_entries"] = counts["current_needs"] + counts["current_offers"]
        return counts

    def _sample(self, side, count):
        pks = sorted(Entry.objects.current().filter(side=side).values_list("pk", flat=True))
        return _loaded(self.rng.sample(pks, min(count, len(pks))))

    def _member(self):
        """A demo member whose organisation has five current entries (the first one of seed_matching_bulk)."""
        return bulk.bulk_members().order_by("email").first() or User.objects.filter(memberships__isnull=False).first()

    # --- measurements

    def _row(self, name, times, queries, note=""):
        return {
            "measure": name,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": "–".join(map(str, sorted({min(queries), max(queries)}))),
            "runs": len(times),
            "note": note,
        }

    def _engine(self, name, entries, limit):
        engine.topic_weights()
        for entry in entries[: self.warmup]:
            _match(entry, limit)
        times, queries, found = [], [], 0
        for entry in entries:
            elapsed, count, matches = _timed(lambda entry=entry: _match(entry, limit))
            times.append(elapsed)
            queries.append(count)
            found += len(matches)
        return self._row(name, times, queries, f"{found / len(entries):.1f} matches per call")

    def _loop(self, member):
        """The engine calls a personal page makes: limit 3 for each current entry of two demo organisations."""
        organisations = bulk.bulk_members().order_by("email").values("memberships__organisation")[:2]
        pks = list(Entry.objects.current().filter(organisation__in=organisations).values_list("pk", flat=True))
        if len(pks) < 10:  # no demo members: ten random entries
            pks = self.rng.sample(sorted(Entry.objects.current().values_list("pk", flat=True)), 10)
        entries = _loaded(sorted(pks)[:10])
        times, queries = [], []
        for run in range(self.warmup + self.runs):
            elapsed, count, _result = _timed(lambda: [_match(entry, 3) for entry in entries])
            if run >= self.warmup:
                times.append(elapsed)
                queries.append(count)
        return self._row(f"engine loop, {len(entries)} entries × limit 3", times, queries)

    def _get(self, client, path):
        return _timed(lambda: client.get(path))

    def _requests(self, name, client, paths, note=""):
        status = client.get(paths[0]).status_code
        if status != 200:
            note = f"not measured: the page answered {status}"
            return {"measure": name, "median_ms": None, "p95_ms": None, "queries": "", "runs": 0, "note": note}
        for run in range(self.warmup):
            client.get(paths[run % len(paths)])
        times, queries = [], []
        for run in range(self.runs):
            elapsed, count, response = self._get(client, paths[run % len(paths)])
            if response.status_code != 200:
                raise CommandError(f"{paths[run % len(paths)]} answered {response.status_code}.")
            times.append(elapsed)
            queries.append(count)
        return self._row(name, times, queries, note)

    def _page(self, name, client, entries):
        paths = [reverse("matching:matches", args=[entry.pk]) for entry in entries]
        return self._requests(name, client, paths, f"{len(paths)} entries in turn")

    def _personal_page(self, client, member, entries):
        if member is None:
            return {"measure": "personal matches page", "median_ms": None, "note": "no member"}
        return self._requests(
            "personal matches page", client, [reverse("matching:my_matches")], f"a member with {entries} entries"
        )

    def _refresh(self, changed, other, count):
        """Change `changed`'s topics (and save it, as the edit form does) in a transaction; after the commit time the
        first for_need of it; change them back and time the first for_need of `other`. Both calls are cold."""
        original = list(changed.topics.values_list("pk", flat=True))
        unused = list(Topic.objects.exclude(pk__in=original).values_list("pk", flat=True)) or original
        changed_times, other_times, changed_queries, other_queries, warm, warm_queries = [], [], [], [], [], []
        for run in range(count):
            for topics, entry, times, queries in (
                ([*original[:-1], unused[run % len(unused)]], changed, changed_times, changed_queries),
                (original, other, other_times, other_queries),
            ):
                with transaction.atomic():
                    changed.updated = timezone.now()
                    changed.save(update_fields=["updated"])
                    changed.topics.set(topics)
                elapsed, queries_made, _matches = _timed(lambda entry=entry: engine.for_need(entry, limit=10))
                times.append(elapsed)
                queries.append(queries_made)
                elapsed, queries_made, _matches = _timed(lambda entry=entry: engine.for_need(entry, limit=10))
                warm.append(elapsed)
                warm_queries.append(queries_made)
        return [
            self._row("refresh: first for_need of the changed entry", changed_times, changed_queries, "cold weights"),
            self._row("refresh: first for_need of another entry", other_times, other_queries, "cold weights"),
            self._row("the same calls again (warm weights)", warm, warm_queries, "for comparison"),
        ]

    def _cold_weights(self):
        """topic_weights() with an empty cache, and reading the topic sets that the engine keeps with the weights
        (both happen on the first call after a change)."""
        times, queries, index_times, index_queries = [], [], [], []
        for _run in range(self.runs):
            engine.invalidate()
            elapsed, count, _weights = _timed(engine.topic_weights)
            times.append(elapsed)
            queries.append(count)
            token, weighted = engine._cached_weights()
            idf = {pk: weight for pk, (_topic, weight) in weighted.items()}
            elapsed, count, _index = _timed(lambda token=token, idf=idf: engine._Index(token, idf))
            index_times.append(elapsed)
            index_queries.append(count)
        return [
            self._row("topic_weights(), empty cache", times, queries),
            self._row("the engine's topic sets, read again", index_times, index_queries),
        ]

    # --- output

    def _report(self, sizes, rows, json_path):
        if json_path != "-":
            self.stdout.write(
                f"{sizes['database']}: {sizes['organisations']:,} published organisations, {sizes['entries']:,} "
                f"entries ({sizes['current_needs']:,} current needs, {sizes['current_offers']:,} current offers), "
                f"{sizes['topic_rows']:,} topic and {sizes['keyword_rows']:,} keyword rows\n"
            )
            self.stdout.write("| measure | median ms | p95 ms | queries | runs | note |")
            self.stdout.write("|---|---:|---:|---:|---:|---|")
            for row in rows:
                median = "–" if row.get("median_ms") is None else f"{row['median_ms']:.1f}"
                p95 = "–" if row.get("p95_ms") is None else f"{row['p95_ms']:.1f}"
                self.stdout.write(
                    f"| {row['measure']} | {median} | {p95} | {row.get('queries', '')} | {row.get('runs', 0)} "
                    f"| {row.get('note', '')} |"
                )
        if json_path:
            data = json.dumps({**sizes, "measures": rows}, indent=2, ensure_ascii=False)
            if json_path == "-":
                self.stdout.write(data)
            else:
                with open(json_path, "w", encoding="utf-8") as f:
                    f.write(data + "\n")
                self.stderr.write(f"Wrote {json_path}.")
