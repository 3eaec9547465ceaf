"""The journey "book a co-working desk" in the browser: find a space near a town for tomorrow morning, book it,
find it under "Meine Buchungen" and cancel it; with JavaScript (htmx updates the results) and without."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from coworking import availability
from coworking.models import Occupancy, OpeningHours
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_space
from tests.e2e.pages import load_vocabularies
from tests.e2e.test_gate import check

FORM = "main form[method=post]"


def checked(page, viewport):
    """The quality gate's checks (axe, overflow) where scripts run: the run without JavaScript cannot inject axe,
    and its pages are the same HTML the run with JavaScript checked."""
    if viewport is not None:
        assert check(page, viewport) == []


@pytest.fixture
def spaces(live_server):
    """Digitalwerk Meschede (open every day, holidays too, so that "tomorrow" is always bookable), a space in
    Siegen 80 km away, and alice, a member who books."""
    load_vocabularies()
    dora = make_user("dora@example.org", "Dora Host")
    host = make_organisation("Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=dora)
    host.publish()
    meschede = make_space(host, closed_on_public_holidays=False)
    OpeningHours.objects.create(space=meschede, weekday=6, opens=time(7), closes=time(20))
    siegen = make_space(host, name="Coworking Siegen", municipality="Siegen", closed_on_public_holidays=False)
    OpeningHours.objects.create(space=siegen, weekday=6, opens=time(7), closes=time(20))
    return meschede


def tomorrow():
    return availability.local_today() + timedelta(days=1)


def find_tomorrow_morning_near_meschede(page, viewport, *, javascript):
    page.goto(reverse("coworking:list"))
    checked(page, viewport)
    steps = [
        (lambda: page.select_option("#f-near", "meschede"), "near=meschede"),
        (lambda: page.select_option("#f-radius", "25"), "radius=25"),
        (lambda: page.fill("#f-date", f"{tomorrow():%Y-%m-%d}"), f"date={tomorrow():%Y-%m-%d}"),
        (lambda: page.check("#f-part-morning"), "part=morning"),
        (lambda: page.check("#f-free"), "free=1"),
    ]
    list_path = reverse("coworking:list")
    for change, parameter in steps:
        if not javascript:
            change()
            continue
        # htmx replaces the form and the results with every change, and the address follows; the next change
        # waits for that, as a person would see the page update first
        with page.expect_response(lambda response: list_path in response.url):
            change()
        page.wait_for_url(lambda url, parameter=parameter: parameter in url)
        page.wait_for_load_state("networkidle")
    if not javascript:
        page.locator("main form[method=get] button[type=submit]").first.click()
        page.wait_for_url(lambda url: all(parameter in url for _change, parameter in steps))
    cards = page.locator(".space-card")
    expect(cards).to_have_count(1)  # Siegen is 80 km away
    expect(cards.first.locator(".result__name")).to_have_text("Digitalwerk Meschede")
    checked(page, viewport)
    return cards.first


def book_the_offer(page, viewport, card, mailoutbox):
    card.locator(".space-card__offers a").first.click()  # the morning, with its free places
    page.wait_for_url(lambda url: "date=" in url and "slot=" in url)
    expect(page.locator("#id_date")).to_have_value(f"{tomorrow():%Y-%m-%d}")
    checked(page, viewport)
    page.locator(f"{FORM} .form__actions button[type=submit]").click()
    booking_pages = reverse("coworking:booking", args=["REFERENCE"]).removesuffix("REFERENCE/")
    page.wait_for_url(lambda url: booking_pages in url)
    checked(page, viewport)
    occupancy = Occupancy.objects.get(member__email="alice@example.org")
    assert (occupancy.space.name, occupancy.date, occupancy.slot.name, occupancy.state) == (
        "Digitalwerk Meschede",
        tomorrow(),
        "Morning",
        "confirmed",
    )
    assert len(mailoutbox) == 1 and mailoutbox[0].attachments[0][0].endswith(".ics")
    return occupancy


def see_and_cancel_it(page, viewport, occupancy):
    page.locator(f"header a[href='{reverse('coworking:my_bookings')}']").click()
    page.wait_for_url(lambda url: url.endswith(reverse("coworking:my_bookings")))
    expect(page.locator("main")).to_contain_text("Digitalwerk Meschede")
    checked(page, viewport)
    page.locator(f"main a[href$='?occupancy={occupancy.pk}']").click()
    checked(page, viewport)
    page.locator(f"{FORM} button[type=submit]").click()
    page.wait_for_load_state()
    occupancy.refresh_from_db()
    assert occupancy.state == "cancelled"
    checked(page, viewport)


def test_a_member_finds_a_desk_near_meschede_books_it_sees_it_and_cancels_it(
    page, viewport, spaces, alice, sign_in, recorder, mailoutbox
):
    sign_in(alice)
    card = find_tomorrow_morning_near_meschede(page, viewport, javascript=True)
    occupancy = book_the_offer(page, viewport, card, mailoutbox)
    see_and_cancel_it(page, viewport, occupancy)
    # the place is free again at once: the space's page offers tomorrow morning's four desks
    page.goto(f"{spaces.get_absolute_url()}?date={tomorrow():%Y-%m-%d}&view=day")
    expect(page.locator("main table")).to_contain_text("4")
    recorder.assert_clean()


def test_the_same_journey_works_without_javascript(browser, live_server, viewport, spaces, alice, client, mailoutbox):
    from tests.e2e.pages import log_in

    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    log_in(client, alice)
    context.add_cookies(
        [{"name": name, "value": morsel.value, "url": live_server.url} for name, morsel in client.cookies.items()]
    )
    page = context.new_page()
    try:
        card = find_tomorrow_morning_near_meschede(page, None, javascript=False)
        occupancy = book_the_offer(page, None, card, mailoutbox)
        see_and_cancel_it(page, None, occupancy)
    finally:
        context.close()
