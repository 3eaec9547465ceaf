"""Headers and cookies as production sends them (issue 9, point 7): portal/settings.py is read afresh with a
production environment, its security settings replace the test run's, and every request comes over HTTPS.

/healthz is left out on purpose: it answers load-balancer probes before any middleware (portal/lib/health.py) with a
fixed JSON body and no cookie. Uploaded media are served by nginx with their own headers (deploy/nginx.conf,
tests/portal/test_deployment.py).
"""

import re
import runpy
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
SECURITY = re.compile(
    r"SECURE_|SESSION_COOKIE_|CSRF_COOKIE_|LANGUAGE_COOKIE_|CONTENT_SECURITY_POLICY$|PERMISSIONS_POLICY$"
)
SETTINGS_FROM_ENVIRONMENT = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "USE_X_FORWARDED_PROTO",
]
YEAR = 365 * 24 * 60 * 60
UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*", "http:", "https:"}
# What the Content-Security-Policy would refuse in the browser: inline scripts (not JSON data blocks), <style>
# elements, style attributes, event handler attributes and javascript: URLs.
INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>|<style[\s>]|<[a-z][^>]*\s(?:style|on[a-z]+)="
    r"|javascript:",
    re.IGNORECASE,
)


def read_settings(monkeypatch, **environment):
    for name in SETTINGS_FROM_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.fixture
def production(settings, monkeypatch, db):
    """The settings an operator gets from the README's HTTPS variables; SECURE_HSTS_SECONDS left to its default."""
    values = read_settings(monkeypatch, SECURE_SSL_REDIRECT="1", SECURE_HSTS_INCLUDE_SUBDOMAINS="1")
    for name, value in values.items():
        if SECURITY.match(name):
            setattr(settings, name, value)
    settings.MIDDLEWARE = values["MIDDLEWARE"]
    return values


def csp_directives(header):
    directives = {}
    for directive in filter(str.strip, header.split(";")):
        name, *sources = directive.split()
        assert name not in directives, f"{name} twice"
        directives[name] = sources
    return directives


def assert_document_headers(response):
    headers = response.headers
    csp = csp_directives(headers["Content-Security-Policy"])
    for name, sources in csp.items():
        assert not UNSAFE & set(sources), f"{name} {sources}"
    for name in ("default-src", "script-src", "style-src", "connect-src", "form-action", "base-uri"):
        assert csp[name] == ["'self'"], name
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert_transport_headers(response)


def assert_transport_headers(response):
    """What every response carries, a static file too."""
    headers = response.headers
    hsts = [part.strip() for part in headers["Strict-Transport-Security"].split(";")]
    assert int(hsts[0].removeprefix("max-age=")) >= YEAR
    assert "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = dict(rule.strip().split("=") for rule in headers["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()", feature


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (reverse("portal:home"), 200),
        (reverse("companies:directory"), 200),
        (reverse("portal:contact"), 200),
        (reverse("account_login"), 200),
        ("/en/account/login/", 200),
        ("/gibt-es-nicht/", 404),
        ("/admin/login/", 302),
        (reverse("companies:export_csv"), 200),
        (reverse("companies:export_json"), 200),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(client, production, url, status):
    response = client.get(url, secure=True)
    assert response.status_code == status
    assert_document_headers(response)
    if response["Content-Type"].startswith("text/html"):
        html = response.text
        assert not INLINE.findall(html), INLINE.findall(html)


def test_a_members_page_carries_them_too(client, production, alice):
    client.force_login(alice)
    response = client.get(reverse("accounts:overview"), secure=True)
    assert response.status_code == 200
    assert_document_headers(response)
    assert not INLINE.findall(response.text)


def test_a_static_file_from_whitenoise_carries_the_transport_headers(client, production, settings):
    settings.WHITENOISE_USE_FINDERS = True  # served from static/ without a collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/portal.css", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert_transport_headers(response)
    response.close()


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 301
    assert response.url.startswith("https://")


def assert_cookie(morsel):
    assert morsel.value
    assert morsel["secure"] is True, morsel.key
    assert morsel["samesite"] == "Lax", morsel.key
    assert morsel["httponly"] is True, morsel.key


def test_a_form_sets_a_secure_http_only_csrf_cookie(client, production):
    response = client.get(reverse("portal:contact"), secure=True)
    assert_cookie(response.cookies["csrftoken"])


def test_logging_in_sets_secure_http_only_session_and_messages_cookies(client, production, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    assert_cookie(response.cookies["sessionid"])
    assert_cookie(response.cookies["messages"])  # "Successfully signed in", shown on the next page
    assert_cookie(response.cookies["csrftoken"])  # rotated at log-in


def test_switching_the_language_sets_no_cookie(client, production):
    """The language lives in the address (/en/…), as the privacy notice says: no language cookie to secure."""
    response = client.get("/en/", secure=True)
    assert response.status_code == 200
    assert "django_language" not in response.cookies


def test_no_script_reads_the_csrf_cookie():
    """CSRF_COOKIE_HTTPONLY holds only while no script needs the token from the cookie: htmx sends only GETs, and a
    script that posts (static/js/draft.js) sends the form with its own token field."""
    root = SETTINGS_FILE.parents[1]
    scripts = [
        path for path in (root / "static").rglob("*.js") if re.search(r"document\.cookie|csrftoken", path.read_text())
    ]
    assert scripts == []
    templates = [
        path
        for path in (root / "templates").rglob("*.html")
        if re.search(r"hx-(post|put|patch|delete)=", path.read_text())
    ]
    assert templates == []


def test_no_template_has_an_inline_script_or_style():
    root = SETTINGS_FILE.parents[1] / "templates"
    found = [
        f"{path.relative_to(root)}: {match}"
        for path in root.rglob("*.html")
        for match in INLINE.findall(path.read_text())
    ]
    assert found == []


def test_hsts_defaults_to_a_year_with_the_https_redirect_and_follows_the_environment(monkeypatch):
    assert read_settings(monkeypatch, SECURE_SSL_REDIRECT="1")["SECURE_HSTS_SECONDS"] == YEAR
    assert (
        read_settings(monkeypatch, SECURE_SSL_REDIRECT="1", SECURE_HSTS_SECONDS="3600")["SECURE_HSTS_SECONDS"] == 3600
    )
    local = read_settings(monkeypatch)  # plain HTTP on a developer's machine: no HSTS, cookies sent over HTTP
    assert (local["SECURE_HSTS_SECONDS"], local["SESSION_COOKIE_SECURE"], local["CSRF_COOKIE_SECURE"]) == (
        0,
        False,
        False,
    )
