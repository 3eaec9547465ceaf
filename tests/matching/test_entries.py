"""Publishing and managing needs and offers, and who sees an entry's page."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Membership, Municipality, Topic
from matching.models import LIFETIME, Entry
from tests.conftest import make_organisation, make_user
from tests.matching.conftest import make_entry


def en(name, *args, **kwargs):
    """The English address: the pages' English msgids are what the tests read (the German catalogue comes later)."""
    with translation.override("en"):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def en_page(entry):
    with translation.override("en"):
        return entry.get_absolute_url()


def checked(page, name):
    return [tag for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', page) if " checked" in tag]


def need_create_url(organisation):
    return reverse("matching:need_create", kwargs={"organisation": organisation.slug})


def offer_create_url(organisation):
    return reverse("matching:offer_create", kwargs={"organisation": organisation.slug})


def form_data(**changes):
    data = {
        "type": "technology",
        "title": "OPC-UA-Anbindung unserer Pressen",
        "description": "Wir suchen Hilfe, um unsere Pressen über OPC UA an das MES anzubinden.",
        "topics": [Topic.objects.get(slug="robotics-automation").pk, Topic.objects.get(slug="data-analytics").pk],
        "keywords": "OPC UA, MES",
        "municipality": Municipality.objects.get(name="Meschede").pk,
        "reach": "radius",
        "reach_km": "50",
        "partner_kinds": ["startup", "institute"],
        "budget_band": "5k-25k",
        "deadline": "",
        "visibility": "public",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def status(client, entry, action, **extra):
    return client.post(reverse("matching:status", args=[entry.pk]), {"action": action, **extra})


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- who may publish and manage ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, organisation):
    entry = make_entry(organisation)
    for url in [
        need_create_url(organisation),
        offer_create_url(organisation),
        reverse("matching:edit", args=[entry.pk]),
        reverse("matching:mine"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
    assert status(client, entry, "close").status_code == 302
    entry.refresh_from_db()
    assert entry.status == "open"


def test_outsiders_get_404_on_another_organisations_entries(client, charlie, organisation):
    entry = make_entry(organisation, expires_on=timezone.localdate() + timedelta(days=3))
    client.force_login(charlie)
    assert client.get(need_create_url(organisation)).status_code == 404
    assert client.post(need_create_url(organisation), form_data()).status_code == 404
    assert client.get(reverse("matching:edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("matching:edit", args=[entry.pk]), form_data(title="Gekapert")).status_code == 404
    for action in ["close", "renew", "in-talks"]:
        assert status(client, entry, action).status_code == 404
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("Predictive Maintenance für Pressen", "open")
    assert Entry.objects.count() == 1


def test_the_status_changes_only_by_post(client, alice, organisation):
    entry = make_entry(organisation)
    client.force_login(alice)
    assert client.get(reverse("matching:status", args=[entry.pk]) + "?action=close").status_code == 405
    entry.refresh_from_db()
    assert entry.status == "open"


def test_the_owner_publishes_a_need(client, alice, organisation):
    client.force_login(alice)
    response = client.post(en("matching:need_create", organisation=organisation.slug), form_data(), follow=True)
    entry = Entry.objects.get()
    assert response.redirect_chain[-1][0] == en_page(entry)
    assert (entry.side, entry.organisation, entry.created_by) == ("need", organisation, alice)
    assert (entry.reach, entry.reach_km, entry.municipality.name) == ("radius", 50, "Meschede")
    assert entry.partner_kinds == ["startup", "institute"]
    assert {topic.slug for topic in entry.topics.all()} == {"robotics-automation", "data-analytics"}
    assert sorted(entry.keywords.names()) == ["mes", "opc ua"]
    assert entry.expires_on == timezone.localdate() + LIFETIME
    assert messages_of(response) == ["Your need was published."]
    assert "OPC-UA-Anbindung unserer Pressen" in response.content.decode()


def test_an_editor_publishes_an_offer_and_edits_it(client, bob, organisation):
    client.force_login(bob)
    client.post(offer_create_url(organisation), form_data(reach="any", reach_km=""))
    entry = Entry.objects.get()
    assert (entry.side, entry.reach, entry.reach_km) == ("offer", "any", None)
    before = entry.updated
    response = client.post(
        reverse("matching:edit", args=[entry.pk]), form_data(title="Neuer Titel", reach="dortmund", reach_km="")
    )
    assert response.status_code == 302
    assert response.url == reverse("matching:offer", args=[entry.pk])
    entry.refresh_from_db()
    assert (entry.title, entry.reach, entry.side) == ("Neuer Titel", "dortmund", "offer")
    assert entry.updated > before


def test_the_form_starts_in_the_organisations_town_and_tells_that_needs_lapse(client, alice, organisation):
    client.force_login(alice)
    page = client.get(en("matching:need_create", organisation=organisation.slug)).content.decode()
    arnsberg = Municipality.objects.get(name="Arnsberg").pk
    assert f'<option value="{arnsberg}" selected>Arnsberg</option>' in page
    assert "Needs lapse after six months unless you renew them" in page
    offer_page = client.get(en("matching:offer_create", organisation=organisation.slug)).content.decode()
    assert "Needs lapse" not in offer_page and "Offers lapse after six months" in offer_page


def test_the_edit_form_shows_what_was_entered(client, alice, organisation):
    entry = make_entry(organisation, topics=["ai"], keywords=["opc ua"], reach="radius", reach_km=30)
    client.force_login(alice)
    form = client.get(reverse("matching:edit", args=[entry.pk])).context["form"]
    assert form["title"].value() == entry.title
    assert form["keywords"].value() == "opc ua"
    assert form["reach_km"].value() == 30
    assert list(form["topics"].value()) == [Topic.objects.get(slug="ai").pk]


# --- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reach": "radius", "reach_km": ""}, "reach_km", "Please enter the distance in km"),
        ({"reach": "any", "reach_km": "50"}, "reach_km", "Leave the distance empty"),
        ({"reach": "radius", "reach_km": "0"}, "reach_km", "from 1 to 500 km"),
        ({"reach": "radius", "reach_km": "501"}, "reach_km", "from 1 to 500 km"),
        ({"topics": None}, "topics", "Please choose at least one topic."),
        ({"partner_kinds": None}, "partner_kinds", "Please choose at least one kind of partner."),
        ({"deadline": "30.02.2027"}, "deadline", "“30.02.2027” is not a date in the calendar"),
        ({"deadline": "2020-01-31"}, "deadline", "The deadline is in the past."),
        ({"deadline": "31.12.2099"}, "deadline", "at most two years ahead"),
        ({"title": ""}, "title", "Please give the entry a title."),
        ({"type": "consulting"}, "type", "Select a valid choice."),
    ],
)
def test_invalid_input_is_refused_with_a_clear_message(client, alice, organisation, changes, field, message):
    client.force_login(alice)
    response = client.post(en("matching:need_create", organisation=organisation.slug), form_data(**changes))
    assert response.status_code == 200
    assert Entry.objects.count() == 0
    assert list(response.context["form"].errors) == [field]
    assert message in response.content.decode()


def test_at_most_five_topics(client, alice, organisation):
    client.force_login(alice)
    topics = list(Topic.objects.values_list("pk", flat=True)[:6])
    response = client.post(en("matching:need_create", organisation=organisation.slug), form_data(topics=topics))
    assert "At most 5 topics, please; you chose 6." in response.content.decode()
    assert Entry.objects.count() == 0


def test_a_failed_submit_keeps_everything_entered(client, alice, organisation):
    client.force_login(alice)
    data = form_data(reach_km="", keywords="OPC UA, Retrofit", deadline="2027-02-30")
    page = client.post(need_create_url(organisation), data).content.decode()
    assert 'value="OPC-UA-Anbindung unserer Pressen"' in page
    assert "Wir suchen Hilfe, um unsere Pressen über OPC UA an das MES anzubinden.</textarea>" in page
    assert 'value="OPC UA, Retrofit"' in page
    assert 'value="2027-02-30"' in page
    assert len(checked(page, "topics")) == 2
    assert len(checked(page, "partner_kinds")) == 2
    assert [tag for tag in checked(page, "reach") if 'value="radius"' in tag]
    assert Entry.objects.count() == 0


def test_an_unchanged_deadline_that_has_passed_does_not_block_editing(client, alice, organisation):
    entry = make_entry(
        organisation, topics=["ai"], partner_kinds=["startup"], deadline=timezone.localdate() - timedelta(days=3)
    )
    client.force_login(alice)
    data = form_data(title="Anders", deadline=entry.deadline.isoformat(), topics=[Topic.objects.get(slug="ai").pk])
    assert client.post(reverse("matching:edit", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Anders"


# --- who sees an entry --------------------------------------------------------------------------------------


def test_a_public_entry_is_shown_to_everyone(client, charlie, organisation):
    entry = make_entry(organisation, topics=["ai"], keywords=["opc ua"], reach="radius", reach_km=50)
    page = client.get(en_page(entry)).content.decode()
    assert entry.title in page
    assert organisation.name in page
    assert "Partners within 50 km of Arnsberg" in page
    assert f'href="{en("matching:needs")}?topic=ai"' in page
    assert "opc ua" in page
    assert en("matching:edit", entry.pk) not in page  # no buttons for visitors
    client.force_login(charlie)
    assert client.get(en_page(entry)).status_code == 200


def test_an_offers_topics_link_into_the_offers_list(client, organisation):
    entry = make_entry(organisation, side="offer", topics=["ai"], reach="dortmund")
    page = client.get(en_page(entry)).content.decode()
    assert f'href="{en("matching:offers")}?topic=ai"' in page
    assert "Partners in Dortmund" in page


def test_the_address_must_name_the_entrys_side(client, organisation):
    need = make_entry(organisation)
    offer = make_entry(organisation, side="offer")
    assert client.get(reverse("matching:offer", args=[need.pk])).status_code == 404
    assert client.get(reverse("matching:need", args=[offer.pk])).status_code == 404
    assert client.get(reverse("matching:need", args=[need.pk])).status_code == 200


def test_members_only_entries_need_a_signed_in_visitor(client, charlie, organisation):
    entry = make_entry(organisation, visibility="members")
    assert client.get(en_page(entry)).status_code == 404
    client.force_login(charlie)
    assert client.get(en_page(entry)).status_code == 200


def test_an_anonymous_entry_hides_the_organisation_from_outsiders(client, alice, charlie, organisation):
    organisation.website = "https://sauerland-sensorik.example"
    organisation.save()
    entry = make_entry(organisation, visibility="anonymous", reach="radius", reach_km=40, topics=["ai"])
    for visitor in [None, charlie]:
        if visitor:
            client.force_login(visitor)
        response = client.get(en_page(entry))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Sauerland Sensorik" not in page
        assert organisation.slug not in page
        assert "Arnsberg" not in page
        assert "An organisation in the Hochsauerlandkreis" in page
        assert "Firm" in page
        assert "Partners within 40 km" in page
    client.force_login(alice)
    page = client.get(en_page(entry)).content.decode()
    assert "Sauerland Sensorik GmbH" in page
    assert "Partners within 40 km of Arnsberg" in page
    assert "Everyone else sees “An organisation in the Hochsauerlandkreis”" in page


@pytest.mark.parametrize(
    ("fields", "banner"),
    [
        ({"expires_on": timezone.localdate() - timedelta(days=1)}, "Expired on"),
        ({"status": "closed"}, "Only your organisation’s members see this entry. Reopen it"),
    ],
)
def test_expired_and_closed_entries_are_shown_only_to_members_with_a_banner(
    client, bob, charlie, organisation, fields, banner
):
    entry = make_entry(organisation, **fields)
    assert client.get(en_page(entry)).status_code == 404
    client.force_login(charlie)
    assert client.get(en_page(entry)).status_code == 404
    client.force_login(bob)
    response = client.get(en_page(entry))
    assert response.status_code == 200
    assert banner in response.content.decode()


def test_entries_of_an_unpublished_organisation_are_shown_only_to_its_members(client, alice, charlie, organisation):
    organisation.status = "draft"
    organisation.save()
    entry = make_entry(organisation)
    client.force_login(charlie)
    assert client.get(en_page(entry)).status_code == 404
    client.force_login(alice)
    page = client.get(en_page(entry)).content.decode()
    assert "profile is not published" in page


def test_members_see_their_buttons_and_the_visibility(client, alice, organisation):
    entry = make_entry(organisation, visibility="members")
    client.force_login(alice)
    page = client.get(en_page(entry)).content.decode()
    assert en("matching:edit", entry.pk) in page
    assert 'value="close"' in page and 'value="in-talks"' in page
    assert 'value="renew"' not in page  # six months to go
    assert "Only signed-in members of the portal see this entry." in page


# --- renewing, closing, reopening ---------------------------------------------------------------------------


def test_renewing_is_possible_in_the_last_four_weeks(client, alice, organisation):
    today = timezone.localdate()
    soon = make_entry(organisation, expires_on=today + timedelta(days=10))
    soon.reminded_at = timezone.now()
    soon.save()
    client.force_login(alice)
    page = client.get(soon.get_absolute_url()).content.decode()
    assert 'value="renew"' in page
    response = status(client, soon, "renew")
    assert response.url == soon.get_absolute_url()
    soon.refresh_from_db()
    assert (soon.expires_on, soon.reminded_at) == (today + LIFETIME, None)


def test_renewing_too_early_changes_nothing(client, alice, organisation):
    later = timezone.localdate() + timedelta(days=60)
    entry = make_entry(organisation, expires_on=later)
    client.force_login(alice)
    response = client.post(en("matching:status", entry.pk), {"action": "renew"})
    entry.refresh_from_db()
    assert entry.expires_on == later
    follow = client.get(response.url)
    assert "You can renew it in the last four weeks before that." in messages_of(follow)[0]


def test_an_expired_entry_can_be_renewed(client, bob, organisation):
    entry = make_entry(organisation, expires_on=timezone.localdate() - timedelta(days=40))
    client.force_login(bob)
    status(client, entry, "renew")
    entry.refresh_from_db()
    assert entry.expires_on == timezone.localdate() + LIFETIME
    assert client.logout() is None
    assert client.get(en_page(entry)).status_code == 200


def test_close_reopen_and_in_talks(client, alice, organisation):
    entry = make_entry(organisation)
    client.force_login(alice)
    status(client, entry, "in-talks")
    entry.refresh_from_db()
    assert entry.status == "in-talks"
    assert "In talks" in client.get(en_page(entry)).content.decode()
    status(client, entry, "close")
    entry.refresh_from_db()
    assert entry.status == "closed"
    status(client, entry, "in-talks")  # a closed entry must be reopened first
    entry.refresh_from_db()
    assert entry.status == "closed"
    status(client, entry, "reopen")
    entry.refresh_from_db()
    assert entry.status == "open"


def test_reopening_an_expired_entry_renews_it(client, alice, organisation):
    entry = make_entry(organisation, status="closed", expires_on=timezone.localdate() - timedelta(days=5))
    client.force_login(alice)
    status(client, entry, "reopen")
    entry.refresh_from_db()
    assert (entry.status, entry.expires_on) == ("open", timezone.localdate() + LIFETIME)


def test_an_unknown_action_changes_nothing(client, alice, organisation):
    entry = make_entry(organisation)
    client.force_login(alice)
    response = status(client, entry, "delete")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "open"


def test_renewing_from_my_entries_returns_there(client, alice, organisation):
    entry = make_entry(organisation, expires_on=timezone.localdate() + timedelta(days=3))
    client.force_login(alice)
    response = status(client, entry, "renew", next=reverse("matching:mine"))
    assert response.url == reverse("matching:mine")
    response = status(client, entry, "close", next="https://evil.example/")
    assert response.url == entry.get_absolute_url()


# --- my needs and offers ------------------------------------------------------------------------------------


def test_my_entries_are_grouped_by_organisation_with_their_state(client, alice, organisation):
    other = make_organisation("Lenne Logistik GmbH", municipality="Plettenberg", owner=alice, status="draft")
    make_entry(organisation, title="Bald abgelaufen", expires_on=timezone.localdate() + timedelta(days=5))
    make_entry(organisation, title="Schon abgelaufen", expires_on=timezone.localdate() - timedelta(days=5))
    make_entry(other, side="offer", title="Lagerplatz frei")
    make_entry(make_organisation("Fremd AG", status="published"), title="Nicht meins")
    client.force_login(alice)
    page = client.get(en("matching:mine")).content.decode()
    assert "Bald abgelaufen" in page and "expires soon" in page
    assert "Schon abgelaufen" in page and "Expired on" in page
    assert "Lagerplatz frei" in page
    assert "Nicht meins" not in page
    assert page.count("The profile is not published") == 1  # Lenne Logistik's
    assert page.index("Lenne Logistik GmbH") < page.index("Lagerplatz frei") < page.index("Sauerland Sensorik GmbH")
    assert en("matching:need_create", organisation=other.slug) in page
    assert en("matching:offer_create", organisation=organisation.slug) in page


def test_my_entries_tells_people_without_an_organisation(client, charlie):
    client.force_login(charlie)
    page = client.get(en("matching:mine")).content.decode()
    assert "You do not manage any organisation yet." in page


# --- queries ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 20])
def test_my_entries_take_a_fixed_number_of_queries(client, alice, organisation, count, django_assert_num_queries):
    second = make_organisation("Lenne Logistik GmbH", municipality="Plettenberg", owner=alice)
    for number in range(count):
        make_entry(organisation if number % 2 else second, title=f"Eintrag {number}", topics=["ai"])
    client.force_login(alice)
    # session, user, organisations, their entries
    with django_assert_num_queries(4):
        assert client.get(reverse("matching:mine")).status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_the_page_of_an_entry_takes_a_fixed_number_of_queries(
    client, alice, charlie, organisation, count, django_assert_num_queries
):
    slugs = list(Topic.objects.values_list("slug", flat=True)[:count])
    entry = make_entry(organisation, topics=slugs, keywords=[f"wort {n}" for n in range(count)])
    with django_assert_num_queries(3):  # the entry, its topics, its keywords
        assert client.get(en_page(entry)).status_code == 200
    client.force_login(alice)
    with django_assert_num_queries(6):  # + session, user, membership
        assert client.get(en_page(entry)).status_code == 200


# --- the admin ----------------------------------------------------------------------------------------------


def test_the_admin_lists_and_opens_entries(client, db, organisation):
    admin = make_user("root@example.org", is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    entry = make_entry(organisation, topics=["ai"])
    client.force_login(admin)
    assert entry.title in client.get("/admin/matching/entry/?q=Predictive").content.decode()
    assert client.get(f"/admin/matching/entry/{entry.pk}/change/").status_code == 200


def test_memberships_of_other_organisations_do_not_open_an_entry(client, charlie, organisation, startup):
    entry = make_entry(organisation, visibility="members", status="closed")
    Membership.objects.get(user=charlie, organisation=startup)
    client.force_login(charlie)
    assert client.get(en_page(entry)).status_code == 404
    assert client.get(reverse("matching:edit", args=[entry.pk])).status_code == 404
