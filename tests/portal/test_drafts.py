"""Closing the browser in the middle of a long form and coming back loses nothing that was entered (issue 9,
point 4): the steps of the registration journey and the REGIONALE idea form, sent or not, are kept in the session,
whose cookie outlives the browser (portal/lib/drafts.py)."""

import pytest
from django.test import Client

from companies.models import Topic
from regionale.models import Project
from tests.regionale.test_ideas import idea, is_checked
from tests.regionale.test_ideas import url as english_url
from tests.startups.test_registration import basics, profile, topic, url

pytestmark = pytest.mark.django_db


def restarted(client):
    """A new browser with only the cookies a browser keeps over a restart: those with an expiry."""
    browser = Client()
    for name, morsel in client.cookies.items():
        if morsel["max-age"] or morsel["expires"]:
            browser.cookies[name] = morsel.value
    return browser


def test_the_journey_cookie_outlives_the_browser_for_a_new_visitor(client, settings):
    client.get(url("basics"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] and not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert int(cookie["max-age"]) >= 7 * 24 * 3600


def test_a_sent_step_is_there_after_a_restart_and_the_start_page_leads_on(client):
    client.post(url("basics"), basics())
    client = restarted(client)
    html = client.get(url("basics")).content.decode()
    assert 'value="Ruhrlogik"' in html and 'value="Daten für den Mittelstand"' in html
    assert "Ihre Eingaben sind gespeichert" in html and f'href="{url("profile")}"' in html


def test_a_step_sent_with_errors_is_kept_as_a_draft(client):
    client.post(url("basics"), basics())
    response = client.post(url("profile"), {"topics": [topic().pk], "looking_for": ["pilot-customers"]})  # no stage
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    client = restarted(client)
    html = client.get(url("profile")).content.decode()
    assert _checked(html, "topics", topic().pk) and _checked(html, "looking_for", "pilot-customers")
    assert "error-summary" not in html  # coming back is not another failed attempt


def test_back_keeps_the_step_and_the_script_saves_while_typing(client):
    client.post(url("basics"), basics())
    response = client.post(url("profile"), {"topics": [topic().pk], "back": "Back"})
    assert response.status_code == 302 and response.url == url("basics")
    assert _checked(client.get(url("profile")).content.decode(), "topics", topic().pk)

    response = client.post(url("basics"), {**basics(name="Ruhrlogik Neu"), "draft": "1"})
    assert response.status_code == 204  # saved, not sent: the journey stays on step 1
    assert client.session["registration"]["startup"]["basics"]["name"] == "Ruhrlogik"
    assert 'value="Ruhrlogik Neu"' in restarted(client).get(url("basics")).content.decode()


def test_a_draft_keeps_every_ticked_topic(client):
    client.post(url("basics"), basics())
    chosen = list(Topic.objects.order_by("pk").values_list("pk", flat=True)[:3])
    assert client.post(url("profile"), {"topics": chosen, "draft": "1"}).status_code == 204
    page = restarted(client).get(url("profile")).content.decode()
    assert [_checked(page, "topics", pk) for pk in chosen] == [True, True, True]


def test_sending_the_step_replaces_its_draft_and_the_journey_finishes_as_before(client, alice):
    client.force_login(alice)
    client.post(url("profile"), {"draft": "1", "stage": "idea"})  # before step 1: nothing kept
    client.post(url("basics"), {**basics(), "draft": "1"})
    client.post(url("basics"), basics())
    client.post(url("profile"), {**profile(), "draft": "1", "stage": "idea"})
    assert client.post(url("profile"), profile()).url == url("account")
    state = client.session["registration"]["startup"]
    assert state["drafts"] == {} and state["profile"]["stage"] == "seed"
    assert client.post(url("account"), {"token": state["token"]}).status_code == 302


def test_a_draft_cannot_bloat_the_session(client):
    client.post(url("basics"), {"name": "x" * 100_000, "pitch": ["p"] * 500, "draft": "1", "unknown": "y"})
    draft = client.session["registration"]["startup"]["drafts"]["basics"]
    assert len(draft["name"][0]) == 200 and len(draft["pitch"]) == 50 and "unknown" not in draft


def _checked(html, name, value):
    """Whether the checkbox or radio button name=value is ticked in html."""
    for tag in html.split("<input")[1:]:
        tag = tag.split(">")[0]
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    raise AssertionError(f"no input {name}={value}")


# --- the REGIONALE idea form ------------------------------------------------------------------------------


def test_the_idea_form_is_kept_while_typing_and_forgotten_once_submitted(client, alice, organisation):
    client.force_login(alice)  # as a log-in with "Remember me": the session does not end with the browser
    form_url = english_url("regionale:submit_idea")
    typed = idea(organisation, description=None, handlungsfeld=None, dna=["digital"])
    assert client.post(form_url, {**typed, "draft": "1"}).status_code == 204
    assert not Project.objects.exists()

    html = restarted(client).get(form_url).content.decode()
    assert "Digitales Dorfzentrum Eslohe" in html and "Ein Ort, an dem das Dorf digital zusammenkommt." in html
    assert is_checked(html, "dna", "digital") and not is_checked(html, "dna", "authentic")
    assert "error-summary" not in html

    assert client.post(form_url, idea(organisation)).status_code == 302
    assert 'value="Digitales Dorfzentrum Eslohe"' not in client.get(form_url).content.decode()
