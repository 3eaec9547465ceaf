"""Closing the browser in the middle of the start-up registration and coming back loses nothing (issue 9, point 4).

A browser restart keeps the cookies that have an expiry and drops the others: the second context gets the first
one's storage state without its session-only cookies, which is what a restarted Chromium has."""

from urllib.parse import urlsplit

from django.urls import reverse

from companies.models import Organisation
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP
from tests.e2e.pages import load_vocabularies
from tests.e2e.test_gate import accessibility_violations


def new_context(browser, live_server, recorder, **options):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="de-DE", **options)
    context.set_default_timeout(10_000)
    recorder.watch(context)
    return context


def after_restart(context):
    """The storage state a browser has after a restart: persistent cookies (and local storage) only."""
    state = context.storage_state()
    return {**state, "cookies": [cookie for cookie in state["cookies"] if cookie["expires"] > 0]}


def submit(page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_founder_closes_the_browser_mid_journey_and_finds_every_entry(browser, live_server, recorder):
    load_vocabularies()
    context = new_context(browser, live_server, recorder)
    page = context.new_page()
    page.goto(reverse("startups:startup"))
    page.locator("input[name=name]").fill("Ruhrlogik")
    page.locator("select[name=municipality]").select_option(label="Arnsberg")
    page.locator("input[name=pitch]").fill("Daten für den Mittelstand")
    submit(page)
    assert urlsplit(page.url).path == reverse("startups:startup_profile")

    # part of step 2, not sent: the page saves it while the founder ticks
    topic = page.locator("input[name=topics]").nth(2)
    with page.expect_response(lambda response: response.status == 204 and "seed" in response.request.post_data):
        topic.check()
        page.locator("input[name=stage][value=seed]").check()
    kept = after_restart(context)
    context.close()

    context = new_context(browser, live_server, recorder, storage_state=kept)
    page = context.new_page()
    page.goto(reverse("startups:startup"))
    assert page.locator("input[name=name]").input_value() == "Ruhrlogik"
    assert page.locator("select[name=municipality] option:checked").inner_text() == "Arnsberg"
    assert page.locator("input[name=pitch]").input_value() == "Daten für den Mittelstand"
    assert accessibility_violations(page) == []  # with the note that leads on to step 2
    with page.expect_navigation():
        page.locator("main .alert a").click()  # "go on with step 2"
    assert page.locator("input[name=topics]").nth(2).is_checked()
    assert page.locator("input[name=stage][value=seed]").is_checked()
    page.locator("input[name=looking_for][value=pilot-customers]").check()
    submit(page)

    page.locator("input[name=email]").fill("gruenderin@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    submit(page)
    assert urlsplit(page.url).path == reverse("account_email_verification_sent")
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.municipality.name, organisation.stage) == ("Ruhrlogik", "Arnsberg", "seed")
    assert organisation.pitch == "Daten für den Mittelstand" and organisation.looking_for == ["pilot-customers"]
    assert organisation.topics.count() == 1
    context.close()
    recorder.assert_clean()
