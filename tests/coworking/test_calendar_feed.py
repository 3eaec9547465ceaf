"""The member's private calendar address: created and replaced on the settings page, read without a log-in."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from coworking import services
from coworking.models import CalendarFeed

from .conftest import berlin

SETTINGS_URL = reverse("coworking:calendar")


@pytest.fixture
def member(client, bob, frozen_now):
    frozen_now(berlin(2026, 3, 23, 9))
    client.force_login(bob)
    return bob


def booked(member, space, day=date(2026, 3, 24), slot="Morning"):
    return services.book(
        member=member, space=space, days=[day], slots=[space.slots.get(name=slot)], idempotency_key=uuid.uuid4()
    )


def feed_path(member):
    return reverse("coworking_feed:calendar_feed", args=[CalendarFeed.objects.get(member=member).token])


def test_the_page_offers_to_create_an_address(client, member):
    html = client.get(SETTINGS_URL).content.decode()
    assert 'value="create"' in html
    assert not CalendarFeed.objects.exists()


def test_the_settings_need_a_log_in(client, db):
    response = client.get(SETTINGS_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_address_works_without_log_in_and_holds_only_the_members_bookings(client, member, space, alice):
    mine = booked(member, space)
    theirs = booked(alice, space, day=date(2026, 3, 25))
    assert client.post(SETTINGS_URL, {"action": "create"}).status_code == 302
    path = feed_path(member)
    page = client.get(SETTINGS_URL).content.decode()
    assert f"http://testserver{path}" in page and f"webcal://testserver{path}" in page

    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    body = response.content.decode()
    assert mine.reference in body and theirs.reference not in body
    assert "BEGIN:VTIMEZONE" in body


def test_cancelled_bookings_stay_in_the_feed_as_cancelled(client, member, space):
    booking = booked(member, space)
    services.cancel(booking, by=member)
    CalendarFeed.objects.create(member=member)
    body = client.get(feed_path(member)).content.decode()
    assert booking.reference in body and "STATUS:CANCELLED" in body


def test_old_bookings_leave_the_feed_after_30_days(client, member, space, frozen_now):
    old = booked(member, space)
    CalendarFeed.objects.create(member=member)
    frozen_now(berlin(2026, 4, 24, 9))
    assert old.reference not in client.get(feed_path(member)).content.decode()


def test_replacing_the_address_revokes_the_old_one(client, member, space):
    booked(member, space)
    client.post(SETTINGS_URL, {"action": "create"})
    old = feed_path(member)
    client.post(SETTINGS_URL, {"action": "replace"})
    new = feed_path(member)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_second_create_does_not_replace_the_address(client, member):
    client.post(SETTINGS_URL, {"action": "create"})
    first = feed_path(member)
    client.post(SETTINGS_URL, {"action": "create"})
    assert feed_path(member) == first


def test_unknown_addresses_give_404_and_the_feed_is_read_only(client, member):
    assert client.get(reverse("coworking_feed:calendar_feed", args=["not-a-token"])).status_code == 404
    CalendarFeed.objects.create(member=member)
    assert client.post(feed_path(member)).status_code == 405
