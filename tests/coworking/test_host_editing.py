"""Hosts create and edit their spaces: data, opening hours and slots, desks and rooms, photos (issue 5, point 1)."""

import io
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from companies.models import Membership, Municipality
from coworking.models import Booking, OpeningHours, Resource, Slot, Space, SpacePhoto
from tests.companies.helpers import url
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_booking

from .conftest import berlin, make_space

HOST_PAGES = ["coworking:space_edit", "coworking:space_hours", "coworking:space_places", "coworking:space_photos"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(host):
    """A draft of dora's host with only a meeting room."""
    return make_space(host, name="Werkbank Brilon", municipality="Brilon", flex_desks=0, status="draft")


def space_data(**changes):
    data = {
        "name": "Werkbank Brilon",
        "summary": "Ruhige Arbeitsplätze am Marktplatz",
        "description": "",
        "street": "Am Markt 3",
        "postcode": "59929",
        "municipality": Municipality.objects.get(name="Brilon").pk,
        "directions": "",
        "amenities": ["wifi", "coffee"],
        "step_free_access": "on",
        "accessibility_notes": "",
        "price_info": "15 € pro Tag",
        "public_email": "",
        "public_phone": "",
        "closed_on_public_holidays": "on",
        "days_ahead": 28,
        "min_notice_minutes": 60,
        "cancel_deadline_hours": 12,
        "max_future_bookings": 10,
        "checkin_grace_minutes": 30,
        "status": "draft",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def hours_data(space, hours=None, slots=None):
    """The hours page's POST data: the given rows, or the space's current ones. Rows with an "id" come first."""
    if hours is None:
        hours = [
            {"id": row.pk, "weekday": row.weekday, "opens": f"{row.opens:%H:%M}", "closes": f"{row.closes:%H:%M}"}
            for row in space.opening_hours.all()
        ]
    if slots is None:
        slots = [
            {"id": row.pk, "name": row.name, "starts": f"{row.starts:%H:%M}", "ends": f"{row.ends:%H:%M}"}
            | ({"is_active": "on"} if row.is_active else {})
            for row in space.slots.all()
        ]
    data = {}
    for prefix, rows in [("hours", hours), ("slots", slots)]:
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = sum(1 for row in rows if "id" in row)
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for number, row in enumerate(rows):
            data.update({f"{prefix}-{number}-{key}": value for key, value in row.items()})
    return data


def book(space, resource, day, slot_name="Morning", member=None):
    """A confirmed booking made directly with the models."""
    member = member or make_user(f"member-{Booking.objects.count()}@example.org")
    slot = space.slots.get(name=slot_name)
    return make_booking(space, member, day, [slot], resources=[resource]).occupancies.get()


def png(size=(640, 480)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 108)).save(buffer, "PNG")
    return SimpleUploadedFile("IMG_2041.png", buffer.getvalue(), content_type="image/png")


def broken_png():
    """A PNG whose pixel data was cut off in transfer."""
    return SimpleUploadedFile("raum.png", png().read()[:200], content_type="image/png")


# --- access --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", HOST_PAGES)
def test_host_pages_are_for_the_hosts_members_only(client, space, dora, charlie, page):
    client.force_login(dora)
    assert client.get(url(page, space.slug)).status_code == 200
    client.force_login(charlie)
    assert client.get(url(page, space.slug)).status_code == 404
    assert client.post(url(page, space.slug), {"action": "flex", "flex-count": 2}).status_code == 404


@pytest.mark.parametrize("page", HOST_PAGES)
def test_host_pages_send_anonymous_visitors_to_the_log_in(client, space, page):
    response = client.get(url(page, space.slug))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("page", HOST_PAGES)
def test_a_member_of_another_coworking_host_gets_404(client, space, page):
    rival = make_user("erik@example.org", "Erik Rival")
    make_organisation("Ruhrgebiet Coworking", kind="coworking", municipality="Dortmund", owner=rival)
    client.force_login(rival)
    assert client.get(url(page, space.slug)).status_code == 404


def test_an_editor_of_the_host_may_edit_its_spaces(client, space, host, bob):
    Membership.objects.create(user=bob, organisation=host, role="editor")
    client.force_login(bob)
    assert client.get(url("coworking:space_places", space.slug)).status_code == 200


def test_only_members_of_a_coworking_host_may_add_a_space(client, host, organisation, dora, alice, charlie):
    client.force_login(charlie)
    assert client.get(url("coworking:space_create", host.slug)).status_code == 404
    client.force_login(alice)  # owner of a firm, which hosts no spaces
    assert client.get(url("coworking:space_create", organisation.slug)).status_code == 404
    assert client.post(url("coworking:space_create", organisation.slug), space_data()).status_code == 404
    client.force_login(dora)
    assert client.get(url("coworking:space_create", host.slug)).status_code == 200
    assert Space.objects.count() == 0


# --- the space's data ------------------------------------------------------------------------------------


def test_a_new_space_is_a_draft_with_default_hours_and_slots_and_a_unique_slug(client, host, dora):
    make_space(host, name="Werkbank Brilon", municipality="Brilon")
    client.force_login(dora)
    response = client.post(url("coworking:space_create", host.slug), space_data(status="published"))
    space = Space.objects.get(slug="werkbank-brilon-2")
    assert response.status_code == 302 and response["Location"] == url("coworking:space_places", space.slug)
    assert space.organisation == host and space.status == "draft"
    assert space.amenities == ["wifi", "coffee"] and space.step_free_access
    hours = [(row.weekday, row.opens, row.closes) for row in space.opening_hours.all()]
    assert hours == [(weekday, time(8), time(18)) for weekday in range(5)]
    assert [(slot.name, slot.starts, slot.ends) for slot in space.slots.all()] == [
        ("Morning", time(8), time(13)),
        ("Afternoon", time(13), time(18)),
    ]
    assert not space.resources.exists()
    assert "created as a draft" in client.get(response["Location"]).content.decode()


def test_the_host_edits_the_space(client, space, dora):
    client.force_login(dora)
    data = space_data(name="Digitalwerk Meschede", status="published", approval_required="on", days_ahead=14)
    response = client.post(url("coworking:space_edit", space.slug), data)
    assert response.status_code == 302
    space.refresh_from_db()
    assert (space.summary, space.days_ahead, space.approval_required) == (data["summary"], 14, True)
    assert space.slug == "digitalwerk-meschede"  # the address stays when the name changes
    assert "The space was saved." in client.get(response["Location"]).content.decode()


def test_publishing_needs_slots_and_places(client, draft, dora):
    client.force_login(dora)
    draft.slots.all().delete()
    draft.resources.all().delete()
    response = client.post(url("coworking:space_edit", draft.slug), space_data(status="published"))
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert "The space cannot be published yet." in html
    assert "at least one bookable slot" in html and "at least one bookable place" in html
    assert "Enter opening hours" not in html
    draft.refresh_from_db()
    assert draft.status == "draft"

    Slot.objects.create(space=draft, name="Day", starts=time(9), ends=time(17))
    Resource.objects.create(space=draft, name="Flex desk 1")
    response = client.post(url("coworking:space_edit", draft.slug), space_data(status="published"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_a_failed_submit_keeps_what_was_entered(client, space, dora):
    client.force_login(dora)
    data = space_data(summary="Neue Zusammenfassung mit Blick", postcode="5987", price_info="Tagespass 12 €")
    response = client.post(url("coworking:space_edit", space.slug), data)
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert "A German postcode has five digits." in html
    assert 'value="Neue Zusammenfassung mit Blick"' in html and "Tagespass 12 €" in html
    space.refresh_from_db()
    assert space.summary == ""


# --- opening hours and slots -------------------------------------------------------------------------------


def test_the_host_sets_several_ranges_for_a_day_and_closes_another(client, space, dora):
    client.force_login(dora)
    hours = [
        {"weekday": 0, "opens": "08:00", "closes": "12:00"},
        {"weekday": 0, "opens": "13:00", "closes": "18:00"},
        {"weekday": 2, "opens": "08:00", "closes": "18:00"},
    ]
    existing = list(space.opening_hours.all())
    rows = [
        {"id": row.pk, "weekday": row.weekday, "opens": "07:00", "closes": "20:00", "DELETE": "on"} for row in existing
    ]
    response = client.post(url("coworking:space_hours", space.slug), hours_data(space, hours=rows + hours))
    assert response.status_code == 302
    assert [(row.weekday, row.opens, row.closes) for row in space.opening_hours.all()] == [
        (0, time(8), time(12)),
        (0, time(13), time(18)),
        (2, time(8), time(18)),
    ]


def test_overlapping_ranges_and_closing_before_opening_are_refused_and_kept(client, space, dora):
    client.force_login(dora)
    hours = [
        {"weekday": 6, "opens": "09:00", "closes": "12:00"},
        {"weekday": 6, "opens": "11:30", "closes": "15:00"},
        {"weekday": 5, "opens": "18:00", "closes": "08:15"},
    ]
    data = hours_data(space)
    offset = data["hours-TOTAL_FORMS"]
    data["hours-TOTAL_FORMS"] += len(hours)
    for number, row in enumerate(hours, start=offset):
        data.update({f"hours-{number}-{key}": value for key, value in row.items()})
    response = client.post(url("coworking:space_hours", space.slug), data)
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert "This range overlaps another one of the same weekday (Sunday)." in html
    assert "The closing time must be after the opening time." in html
    assert 'value="11:30"' in html and 'value="08:15"' in html
    assert not space.opening_hours.filter(weekday=6).exists()


def test_slots_must_not_overlap(client, space, dora):
    client.force_login(dora)
    data = hours_data(space)
    data.update({"slots-TOTAL_FORMS": 3, "slots-2-name": "Lunch", "slots-2-starts": "12:00", "slots-2-ends": "14:00"})
    response = client.post(url("coworking:space_hours", space.slug), data)
    assert response.status_code == 200
    assert "Slots must not overlap." in response.content.decode()
    assert not space.slots.filter(name="Lunch").exists()
    data.update({"slots-2-starts": "18:00", "slots-2-ends": "21:00", "slots-2-name": "Evening"})
    assert client.post(url("coworking:space_hours", space.slug), data).status_code == 302
    assert space.slots.filter(name="Evening", starts=time(18), ends=time(21)).exists()


def test_a_booked_slot_cannot_be_deleted_only_made_unbookable(client, space, dora, frozen_now):
    frozen_now(berlin(2026, 11, 23, 9))
    book(space, space.resources.first(), date(2026, 11, 24))
    client.force_login(dora)
    data = hours_data(space)
    data["slots-0-DELETE"] = "on"
    response = client.post(url("coworking:space_hours", space.slug), data)
    assert response.status_code == 200
    assert "has bookings and cannot be deleted. Untick “bookable” instead" in response.content.decode()
    assert space.slots.filter(name="Morning").exists()

    del data["slots-0-DELETE"], data["slots-0-is_active"]
    assert client.post(url("coworking:space_hours", space.slug), data).status_code == 302
    assert not space.slots.get(name="Morning").is_active


def test_a_slot_with_future_bookings_keeps_its_times(client, space, dora, frozen_now):
    frozen_now(berlin(2026, 11, 23, 9))
    book(space, space.resources.first(), date(2026, 11, 24))
    client.force_login(dora)
    data = hours_data(space) | {"slots-0-ends": "12:00"}
    response = client.post(url("coworking:space_hours", space.slug), data)
    assert (
        response.status_code == 200 and "has future bookings, so its times cannot change" in response.content.decode()
    )
    assert space.slots.get(name="Morning").ends == time(13)


# --- desks and rooms ---------------------------------------------------------------------------------------


def test_flex_desks_are_numbered_on(client, space, dora):
    client.force_login(dora)
    response = client.post(url("coworking:space_places", space.slug), {"action": "flex", "flex-count": 2})
    assert response.status_code == 302
    flex = space.resources.filter(is_named=False).order_by("position").values_list("name", flat=True)
    assert list(flex) == ["Flex desk 1", "Flex desk 2", "Flex desk 3", "Flex desk 4", "Flex desk 5"]
    assert "2 flex desks were added." in client.get(response["Location"]).content.decode()


def test_flex_desks_skip_names_taken_and_refuse_silly_numbers(client, space, dora):
    Resource.objects.create(space=space, name="Flex desk 4", is_named=True)
    client.force_login(dora)
    client.post(url("coworking:space_places", space.slug), {"action": "flex", "flex-count": 1})
    assert space.resources.filter(name="Flex desk 5", is_named=False).exists()
    response = client.post(url("coworking:space_places", space.slug), {"action": "flex", "flex-count": 0})
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_the_host_adds_a_room_and_a_named_desk_and_renames_a_place(client, space, dora):
    client.force_login(dora)
    room = {"action": "add", "place-kind": "room", "place-name": "Studio", "place-seats": 4}
    assert client.post(url("coworking:space_places", space.slug), room).status_code == 302
    assert space.resources.filter(name="Studio", kind="room", seats=4, is_named=True).exists()

    desk = {"action": "add", "place-kind": "desk", "place-name": "Standing desk", "place-seats": 3}
    response = client.post(url("coworking:space_places", space.slug), desk)
    assert response.status_code == 200 and "A desk has one seat." in response.content.decode()
    assert 'value="Standing desk"' in response.content.decode()

    desk = space.resources.get(name="Flex desk 1")
    rename = {"action": "rename", "resource": desk.pk, f"place-{desk.pk}-name": "Window desk"}
    response = client.post(url("coworking:space_places", space.slug), rename)
    assert response.status_code == 200 and "already has a place called “Window desk”" in response.content.decode()
    rename[f"place-{desk.pk}-name"] = "Desk by the door"
    assert client.post(url("coworking:space_places", space.slug), rename).status_code == 302
    desk.refresh_from_db()
    assert desk.name == "Desk by the door"


def test_deactivating_a_place_with_future_bookings_is_refused_with_the_dates(client, space, dora, frozen_now):
    frozen_now(berlin(2026, 11, 23, 9))
    desk = space.resources.get(name="Flex desk 1")
    book(space, desk, date(2026, 11, 24))
    book(space, desk, date(2026, 11, 26), "Afternoon")
    book(space, desk, date(2026, 11, 20))  # past: does not count
    client.force_login(dora)
    response = client.post(
        url("coworking:space_places", space.slug), {"action": "deactivate", "resource": desk.pk}, follow=True
    )
    html = response.content.decode()
    assert "Flex desk 1 has 2 future bookings (11/24/2026, 11/26/2026)" in html
    assert "dashboard" in html
    desk.refresh_from_db()
    assert desk.is_active

    free = space.resources.get(name="Flex desk 2")
    client.post(url("coworking:space_places", space.slug), {"action": "deactivate", "resource": free.pk})
    free.refresh_from_db()
    assert not free.is_active


def test_a_place_that_was_booked_cannot_be_deleted(client, space, dora, frozen_now):
    frozen_now(berlin(2026, 11, 23, 9))
    desk = space.resources.get(name="Flex desk 1")
    book(space, desk, date(2026, 11, 20))
    client.force_login(dora)
    response = client.post(url("coworking:space_places", space.slug), {"action": "delete", "resource": desk.pk})
    assert "was booked before" in client.get(response["Location"]).content.decode()
    assert Resource.objects.filter(pk=desk.pk).exists()
    unbooked = space.resources.get(name="Flex desk 2")
    client.post(url("coworking:space_places", space.slug), {"action": "delete", "resource": unbooked.pk})
    assert not Resource.objects.filter(pk=unbooked.pk).exists()


def test_places_of_another_space_are_not_found(client, space, dora):
    other = make_space(make_organisation("Ruhrgebiet Coworking", kind="coworking", municipality="Dortmund"), "Phoenix")
    client.force_login(dora)
    foreign = other.resources.first()
    response = client.post(url("coworking:space_places", space.slug), {"action": "delete", "resource": foreign.pk})
    assert response.status_code == 404
    assert Resource.objects.filter(pk=foreign.pk).exists()


def test_the_places_page_needs_the_same_queries_for_any_number_of_places(
    client, space, dora, django_assert_num_queries
):
    client.force_login(dora)
    with django_assert_num_queries(4):  # session, user, space, places with their future bookings
        assert client.get(url("coworking:space_places", space.slug)).status_code == 200
    client.post(url("coworking:space_places", space.slug), {"action": "flex", "flex-count": 20})
    client.get(url("coworking:space_places", space.slug))  # consumes the success message
    with django_assert_num_queries(4):
        response = client.get(url("coworking:space_places", space.slug))
    assert "Flex desk 23" in response.content.decode()


# --- photos ------------------------------------------------------------------------------------------------


def test_an_uploaded_photo_is_reencoded_to_webp_with_its_alt_text(
    client, space, dora, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(dora)
    data = {"action": "upload", "photo": png(), "alt_text": "Heller Raum mit sechs Schreibtischen"}
    response = client.post(url("coworking:space_photos", space.slug), data)
    assert response.status_code == 302
    photo = SpacePhoto.objects.get(space=space)
    assert photo.alt_text == "Heller Raum mit sechs Schreibtischen"
    assert photo.image.name.startswith("spaces/") and photo.image.name.endswith("-1600.webp")
    assert "IMG_2041" not in photo.image.name
    for size in (400, 800, 1600):
        stored = (tmp_path / photo.image.name.replace("-1600.webp", f"-{size}.webp")).read_bytes()
        assert stored[:4] == b"RIFF" and stored[8:12] == b"WEBP"
    html = client.get(url("coworking:space_photos", space.slug)).content.decode()
    assert 'alt="Heller Raum mit sechs Schreibtischen"' in html and "-400.webp" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("coworking:space_photos", space.slug), {"action": "delete", "photo": photo.pk})
    assert not SpacePhoto.objects.exists()
    assert not (tmp_path / photo.image.name).exists()


@pytest.mark.parametrize(
    ("upload", "alt_text", "message"),
    [
        (SimpleUploadedFile("raum.png", b"not an image at all"), "Raum", "PNG, JPEG or WebP"),
        ("broken", "Raum", "This file is not a readable image."),
        (SimpleUploadedFile("raum.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "Raum", "PNG, JPEG or WebP"),
        (None, "Raum", "This field is required."),
        ("png", "", "This field is required."),
    ],
)
def test_a_bad_photo_is_refused_with_a_message(client, space, dora, upload, alt_text, message):
    client.force_login(dora)
    data = {"action": "upload", "alt_text": alt_text}
    if upload is not None:
        data["photo"] = {"png": png(), "broken": broken_png()}.get(upload, upload)
    response = client.post(url("coworking:space_photos", space.slug), data)
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html and message in html
    assert not SpacePhoto.objects.exists()


def test_the_host_changes_the_alt_text_and_stops_at_eight_photos(client, space, dora):
    photos = SpacePhoto.objects.bulk_create(
        SpacePhoto(space=space, image=f"spaces/old{number}.webp", alt_text=f"Foto {number}", position=number)
        for number in range(8)
    )
    client.force_login(dora)
    first = photos[0]
    data = {"action": "alt", "photo": first.pk, f"photo-{first.pk}-alt_text": "Der Eingang mit Rampe"}
    assert client.post(url("coworking:space_photos", space.slug), data).status_code == 302
    first.refresh_from_db()
    assert first.alt_text == "Der Eingang mit Rampe"
    response = client.post(
        url("coworking:space_photos", space.slug), {"action": "upload", "photo": png(), "alt_text": "X"}
    )
    assert "at most 8 photos" in client.get(response["Location"]).content.decode()
    assert SpacePhoto.objects.count() == 8


# --- the host's profile page -------------------------------------------------------------------------------


def test_the_profile_lists_published_spaces_and_shows_drafts_to_members(client, space, draft, host, dora, charlie):
    client.force_login(charlie)
    html = client.get(url("companies:detail", host.slug)).content.decode()
    assert "Co-working spaces" in html and space.get_absolute_url() in html
    assert "Werkbank Brilon" not in html and "Add a space" not in html
    client.force_login(dora)
    html = client.get(url("companies:detail", host.slug)).content.decode()
    assert "Werkbank Brilon" in html and url("coworking:space_edit", draft.slug) in html
    assert url("coworking:space_create", host.slug) in html


def test_a_profile_without_spaces_shows_no_section_except_to_its_hosts(client, host, organisation, alice, dora):
    client.force_login(alice)
    assert "Co-working spaces" not in client.get(url("companies:detail", host.slug)).content.decode()
    assert "Co-working spaces" not in client.get(url("companies:detail", organisation.slug)).content.decode()
    client.force_login(dora)
    assert "Add a space" in client.get(url("companies:detail", host.slug)).content.decode()


def test_draft_defaults_are_bookable_after_adding_places(client, host, dora):
    client.force_login(dora)
    client.post(url("coworking:space_create", host.slug), space_data())
    space = Space.objects.get(slug="werkbank-brilon")
    client.post(url("coworking:space_places", space.slug), {"action": "flex", "flex-count": 3})
    response = client.post(url("coworking:space_edit", space.slug), space_data(status="published"))
    assert response.status_code == 302
    space.refresh_from_db()
    assert space.is_published and OpeningHours.objects.filter(space=space).count() == 5


def test_the_host_moves_the_bookings_to_other_desks_and_deactivates_the_place(client, space, dora, frozen_now):
    frozen_now(berlin(2026, 11, 23, 9))
    desk = space.resources.get(name="Flex desk 1")
    occupancy = book(space, desk, date(2026, 11, 24))
    client.force_login(dora)
    response = client.post(url("coworking:space_places", space.slug), {"action": "move", "resource": desk.pk})
    assert "1 booking was moved to another place" in client.get(response["Location"]).content.decode()
    desk.refresh_from_db()
    occupancy.refresh_from_db()
    assert not desk.is_active and occupancy.resource != desk and occupancy.is_active
