"""Passende Partner (matching/matches.py): an entry's matches with their explanation and controls, hiding a
suggestion, and a member's matches for all entries of their organisations."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Municipality, Topic
from matching import engine
from matching.models import Dismissal
from tests.conftest import make_organisation, make_user
from tests.matching.conftest import make_entry

pytestmark = pytest.mark.django_db

# The matches page of a need with a keyword, the topics' rarity cached: the entry with its topics and keywords (3),
# the engine (4: the ranking query and the objects, for offers and for organisations; the source's topics and
# keywords come prefetched); signed in also session, user, membership, the viewer's organisations and the hidden
# suggestions (5).
VISITOR_QUERIES = 7
MEMBER_QUERIES = 12
# The personal page with a need and an offer: session, user, organisations, count, the page of entries with their
# topics and keywords prefetched, then the engine's fixed queries per entry (ranking and objects per kind of target).
MY_QUERIES = 12


def url(name, *args, query=""):
    """The English URL: the texts are checked in English, since the German catalogue is filled in later."""
    with translation.override("en"):
        return reverse(name, args=args) + query


def titles(response):
    return [card.target.title if not card.is_organisation else card.target.name for card in response.context["cards"]]


def km(a, b):
    return Municipality.objects.get(name=a).distance_km(Municipality.objects.get(name=b))


def published(name, kind="firm", municipality="Arnsberg", topics=(), **extra):
    organisation = make_organisation(name, kind=kind, municipality=municipality, status="published", **extra)
    organisation.topics.set(Topic.objects.filter(slug__in=topics))
    return organisation


@pytest.fixture
def need(organisation):
    return make_entry(
        organisation,
        title="Bildanalyse für Pressen",
        topics=["ai", "logistics", "it-security"],
        reach="radius",
        reach_km=100,
        partner_kinds=["startup"],
    )


@pytest.fixture
def institute(db):
    return published("Institut für Lagerlogistik", kind="institute", municipality="Siegen", topics=["ai"])


# --- what a card shows ---------------------------------------------------------------------------------------


def test_a_needs_matches_list_an_offer_and_an_organisation_with_their_explanation(client, need, startup, institute):
    offer = make_entry(startup, side="offer", title="KI-Sensorik aus Dortmund", topics=["ai", "logistics"])
    expected = {match.target: match for match in engine.for_need(need)}

    response = client.get(url("matching:matches", need.pk))
    assert response.status_code == 200
    text = response.text
    assert titles(response) == ["KI-Sensorik aus Dortmund", "Institut für Lagerlogistik"]
    assert f'href="{offer.get_absolute_url()}"' in text and f'href="{institute.get_absolute_url()}"' in text
    assert "Ruhrlogik GmbH (Start-up) · Dortmund" in text and "Research institute · Siegen" in text
    for target in (offer, institute):
        assert f"Match: {round(expected[target].score * 100)} %" in text
        assert f'value="{round(expected[target].score * 100)}"' in text  # the meter
    first, second = text.split('class="card result match-card"')[1:]
    assert "AI and machine learning" in first and "Logistics and supply chain" in first
    assert "IT security" in first  # missing
    assert f"{round(km('Arnsberg', 'Dortmund'))} km" in first
    assert "Partner within 100 km: <strong>met</strong>" in first
    assert "Wanted partners: Start-up: <strong>met</strong>" in first
    assert "What the offer asks for" in first and "Partner anywhere: <strong>met</strong>" in first
    assert "Wanted partners: Start-up: <strong>not met</strong>" in second  # an institute, not a start-up
    assert "The organisation states no wishes." in second
    assert f"{round(km('Arnsberg', 'Siegen'))} km" in second


def test_an_offers_matches_are_needs(client, organisation, startup):
    offer = make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    make_entry(organisation, title="Bildanalyse", topics=["ai"])
    make_entry(organisation, side="offer", title="Kein Bedarf", topics=["ai"])
    response = client.get(url("matching:matches", offer.pk))
    assert titles(response) == ["Bildanalyse"]
    assert "What the need asks for" in response.text and "What the offer asks for" in response.text


def test_an_unknown_distance_is_said(client, need, organisation):
    lippetal = published("Lippetaler Daten GmbH", municipality="Lippetal")  # no coordinates
    make_entry(lippetal, side="offer", title="Daten", topics=["ai"])
    text = client.get(url("matching:matches", need.pk)).text
    assert "distance unknown" in text
    assert "Partner within 100 km: <strong>unknown (no distance)</strong>" in text


def test_members_get_contact_and_hide_controls_others_a_hint(client, alice, charlie, need, startup, institute):
    offer = make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    page = url("matching:matches", need.pk)
    text = client.get(page).text
    assert "Send a contact request" not in text and "Not relevant" not in text
    assert "Log in as a member of an organisation to get in touch." in text

    client.force_login(charlie)
    text = client.get(page).text
    assert "Send a contact request" not in text and "Not relevant" not in text
    assert "Log in as a member" not in text

    client.force_login(alice)
    text = client.get(page).text
    assert f'href="{url("matching:contact_entry", offer.pk)}?about={need.pk}"' in text
    assert f'href="{url("matching:contact_organisation", institute.slug)}?about={need.pk}"' in text
    assert f'action="{url("matching:hide_match", need.pk)}"' in text
    assert f'name="target_entry" value="{offer.pk}"' in text
    assert f'name="target_organisation" value="{institute.pk}"' in text


def test_ten_are_shown_and_twenty_after_show_more(client, need, startup):
    for number in range(12):
        make_entry(startup, side="offer", title=f"Angebot {number}", topics=["ai"])
    response = client.get(url("matching:matches", need.pk))
    assert len(response.context["cards"]) == 10
    assert "Show more suggestions" in response.text and "?more=1" in response.text
    response = client.get(url("matching:matches", need.pk, query="?more=1"))
    assert len(response.context["cards"]) == 12 and "Show more suggestions" not in response.text


# --- the controls --------------------------------------------------------------------------------------------


def test_distance_doesnt_matter_changes_scores_and_order(client, organisation):
    need = make_entry(
        organisation, title="Bildanalyse Lagerlogistik", topics=["ai", "logistics"], reach="radius", reach_km=30
    )
    siegen = published("Siegener Optik GmbH", municipality="Siegen")
    near = make_entry(
        published("Arnsberger Daten GmbH"),
        side="offer",
        title="Kameras",
        description="Optik.",
        topics=["ai", "logistics"],
    )
    far = make_entry(
        siegen,
        side="offer",
        title="Kameras für die Bildanalyse",
        description="Optik.",
        topics=["ai", "logistics"],
        reach="radius",
        reach_km=10,
    )
    usual = client.get(url("matching:matches", need.pk))
    assert titles(usual) == [near.title, far.title]
    anywhere = client.get(url("matching:matches", need.pk, query="?distance=any"))
    assert titles(anywhere) == [far.title, near.title]
    scores = {card.target: card.percent for card in usual.context["cards"]}
    assert {card.target: card.percent for card in anywhere.context["cards"]} != scores
    assert 'name="distance" value="any" id="m-distance" checked' in anywhere.text


def test_only_start_ups_and_only_dortmund(client, need, startup, institute):
    firm = published("Lenne Daten GmbH", municipality="Arnsberg")
    make_entry(firm, side="offer", title="Angebot einer Firma", topics=["ai"])
    make_entry(startup, side="offer", title="Angebot eines Start-ups", topics=["ai"])
    everyone = titles(client.get(url("matching:matches", need.pk)))
    assert "Angebot einer Firma" in everyone and "Institut für Lagerlogistik" in everyone

    startups = client.get(url("matching:matches", need.pk, query="?kind=startup"))
    assert titles(startups) == ["Angebot eines Start-ups"]
    assert 'name="kind" value="startup" id="m-kind" checked' in startups.text

    dortmund = titles(client.get(url("matching:matches", need.pk, query="?region=dortmund")))
    assert dortmund == ["Angebot eines Start-ups"]  # not the firm in Arnsberg nor the institute in Siegen


@pytest.mark.parametrize(
    "query",
    [
        "?distance=no&kind=university&region=mars&more=yes",
        "?kind=%00&region=%ff&distance=&page=x",
        "?kind=startup&kind=x&more=1&more=2",
        "?" + "&".join(f"kind=k{n}" for n in range(1200)),
    ],
)
def test_garbage_in_the_address_is_ignored(client, need, startup, query):
    make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    response = client.get(url("matching:matches", need.pk, query=query))
    assert response.status_code == 200


def test_htmx_gets_the_results_part_and_the_cleaned_address(client, need, startup):
    make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    page = url("matching:matches", need.pk)
    response = client.get(page + "?distance=any&kind=x&region=dortmund", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="matches"' in response.text
    assert "data-result-count" in response.text and "KI-Sensorik" in response.text
    assert response["HX-Push-Url"] == page + "?distance=any&region=dortmund"
    full = client.get(page).text
    assert 'hx-get="' + page + '"' in full and "data-directory-status" in full
    assert '<button type="submit" class="button button--secondary button--small">Update</button>' in full


# --- who sees what -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", [None, "charlie", "alice"])
def test_an_anonymous_target_never_shows_its_organisation(client, need, alice, charlie, visitor):
    olpe = make_organisation("Biggesee Robotik GmbH", municipality="Attendorn", status="published")
    offer = make_entry(olpe, side="offer", title="Geheimes Angebot", topics=["ai"], visibility="anonymous")
    if visitor:
        client.force_login({"charlie": charlie, "alice": alice}[visitor])
    text = client.get(url("matching:matches", need.pk)).text
    assert "Geheimes Angebot" in text and "An organisation in the district of Olpe (Firm)" in text
    assert "Biggesee" not in text and olpe.slug not in text and "Attendorn" not in text
    assert olpe.get_absolute_url() not in text
    assert f"about {round(km('Arnsberg', 'Attendorn') / 10) * 10} km" in text
    if visitor == "alice":
        assert f'href="{url("matching:contact_entry", offer.pk)}?about={need.pk}"' in text


def test_members_see_their_own_anonymous_entry_named(client, alice, organisation, need):
    other = make_organisation("Zweite GmbH", municipality="Attendorn", owner=alice, status="published")
    make_entry(other, side="offer", title="Eigenes Angebot", topics=["ai"], visibility="anonymous")
    client.force_login(alice)
    assert "Zweite GmbH (Firm) · Attendorn" in client.get(url("matching:matches", need.pk)).text


def test_members_only_targets_only_for_signed_in_visitors(client, need, charlie, startup):
    make_entry(startup, side="offer", title="Nur für Mitglieder", topics=["ai"], visibility="members")
    make_entry(startup, side="offer", title="Öffentlich", topics=["ai"])
    response = client.get(url("matching:matches", need.pk))
    assert titles(response) == ["Öffentlich"] and "Nur für Mitglieder" not in response.text
    client.force_login(charlie)
    assert sorted(titles(client.get(url("matching:matches", need.pk)))) == ["Nur für Mitglieder", "Öffentlich"]


def test_the_matches_of_an_entry_the_visitor_may_not_see_are_404(client, alice, charlie, organisation):
    closed = make_entry(organisation, title="Geschlossen", status="closed", topics=["ai"])
    members = make_entry(organisation, title="Mitglieder", visibility="members", topics=["ai"])
    assert client.get(url("matching:matches", closed.pk)).status_code == 404
    assert client.get(url("matching:matches", members.pk)).status_code == 404
    assert client.get(url("matching:matches", 987654)).status_code == 404
    client.force_login(charlie)
    assert client.get(url("matching:matches", closed.pk)).status_code == 404
    assert client.get(url("matching:matches", members.pk)).status_code == 200
    client.force_login(alice)
    response = client.get(url("matching:matches", closed.pk))
    assert response.status_code == 200 and "This entry is not shown to others at the moment" in response.text


# --- hiding a suggestion -------------------------------------------------------------------------------------


def hide(client, need, name="hide_match", **data):
    return client.post(url(f"matching:{name}", need.pk), data)


def test_a_member_hides_a_suggestion_and_shows_it_again(client, bob, need, startup, institute):
    offer = make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    page = url("matching:matches", need.pk)
    client.force_login(bob)

    response = hide(client, need, target_entry=offer.pk, next=page + "?distance=any")
    assert response.status_code == 302 and response["Location"] == page + "?distance=any"
    assert Dismissal.objects.get().dismissed_by == bob
    response = client.get(page, follow=True)
    assert titles(response) == ["Institut für Lagerlogistik"]
    assert "Hidden. It will not be suggested again for this entry." in response.text
    assert offer not in [match.target for match in engine.for_need(need)]
    assert "Hidden suggestion (1)" in response.text and "Show again" in response.text

    hide(client, need, target_organisation=institute.pk)
    assert titles(client.get(page)) == []
    assert "Hidden suggestions (2)" in client.get(page).text

    response = hide(client, need, "unhide_match", target_entry=offer.pk)
    assert response.status_code == 302 and response["Location"] == page
    assert titles(client.get(page)) == ["KI-Sensorik"]
    assert offer in [match.target for match in engine.for_need(need)]
    assert Dismissal.objects.count() == 1


def test_hiding_twice_is_fine(client, alice, need, startup):
    offer = make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    client.force_login(alice)
    assert hide(client, need, target_entry=offer.pk).status_code == 302
    assert hide(client, need, target_entry=offer.pk).status_code == 302
    assert Dismissal.objects.count() == 1
    assert hide(client, need, "unhide_match", target_entry=offer.pk).status_code == 302
    assert hide(client, need, "unhide_match", target_entry=offer.pk).status_code == 302
    assert Dismissal.objects.count() == 0


def test_only_members_may_hide_by_post(client, alice, charlie, need, startup):
    offer = make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    assert client.get(url("matching:hide_match", need.pk)).status_code == 405
    response = hide(client, need, target_entry=offer.pk)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(charlie)  # signed in, member of another organisation
    assert hide(client, need, target_entry=offer.pk).status_code == 404
    assert hide(client, need, "unhide_match", target_entry=offer.pk).status_code == 404
    client.force_login(alice)
    assert client.get(url("matching:hide_match", need.pk)).status_code == 405
    assert client.get(url("matching:unhide_match", need.pk)).status_code == 405
    assert Dismissal.objects.count() == 0


def test_foreign_or_bad_targets_are_404_and_change_nothing(client, alice, organisation, need, startup, institute):
    own_offer = make_entry(organisation, side="offer", title="Eigenes Angebot", topics=["ai"])
    other_need = make_entry(startup, title="Ein Bedarf", topics=["ai"])
    closed = make_entry(startup, side="offer", title="Geschlossen", topics=["ai"], status="closed")
    offer = make_entry(startup, side="offer", title="Ein Angebot", topics=["ai"])
    client.force_login(alice)
    for data in [
        {"target_entry": own_offer.pk},
        {"target_entry": other_need.pk},  # the same side
        {"target_entry": closed.pk},
        {"target_entry": 987654},
        {"target_entry": "abc"},
        {"target_entry": "9" * 40},
        {"target_organisation": organisation.pk},
        {"target_organisation": make_organisation("Entwurf GmbH").pk},
        {"target_entry": offer.pk, "target_organisation": institute.pk},
        {},
    ]:
        assert hide(client, need, **data).status_code == 404, data
    offer_of_startup = make_entry(startup, side="offer", title="Angebot", topics=["ai"])
    own_need = make_entry(organisation, title="Eigener Bedarf", topics=["ai"])
    client.force_login(make_user("charlie2@example.org"))
    assert hide(client, offer_of_startup, target_entry=own_need.pk).status_code == 404  # not a member
    assert Dismissal.objects.count() == 0


def test_an_offer_cannot_hide_an_organisation(client, charlie, startup, institute):
    offer = make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    client.force_login(charlie)
    assert hide(client, offer, target_organisation=institute.pk).status_code == 404


def test_it_returns_only_to_this_site(client, alice, need, startup):
    offer = make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    client.force_login(alice)
    response = hide(client, need, target_entry=offer.pk, next="https://evil.example/")
    assert response["Location"] == url("matching:matches", need.pk)


# --- the personal page ---------------------------------------------------------------------------------------


def test_my_matches_lists_my_organisations_current_entries_newest_first(client, alice, organisation, startup):
    now = timezone.now()
    second = published("Lenne Logistik GmbH", municipality="Plettenberg")
    from companies.models import Membership

    Membership.objects.create(user=alice, organisation=second, role="editor")
    older = make_entry(organisation, title="Älterer Bedarf", topics=["ai"], created=now - timedelta(days=3))
    newer = make_entry(
        second, side="offer", title="Neues Angebot", topics=["it-security"], created=now - timedelta(days=1)
    )
    make_entry(organisation, title="Geschlossener Bedarf", topics=["ai"], status="closed")
    make_entry(organisation, title="Abgelaufen", topics=["ai"], expires_on=timezone.localdate() - timedelta(days=1))
    make_entry(startup, title="Bedarf des Start-ups", topics=["it-security"])
    make_entry(startup, side="offer", title="Angebot des Start-ups", topics=["ai"])

    client.force_login(alice)
    response = client.get(url("matching:my_matches"))
    assert response.status_code == 200
    assert [entry for entry, _cards in response.context["rows"]] == [newer, older]
    cards = dict(response.context["rows"])
    assert [card.target.title for card in cards[newer]] == ["Bedarf des Start-ups"]
    assert [card.target.title for card in cards[older]] == ["Angebot des Start-ups"]
    text = response.text
    assert "Geschlossener Bedarf" not in text and "Abgelaufen" not in text
    assert f'href="{url("matching:matches", newer.pk)}"' in text and "All matches" in text
    assert f'action="{url("matching:hide_match", older.pk)}"' in text
    assert 'name="next" value="' + url("matching:my_matches") + '"' in text


def test_my_matches_shows_three_per_entry_and_pages_by_ten(client, alice, organisation, startup):
    for number in range(4):
        make_entry(startup, side="offer", title=f"Angebot {number}", topics=["ai"])
    for number in range(12):
        make_entry(organisation, title=f"Bedarf {number}", topics=["ai"])
    client.force_login(alice)
    response = client.get(url("matching:my_matches"))
    assert len(response.context["rows"]) == 10
    assert all(len(cards) == 3 for _entry, cards in response.context["rows"])
    second = client.get(url("matching:my_matches", query="?page=2"))
    assert [entry.title for entry, _cards in second.context["rows"]] == ["Bedarf 1", "Bedarf 0"]
    assert 'name="next" value="' + url("matching:my_matches") + '?page=2"' in second.text
    assert client.get(url("matching:my_matches", query="?page=abc")).status_code == 200
    assert client.get(url("matching:my_matches", query="?page=99")).status_code == 200


def test_my_matches_needs_a_login_and_helps_without_entries(client, alice, organisation):
    response = client.get(url("matching:my_matches"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user("dora@example.org"))
    text = client.get(url("matching:my_matches")).text
    assert "No organisation yet" in text and f'href="{url("startups:organisation")}"' in text
    client.force_login(alice)
    text = client.get(url("matching:my_matches")).text
    assert "No current needs or offers" in text and f'href="{url("matching:mine")}"' in text


# --- links -------------------------------------------------------------------------------------------------


def test_the_entry_page_links_its_matches_and_lets_others_get_in_touch(client, alice, charlie, need, startup):
    page = need.get_absolute_url()
    text = client.get(page).text
    assert f'href="{reverse("matching:matches", args=[need.pk])}"' in text and "Passende Partner" in text
    assert reverse("matching:contact_entry", args=[need.pk]) not in text
    assert "Melden Sie sich als Mitglied einer Organisation an, um Kontakt aufzunehmen." in text
    client.force_login(charlie)
    assert f'href="{reverse("matching:contact_entry", args=[need.pk])}"' in client.get(page).text
    client.force_login(make_user("dora@example.org"))  # no organisation to write for
    assert reverse("matching:contact_entry", args=[need.pk]) not in client.get(page).text
    client.force_login(alice)
    text = client.get(page).text
    assert reverse("matching:contact_entry", args=[need.pk]) not in text
    assert f'href="{reverse("matching:matches", args=[need.pk])}"' in text


def test_my_entries_link_their_matches(client, alice, need):
    client.force_login(alice)
    text = client.get(reverse("matching:mine")).text
    assert f'href="{reverse("matching:my_matches")}"' in text
    assert f'href="{reverse("matching:matches", args=[need.pk])}"' in text


def test_the_pages_render_in_english_and_german(client, alice, need, startup):
    make_entry(startup, side="offer", title="KI-Sensorik", topics=["ai"])
    text = client.get(url("matching:matches", need.pk)).text
    assert '<html lang="en">' in text and "<h1>Matching partners</h1>" in text
    assert client.get(reverse("matching:matches", args=[need.pk])).status_code == 200
    client.force_login(alice)
    assert "<h1>My matches</h1>" in client.get(url("matching:my_matches")).text
    assert client.get(reverse("matching:my_matches")).status_code == 200


# --- queries -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 15])
def test_the_matches_page_takes_a_fixed_number_of_queries(
    client, alice, need, startup, institute, count, django_assert_num_queries
):
    for number in range(count):
        make_entry(
            startup,
            side="offer",
            title=f"Angebot {number}",
            topics=["ai", "logistics"],
            keywords=["Sensorik"],
            visibility=["public", "anonymous", "members"][number % 3],
        )
    need.keywords.add("Sensorik")
    Dismissal.objects.create(source=need, target_entry=make_entry(startup, side="offer", topics=["ai"]))
    page = url("matching:matches", need.pk, query="?distance=any")
    client.get(page)  # the topics' rarity is cached from here on
    with django_assert_num_queries(VISITOR_QUERIES):
        assert client.get(page).status_code == 200
    client.force_login(alice)
    with django_assert_num_queries(MEMBER_QUERIES):
        assert client.get(page).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_my_matches_takes_a_fixed_number_of_queries(
    client, alice, organisation, startup, count, django_assert_num_queries
):
    make_entry(organisation, title="Bedarf", topics=["ai"])
    make_entry(organisation, side="offer", title="Angebot", topics=["ai"])
    for number in range(count):
        make_entry(startup, side="offer", title=f"Angebot {number}", topics=["ai"], visibility="anonymous")
        make_entry(startup, title=f"Bedarf {number}", topics=["ai"], keywords=["Sensorik"])
    client.force_login(alice)
    client.get(url("matching:my_matches"))  # the topics' rarity is cached from here on
    with django_assert_num_queries(MY_QUERIES):
        assert client.get(url("matching:my_matches")).status_code == 200
