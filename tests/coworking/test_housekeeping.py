"""The housekeeping command cron runs every five minutes: no-shows after the grace period, expired waiting-list
offers (issue 5, points 6 and 7)."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import translation

from coworking.models import WaitlistEntry

from .conftest import berlin
from .test_dashboard import occupy

DAY = date(2026, 11, 24)


def housekeeping():
    out = StringIO()
    call_command("coworking_housekeeping", stdout=out)
    return out.getvalue()


def test_it_releases_places_nobody_checked_in_to_after_the_grace_period(space, alice, bob, frozen_now):
    late = occupy(space, alice, DAY)  # 08:00, 30 minutes grace
    present = occupy(space, bob, DAY, place="Flex desk 2", state="checked-in")
    frozen_now(berlin(2026, 11, 24, 8, 29))
    assert "No-shows released: 0" in housekeeping()
    late.refresh_from_db()
    assert late.state == "confirmed"

    frozen_now(berlin(2026, 11, 24, 8, 30))
    assert "No-shows released: 1" in housekeeping()
    late.refresh_from_db()
    present.refresh_from_db()
    assert (late.state, present.state) == ("no-show", "checked-in")
    assert "No-shows released: 0" in housekeeping()  # running it again changes nothing


def test_spaces_without_check_in_keep_their_bookings(space, alice, frozen_now):
    space.checkin_grace_minutes = 0
    space.save()
    row = occupy(space, alice, DAY)
    frozen_now(berlin(2026, 11, 24, 12))
    housekeeping()
    row.refresh_from_db()
    assert row.state == "confirmed"


def test_it_expires_waiting_list_offers_that_were_not_taken(
    space, alice, frozen_now, django_capture_on_commit_callbacks
):
    frozen_now(berlin(2026, 11, 23, 12))
    held = occupy(space, alice, DAY, state="held")
    entry = WaitlistEntry.objects.create(
        space=space,
        slot=held.slot,
        date=DAY,
        member=alice,
        state="offered",
        offered_at=berlin(2026, 11, 23, 9),
        hold_until=berlin(2026, 11, 23, 11),
        booking=held.booking,
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        output = housekeeping()
    assert "Waiting-list offers expired: 1" in output
    entry.refresh_from_db()
    held.refresh_from_db()
    assert (entry.state, held.state) == ("expired", "expired")
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_an_offer_still_on_hold_is_kept(space, alice, frozen_now):
    frozen_now(berlin(2026, 11, 23, 10, 59))
    held = occupy(space, alice, DAY, state="held")
    entry = WaitlistEntry.objects.create(
        space=space, slot=held.slot, date=DAY, member=alice, state="offered",
        offered_at=berlin(2026, 11, 23, 9), hold_until=berlin(2026, 11, 23, 11), booking=held.booking,
    )  # fmt: skip
    assert "Waiting-list offers expired: 0" in housekeeping()
    entry.refresh_from_db()
    assert entry.state == "offered"
