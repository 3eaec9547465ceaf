"""`manage.py bench` from end to end on a small data set: gunicorn as production starts it, wrk, every key page,
the Markdown and JSON results. The figures of a real run come from `make bench` (README, "Speed and scale")."""

import json
import shutil

import pytest
import redis
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.scaleout.conftest import SETTINGS_MODULE, _environment, _skip_unless_possible

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("scaleout")]

KEYS = [
    "ceiling",
    "home",
    "directory",
    "directory_plain",
    "search",
    "organisation",
    "needs",
    "matches",
    "my_matches",
    "week",
    "portfolio",
    "project",
    "csv",
    "ceiling_end",
]


@pytest.fixture
def small_data_set(db):
    from companies import bulk as companies_bulk
    from coworking import bulk as coworking_bulk
    from matching import bulk as matching_bulk
    from regionale import bulk as regionale_bulk

    companies_bulk.generate(80, seed=1)
    matching_bulk.generate(seed=1)
    coworking_bulk.generate(spaces=3, desks=12, occupancies=300, members=20, seed=1)
    regionale_bulk.generate(8, seed=1)


def test_the_benchmark_measures_every_key_page(small_data_set, tmp_path, monkeypatch, settings):
    _skip_unless_possible()
    settings.PAGE_CACHE = True  # as with the shared cache of production: the query counts are this process's
    if not shutil.which("wrk"):
        pytest.skip("the benchmark needs wrk: apt-get install wrk")
    (tmp_path / "scaleout_settings.py").write_text(SETTINGS_MODULE)
    for name, value in _environment(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/8")
    redis.Redis.from_url("redis://127.0.0.1:6379/8").flushdb()  # nothing cached from another test database
    output = tmp_path / "results"
    call_command(
        "bench", "--reuse-data", "--duration", "1", "--warmup", "0", "--connections", "4", "--output", str(output)
    )
    result = json.loads((output / "latest.json").read_text())
    rows = result["run"]["pages"]
    assert [row["key"] for row in rows] == KEYS
    for row in rows:
        assert row["requests"] > 0 and row["errors"] == 0, row
        assert row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
        assert row["queries"]["cached"] <= row["queries"]["uncached"]
    by_key = {row["key"]: row for row in rows}
    assert by_key["ceiling"]["queries"] == {"cached": 0, "uncached": 0}
    assert by_key["directory"]["queries"]["cached"] == 0  # a visitor's page comes from the cache
    assert by_key["my_matches"]["user"] and by_key["my_matches"]["kb_per_response"] > 5  # logged in, not a redirect
    assert result["run"]["workers"] >= 1 and all(size > 0 for size in result["run"]["worker_rss_after_mb"])
    assert result["dataset"]["organisations"] >= 80 and result["dataset"]["REGIONALE projects"] == 8
    table = (output / "latest.md").read_text()
    assert "| Directory: three filters and a search term |" in table and "Worker memory" in table


def test_the_benchmark_refuses_sqlite(settings, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "--reuse-data")
