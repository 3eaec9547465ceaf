import json

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse


def test_healthz_reports_a_working_database_without_a_session(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_says_503_when_the_database_is_unreachable(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("portal.lib.health.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "error"


def test_healthz_is_reachable_over_plain_http_behind_an_ssl_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_answers_probes_by_ip_address_whatever_allowed_hosts_say(client, db):
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_robots_txt_keeps_crawlers_out_of_admin_and_accounts(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Disallow: /konto/" in body and "Disallow: /en/account/" in body


@pytest.mark.parametrize("path", ["/", "/kontakt/", "/en/account/login/", "/does-not-exist/"])
def test_it_sends_the_security_headers(client, db, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_it_sends_hsts_when_configured_over_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_missing_page_gets_the_404_page_in_the_layout(client, db):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'id="main"' in html and "<footer" in html


def test_a_server_error_gets_the_500_page_in_the_layout(rf, db):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert 'id="main"' in html and "<footer" in html


def test_a_failed_csrf_check_explains_itself(db):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("portal:contact"), {"message": "Hallo"})
    assert response.status_code == 403
    assert "Formular" in response.content.decode()


def test_the_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_admin_stays_closed_to_a_signed_in_non_staff_member(client, alice):
    client.force_login(alice)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/admin/login/").status_code in (302, 403)


def test_the_site_record_follows_site_url_for_the_emails(db, settings):
    from django.contrib.sites.models import Site

    from portal.apps import sync_site

    settings.SITE_URL = "https://portal.example"
    sync_site()
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("portal.example", "Brückenschlag")
