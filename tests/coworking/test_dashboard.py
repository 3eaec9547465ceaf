"""The hosts' dashboard: today's and upcoming bookings, approval, check-in, no-shows, closures, utilisation and the
CSV export (issue 5, point 6)."""

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.shortcuts import resolve_url

from coworking.availability import slot_bounds
from coworking.models import Booking, Closure, Occupancy
from tests.companies.helpers import url
from tests.conftest import make_organisation, make_user

from .conftest import berlin, make_space

NOW = berlin(2026, 11, 24, 9)  # a Tuesday, during the morning slot
TODAY = date(2026, 11, 24)
PAGES = ["coworking:dashboard", "coworking:closures", "coworking:utilisation", "coworking:export_csv"]


def occupy(space, member, day, slot="Morning", place="Flex desk 1", state="confirmed", note="", booking=None):
    """One booked place, written directly (the booking flow has its own tests)."""
    slot = space.slots.get(name=slot)
    booking = booking or Booking.objects.create(space=space, member=member, note=note)
    starts_at, ends_at = slot_bounds(day, slot)
    return Occupancy.objects.create(
        booking=booking,
        space=space,
        resource=space.resources.get(name=place),
        slot=slot,
        date=day,
        starts_at=starts_at,
        ends_at=ends_at,
        member=member,
        state=state,
    )


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def action_url(space, booking):
    return url("coworking:dashboard_booking", space.slug, booking.reference)


@pytest.fixture
def now(frozen_now):
    return frozen_now(NOW)


@pytest.fixture
def hosting(client, dora, now):
    client.force_login(dora)
    return client


@pytest.fixture
def other_space(charlie):
    """charlie hosts a space of his own, so he is a host, but not of dora's space."""
    other = make_organisation("Hellweg Hub", kind="coworking", municipality="Soest", owner=charlie, status="published")
    return make_space(other, name="Hellweg Hub Soest", municipality="Soest")


# --- permissions ------------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_log_in(client, space, alice, now):
    booking = occupy(space, alice, TODAY).booking
    for path in [*(url(name, space.slug) for name in PAGES), action_url(space, booking)]:
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, path
            assert response.url.startswith(resolve_url(settings.LOGIN_URL)), path


def test_it_returns_404_to_hosts_of_other_spaces_and_to_members(client, space, other_space, charlie, alice, now):
    booking = occupy(space, alice, TODAY).booking
    paths = [*(url(name, space.slug) for name in PAGES), action_url(space, booking)]
    for user in (charlie, alice):
        client.force_login(user)
        for path in paths:
            assert client.get(path).status_code == 404, path
            assert (
                client.post(path, {"action": "check_in", "occupancy": booking.occupancies.get().pk}).status_code == 404
            )
    assert Occupancy.objects.get().state == "confirmed"
    client.force_login(charlie)
    assert client.get(url("coworking:dashboard", other_space.slug)).status_code == 200


