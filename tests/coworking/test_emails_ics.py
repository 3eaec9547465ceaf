"""The booking e-mails (in the language the member booked in) and the iCalendar file attached to the confirmation
(RFC 5545: VERSION, PRODID, UID, DTSTAMP in UTC, local times with TZID=Europe/Berlin and its VTIMEZONE, lines
folded at 75 octets, CRLF)."""

import email
import uuid
from datetime import UTC, date, datetime, time

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from coworking import emails, ics, services
from coworking.models import OccupancyState, OpeningHours
from tests.coworking.conftest import berlin

NOW = berlin(2026, 11, 23, 9)
TUESDAY, WEDNESDAY = date(2026, 11, 24), date(2026, 11, 25)
LONG_NAME = "Digitalwerk Meschede – Gründerzentrum für Köpfe aus Südwestfalen, Hochsauerland und Märkischem Kreis"


@pytest.fixture(autouse=True)
def _now(frozen_now):
    frozen_now(NOW)


@pytest.fixture
def book(space, django_capture_on_commit_callbacks):
    def book(member, days=(TUESDAY,), names=("Morning",), language="en", active="de"):
        with translation.override(active), django_capture_on_commit_callbacks(execute=True):
            return services.book(
                member=member,
                space=space,
                days=list(days),
                slots=[space.slots.get(name=name) for name in names],
                idempotency_key=uuid.uuid4(),
                language=language,
            )

    return book


def attachment_part(message):
    """The text/calendar part of the e-mail as the SMTP backend sends it (CRLF line ends), and its bytes."""
    parsed = email.message_from_bytes(message.message().as_bytes(linesep="\r\n"))
    (part,) = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    return part, part.get_payload(decode=True)


def test_the_confirmation_in_english_lists_every_slot_with_place_address_links_and_deadline(
    space, alice, book, settings
):
    booking = book(alice, days=[WEDNESDAY, TUESDAY], names=("Morning", "Afternoon"), language="en", active="de")

    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == f"[Brückenschlag] Booking {booking.reference} confirmed: Digitalwerk Meschede"
    body = message.body
    assert body.startswith("Hello,")
    assert booking.reference in body
    assert "Le-Puy-Straße 1\n59872 Meschede" in body
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Tuesday, Nov. 24, 2026, 08:00–13:00 (Morning), Flex desk 1",
        "- Tuesday, Nov. 24, 2026, 13:00–18:00 (Afternoon), Flex desk 1",
        "- Wednesday, Nov. 25, 2026, 08:00–13:00 (Morning), Flex desk 1",
        "- Wednesday, Nov. 25, 2026, 13:00–18:00 (Afternoon), Flex desk 1",
    ]
    assert f"{settings.SITE_URL}/en/co-working/bookings/{booking.reference}/" in body
    assert f"{settings.SITE_URL}/en/co-working/my-bookings/" in body
    assert "up to 12 hours before it starts; the first one until Nov. 23, 2026, 20:00." in body
    assert "{%" not in body and "{{" not in body


def test_the_booking_language_decides_not_the_active_one(space, bob, book):
    booking = book(bob, language="de", active="en")

    (message,) = mail.outbox
    body = message.body
    assert body.startswith("Guten Tag,")
    assert "- Dienstag, 24. November 2026, 08:00–13:00 (Morning), Flex desk 1" in body
    assert f"/coworking/buchungen/{booking.reference}/" in body and "/en/" not in body
    assert "Ihr Brückenschlag-Team" in body
    assert booking.reference in message.subject


def test_the_e_mail_uses_the_site_url(space, alice, book, settings):
    settings.SITE_URL = "https://portal.example"

    booking = book(alice)

    assert f"https://portal.example/en/co-working/bookings/{booking.reference}/" in mail.outbox[0].body
    assert "https://portal.example/en/co-working/my-bookings/" in mail.outbox[0].body


def test_a_refused_or_taken_booking_sends_nothing(space, alice, book):
    with pytest.raises(services.PolicyError):
        book(alice, days=[date(2026, 11, 29)])  # a Sunday: closed
    assert mail.outbox == []


def test_every_template_renders_with_just_the_booking_in_both_languages(space, alice, book):
    booking = book(alice)
    for language in ("de", "en"):
        for template in ("booking_confirmed", "booking_requested", "host_approval_needed", "booking_cancelled"):
            subject, body = emails.render(template, {"booking": booking}, language)
            assert booking.reference in subject and "\n" not in subject
            assert "Digitalwerk Meschede" in body and "08:00–13:00" in body
        subject, body = emails.render("booking_declined", {"booking": booking, "reason": "Full"}, language)
        assert booking.reference in subject and "Full" in body
        subject, body = emails.render(
            "space_closed", {"booking": booking, "day": TUESDAY, "reason": "Water damage"}, language
        )
        assert "Digitalwerk Meschede" in subject and "Water damage" in body


