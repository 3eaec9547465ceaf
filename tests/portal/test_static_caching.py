"""Static files as production serves them (issue 8, point 4): collected with the production storage (WhiteNoise's
CompressedManifestStaticFilesStorage) into a temporary STATIC_ROOT, named by their content, cached for a year and
sent compressed by the WhiteNoise middleware.

tests/conftest.py swaps in plain StaticFilesStorage for every other test; here each test's client builds a fresh
WhiteNoiseMiddleware (on its first request), which reads the temporary STATIC_ROOT and the manifest.
"""

import gzip
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from portal import settings as production

YEAR = 365 * 24 * 60 * 60
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")  # css/portal.146da9d731f1.css
STATIC_URLS = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """One collectstatic for the module (a few seconds: the admin's files are compressed too)."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=production.STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture(autouse=True)
def _production_static_files(settings, static_root):
    settings.STORAGES = production.STORAGES
    settings.STATIC_ROOT = static_root


def static_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return STATIC_URLS.findall(response.text)


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, body


@pytest.fixture
def page_files(client, db):
    """The CSS, JS and icon URLs of the home page and of the directory (which adds htmx), as rendered."""
    urls = static_urls(client, reverse("portal:home")) + static_urls(client, reverse("companies:directory"))
    return sorted(set(urls))


def test_it_names_the_pages_static_files_by_their_content(page_files):
    names = {HASHED.sub("", url) for url in page_files}

    assert [url for url in page_files if not HASHED.search(url)] == []
    assert {"/static/css/portal", "/static/css/print", "/static/js/portal", "/static/img/favicon"} <= names
    assert "/static/django_htmx/htmx-2.min" in names


def test_it_points_the_style_sheets_images_at_hashed_names_too(client, page_files):
    portal_css = next(url for url in page_files if url.startswith("/static/css/portal."))
    _response, body = fetch(client, portal_css)

    references = re.findall(r'url\("([^"]+)"\)', body.decode())
    assert references, "portal.css refers to no images any more: pick another check"
    assert [reference for reference in references if not HASHED.search(reference)] == []


def test_it_caches_hashed_files_for_at_least_a_year(client, page_files):
    for url in page_files:
        response, body = fetch(client, url)

        assert response.status_code == 200, url
        assert body, url
        max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])
        assert max_age >= YEAR, f"{url}: {response['Cache-Control']}"
        assert "immutable" in response["Cache-Control"], url


def test_it_caches_a_file_under_its_plain_name_only_briefly(client, db):
    """The unhashed name changes its content with the next release, so it must not be cached for long."""
    response, _body = fetch(client, "/static/css/portal.css")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1]) < 60 * 60


def test_it_sends_the_gzip_variant_to_a_browser_that_asks_for_it(client, page_files, static_root):
    for url in page_files:
        response, body = fetch(client, url, HTTP_ACCEPT_ENCODING="gzip, deflate")

        assert response["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in response["Vary"], url
        original = (Path(static_root) / url.removeprefix("/static/")).read_bytes()
        assert gzip.decompress(body) == original, url
        assert len(body) < len(original), url


def test_it_sends_the_plain_file_to_a_client_that_does_not_ask_for_compression(client, page_files, static_root):
    url = next(url for url in page_files if url.startswith("/static/css/portal."))
    response, body = fetch(client, url)

    assert "Content-Encoding" not in response
    assert body == (Path(static_root) / url.removeprefix("/static/")).read_bytes()


def test_it_sends_the_brotli_variant_to_a_browser_that_asks_for_it(client, page_files):
    pytest.importorskip("brotli", reason="WhiteNoise writes .br files only with the Brotli package installed")
    for url in page_files:
        response, _body = fetch(client, url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

        assert response["Content-Encoding"] == "br", url
