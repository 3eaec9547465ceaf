"""Meet halfway (issue 6 point 5): co-working spaces near or between the two organisations of an accepted contact
request, with free places one step from the booking form, and the desk bookings each person chose to share.

The firm `organisation` in Arnsberg (alice owns it, bob edits it) sent the request; the start-up in Dortmund
(charlie) accepted it. Arnsberg and Dortmund are 45 km apart; Menden lies on the way, 22 and 23 km from each.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from companies.models import Membership, Municipality
from coworking.models import Occupancy
from matching import halfway
from matching.models import ContactRequest
from tests.companies.helpers import url
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_booking, make_space

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 9, tzinfo=BERLIN)  # a Wednesday, 09:00
TOMORROW = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr("coworking.availability.now", lambda: NOW)


@pytest.fixture
def host(db):
    return make_organisation(
        "Sauerland Coworking eG",
        kind="coworking",
        municipality="Meschede",
        owner=make_user("dora@example.org", "Dora Host"),
        status="published",
    )


@pytest.fixture
def spaces(host):
    """Published spaces in Menden (between the two), Werl, Arnsberg, Dortmund and Meschede; a draft in Iserlohn."""
    made = {
        town: make_space(host, name, town)
        for town, name in [
            ("Menden (Sauerland)", "Werkhalle Menden"),
            ("Werl", "Kornspeicher Werl"),
            ("Arnsberg", "Werkbank Arnsberg"),
            ("Dortmund", "Hafen Dortmund"),
            ("Meschede", "Digitalwerk Meschede"),
        ]
    }
    make_space(host, "Entwurf Iserlohn", "Iserlohn", status="draft")
    return made


def accepted(sender, sender_organisation, receiver, answered_by, **extra):
    return ContactRequest.objects.create(
        sender=sender,
        sender_organisation=sender_organisation,
        receiver=receiver,
        message="Wir würden gern über Sensorik sprechen.",
        status="accepted",
        answered_at=NOW,
        answered_by=answered_by,
        **extra,
    )


@pytest.fixture
def contact(organisation, startup, alice, charlie):
    return accepted(alice, organisation, startup, charlie)


@pytest.fixture
def pending(organisation, startup, bob):
    return ContactRequest.objects.create(
        sender=bob, sender_organisation=organisation, receiver=startup, message="Hallo", status="pending"
    )


def fresh(contact_request):
    """The request as a page would read it: with both organisations and their towns."""
    return ContactRequest.objects.select_related("sender_organisation__municipality", "receiver__municipality").get(
        pk=contact_request.pk
    )


def book(member, space, day, slot_name="Morning", state="confirmed", kind="desk"):
    slot = space.slots.get(name=slot_name)
    taken = Occupancy.objects.active().filter(date=day, slot=slot).values("resource")
    resource = space.resources.filter(kind=kind).exclude(pk__in=taken).first()
    return make_booking(space, member, day, [slot], state=state, resources=[resource]).occupancies.get()


def shown(contact_request, user):
    return halfway.context(fresh(contact_request), user).get("halfway")


def shared(contact_request, user):
    return [(entry.space.name, entry.date, entry.slot) for entry in shown(contact_request, user).shared]


# --- the spaces ---------------------------------------------------------------------------------------------


def test_the_space_between_them_comes_first_then_by_the_longer_trip(spaces, contact, alice):
    section = shown(contact, alice)
    names = [suggestion.space.name for suggestion in section.suggestions]
    assert names[:2] == ["Werkhalle Menden", "Kornspeicher Werl"]
    assert set(names[2:4]) == {"Werkbank Arnsberg", "Hafen Dortmund"}  # 45 km for one of the two either way
    assert names[4] == "Digitalwerk Meschede"
    assert "Entwurf Iserlohn" not in names
    menden = section.suggestions[0]
    # The viewer's organisation first, then the other one.
    assert [(label, round(km)) for label, km in menden.distances] == [
        ("Sauerland Sensorik GmbH (Arnsberg)", 22),
        ("Ruhrlogik GmbH (Dortmund)", 23),
    ]
    longer_trips = [max(km for _label, km in suggestion.distances) for suggestion in section.suggestions]
    assert longer_trips == sorted(longer_trips)


def test_the_other_side_sees_its_own_organisation_first(spaces, contact, charlie):
    menden = shown(contact, charlie).suggestions[0]
    assert [label for label, _km in menden.distances] == [
        "Ruhrlogik GmbH (Dortmund)",
        "Sauerland Sensorik GmbH (Arnsberg)",
    ]


def test_it_offers_the_next_free_places_as_links_into_the_booking_form(client, spaces, contact, alice):
    menden = shown(contact, alice).suggestions[0]
    # Today's morning is over at 09:00; the afternoon and tomorrow's slots are next.
    assert [(offer.cell.date, offer.cell.slot.name) for offer in menden.offers] == [
        (date(2026, 11, 25), "Afternoon"),
        (TOMORROW, "Morning"),
        (TOMORROW, "Afternoon"),
    ]
    afternoon = spaces["Menden (Sauerland)"].slots.get(name="Afternoon")
    assert menden.offers[0].url == (
        f"{reverse('coworking:book', args=['werkhalle-menden'])}?date=2026-11-25&slot={afternoon.pk}"
    )
    client.force_login(alice)
    response = client.get(menden.offers[0].url)
    assert response.status_code == 200
    assert "Werkhalle Menden" in response.content.decode()


def test_full_slots_are_not_offered_and_spaces_without_free_places_are_left_out(spaces, host, contact, alice):
    menden = spaces["Menden (Sauerland)"]
    for _desk in range(4):  # three flex desks and the window desk
        book(make_user(f"m{_desk}@example.org"), menden, date(2026, 11, 25), "Afternoon")
    make_space(host, "Nur Besprechungsraum", "Menden (Sauerland)", flex_desks=0)
    section = shown(contact, alice)
    assert "Nur Besprechungsraum" not in [suggestion.space.name for suggestion in section.suggestions]
    first = section.suggestions[0]
    assert first.space == menden
    assert [(offer.cell.date, offer.cell.slot.name) for offer in first.offers][0] == (TOMORROW, "Morning")


def test_it_links_to_more_spaces_between_them_and_near_the_partner(spaces, contact, alice):
    with translation.override("en"):
        section = shown(contact, alice)
        assert section.between_url == "/en/co-working/nearby/?org=sauerland-sensorik-gmbh&org=ruhrlogik-gmbh"
        assert section.partner_url == "/en/co-working/nearby/?org=ruhrlogik-gmbh"


def test_no_nearby_link_for_an_unpublished_partner(spaces, contact, startup, alice):
    startup.status = "draft"
    startup.save()
    section = shown(contact, alice)
    assert section.suggestions  # the spaces are still suggested
    assert section.between_url == section.partner_url == ""


def test_an_organisation_without_a_map_position_is_left_out_with_a_note(spaces, organisation, contact, alice):
    organisation.municipality = Municipality.objects.get(name="Ense")
    organisation.save()
    with translation.override("en"):
        section = shown(contact, alice)
    assert section.notes == [
        "No map position is known for Sauerland Sensorik GmbH (Ense), so distances could not be measured from it."
    ]
    # Measured from Dortmund only: the space there first.
    assert section.suggestions[0].space.name == "Hafen Dortmund"
    assert [label for label, _km in section.suggestions[0].distances] == ["Ruhrlogik GmbH (Dortmund)"]
    assert section.between_url == ""


def test_without_any_map_position_it_says_so(spaces, host, alice, charlie):
    ense_firm = make_organisation("Ense Metall KG", municipality="Ense", owner=alice, status="published")
    ense_startup = make_organisation("Ense Start GmbH", kind="startup", municipality="Ense", status="published")
    contact_request = accepted(alice, ense_firm, ense_startup, charlie)
    section = shown(contact_request, alice)
    assert section.suggestions == [] and not section.placed
    assert len(section.notes) == 2
    with translation.override("en"):
        html = render_to_string("matching/_meet_halfway.html", {"halfway": section})
    assert "No map position is known for either organisation, so no spaces can be suggested." in html


# --- who sees it ------------------------------------------------------------------------------------------


def test_it_is_empty_unless_the_request_is_accepted(spaces, pending, bob, charlie):
    assert halfway.context(pending, bob) == {}
    assert halfway.context(pending, charlie) == {}
    for status in ("declined", "expired", "withdrawn"):
        pending.status = status
        assert halfway.context(pending, bob) == {}


def test_it_is_empty_for_anyone_outside_the_two_organisations(spaces, contact):
    assert halfway.context(fresh(contact), make_user("dave@example.org")) == {}


def test_colleagues_see_it_without_a_switch(spaces, contact, bob, startup):
    erin = make_user("erin@example.org")
    Membership.objects.create(user=erin, organisation=startup, role="editor")
    assert shown(contact, bob).form is None
    assert shown(contact, bob).suggestions
    assert shown(contact, bob).own == contact.sender_organisation
    assert shown(contact, erin).form is None
    assert shown(contact, erin).own == startup


def test_the_two_people_have_a_switch(spaces, contact, alice, charlie):
    with translation.override("en"):
        assert shown(contact, alice).form["share"].label == (
            "Show my desk bookings of the next 14 days to Ruhrlogik GmbH"
        )
        assert shown(contact, charlie).form["share"].label == (
            "Show my desk bookings of the next 14 days to Sauerland Sensorik GmbH"
        )


# A membership check for colleagues (none for the two people), the published spaces, their places (five:
# desks, bookings, slots, opening hours, closures), the other person, and their shared bookings.
HALFWAY_QUERIES = 9


@pytest.mark.parametrize("count", [3, 12])
def test_it_takes_a_fixed_number_of_queries(host, contact, alice, bob, charlie, count, django_assert_num_queries):
    towns = ["Menden (Sauerland)", "Werl", "Arnsberg", "Dortmund", "Iserlohn", "Meschede"]
    for number in range(count):
        space = make_space(host, f"Space {number:02}", towns[number % len(towns)])
        book(make_user(f"guest{number}@example.org"), space, TOMORROW)
        book(charlie, space, TOMORROW + timedelta(days=1 + number // 2), ["Morning", "Afternoon"][number % 2])
    contact.answerer_shares_bookings = True
    contact.save()
    contact_request = fresh(contact)
    with django_assert_num_queries(HALFWAY_QUERIES):
        section = halfway.context(contact_request, bob)["halfway"]
    assert len(section.suggestions) == min(count, halfway.LIMIT)
    assert len(section.shared) == count
    contact_request = fresh(contact)
    with django_assert_num_queries(HALFWAY_QUERIES - 1):  # alice sent it: no membership check
        halfway.context(contact_request, alice)


# --- sharing bookings ---------------------------------------------------------------------------------------


def share(client, user, contact_request, value=True):
    client.force_login(user)
    data = {"share": "on"} if value else {}
    return client.post(url("matching:share_bookings", contact_request.pk), data)


def test_the_sender_shares_and_the_other_side_sees_space_date_and_slot(client, spaces, contact, alice, charlie):
    menden = spaces["Menden (Sauerland)"]
    book(alice, menden, TOMORROW)
    book(alice, spaces["Werl"], date(2026, 12, 1), "Afternoon")
    assert shown(contact, charlie).shared == []
    assert not shown(contact, charlie).other_shares

    response = share(client, alice, contact)
    with translation.override("en"):
        assert response.status_code == 302
        assert response.url == contact.get_absolute_url()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Ruhrlogik GmbH now sees your desk bookings of the next 14 days."
    ]
    contact.refresh_from_db()
    assert contact.sender_shares_bookings and not contact.answerer_shares_bookings
    assert shared(contact, charlie) == [
        ("Werkhalle Menden", TOMORROW, "Morning"),
        ("Kornspeicher Werl", date(2026, 12, 1), "Afternoon"),
    ]
    first = shown(contact, charlie).shared[0]
    assert (first.starts, first.ends) == (time(8), time(13))  # local time, Europe/Berlin
    # The start-up's other members see them too; alice's own side does not get charlie's (he shares nothing).
    erin = make_user("erin@example.org")
    Membership.objects.create(user=erin, organisation=contact.receiver, role="editor")
    assert len(shown(contact, erin).shared) == 2
    assert shown(contact, alice).shared == []

    share(client, alice, contact, value=False)
    contact.refresh_from_db()
    assert not contact.sender_shares_bookings
    assert shown(contact, charlie).shared == []


def test_the_answerer_shares_and_the_senders_side_sees_it(client, spaces, contact, alice, bob, charlie):
    book(charlie, spaces["Dortmund"], TOMORROW, "Afternoon")
    assert shown(contact, alice).shared == []
    share(client, charlie, contact)
    contact.refresh_from_db()
    assert contact.answerer_shares_bookings and not contact.sender_shares_bookings
    assert shared(contact, alice) == [("Hafen Dortmund", TOMORROW, "Afternoon")]
    assert shared(contact, bob) == [("Hafen Dortmund", TOMORROW, "Afternoon")]  # alice's colleague
    assert shown(contact, charlie).shared == []  # nobody shared with him


def test_only_the_shared_persons_active_upcoming_desk_bookings_appear(client, spaces, contact, alice, bob, charlie):
    menden, werl = spaces["Menden (Sauerland)"], spaces["Werl"]
    book(alice, menden, TOMORROW)
    book(alice, menden, date(2026, 11, 27), state="cancelled")
    book(alice, menden, date(2026, 11, 30), state="cancelled-by-host")
    book(alice, menden, date(2026, 11, 25))  # this morning, over at 13:00 but started: still shown
    book(alice, menden, date(2026, 11, 24))  # yesterday
    book(alice, werl, date(2026, 12, 8))  # the 14th day from today: shown
    book(alice, werl, date(2026, 12, 9))  # the 15th: not
    book(alice, werl, date(2026, 12, 2), kind="room")  # a meeting room, not a desk
    book(bob, werl, date(2026, 11, 28))  # her colleague's
    book(make_user("guest@example.org"), menden, TOMORROW, "Afternoon")
    share(client, alice, contact)
    assert shared(contact, charlie) == [
        ("Werkhalle Menden", date(2026, 11, 25), "Morning"),
        ("Werkhalle Menden", TOMORROW, "Morning"),
        ("Kornspeicher Werl", date(2026, 12, 8), "Morning"),
    ]


def test_a_booking_that_has_ended_today_is_not_shown(client, spaces, contact, alice, charlie, monkeypatch):
    book(alice, spaces["Werl"], date(2026, 11, 25))
    share(client, alice, contact)
    monkeypatch.setattr("coworking.availability.now", lambda: datetime(2026, 11, 25, 13, 30, tzinfo=BERLIN))
    assert shared(contact, charlie) == []


def test_share_bookings_refuses_anyone_but_the_two_people(client, spaces, contact, bob, startup):
    dave = make_user("dave@example.org")
    make_organisation("Dritte GmbH", owner=dave, status="published")
    erin = make_user("erin@example.org")
    Membership.objects.create(user=erin, organisation=startup, role="owner")
    for user in (dave, bob, erin):  # an outsider, the sender's colleague, the receiver's other owner
        assert share(client, user, contact).status_code == 404
    contact.refresh_from_db()
    assert not contact.sender_shares_bookings and not contact.answerer_shares_bookings


def test_share_bookings_is_post_only_and_needs_a_login(client, contact, alice):
    address = url("matching:share_bookings", contact.pk)
    assert client.post(address, {"share": "on"}).status_code == 302  # to the log-in
    client.force_login(alice)
    assert client.get(address).status_code == 405
    contact.refresh_from_db()
    assert not contact.sender_shares_bookings


def test_share_bookings_refuses_a_request_that_is_not_accepted(client, pending, bob):
    assert share(client, bob, pending).status_code == 404
    pending.refresh_from_db()
    assert not pending.sender_shares_bookings
    assert share(client, bob, ContactRequest(pk=999_999)).status_code == 404


# --- the partial --------------------------------------------------------------------------------------------


def render(contact_request, user):
    with translation.override("en"):
        return render_to_string("matching/_meet_halfway.html", halfway.context(fresh(contact_request), user))


def test_the_partial_shows_spaces_links_and_the_switch(spaces, contact, alice):
    html = render(contact, alice)
    assert '<h2 id="meet-halfway">Meet halfway</h2>' in html
    assert html.index("Werkhalle Menden") < html.index("Kornspeicher Werl")
    assert "22 km from Sauerland Sensorik GmbH (Arnsberg)" in html
    assert "23 km from Ruhrlogik GmbH (Dortmund)" in html
    afternoon = spaces["Menden (Sauerland)"].slots.get(name="Afternoon")
    assert f'href="{url("coworking:book", "werkhalle-menden")}?date=2026-11-25&amp;slot={afternoon.pk}"' in html
    assert (
        'href="/en/co-working/nearby/?org=sauerland-sensorik-gmbh&amp;org=ruhrlogik-gmbh">More spaces between' in html
    )
    assert "Book a desk near Ruhrlogik GmbH" in html
    assert f'action="{url("matching:share_bookings", contact.pk)}"' in html
    assert '<input type="checkbox" name="share" aria-describedby="halfway-share_helptext" id="halfway-share">' in html
    assert (
        '<label class="field__label" for="halfway-share">Show my desk bookings of the next 14 days to Ruhrlogik' in html
    )
    assert "Ruhrlogik GmbH does not see your desk bookings." in html
    assert "Charlie Claasen has not shared their desk bookings." in html


def test_the_partial_shows_the_shared_bookings(spaces, contact, alice, bob, charlie):
    book(charlie, spaces["Dortmund"], TOMORROW, "Afternoon")
    contact.answerer_shares_bookings = True
    contact.save()
    html = render(contact, bob)
    assert "Charlie Claasen (Ruhrlogik GmbH) shows you where they booked a desk in the next 14 days." in html
    space_link = f'<a href="{url("coworking:space", "hafen-dortmund")}">Hafen Dortmund</a>'
    assert f"Thursday, Nov. 26, 2026, Afternoon 13:00–18:00: {space_link}" in html
    assert "<form" not in html  # bob is alice's colleague: no switch
    assert "Only the person who sent the request and the person who answered it" in html


def test_the_partial_is_empty_for_a_pending_request(spaces, pending, bob):
    assert render(pending, bob).strip() == ""


def test_the_partial_shows_the_viewers_own_sharing_state(client, spaces, contact, alice):
    share(client, alice, contact)
    html = render(contact, alice)
    assert "Ruhrlogik GmbH sees where you booked a desk." in html
    assert 'name="share" aria-describedby="halfway-share_helptext" id="halfway-share" checked>' in html


# --- on the request's page ----------------------------------------------------------------------------------


def test_the_accepted_requests_page_shows_meet_halfway(client, spaces, contact, pending, alice, bob, charlie):
    book(charlie, spaces["Dortmund"], TOMORROW)
    contact.answerer_shares_bookings = True
    contact.save()
    client.force_login(alice)
    response = client.get(url("matching:request", contact.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="meet-halfway">Meet halfway</h2>' in html
    assert f'href="{url("coworking:book", "werkhalle-menden")}?date=2026-11-25&amp;slot=' in html
    assert f'action="{url("matching:share_bookings", contact.pk)}"' in html
    assert "Charlie Claasen (Ruhrlogik GmbH) shows you where they booked a desk in the next 14 days." in html
    client.force_login(bob)
    response = client.get(url("matching:request", pending.pk))
    assert response.status_code == 200
    assert "Meet halfway" not in response.content.decode()


def test_sharing_returns_to_the_requests_page_with_a_message(client, spaces, contact, alice):
    response = share(client, alice, contact)
    response = client.get(response.url)
    html = response.content.decode()
    assert "Ruhrlogik GmbH now sees your desk bookings of the next 14 days." in html
    assert 'id="halfway-share" checked>' in html