def test_the_rows_passed_are_the_rows_listed(space, alice, book):
    booking = book(alice, names=("Morning", "Afternoon"))
    afternoon = list(booking.occupancies.filter(slot__name="Afternoon"))

    _subject, body = emails.render("booking_cancelled", {"booking": booking, "rows": afternoon}, "en")

    assert "13:00–18:00 (Afternoon)" in body and "08:00–13:00" not in body


def test_the_confirmation_carries_the_calendar_file_as_text_calendar(space, alice, book):
    booking = book(alice)

    (message,) = mail.outbox
    ((filename, content, mimetype),) = message.attachments
    assert filename == f"{booking.reference}.ics" and mimetype.startswith("text/calendar")
    part, payload = attachment_part(message)
    assert part.get_filename() == f"{booking.reference}.ics"
    assert part.get_content_type() == "text/calendar"
    assert part["Content-Type"] == 'text/calendar; charset="utf-8"'  # one charset parameter, not two
    assert payload.startswith(b"BEGIN:VCALENDAR\r\n") and payload.endswith(b"END:VCALENDAR\r\n")
    assert payload == ics.booking_calendar(booking)


def parse(data):
    return Calendar.from_ical(data)


def events(calendar):
    return [component for component in calendar.walk("VEVENT")]


def test_the_calendar_file_is_valid_icalendar_with_local_times_and_the_berlin_timezone(space, alice, book):
    booking = book(alice, days=[TUESDAY, WEDNESDAY], names=("Morning", "Afternoon"))
    data = ics.booking_calendar(booking)

    calendar = parse(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ics.PRODID
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    found = events(calendar)
    assert len(found) == 4
    assert len({str(event["UID"]) for event in found}) == 4
    for event in found:
        assert event["DTSTAMP"].dt.utcoffset().total_seconds() == 0
        assert event["DTSTAMP"].dt == NOW.astimezone(UTC)
        assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"] == "Europe/Berlin"
        assert event["STATUS"] == "CONFIRMED"
        assert booking.reference in str(event["DESCRIPTION"])
    times = [(event["DTSTART"].dt.replace(tzinfo=None), event["DTEND"].dt.replace(tzinfo=None)) for event in found]
    assert times == [
        (datetime(2026, 11, 24, 8), datetime(2026, 11, 24, 13)),
        (datetime(2026, 11, 24, 13), datetime(2026, 11, 24, 18)),
        (datetime(2026, 11, 25, 8), datetime(2026, 11, 25, 13)),
        (datetime(2026, 11, 25, 13), datetime(2026, 11, 25, 18)),
    ]
    assert b"DTSTART;TZID=Europe/Berlin:20261124T080000\r\n" in data
    assert b"DTSTAMP:20261123T080000Z\r\n" in data


def test_the_calendar_file_keeps_08_00_local_on_the_dst_day(space, alice, book, frozen_now):
    frozen_now(berlin(2026, 3, 27, 9))
    OpeningHours.objects.create(space=space, weekday=6, opens=time(7), closes=time(20))

    data = ics.booking_calendar(book(alice, days=[date(2026, 3, 29)]))

    (event,) = events(parse(data))
    assert b"DTSTART;TZID=Europe/Berlin:20260329T080000\r\n" in data
    assert b"DTEND;TZID=Europe/Berlin:20260329T130000\r\n" in data
    assert event["DTSTART"].dt.astimezone(UTC) == datetime(2026, 3, 29, 6, tzinfo=UTC)


def test_lines_are_folded_at_75_octets_and_end_with_crlf(space, alice, book):
    space.name = LONG_NAME
    space.save()

    data = ics.booking_calendar(book(alice))

    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was long enough to be folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character
    assert LONG_NAME in str(events(parse(data))[0]["LOCATION"])


def test_the_feed_marks_cancelled_slots_as_cancelled(space, alice, book):
    booking = book(alice, names=("Morning", "Afternoon"))
    services.cancel(booking, by=alice, occupancies=booking.occupancies.filter(slot__name="Afternoon"))

    found = events(parse(ics.feed_calendar(alice, alice.occupancies.all())))

    assert [str(event["STATUS"]) for event in found] == ["CONFIRMED", "CANCELLED"]
    assert alice.occupancies.get(slot__name="Afternoon").state == OccupancyState.CANCELLED