def test_it_returns_404_for_a_booking_of_another_space(hosting, space, other_space, alice):
    foreign = occupy(other_space, alice, TODAY)
    response = hosting.post(action_url(space, foreign.booking), {"action": "check_in", "occupancy": foreign.pk})
    assert response.status_code == 404
    assert (
        hosting.post(url("coworking:dashboard_booking", space.slug, "NOSUCH23"), {"action": "approve"}).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.state == "confirmed"


def test_it_shows_drafts_to_their_hosts(hosting, host):
    draft = make_space(host, name="Werkbank Brilon", municipality="Brilon", status="draft")
    assert hosting.get(url("coworking:dashboard", draft.slug)).status_code == 200


# --- the dashboard ----------------------------------------------------------------------------------------


def test_the_dashboard_lists_todays_bookings_with_the_members_names(hosting, space, alice, bob):
    occupy(space, alice, TODAY, note="Ich bringe einen Monitor mit")
    occupy(space, bob, TODAY, slot="Afternoon", place="Window desk")
    occupy(space, bob, date(2026, 11, 26), place="Flex desk 2")
    response = hosting.get(url("coworking:dashboard", space.slug))
    assert response.status_code == 200
    today = {(row.member.name, row.slot.name) for row in response.context["today_rows"]}
    assert today == {("Alice Anders", "Morning"), ("Bob Berger", "Afternoon")}
    content = response.content.decode()
    assert "Alice Anders" in content and "Bob Berger" in content
    assert "Ich bringe einen Monitor mit" in content
    assert [(cell.slot.name, cell.taken, cell.free) for cell in response.context["counts"]] == [
        ("Morning", 1, 3),
        ("Afternoon", 1, 3),
    ]
    assert [row.date for row in response.context["upcoming"]] == [date(2026, 11, 26)]
    morning = response.context["today_rows"][0]
    assert morning.can_check_in and morning.can_mark_no_show  # started at 08:00, it is 09:00


def test_the_dashboard_lists_bookings_waiting_for_approval(hosting, space, alice):
    space.approval_required = True
    space.save()
    booking = occupy(space, alice, date(2026, 11, 27), state="pending").booking
    occupy(space, alice, date(2026, 11, 27), slot="Afternoon", state="pending", booking=booking)
    response = hosting.get(url("coworking:dashboard", space.slug))
    [(waiting, rows)] = response.context["waiting"]
    assert waiting == booking and len(rows) == 2
    assert f'id="booking-{booking.reference}"' in response.content.decode()


def test_a_host_approves_a_booking(hosting, space, alice, django_capture_on_commit_callbacks):
    booking = occupy(space, alice, date(2026, 11, 27), state="pending").booking
    with django_capture_on_commit_callbacks(execute=True):
        response = hosting.post(action_url(space, booking), {"action": "approve"})
    assert response.status_code == 302 and response.url == url("coworking:dashboard", space.slug)
    assert booking.occupancies.get().state == "confirmed"
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert messages_of(response)[0][0] == "success"


def test_a_host_declines_a_booking_with_a_reason(hosting, space, alice, django_capture_on_commit_callbacks):
    booking = occupy(space, alice, date(2026, 11, 27), state="pending").booking
    with django_capture_on_commit_callbacks(execute=True):
        hosting.post(action_url(space, booking), {"action": "decline", "reason": "Wir haben an dem Tag Inventur."})
    assert booking.occupancies.get().state == "declined"
    [message] = mail.outbox
    assert message.to == ["alice@example.org"] and "Wir haben an dem Tag Inventur." in message.body


def test_approving_a_confirmed_booking_changes_nothing(hosting, space, alice):
    booking = occupy(space, alice, date(2026, 11, 27)).booking
    response = hosting.post(action_url(space, booking), {"action": "approve"})
    assert messages_of(response) == [("error", "This booking is not waiting for approval.")]
    assert booking.occupancies.get().state == "confirmed"
    assert not mail.outbox


def test_a_host_checks_a_member_in(hosting, space, alice):
    row = occupy(space, alice, TODAY)
    response = hosting.post(action_url(space, row.booking), {"action": "check_in", "occupancy": row.pk})
    row.refresh_from_db()
    assert row.state == "checked-in" and row.checked_in_at == NOW
    [(level, text)] = messages_of(response)
    assert level == "success" and text.startswith("Alice Anders checked in at Flex desk 1 (") and "Morning" in text


def test_check_in_is_refused_earlier_than_30_minutes_before_the_start(hosting, space, alice):
    row = occupy(space, alice, TODAY, slot="Afternoon")  # 13:00, it is 09:00
    response = hosting.post(action_url(space, row.booking), {"action": "check_in", "occupancy": row.pk})
    row.refresh_from_db()
    assert row.state == "confirmed" and row.checked_in_at is None
    assert messages_of(response)[0][0] == "error"


def test_a_host_marks_a_no_show_and_the_place_is_free_again(hosting, space, alice):
    row = occupy(space, alice, TODAY)
    hosting.post(action_url(space, row.booking), {"action": "no_show", "occupancy": row.pk})
    row.refresh_from_db()
    assert row.state == "no-show"
    response = hosting.get(url("coworking:dashboard", space.slug))
    assert response.context["counts"][0].free == 4


def test_a_wrong_action_changes_nothing(hosting, space, alice):
    row = occupy(space, alice, TODAY)
    for data in (
        {"action": "delete", "occupancy": row.pk},
        {"action": "check_in", "occupancy": "abc"},
        {"action": "check_in"},
        {},
    ):
        response = hosting.post(action_url(space, row.booking), data)
        assert response.status_code == 302
        assert messages_of(response)[0][0] == "error", data
    row.refresh_from_db()
    assert row.state == "confirmed"


def test_a_slot_of_another_booking_is_not_found(hosting, space, alice, bob):
    mine = occupy(space, alice, TODAY)
    other = occupy(space, bob, TODAY, place="Flex desk 2")
    assert (
        hosting.post(action_url(space, mine.booking), {"action": "no_show", "occupancy": other.pk}).status_code == 404
    )
    other.refresh_from_db()
    assert other.state == "confirmed"


def test_get_on_an_action_only_goes_back_to_the_dashboard(hosting, space, alice):
    row = occupy(space, alice, TODAY)
    response = hosting.get(action_url(space, row.booking) + "?action=no_show&occupancy=" + str(row.pk))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == "confirmed"


def _many_bookings(space, count):
    people = [make_user(f"member{number}@example.org", f"Member {number}") for number in range(count)]
    for number, person in enumerate(people):
        day = date(2026, 11, 24 + number // 8)
        place = ["Flex desk 1", "Flex desk 2", "Flex desk 3", "Window desk"][number % 4]
        slot = "Morning" if number % 8 < 4 else "Afternoon"
        occupy(space, person, day, slot=slot, place=place, state="pending" if number % 3 == 0 else "confirmed")


@pytest.mark.parametrize("count", [1, 40])
def test_the_dashboard_needs_a_fixed_number_of_queries(hosting, space, count, django_assert_num_queries):
    _many_bookings(space, count)
    with django_assert_num_queries(11):
        response = hosting.get(url("coworking:dashboard", space.slug))
    assert response.status_code == 200


# --- closures ---------------------------------------------------------------------------------------------


def test_blocking_a_day_without_bookings_closes_it_at_once(hosting, space):
    response = hosting.post(url("coworking:closures", space.slug), {"day": "2026-12-01", "reason": "Betriebsausflug"})
    assert response.status_code == 302
    assert Closure.objects.get(space=space).reason == "Betriebsausflug"
    assert messages_of(response)[0][0] == "success"


def test_blocking_a_day_with_bookings_asks_first_then_cancels_and_tells_the_members(
    hosting, space, alice, bob, django_capture_on_commit_callbacks
):
    booking = occupy(space, alice, date(2026, 12, 1)).booking
    occupy(space, alice, date(2026, 12, 1), slot="Afternoon", booking=booking)  # one e-mail per booking
    occupy(space, bob, date(2026, 12, 1), place="Window desk")
    path = url("coworking:closures", space.slug)
    preview = hosting.post(path, {"day": "01.12.2026", "reason": "Wasserschaden"})
    assert preview.status_code == 200
    assert not Closure.objects.exists()
    assert Occupancy.objects.filter(state="confirmed").count() == 3
    content = preview.content.decode()
    assert "I understand that 3 bookings will be cancelled and the members informed." in content
    assert "Alice Anders" in content and "Bob Berger" in content
    seen = preview.context["form"].data["seen"]
    assert seen == "2026-12-01:3"

    unconfirmed = hosting.post(path, {"day": "01.12.2026", "reason": "Wasserschaden", "seen": seen})
    assert unconfirmed.status_code == 200 and not Closure.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = hosting.post(path, {"day": "01.12.2026", "reason": "Wasserschaden", "seen": seen, "confirm": "on"})
    assert response.status_code == 302
    assert Closure.objects.get(space=space).date == date(2026, 12, 1)
    assert sorted(Occupancy.objects.values_list("state", flat=True)) == ["cancelled-by-host"] * 3
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert "Wasserschaden" in mail.outbox[0].body


def test_a_confirmation_for_another_count_is_asked_again(hosting, space, alice, bob):
    occupy(space, alice, date(2026, 12, 1))
    path = url("coworking:closures", space.slug)
    seen = hosting.post(path, {"day": "2026-12-01"}).context["form"].data["seen"]
    occupy(space, bob, date(2026, 12, 1), place="Window desk")  # booked meanwhile
    response = hosting.post(path, {"day": "2026-12-01", "seen": seen, "confirm": "on"})
    assert response.status_code == 200
    assert "2 bookings" in response.content.decode()
    assert not Closure.objects.exists()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("30.02.2027", "This date does not exist. Please enter it like 24.12.2026."),
        ("9999-01-01", "Please enter a date within the next two years."),
        ("2026-11-23", "This date is in the past."),
        ("", "This field is required."),
    ],
)
def test_invalid_dates_are_refused_with_a_message(hosting, space, value, error):
    response = hosting.post(url("coworking:closures", space.slug), {"day": value, "reason": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == [error]
    assert not Closure.objects.exists()


def test_a_host_removes_a_closure(hosting, space, other_space):
    closure = Closure.objects.create(space=space, date=date(2026, 12, 1), reason="Inventur")
    foreign = Closure.objects.create(space=other_space, date=date(2026, 12, 1))
    path = url("coworking:closures", space.slug)
    response = hosting.get(path)
    assert "Inventur" in response.content.decode()
    assert hosting.post(path, {"action": "remove", "closure": foreign.pk}).status_code == 404
    assert hosting.post(path, {"action": "remove", "closure": "x"}).status_code == 404
    assert hosting.post(path, {"action": "remove", "closure": closure.pk}).status_code == 302
    assert list(Closure.objects.all()) == [foreign]


def test_the_closures_page_lists_the_public_holidays_of_the_next_year(hosting, space):
    response = hosting.get(url("coworking:closures", space.slug))
    holidays = dict(response.context["holidays"])
    assert date(2026, 12, 25) in holidays and date(2027, 10, 3) in holidays
    assert date(2026, 11, 1) not in holidays and date(2027, 12, 25) not in holidays
    assert "Your space is closed on public holidays" in response.content.decode()


# --- utilisation ------------------------------------------------------------------------------------------


@pytest.fixture
def small_space(host, alice, bob, frozen_now):
    """Two desks (Flex desk 1, Window desk); the window is Monday 19 October to Sunday 13 December 2026."""
    frozen_now(berlin(2026, 12, 16, 10))
    small = make_space(host, name="Kleine Werkstatt", flex_desks=1)
    occupy(small, alice, date(2026, 10, 19))  # Monday mornings
    occupy(small, bob, date(2026, 10, 19), place="Window desk", state="no-show")
    occupy(small, alice, date(2026, 11, 30), state="checked-in")
    occupy(small, bob, date(2026, 11, 3), slot="Afternoon", state="checked-in")  # a Tuesday afternoon
    occupy(small, alice, date(2026, 11, 2), state="cancelled")  # not counted
    occupy(small, alice, date(2026, 11, 9), state="declined")
    occupy(small, bob, date(2026, 11, 9), place="Meeting room")  # rooms are not desks
    occupy(small, alice, date(2026, 12, 14))  # this week: not complete yet
    occupy(small, alice, date(2026, 10, 12))  # before the window
    Closure.objects.create(space=small, date=date(2026, 11, 10))  # one Tuesday closed
    return small


def test_utilisation_counts_booked_desk_slots_per_weekday_and_slot(client, dora, small_space):
    client.force_login(dora)
    response = client.get(url("coworking:utilisation", small_space.slug))
    assert response.status_code == 200
    context = response.context
    assert (context["start"], context["end"]) == (date(2026, 10, 19), date(2026, 12, 13))
    table = {
        (row["weekday"], cell["slot"].name): (cell["booked"], cell["capacity"], cell["percent"])
        for row in context["rows"]
        for cell in row["cells"]
    }
    assert table["Monday", "Morning"] == (3, 16, 19)  # 2 desks × 8 Mondays
    assert table["Tuesday", "Afternoon"] == (1, 14, 7)  # one Tuesday closed
    assert table["Tuesday", "Morning"] == (0, 14, 0)
    assert table["Sunday", "Morning"] == (0, 0, None)  # closed on Sundays
    assert context["total"] == {"booked": 4, "capacity": 188, "no_shows": 1, "percent": 2}
    assert context["no_show_percent"] == 25
    assert [(total["booked"], total["capacity"]) for total in context["totals"]] == [(3, 94), (1, 94)]
    content = response.content.decode()
    assert "<strong>19 %</strong>" in content and "3 of 16" in content
    assert '<th scope="row">Monday</th>' in content


def test_utilisation_leaves_out_public_holidays(client, dora, host, frozen_now):
    frozen_now(berlin(2026, 1, 14, 10))  # window 17 November 2025 to 11 January 2026: 25/26 December, 1 January
    small = make_space(host, name="Kleine Werkstatt", flex_desks=1)
    client.force_login(dora)
    rows = {
        row["weekday"]: row["cells"][0]["capacity"]
        for row in client.get(url("coworking:utilisation", small.slug)).context["rows"]
    }
    assert rows["Thursday"] == 2 * 6 and rows["Friday"] == 2 * 7 and rows["Wednesday"] == 2 * 8


@pytest.mark.parametrize("count", [1, 40])
def test_utilisation_needs_a_fixed_number_of_queries(client, dora, space, frozen_now, count, django_assert_num_queries):
    frozen_now(berlin(2026, 12, 16, 10))
    _many_bookings(space, count)  # 24 November onwards: inside the window
    client.force_login(dora)
    with django_assert_num_queries(8):
        response = client.get(url("coworking:utilisation", space.slug))
    assert response.context["total"]["booked"] == Occupancy.objects.filter(state="confirmed").count()


# --- CSV export -------------------------------------------------------------------------------------------


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_export_lists_the_bookings_of_the_period(hosting, space, alice, bob):
    row = occupy(space, alice, TODAY, note="Bitte Monitor")
    row.checked_in_at, row.state = berlin(2026, 11, 24, 8, 5), "checked-in"
    row.save()
    occupy(space, bob, date(2026, 11, 10), slot="Afternoon", place="Window desk", state="cancelled")
    occupy(space, bob, date(2026, 10, 1))  # more than 30 days ago: not in the default period
    response = hosting.get(url("coworking:export_csv", space.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bookings-digitalwerk-meschede-2026-10-25-2026-12-24.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_csv(response)
    assert header == [
        "Booking number", "Date", "Slot", "Start", "End", "Place", "Member", "E-mail", "Status", "Checked in",
        "Booked at", "Note",
    ]  # fmt: skip
    assert rows[0][1:] == [
        "2026-11-10", "Afternoon", "13:00", "18:00", "Window desk", "Bob Berger", "bob@example.org", "Cancelled", "",
        rows[0][10], "",
    ]  # fmt: skip
    assert rows[1][0] == row.booking.reference
    assert rows[1][1:10] == [
        "2026-11-24", "Morning", "08:00", "13:00", "Flex desk 1", "Alice Anders",
        "alice@example.org", "Checked in", "2026-11-24 08:05",
    ]  # fmt: skip
    assert rows[1][11] == "Bitte Monitor"
    assert len(rows) == 2


def test_the_export_takes_a_period(hosting, space, alice):
    occupy(space, alice, date(2026, 10, 1))
    occupy(space, alice, date(2026, 11, 24))
    response = hosting.get(url("coworking:export_csv", space.slug), {"from": "2026-09-30", "to": "01.10.2026"})
    _header, *rows = read_csv(response)
    assert [row[1] for row in rows] == ["2026-10-01"]


@pytest.mark.parametrize(
    "period",
    [
        {"from": "2026-02-30", "to": "2026-03-10"},
        {"from": "2026-03-10", "to": "2026-03-01"},
        {"from": "2026-01-01", "to": "2027-01-02"},
        {"from": "2026-01-01"},
        {"from": "9999-01-01", "to": "9999-01-02"},
    ],
)
def test_an_invalid_period_is_refused_with_a_message(hosting, space, period):
    response = hosting.get(url("coworking:export_csv", space.slug), period)
    assert response.status_code == 302
    assert response.url == url("coworking:dashboard", space.slug) + "#export"
    assert messages_of(response)[0][0] == "error"


def test_the_export_defuses_spreadsheet_formulas(hosting, space):
    mallory = make_user("mallory@example.org", '=HYPERLINK("http://evil.example","Klick")')
    occupy(space, mallory, TODAY, note="+49 291 1234")
    occupy(space, mallory, TODAY, slot="Afternoon", note="@SUM(A1:A9)")
    occupy(space, mallory, date(2026, 11, 25), note="-1+1")
    _header, *rows = read_csv(hosting.get(url("coworking:export_csv", space.slug)))
    assert rows[0][6] == '\'=HYPERLINK("http://evil.example","Klick")'
    assert [row[11] for row in rows] == ["'+49 291 1234", "'@SUM(A1:A9)", "'-1+1"]


def test_the_export_keeps_bookings_of_deleted_accounts(hosting, space, alice):
    occupy(space, alice, TODAY)
    Booking.objects.update(member=None)
    Occupancy.objects.update(member=None)
    _header, row = read_csv(hosting.get(url("coworking:export_csv", space.slug)))
    assert row[6:8] == ["deleted account", ""]


@pytest.mark.parametrize("count", [1, 40])
def test_the_export_needs_a_fixed_number_of_queries(hosting, space, count, django_assert_num_queries):
    _many_bookings(space, count)
    with django_assert_num_queries(4):
        response = hosting.get(url("coworking:export_csv", space.slug))
        _header, *rows = read_csv(response)
    assert len(rows) == count
