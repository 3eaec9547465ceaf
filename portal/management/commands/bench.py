"""The benchmark suite: seed a data set on PostgreSQL, start gunicorn as production does, load every key page with
wrk at 16 connections, and compare each page's throughput with the framework's ceiling on the same machine."""

import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import autodiscover_modules, import_string

from portal.lib import bench

ROOT = Path(settings.BASE_DIR)
WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
RESULTS = ROOT / "bench" / "results"
GROWTH_SIZES = (1_000, 10_000, 100_000)
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"

# The targets of the issue that set them (10,000 organisations, 2 cores)
TARGET_SHARE = 0.25
TARGET_P99_MS = 150
TARGET_RSS_MB = 150


class Command(BaseCommand):
    help = (
        "Seed the benchmark data set (PostgreSQL), start gunicorn with gunicorn.conf.py, load every key page with "
        "wrk and write bench/results/latest.{md,json}: requests per second, p50/p95/p99, queries per request and the "
        "share of the ceiling (a trivial template page on the same server)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=10_000, help="Data set size (default 10,000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed of the data set (default 1).")
        parser.add_argument("--reuse-data", action="store_true", help="Measure the data that is there; no seeding.")
        parser.add_argument("--duration", type=int, default=10, help="Seconds of load per page (default 10).")
        parser.add_argument("--warmup", type=int, default=3, help="Seconds of unmeasured load first (default 3).")
        parser.add_argument("--connections", type=int, default=16, help="Concurrent connections (default 16).")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2).")
        parser.add_argument("--only", action="append", metavar="KEY", help="Only these pages (repeatable).")
        parser.add_argument(
            "--growth",
            action="store_true",
            help="Also seed 1,000, 10,000 and 100,000 organisations in turn and measure the growth pages.",
        )
        parser.add_argument("--output", default=str(RESULTS), help="Where the results go (default bench/results).")
        parser.add_argument("--readme", action="store_true", help="Put the table into README.md.")

    # --- the run ----------------------------------------------------------------------------------------------

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL (python3 dev.py bench does).")
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk (python3 dev.py bench does).")
        if not settings.PAGE_CACHE:
            self.stdout.write(self.style.WARNING("PAGE_CACHE is off: set CACHE_URL to Redis to measure production."))
        autodiscover_modules("bench")
        # One key for the server and this process, which makes the logged-in sessions the server must accept.
        key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
        os.environ["SECRET_KEY"] = key
        with override_settings(SECRET_KEY=key, BENCH_REFERENCE_PAGE=True):
            self.run(options)

    def run(self, options):
        self.options = options
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        result = {
            "machine": machine(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "connections": options["connections"],
            "duration_s": options["duration"],
        }
        if not options["reuse_data"]:
            result["seeding"] = self.seed(options["organisations"])
        result["dataset"] = dataset()
        call_command("collectstatic", interactive=False, verbosity=0)
        pages = [page for page in bench.pages() if not options["only"] or page.key in options["only"]]
        result["run"] = self.measure(pages)
        if options["growth"]:
            result["growth"] = self.growth()
        result["seconds"] = round(time.monotonic() - started)
        (output / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        markdown = report(result)
        (output / "latest.md").write_text(markdown)
        if options["readme"]:
            update_readme(markdown)
        self.stdout.write("\n" + markdown)

    def seed(self, organisations):
        timings = {}
        for step in bench.seeds():
            self.stdout.write(f"Seeding: {step.name} …")
            began = time.monotonic()
            step.run(organisations, self.options["seed"], self.stdout.write)
            timings[step.name] = round(time.monotonic() - began, 1)
        return timings

    def measure(self, pages):
        with Server(self.stdout) as server:
            ceiling_path = reverse("bench_ceiling")
            rows = [self.load(server, "ceiling", "Ceiling: trivial template page", [ceiling_path], None, 0)]
            if not self.options["only"] or "home" in self.options["only"]:
                with translation.override(settings.LANGUAGE_CODE):
                    home = [reverse("portal:home")]
                rows.append(self.load(server, "home", "Home page", home, None, len(rows)))
            for page in pages:
                with translation.override(settings.LANGUAGE_CODE):
                    paths = page.paths()
                user = page.user() if page.user else None
                if not paths:
                    self.stdout.write(self.style.WARNING(f"{page.label}: no data, left out"))
                    continue
                rows.append(self.load(server, page.key, page.label, paths, user, len(rows)))
            # The ceiling again at the end: the machine's state can drift over a run; the mean of both counts.
            rows.append(self.load(server, "ceiling_end", "Ceiling again, at the end", [ceiling_path], None, 0))
            rss_after = server.worker_rss()
        ceiling = statistics.mean([rows[0]["rps"], rows[-1]["rps"]])
        for row in rows:
            row["share"] = round(row["rps"] / ceiling, 3) if ceiling else None
        return {
            "ceiling_rps": round(ceiling, 1),
            "pages": rows,
            "worker_rss_after_mb": rss_after,
            "workers": server.workers,
        }

    def load(self, server, key, label, paths, user, number):
        cookie = session_cookie(user) if user else ""
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("\n".join(paths) + "\n")
        self.stdout.write(f"{label}: {len(paths)} address(es), warm-up {self.options['warmup']} s …")
        uncached_ms = server_side_median(paths, cookie)
        # Each address once, one at a time, as a visitor before the load: the load then measures the steady
        # state (the first, uncached answer of each is in the column "uncached ms", measured just before).
        server.prime(paths, cookie)
        if self.options["warmup"]:
            server.wrk(handle.name, cookie, self.options["warmup"], self.options)
        server.peak_rss = 0
        figures = server.wrk(handle.name, cookie, self.options["duration"], self.options)
        os.unlink(handle.name)
        queries = count_queries(paths[0], cookie)
        seconds = figures["duration_us"] / 1e6
        row = {
            "key": key,
            "label": label,
            "paths": len(paths),
            "example": paths[0],
            "user": bool(user),
            "requests": figures["requests"],
            "errors": figures["status_errors"]
            + figures["connect_errors"]
            + figures["read_errors"]
            + figures["timeouts"],
            "rps": round(figures["requests"] / seconds, 1),
            "p50_ms": figures["p50_us"] / 1000,
            "p95_ms": figures["p95_us"] / 1000,
            "p99_ms": figures["p99_us"] / 1000,
            "kb_per_response": round(figures["bytes"] / max(figures["requests"], 1) / 1024, 1),
            "queries": queries,
            "uncached_ms": uncached_ms,
            "peak_worker_rss_mb": server.peak_rss,
        }
        self.stdout.write(
            f"  {row['rps']:.0f} requests/s, p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, "
            f"queries {queries['cached']} cached / {queries['uncached']} uncached, errors {row['errors']}"
        )
        return row

    def growth(self):
        """The growth pages at each size: load with the cache (production) and, server-side, without it."""
        sizes = []
        pages = [page for page in bench.pages() if page.growth]
        for size in GROWTH_SIZES:
            self.stdout.write(self.style.MIGRATE_HEADING(f"Growth: {size:,} organisations"))
            self.seed(size)
            sizes.append({"organisations": size, "dataset": dataset(), "run": self.measure(pages)})
        if not self.options["reuse_data"]:
            self.stdout.write(f"Restoring the data set of {self.options['organisations']:,} organisations …")
            self.seed(self.options["organisations"])
        return sizes


# --- gunicorn and wrk -----------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with gunicorn.conf.py, on a free loopback port, with the reference page switched on."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.port = free_port()
        self.peak_rss = 0
        self.workers = 0

    def __enter__(self):
        env = {
            **os.environ,
            "PORT": str(self.port),
            "BENCH_REFERENCE_PAGE": "1",
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "0",
        }
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", prefix="bench-gunicorn-", delete=False)
        self.process = subprocess.Popen(  # noqa: S603 - a fixed argument list, no shell
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "portal.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn stopped at start; see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise CommandError("gunicorn did not start within 60 s")
        time.sleep(1)  # the workers fork after the socket is bound
        self.workers = len(self.worker_pids())
        self.stdout.write(f"gunicorn on 127.0.0.1:{self.port} with {self.workers} workers (log {self.log.name})")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def worker_pids(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def worker_rss(self):
        """Resident memory of each worker now, in MB."""
        sizes = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(round(int(line.split()[1]) / 1024, 1))
            except OSError:
                continue
        return sorted(sizes)

    def prime(self, paths, cookie):
        for path in paths:
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Cookie": cookie})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own loopback server
                    response.read()
            except urllib.error.HTTPError as error:
                raise CommandError(f"{path} answered {error.code}") from None

    def wrk(self, paths_file, cookie, duration, options):
        stop = threading.Event()

        def sample():
            while not stop.wait(0.5):
                self.peak_rss = max([self.peak_rss, *self.worker_rss()])

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        command = [
            "wrk",
            f"-t{options['threads']}",
            f"-c{options['connections']}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
            f"http://127.0.0.1:{self.port}",
            "--",
            paths_file,
            cookie,
        ]
        try:
            finished = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 - a fixed argument list, no shell
        finally:
            stop.set()
            sampler.join()
        for line in finished.stdout.splitlines():
            if line.startswith("BENCH "):
                return json.loads(line[6:])
        raise CommandError(f"wrk gave no figures: {finished.stdout}\n{finished.stderr}")


def session_cookie(user):
    """A logged-in session for `user`, stored the way the portal stores sessions, as a Cookie header."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _client(cookie):
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="de")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    return client


def _get(client, path):
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)  # a download's rows are read while it is sent
    return response


def count_queries(path, cookie):
    """Queries of one request as the server answers it under load (page cache warm), and with the cache off."""
    client = _client(cookie)
    _get(client, path)
    with CaptureQueriesContext(connection) as cached:
        _get(client, path)
    with override_settings(PAGE_CACHE=False), CaptureQueriesContext(connection) as uncached:
        _get(client, path)
    return {"cached": len(cached), "uncached": len(uncached)}


def server_side_median(paths, cookie, runs=15, budget=5.0):
    """Median ms of the page computed in full (page cache off), through the test client, over the addresses:
    `runs` requests after one unmeasured, or as many as fit in `budget` seconds (at least three)."""
    client = _client(cookie)
    times = []
    with override_settings(PAGE_CACHE=False):
        _get(client, paths[0])
        began_all = time.monotonic()
        for number in range(runs):
            began = time.perf_counter()
            _get(client, paths[(number + 1) % len(paths)])
            times.append((time.perf_counter() - began) * 1000)
            if number >= 2 and time.monotonic() - began_all > budget:
                break
    return round(statistics.median(times), 1)


# --- what ran where ---------------------------------------------------------------------------------------------


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = None
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()  # noqa: S607 - wrk from PATH, as installed by .ci/run
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "wrk": wrk[0] if wrk else "wrk",
    }


def dataset():
    counts = {}
    with connection.cursor() as cursor:
        for label, table in (
            ("organisations", "companies_organisation"),
            ("needs and offers", "matching_entry"),
            ("spaces", "coworking_space"),
            ("desks and rooms", "coworking_resource"),
            ("booked slots", "coworking_occupancy"),
            ("REGIONALE projects", "regionale_project"),
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[label] = cursor.fetchone()[0]
    return counts


# --- the report -------------------------------------------------------------------------------------------------


def _mark(ok):
    return "✓" if ok else "✗"


def report(result):
    run = result["run"]
    m = result["machine"]
    lines = [
        f"Benchmark of {result['started']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; "
        f"{m['os']}; Python {m['python']}, Django {m['django']}, PostgreSQL {m['postgresql']}, "
        f"cache {m['cache']}; gunicorn.conf.py with {run['workers']} workers; {m['wrk']}.",
        "",
        "Data set: " + ", ".join(f"{count:,} {label}" for label, count in result["dataset"].items()) + ".",
        "",
        f"Load: wrk on loopback, {result['connections']} connections, {result['duration_s']} s per page after a "
        "warm-up, several addresses per page taken in turn; "
        f"ceiling {run['ceiling_rps']:,.0f} requests/s (mean of the first and last measurement).",
        "",
        "| page | req/s | share of ceiling | p50 ms | p95 ms | p99 ms | queries (cached / uncached) | uncached ms "
        "| KB | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in run["pages"]:
        ceiling = row["key"].startswith("ceiling")
        share = f"{row['share']:.0%}" + ("" if ceiling else " " + _mark(row["share"] >= TARGET_SHARE))
        p99 = f"{row['p99_ms']:.1f}" + ("" if ceiling else " " + _mark(row["p99_ms"] < TARGET_P99_MS))
        lines.append(
            f"| {row['label']} | {row['rps']:,.0f} | {share} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {p99} "
            f"| {row['queries']['cached']} / {row['queries']['uncached']} | {row['uncached_ms']} "
            f"| {row['kb_per_response']} "
            f"| {row['peak_worker_rss_mb']} |"
        )
    peak = max(row["peak_worker_rss_mb"] for row in run["pages"])
    after = run["worker_rss_after_mb"]
    lines += [
        "",
        f"Worker memory: at most {peak} MB resident during the run {_mark(peak < TARGET_RSS_MB)}; after it: "
        + ", ".join(f"{size} MB" for size in after)
        + ".",
        f"Targets: share ≥ {TARGET_SHARE:.0%} of the ceiling, p99 < {TARGET_P99_MS} ms, worker < {TARGET_RSS_MB} MB. "
        "Errors in the whole run: " + str(sum(row["errors"] for row in run["pages"])) + ".",
    ]
    if result.get("growth"):
        lines += ["", "Growth (median ms under load with the page cache / computed in full, server-side):", ""]
        growth = result["growth"]
        keys = [row["key"] for row in growth[0]["run"]["pages"] if not row["key"].startswith("ceiling")]
        labels = {row["key"]: row["label"] for row in growth[0]["run"]["pages"]}
        lines.append("| page | " + " | ".join(f"{size['organisations']:,}" for size in growth) + " | 100k / 10k |")
        lines.append("|---|" + "---:|" * (len(growth) + 1))
        for key in keys:
            cells, medians = [], []
            for size in growth:
                row = next(row for row in size["run"]["pages"] if row["key"] == key)
                full = row["uncached_ms"]
                cells.append(f"{row['p50_ms']:.1f} / {full:.1f}")
                medians.append((row["p50_ms"], full))
            ratio = f"{medians[-1][0] / medians[-2][0]:.2f}× / {medians[-1][1] / medians[-2][1]:.2f}×"
            lines.append(f"| {labels[key]} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines) + "\n"


def update_readme(markdown):
    readme = ROOT / "README.md"
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        raise CommandError(f"README.md lacks the markers {README_START} … {README_END}")
    head, rest = text.split(README_START, 1)
    _old, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{markdown}{README_END}{tail}")
