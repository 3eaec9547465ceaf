"""The journey "find a partner for a need" in the browser: a firm publishes a need, finds a start-up among its
matching partners, sends it a contact request; the start-up accepts, and both see each other's contact details."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from companies.models import Topic
from matching.models import ContactRequest, Entry
from tests.conftest import make_organisation
from tests.e2e.pages import load_vocabularies
from tests.e2e.test_gate import check
from tests.matching.conftest import make_entry

FORM = "main form[method=post]"
TOPICS = ["process-erp", "data-analytics"]


@pytest.fixture
def partners(live_server, organisation, charlie):
    """alice's firm in Arnsberg (no entries yet) and charlie's start-up in Dortmund with an offer on the same topics."""
    load_vocabularies()
    charlie.name = "Charlie Gründer"
    charlie.save(update_fields=["name"])
    startup = make_organisation(
        "Ruhrlogik GmbH", kind="startup", municipality="Dortmund", owner=charlie, status="published", stage="seed"
    )
    startup.topics.set(Topic.objects.filter(slug__in=TOPICS))
    make_entry(
        startup,
        "offer",
        title="Datenanalyse für Fertigungsdaten",
        description="Wir werten Maschinen- und ERP-Daten aus und bauen Dashboards für die Fertigung.",
        topics=TOPICS,
    )
    firm = make_organisation("Märkische Daten AG", municipality="Iserlohn", status="published")
    make_entry(firm, "offer", title="ERP-Datenanalyse aus dem Märkischen Kreis", topics=TOPICS)
    return startup


def clean(page, recorder):
    assert check(page, {"width": 1280, "height": 800}) == []
    recorder.assert_clean()


def publish_a_need(page, recorder, organisation):
    page.goto(reverse("matching:need_create", args=[organisation.slug]))
    page.locator("input[name=type][value=technology]").check()
    page.locator("#id_title").fill("Datenanalyse für unsere Pressen")
    page.locator("#id_description").fill("Wir möchten die Daten unserer Pressen und unseres ERP auswerten.")
    for topic in Topic.objects.filter(slug__in=TOPICS):
        page.locator(f"input[name=topics][value='{topic.pk}']").check()
    page.locator("input[name=partner_kinds][value=startup]").check()
    page.locator(f"{FORM} button[type=submit]").last.click()
    need = Entry.objects.get(title="Datenanalyse für unsere Pressen")
    page.wait_for_url(lambda url: url.endswith(need.get_absolute_url()))
    clean(page, recorder)
    return need


def find_the_startup_and_ask(page, recorder, need):
    page.locator(f"main a[href='{reverse('matching:matches', args=[need.pk])}']").first.click()
    page.wait_for_url(lambda url: reverse("matching:matches", args=[need.pk]) in url)
    firm_offer = page.locator(".match-card").filter(has_text="ERP-Datenanalyse aus dem Märkischen Kreis")
    expect(firm_offer).to_have_count(1)
    # only start-ups in Dortmund: htmx updates the list, and the address follows
    matches_path = reverse("matching:matches", args=[need.pk])
    for box, parameter in (("#m-kind", "kind=startup"), ("#m-region", "region=dortmund")):
        with page.expect_response(lambda response: matches_path in response.url):
            page.locator(box).check()
        page.wait_for_url(lambda url, parameter=parameter: parameter in url)
    expect(firm_offer).to_have_count(0)
    offer = Entry.objects.get(title="Datenanalyse für Fertigungsdaten")
    card = page.locator(".match-card").filter(has_text=offer.title)
    expect(card).to_contain_text("Ruhrlogik GmbH")
    expect(card).to_contain_text("Datenanalyse")  # a shared topic, in the explanation
    clean(page, recorder)
    card.locator(f"a[href^='{reverse('matching:contact_entry', args=[offer.pk])}']").click()
    page.wait_for_load_state()
    clean(page, recorder)
    page.locator("#id_message").fill("Guten Tag, Ihr Angebot passt zu unserem Bedarf. Sprechen wir?")
    page.locator("#id_phone").fill("+49 2931 12345")
    page.locator(f"{FORM} button[type=submit]").last.click()
    contact_request = ContactRequest.objects.get()
    page.wait_for_url(lambda url: url.endswith(contact_request.get_absolute_url()))
    expect(page.locator("main")).not_to_contain_text("charlie@example.org")  # nothing revealed yet
    clean(page, recorder)
    return contact_request


def accept(page, recorder, contact_request):
    page.goto(reverse("matching:inbox"))
    clean(page, recorder)
    page.locator(f"main a[href='{contact_request.get_absolute_url()}']").first.click()
    page.wait_for_url(lambda url: url.endswith(contact_request.get_absolute_url()))
    expect(page.locator("main")).not_to_contain_text("alice@example.org")  # not before accepting
    clean(page, recorder)
    page.locator("#id_phone").fill("0231 987654")
    page.locator(f"{FORM} button[type=submit][value=accept]").click()
    page.wait_for_load_state()
    contact_request.refresh_from_db()
    assert contact_request.status == "accepted"


def test_a_firm_finds_a_startup_for_its_need_and_both_see_the_contact_details(
    browser, page, live_server, partners, organisation, alice, charlie, sign_in, recorder, mailoutbox
):
    sign_in(alice)
    need = publish_a_need(page, recorder, organisation)
    contact_request = find_the_startup_and_ask(page, recorder, need)
    assert [message.to for message in mailoutbox] == [["charlie@example.org"]]

    # charlie, in a browser of his own, accepts
    from tests.e2e.pages import log_in

    startup_client = Client()  # a session of his own: alice's browser keeps hers
    log_in(startup_client, charlie)
    other = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="de-DE")
    recorder.watch(other)
    other.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in startup_client.cookies.items()
        ]
    )
    startup_page = other.new_page()
    try:
        accept(startup_page, recorder, contact_request)
        details = startup_page.locator("main")
        expect(details).to_contain_text("alice@example.org")
        expect(details).to_contain_text("+49 2931 12345")
        expect(details).to_contain_text("charlie@example.org")
        assert check(startup_page, {"width": 360, "height": 740}) == []
    finally:
        other.close()

    # alice sees charlie's details on the request's page, and got them by e-mail
    page.reload()
    main = page.locator("main")
    expect(main).to_contain_text("Charlie Gründer")
    expect(main).to_contain_text("charlie@example.org")
    expect(main).to_contain_text("0231 987654")
    expect(main).to_contain_text("Sauerland Sensorik GmbH")
    clean(page, recorder)
    assert "charlie@example.org" in mailoutbox[-1].body and mailoutbox[-1].to == ["alice@example.org"]
