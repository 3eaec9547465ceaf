"""The settings read the environment strictly: these run a fresh interpreter with a chosen environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-for-tests-only-" + "x" * 10
PRODUCTION = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "portal.example",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "USE_X_FORWARDED_PROTO": "1",
}
SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'db': s.DATABASES['default'], 'cache': s.CACHES['default']['BACKEND'],"
    " 'email': s.MAIL_DELIVERY_BACKEND, 'queue': s.EMAIL_BACKEND, 'proxies': s.ALLAUTH_TRUSTED_PROXY_COUNT},"
    " default=str))"
)


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "CACHE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def settings_with(**env):
    result = run(["-c", SHOW], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


SERVE = ["-c", "import portal.wsgi"]  # what gunicorn does; runserver loads the same module


def test_it_refuses_to_serve_with_debug_off_and_no_secret_key():
    result = run(SERVE)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_it_refuses_to_serve_with_a_short_secret_key():
    result = run(SERVE, SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_serves_with_a_real_key_or_in_debug_mode():
    assert run(SERVE, SECRET_KEY=GOOD_KEY).returncode == 0
    assert run(SERVE, DEBUG="1").returncode == 0


def test_the_development_server_refuses_too(tmp_path):
    result = run(["manage.py", "runserver", "--noreload", "127.0.0.1:0"], SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_management_commands_run_locally_without_a_production_key():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked_for():
    assert settings_with(SECRET_KEY=GOOD_KEY)["debug"] is False
    assert settings_with(DEBUG="1")["debug"] is True


def test_production_settings_pass_the_deployment_check():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "env",
    [{"DEBUG": "maybe"}, {"CONN_MAX_AGE": "ten", "DATABASE_URL": "postgres://db/x"}, {"CACHE_URL": "memcached://x"}],
)
def test_it_rejects_malformed_values(env):
    result = run(["-c", SHOW], **{"DEBUG": "1", **env})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_sqlite_is_the_embedded_default_with_immediate_transactions_and_wal():
    db = settings_with(DEBUG="1")["db"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] > 0
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql_with_conn_max_age():
    db = settings_with(DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/portal", CONN_MAX_AGE="120")["db"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["NAME"], db["CONN_MAX_AGE"]) == ("db.example", "portal", 120)


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "portal.lib.rediscache.SharedClientRedisCache"),
        ("db", "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_cache_url_selects_the_shared_cache(value, backend):
    assert settings_with(DEBUG="1", CACHE_URL=value)["cache"] == backend


def test_mail_goes_to_the_console_unless_smtp_is_configured():
    assert settings_with(DEBUG="1")["email"].endswith("console.EmailBackend")
    configured = settings_with(DEBUG="1", EMAIL_HOST="smtp.example")
    assert configured["email"].endswith("smtp.EmailBackend")
    assert configured["queue"] == "portal.lib.mailqueue.QueueBackend"  # either way through the queue


def test_trusted_proxies_are_configurable_for_rate_limits():
    assert settings_with(DEBUG="1")["proxies"] == 0
    assert settings_with(DEBUG="1", TRUSTED_PROXY_COUNT="1")["proxies"] == 1
