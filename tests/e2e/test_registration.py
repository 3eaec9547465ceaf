"""The start-up registration journey in the browser, as a new visitor: from the home page to the welcome page."""

import re
from urllib.parse import urlsplit

from django.urls import reverse

from companies.models import Organisation
from tests.conftest import PASSWORD
from tests.e2e.pages import load_vocabularies


def path_of(page):
    return urlsplit(page.url).path


def test_a_founder_registers_a_startup_confirms_and_lands_on_the_welcome_page(page, live_server, recorder, mailoutbox):
    load_vocabularies()
    email = "gruenderin@example.org"
    page.goto(reverse("portal:home"))

    with page.expect_navigation():
        page.get_by_role("link", name="Start-up registrieren").click()
    assert path_of(page) == reverse("startups:startup")
    assert page.locator("[aria-current=step]").inner_text().strip().startswith(("Schritt 1 von 3", "Step 1 of 3"))

    # step 1, first without the pitch: the error keeps what was typed
    page.get_by_label("Name", exact=False).first.fill("Ruhrlogik")
    page.locator("select[name=municipality]").select_option(label="Arnsberg")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("input[name=name]").input_value() == "Ruhrlogik"
    assert page.locator("select[name=municipality] option:checked").inner_text() == "Arnsberg"
    page.locator("input[name=pitch]").fill("Daten für den Mittelstand")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == reverse("startups:startup_profile")

    # step 2
    page.locator("input[name=topics]").nth(2).check()
    page.locator("input[name=stage][value=seed]").check()
    page.locator("input[name=looking_for][value=pilot-customers]").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == reverse("startups:startup_account")
    assert "Ruhrlogik" in page.locator("main").inner_text()

    # the browser's back button: step 2 again, with its choices
    page.go_back()
    assert path_of(page) == reverse("startups:startup_profile")
    assert page.locator("input[name=topics]").nth(2).is_checked()
    assert page.locator("input[name=stage][value=seed]").is_checked()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # step 3: the account
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == reverse("account_email_verification_sent")
    assert Organisation.objects.get().status == "draft"

    assert [message.to for message in mailoutbox] == [[email]]
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    page.goto(link)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == reverse("account_login")
    assert Organisation.objects.get().status == "published"

    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == reverse("startups:welcome", args=["ruhrlogik"])
    assert "Ruhrlogik" in page.locator("h1").inner_text()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=re.compile("Profil|profile")).first.click()
    assert path_of(page) == reverse("companies:detail", args=["ruhrlogik"])
    recorder.assert_clean()
