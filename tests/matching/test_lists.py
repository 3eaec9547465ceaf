"""The public lists of needs and of offers, and the needs and offers on an organisation's profile page."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from companies import sections
from tests.conftest import make_organisation
from tests.matching.conftest import make_entry

pytestmark = pytest.mark.django_db

SECTION = "matching/_organisation_entries.html"
# topics, the facet counts with the total, the topic counts, the page, its topics (anonymous visitors: no session)
LIST_QUERIES = 5


def url(name, *args):
    """The English URL: the texts are checked in English, since the German catalogue is filled in later."""
    with translation.override("en"):
        return reverse(name, args=args)


def titles(response):
    return [entry.title for entry in response.context["page"].object_list]


def counts(response, facet):
    return {option.value: option.count for option in response.context["facets"][facet].options}


@pytest.fixture
def known(organisation, startup):
    """Three needs and an offer: two needs of the firm in Arnsberg, one of the start-up in Dortmund."""
    return [
        make_entry(
            organisation,
            title="KI für die Logistik",
            topics=["ai", "logistics"],
            partner_kinds=["university"],
            description="Routenplanung mit maschinellem Lernen.",
        ),
        make_entry(
            startup,
            title="Forschungspartner gesucht",
            type="research",
            topics=["ai"],
            partner_kinds=["firm", "university"],
            description="Ein Institut für ein gemeinsames Projekt.",
        ),
        make_entry(organisation, title="Sicherheit der Pressen", topics=["it-security"], partner_kinds=["startup"]),
        make_entry(organisation, side="offer", title="Wir bieten Sensorik", topics=["ai"]),
    ]


# --- what is listed --------------------------------------------------------------------------------------------


def test_it_lists_only_current_entries_the_visitor_may_see(client, organisation, charlie):
    yesterday = timezone.localdate() - timedelta(days=1)
    draft = make_organisation("Entwurf GmbH", status="draft")
    make_entry(organisation, title="Offener Bedarf")
    make_entry(organisation, title="Bedarf in Gesprächen", status="in-talks")
    make_entry(organisation, title="Geschlossener Bedarf", status="closed")
    make_entry(organisation, title="Abgelaufener Bedarf", expires_on=yesterday)
    make_entry(draft, title="Bedarf eines Entwurfs")
    make_entry(organisation, title="Nur für Mitglieder", visibility="members")
    make_entry(organisation, side="offer", title="Ein Angebot")

    response = client.get(url("matching:needs"))
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Bedarf in Gesprächen", "Offener Bedarf"]
    assert "Geschlossener Bedarf" not in response.text and "Nur für Mitglieder" not in response.text

    client.force_login(charlie)
    assert sorted(titles(client.get(url("matching:needs")))) == [
        "Bedarf in Gesprächen",
        "Nur für Mitglieder",
        "Offener Bedarf",
    ]
    assert titles(client.get(url("matching:offers"))) == ["Ein Angebot"]


def test_its_own_members_see_only_current_entries_in_the_public_list(client, organisation, alice):
    make_entry(organisation, title="Offener Bedarf")
    make_entry(organisation, title="Geschlossener Bedarf", status="closed")
    client.force_login(alice)
    assert titles(client.get(url("matching:needs"))) == ["Offener Bedarf"]


@pytest.mark.parametrize("visitor", [None, "charlie", "alice"])
def test_an_anonymous_entry_never_shows_the_organisation(client, organisation, charlie, alice, visitor):
    make_entry(organisation, title="Geheimer Bedarf", visibility="anonymous", topics=["ai"])
    if visitor:
        client.force_login({"charlie": charlie, "alice": alice}[visitor])
    text = client.get(url("matching:needs")).text
    assert "Geheimer Bedarf" in text
    assert "An organisation in the Hochsauerlandkreis" in text
    assert "Sauerland Sensorik" not in text and organisation.slug not in text
    assert "Arnsberg" not in text  # the exact town neither


def test_an_anonymous_entry_names_the_district_with_its_preposition(client, startup):
    make_entry(startup, side="offer", title="Anonymes Angebot", visibility="anonymous")
    text = client.get(url("matching:offers")).text
    assert "An organisation in Dortmund" in text and "Ruhrlogik" not in text


def test_a_card_shows_the_facts(client, organisation):
    deadline = timezone.localdate() + timedelta(days=30)
    entry = make_entry(
        organisation,
        title="Viele Themen",
        topics=["digital-strategy", "process-erp", "ai", "logistics"],
        deadline=deadline,
    )
    text = client.get(url("matching:needs")).text
    assert f'href="{entry.get_absolute_url()}"' in text or entry.get_absolute_url() in text
    assert "Sauerland Sensorik GmbH · Arnsberg" in text
    assert "Technology" in text and "Deadline:" in text and "Published" in text
    assert "Logistics" not in text.split('class="directory__list"')[1]  # the fourth topic is not on the card
    assert "+1 more" in text


# --- facets, filters, sorting ----------------------------------------------------------------------------------


def test_every_choice_shows_its_count_under_the_other_filters(client, known):
    response = client.get(url("matching:needs"))
    assert response.context["search"].total == 3
    assert counts(response, "type")["technology"] == 2 and counts(response, "type")["research"] == 1
    assert counts(response, "topic") == {"ai": 2, "logistics": 1, "it-security": 1}
    assert counts(response, "district")["hochsauerlandkreis"] == 2 and counts(response, "district")["dortmund"] == 1
    assert counts(response, "partner") == {
        "firm": 1,
        "startup": 1,
        "university": 2,
        "institute": 0,
        "coworking": 0,
        "public": 0,
    }
    assert counts(response, "kind")["firm"] == 2 and counts(response, "kind")["startup"] == 1
    assert '<label for="f-type-technology">Technology <span class="facet__count">2</span>' in response.text

    response = client.get(url("matching:needs") + "?type=technology")
    assert response.context["search"].total == 2
    assert counts(response, "type")["research"] == 1  # its own facet does not narrow itself
    assert counts(response, "topic") == {"ai": 1, "logistics": 1, "it-security": 1}
    assert counts(response, "kind")["startup"] == 0
    assert counts(response, "partner")["firm"] == 0


def test_filters_combine(client, known):
    needs = url("matching:needs")
    assert titles(client.get(needs + "?type=technology&topic=ai")) == ["KI für die Logistik"]
    assert sorted(titles(client.get(needs + "?type=technology&type=research&topic=ai"))) == [
        "Forschungspartner gesucht",
        "KI für die Logistik",
    ]
    assert titles(client.get(needs + "?partner=university&kind=startup")) == ["Forschungspartner gesucht"]
    assert titles(client.get(needs + "?district=dortmund")) == ["Forschungspartner gesucht"]
    assert titles(client.get(needs + "?q=PRESSEN")) == ["Sicherheit der Pressen"]
    assert titles(client.get(needs + "?q=vorausschauenden&partner=startup")) == ["Sicherheit der Pressen"]
    assert titles(client.get(needs + "?q=pressen&type=research")) == []


def test_it_sorts_newest_first_or_by_the_soonest_deadline(client, organisation):
    today = timezone.localdate()
    make_entry(organisation, title="Ohne Frist")
    make_entry(organisation, title="Bald", deadline=today + timedelta(days=3))
    make_entry(organisation, title="Später", deadline=today + timedelta(days=90))
    needs = url("matching:needs")
    assert titles(client.get(needs)) == ["Später", "Bald", "Ohne Frist"]
    assert titles(client.get(needs + "?sort=deadline")) == ["Bald", "Später", "Ohne Frist"]


@pytest.mark.parametrize(
    "query, note",
    [
        ("page=abc", "Page: “abc” is not a page number; showing page 1."),
        ("page=7", "Page: there is no page 7; showing page 1."),
        ("topic=unknown", "Topics: the unknown value “unknown” was ignored."),
        ("type=x", "Type: the unknown value “x” was ignored."),
        ("sort=x", "Sort by: the value “x” is not valid and was ignored."),
        ("q=" + "a" * 250, "Search term: shortened to 200 characters."),
    ],
)
def test_bad_values_are_noted_never_fail(client, known, query, note):
    response = client.get(url("matching:needs") + "?" + query)
    assert response.status_code == 200
    assert note in response.text


def test_unknown_values_do_not_narrow_the_list(client, known):
    response = client.get(url("matching:needs") + "?type=x&topic=unknown")
    assert response.context["search"].total == 3


def test_it_shows_twenty_per_page(client, organisation):
    for number in range(25):
        make_entry(organisation, title=f"Bedarf {number:02}")
    needs = url("matching:needs")
    first = client.get(needs)
    assert len(titles(first)) == 20 and first.context["search"].total == 25
    assert '<h2 id="results-title" data-result-count>25 needs</h2>' in first.text
    assert 'href="' + needs + '?page=2" rel="next"' in first.text
    second = client.get(needs + "?page=2")
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))


def test_the_form_without_javascript_redirects_to_the_tidy_address(client, known):
    needs = url("matching:needs")
    response = client.get(needs + "?q=&type=technology&sort=newest")
    assert response.status_code == 302 and response["Location"] == needs + "?type=technology"


def test_htmx_gets_the_results_part_and_the_cleaned_address(client, known):
    needs = url("matching:needs")
    response = client.get(needs + "?q=&type=technology&type=x", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="entries"' in response.text
    assert response["HX-Push-Url"] == needs + "?type=technology"


def test_the_tabs_link_both_lists(client, known, charlie):
    needs, offers = url("matching:needs"), url("matching:offers")
    text = client.get(needs).text
    assert f'<a href="{needs}" aria-current="page">Needs</a>' in text
    assert f'<a href="{offers}">Offers</a>' in text
    assert url("matching:needs_feed") in text
    assert f'href="{reverse("account_login")}?next=' in text and f'href="{url("matching:mine")}"' not in text
    client.force_login(charlie)
    text = client.get(offers).text
    assert f'<a href="{offers}" aria-current="page">Offers</a>' in text
    assert f'href="{url("matching:mine")}"' in text and "Wir bieten Sensorik" in text


@pytest.mark.parametrize("count", [3, 40])
def test_the_list_needs_a_fixed_number_of_queries(client, organisation, startup, count, django_assert_num_queries):
    for number in range(count):
        make_entry(
            organisation if number % 2 else startup,
            title=f"Bedarf {number}",
            topics=["ai", "logistics", "it-security", "robotics-automation"],
            partner_kinds=["firm"],
            visibility="anonymous" if number % 3 else "public",
        )
    filtered = "?type=technology&topic=ai&partner=firm&kind=startup&district=dortmund&q=Bed"
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url("matching:needs") + filtered)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url("matching:needs") + "?page=2")


# --- the organisation's page -----------------------------------------------------------------------------------


@pytest.fixture
def section():
    """The section as matching/apps.py registers it (registered here too until then; removed only if added)."""
    added = SECTION not in sections.templates()
    if added:
        sections.register(SECTION, position=10)
    yield
    if added:
        sections.unregister(SECTION)


def profile(client, organisation):
    return client.get(url("companies:detail", organisation.slug)).text


def test_the_profile_lists_its_current_named_needs_and_offers(client, organisation, section):
    need = make_entry(organisation, title="Öffentlicher Bedarf")
    offer = make_entry(organisation, side="offer", title="Öffentliches Angebot")
    make_entry(organisation, title="Anonymer Bedarf", visibility="anonymous")
    make_entry(organisation, title="Mitgliederbedarf", visibility="members")
    make_entry(organisation, title="Geschlossener Bedarf", status="closed")
    text = profile(client, organisation)
    assert 'id="organisation-entries"' in text
    assert f'<a href="{need.get_absolute_url()}">Öffentlicher Bedarf</a>' in text
    assert f'<a href="{offer.get_absolute_url()}">Öffentliches Angebot</a>' in text
    assert "Anonymer Bedarf" not in text and "Mitgliederbedarf" not in text and "Geschlossener Bedarf" not in text
    assert url("matching:need_create", organisation.slug) not in text


def test_signed_in_visitors_see_members_only_entries_on_the_profile(client, organisation, charlie, section):
    make_entry(organisation, title="Mitgliederbedarf", visibility="members")
    client.force_login(charlie)
    text = profile(client, organisation)
    assert "Mitgliederbedarf" in text and url("matching:need_create", organisation.slug) not in text


def test_the_section_is_left_out_when_there_is_nothing_to_show(client, organisation, section):
    make_entry(organisation, title="Anonymer Bedarf", visibility="anonymous")
    assert 'id="organisation-entries"' not in profile(client, organisation)


def test_members_get_links_to_publish(client, organisation, bob, section):
    client.force_login(bob)
    text = profile(client, organisation)
    assert 'id="organisation-entries"' in text
    assert url("matching:need_create", organisation.slug) in text
    assert url("matching:offer_create", organisation.slug) in text
    assert url("matching:mine") in text


def test_the_section_needs_at_most_two_queries(organisation, charlie, django_assert_max_num_queries):
    for number in range(5):
        make_entry(organisation, side="need" if number % 2 else "offer", title=f"Eintrag {number}")
    with django_assert_max_num_queries(2):
        html = render_to_string(SECTION, {"organisation": organisation, "user": charlie})
    assert "Eintrag 4" in html
    with django_assert_max_num_queries(1):
        render_to_string(SECTION, {"organisation": organisation, "user": charlie, "membership": None})
