import pytest
from django.urls import reverse
from django.utils import translation

SITE_PAGES = [
    "portal:home",
    "portal:imprint",
    "portal:privacy",
    "portal:accessibility",
    "portal:barrier_report",
    "portal:easy_read",
    "portal:contact",
]


def url(name, language):
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize("name", SITE_PAGES)
@pytest.mark.parametrize("language", ["de", "en"])
def test_it_renders_each_site_page_in_both_languages(client, db, name, language):
    response = client.get(url(name, language))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_it_serves_german_at_unprefixed_translated_paths(client, db):
    assert url("portal:imprint", "de") == "/impressum/"
    assert url("portal:imprint", "en") == "/en/imprint/"
    assert url("portal:barrier_report", "de") == "/barrierefreiheit/melden/"
    assert client.get("/impressum/").status_code == 200
    assert client.get("/en/impressum/").status_code == 404


def test_it_links_every_legal_page_from_the_footer(client, db):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    for name in SITE_PAGES:
        if name == "portal:home":
            continue
        assert f'href="{url(name, "de")}' in footer, name


def test_it_offers_the_same_page_in_the_other_language(client, db):
    html = client.get("/impressum/").content.decode()
    assert 'href="/en/imprint/"' in html
    assert 'hreflang="en"' in html
    html = client.get("/en/imprint/").content.decode()
    assert 'href="/impressum/"' in html


def test_the_language_choice_persists_through_the_links(client, db):
    html = client.get("/en/").content.decode()
    assert 'href="/en/contact/"' in html
    assert 'href="/en/account/login/"' in html
    assert "Skip to main content" in html


def test_german_is_the_default_whatever_the_browser_asks_for(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.headers["Content-Language"] == "de"
    assert "Zum Inhalt springen" in response.content.decode()


def test_it_shows_the_operator_from_settings_and_marks_placeholders(client, db, settings):
    html = client.get("/impressum/").content.decode()
    assert settings.OPERATOR["name"] in html
    assert "Platzhalter" in html
    settings.OPERATOR = {**settings.OPERATOR, "name": "Südwestfalen Agentur GmbH"}
    settings.OPERATOR_IS_PLACEHOLDER = False
    html = client.get("/impressum/").content.decode()
    assert "Südwestfalen Agentur GmbH" in html
    assert "Platzhalter" not in html


def test_the_home_page_explains_the_network_and_its_journeys(client, db):
    html = client.get("/en/").content.decode()
    assert "Südwestfalen" in html and "Dortmund" in html
    assert reverse("account_signup") in html


@pytest.mark.parametrize("name", SITE_PAGES)
def test_site_pages_need_no_query_for_visitors_and_two_for_members(client, alice, name, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(url(name, "de"))
    client.force_login(alice)
    with django_assert_num_queries(2):  # the session and the user
        client.get(url(name, "de"))
