"""Every form of the portal takes hostile input without a server error, stores nothing its own rules refuse, and
shows nothing it was sent unescaped.

Each test signs in the right person once and posts hostile field sets (tests/fuzz/strategies.py) to one form;
an accepted post (a redirect) must have stored rows that pass the model's validation and, where the form can be
shown for the stored row, the form's own validation again. At the end of each test no text column of the
portal's tables may hold a NUL or an unpaired surrogate. HYPOTHESIS_PROFILE=quick runs fewer examples.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from companies.forms import OrganisationForm
from companies.models import Industry, Kind, Language, LookingFor, Municipality, Organisation, SizeBand, Stage, Topic
from tests.conftest import PASSWORD

from .helpers import (
    assert_clean,
    assert_no_bad_text_stored,
    assert_still_valid,
    follow,
    is_success,
    post,
    rolled_back,
)
from .strategies import (
    boolean,
    dates,
    email,
    field,
    form_data,
    hostile,
    number,
    pick,
    pick_id,
    text,
    times,
    upload_files,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_bad_stored():
    yield
    assert_no_bad_text_stored()


def pks(queryset, limit=8):
    return list(queryset.order_by("pk").values_list("pk", flat=True)[:limit])


def posted(client, url, spec, data, always=(), files=None):
    """Draw field values, post them (now and then in a body of another or a broken content type), and follow an
    accepted post to the page it leads to."""
    encoding = data.draw(st.sampled_from(["form"] * 12 + ["multipart", "json", "text", "no-boundary"]))
    response = post(client, url, data.draw(form_data(spec, always=always)), files=files, encoding=encoding)
    if is_success(response):
        follow(client, response)
    return response


# --- portal: contact, barrier report --------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["portal:contact", "portal:barrier_report"])
@given(data=st.data())
def test_feedback_forms(client, url_name, data):
    from portal.models import Feedback

    spec = {"message": text, "page": text, "name": text, "email": email}
    if is_success(posted(client, reverse(url_name), spec, data)):
        assert_clean(Feedback.objects.latest("pk"))


# --- accounts -------------------------------------------------------------------------------------------


@given(data=st.data())
def test_account_name(client, alice, data):
    from accounts.forms import ProfileForm

    client.force_login(alice)
    if is_success(posted(client, reverse("accounts:overview"), {"name": text}, data)):
        assert_clean(alice)
        assert_still_valid(ProfileForm, alice)


# --- companies ------------------------------------------------------------------------------------------


def organisation_spec():
    return {
        "name": text,
        "pitch": text,
        "founded": field(st.sampled_from(["", "1999", "2024"]), number[1]),
        "size_band": pick(["", *SizeBand.values]),
        "municipality": pick_id(pks(Municipality.objects)),
        "street": text,
        "postcode": field(st.sampled_from(["59821", ""])),
        "website": url,
        "public_email": email,
        "public_phone": text,
        "description": text,
        "topics": pick_id(pks(Topic.objects)),
        "keywords": text,
        "industries": pick_id(pks(Industry.objects)),
        "languages": pick(Language.values),
        "stage": pick(Stage.values),
        "team_size": number,
        "spin_off_of": pick_id(pks(Organisation.objects.filter(kind=Kind.UNIVERSITY, status="published")), True),
        "looking_for": pick(LookingFor.values),
        "transfer_email": email,
        "transfer_url": url,
        "departments-TOTAL_FORMS": field(st.sampled_from(["1", "2"]), number[1]),
        "departments-INITIAL_FORMS": field(st.just("0"), number[1]),
        "departments-MIN_NUM_FORMS": field(st.just("0"), number[1]),
        "departments-MAX_NUM_FORMS": field(st.just("50"), number[1]),
        "departments-0-name": text,
        "departments-0-competences": text,
        "departments-0-url": url,
        "departments-0-position": number,
        "departments-1-name": text,
        "departments-1-id": field(st.just(""), hostile),
        "departments-1-DELETE": boolean,
    }


@pytest.mark.parametrize("kind", [Kind.STARTUP, Kind.UNIVERSITY])
@given(data=st.data())
def test_organisation_profile(client, alice, kind, data):
    from tests.conftest import make_organisation

    organisation = Organisation.objects.filter(kind=kind).first() or make_organisation(
        "Fuzz Organisation", kind=kind, owner=alice, status="published"
    )
    client.force_login(alice)
    if is_success(posted(client, reverse("companies:edit", args=[organisation.slug]), organisation_spec(), data)):
        assert_clean(organisation)
        assert_still_valid(OrganisationForm, organisation)
        for department in organisation.departments.all():
            assert_clean(department)


@given(data=st.data())
def test_organisation_logo_upload(client, alice, organisation, data):
    client.force_login(alice)
    files = data.draw(st.lists(upload_files.map(lambda file: ("logo", file[1], file[2], file[0])), max_size=2))
    spec = {"logo-clear": boolean}
    response = posted(client, reverse("companies:logo", args=[organisation.slug]), spec, data, files=files)
    if is_success(response):
        organisation.refresh_from_db()
        name = organisation.logo.name
        assert name == "" or (name.startswith("logos/") and name.endswith(".webp") and ".." not in name), name


@given(data=st.data())
def test_organisation_report(client, organisation, data):
    spec = {"reason": pick(["wrong", "outdated", "spam", "offensive", "other"]), "message": text}
    posted(client, reverse("companies:report", args=[organisation.slug]), spec, data)


@given(data=st.data())
def test_organisation_members(client, alice, organisation, data):
    from companies.models import Invitation

    client.force_login(alice)
    spec = {
        "action": pick(["invite", "role", "remove"]),
        "email": email,
        "role": pick(["owner", "editor"]),
        "membership": pick_id(pks(organisation.memberships.exclude(user=alice))),
    }
    with rolled_back():
        if is_success(posted(client, reverse("companies:members", args=[organisation.slug]), spec, data)):
            for invitation in Invitation.objects.all():
                assert_clean(invitation)


# --- startups: the registration journey -----------------------------------------------------------------


@pytest.mark.parametrize("journey", ["startup", "organisation"])
@given(data=st.data())
def test_registration_journey(client, alice, journey, data):
    """Step one and two with hostile data; a valid step two leads to the confirmation, which creates a draft."""
    client.force_login(alice)
    basics = {
        "name": text,
        "kind": pick([kind for kind in Kind.values if kind != Kind.STARTUP]),
        "municipality": pick_id(pks(Municipality.objects)),
        "pitch": text,
    }
    if not is_success(posted(client, reverse(f"startups:{journey}"), basics, data)):
        return
    profile = {
        "topics": pick_id(pks(Topic.objects)),
        "stage": pick(Stage.values),
        "looking_for": pick(LookingFor.values),
        "size_band": pick(["", *SizeBand.values]),
    }
    if not is_success(posted(client, reverse(f"startups:{journey}_profile"), profile, data)):
        return
    token = client.session["registration"][journey]["token"]
    account = {"token": field(st.just(token))}
    if is_success(posted(client, reverse(f"startups:{journey}_account"), account, data)):
        for organisation in Organisation.objects.filter(memberships__user=alice):
            assert_clean(organisation)


@given(data=st.data())
def test_registration_sign_up(client, data):
    """The last step for a visitor: allauth's sign-up form with hostile data."""
    session = client.session
    session["registration"] = {
        "startup": {
            "token": "fuzz-token",
            "basics": {
                "name": "Fuzz",
                "kind": "startup",
                "municipality": Municipality.objects.first().pk,
                "pitch": "x",
            },
            "profile": {"topics": pks(Topic.objects, 1), "stage": "idea", "looking_for": []},
        }
    }
    session.save()
    password = field(st.just("Brückenschlag-2026!"), hostile)
    spec = {"email": email, "password1": password, "password2": password, "name": text, "token": text}
    posted(client, reverse("startups:startup_account"), spec, data)


# --- coworking: hosts -----------------------------------------------------------------------------------


def space_spec():
    from coworking.models import Amenity, SpaceStatus

    return {
        "name": text,
        "summary": text,
        "description": text,
        "amenities": pick(Amenity.values),
        "price_info": text,
        "street": text,
        "postcode": field(st.sampled_from(["59872"])),
        "municipality": pick_id(pks(Municipality.objects)),
        "directions": text,
        "public_email": email,
        "public_phone": text,
        "step_free_access": boolean,
        "accessible_toilet": boolean,
        "accessibility_notes": text,
        "days_ahead": number,
        "min_notice_minutes": number,
        "cancel_deadline_hours": number,
        "max_future_bookings": number,
        "approval_required": boolean,
        "checkin_grace_minutes": number,
        "closed_on_public_holidays": boolean,
        "status": pick(SpaceStatus.values),
    }


@given(data=st.data())
def test_space_edit(client, dora, space, data):
    from coworking.forms import SpaceForm

    client.force_login(dora)
    if is_success(posted(client, reverse("coworking:space_edit", args=[space.slug]), space_spec(), data)):
        assert_clean(space)
        assert_still_valid(SpaceForm, space)


@given(data=st.data())
def test_space_create(client, dora, host, data):
    from coworking.models import Space

    client.force_login(dora)
    if is_success(posted(client, reverse("coworking:space_create", args=[host.slug]), space_spec(), data)):
        assert_clean(Space.objects.latest("pk"))


@given(data=st.data())
def test_space_hours_and_slots(client, dora, space, data):
    from coworking.models import OpeningHours, Slot

    client.force_login(dora)
    hours, slots = pks(space.opening_hours, 6), pks(space.slots)
    spec = {
        "hours-TOTAL_FORMS": field(st.just(str(len(hours) + 1)), number[1]),
        "hours-INITIAL_FORMS": field(st.just(str(len(hours))), number[1]),
        **{f"hours-{i}-id": field(st.just(str(pk)), hostile) for i, pk in enumerate(hours)},
        # valid: the stored hours again (Monday to Saturday 07–20) and Sunday 10–14
        **{f"hours-{i}-weekday": field(st.just(str(min(i, 6))), hostile) for i in range(len(hours) + 1)},
        **{f"hours-{i}-opens": field(st.just("07:00" if i < 6 else "10:00"), times) for i in range(len(hours) + 1)},
        **{f"hours-{i}-closes": field(st.just("20:00" if i < 6 else "14:00"), times) for i in range(len(hours) + 1)},
        f"hours-{len(hours)}-DELETE": boolean,
        "slots-TOTAL_FORMS": field(st.just(str(len(slots) + 1)), number[1]),
        "slots-INITIAL_FORMS": field(st.just(str(len(slots))), number[1]),
        **{f"slots-{i}-id": field(st.just(str(pk)), hostile) for i, pk in enumerate(slots)},
        **{f"slots-{i}-name": text for i in range(len(slots) + 1)},
        # valid: Morning 08–13 and Afternoon 13–18 as stored, and a new Evening 18–19
        **{f"slots-{i}-starts": field(st.just(["08:00", "13:00", "18:00"][i]), times) for i in range(len(slots) + 1)},
        **{f"slots-{i}-ends": field(st.just(["13:00", "18:00", "19:00"][i]), times) for i in range(len(slots) + 1)},
        **{f"slots-{i}-is_active": boolean for i in range(len(slots) + 1)},
        "slots-0-DELETE": boolean,
    }
    with rolled_back():
        if is_success(posted(client, reverse("coworking:space_hours", args=[space.slug]), spec, data)):
            for row in [*OpeningHours.objects.filter(space=space), *Slot.objects.filter(space=space)]:
                assert_clean(row)


@given(data=st.data())
def test_space_places(client, dora, space, data):
    from coworking.models import Resource

    client.force_login(dora)
    resources = pks(space.resources)
    spec = {
        "action": pick(["flex", "add", "rename", "deactivate", "move", "activate", "delete"]),
        "resource": pick_id(resources),
        "flex-count": number,
        "place-kind": pick(["desk", "room"]),
        "place-name": text,
        "place-seats": number,
        "place-description": text,
        **{f"place-{pk}-{name}": text for pk in resources[:2] for name in ("name", "description")},
        **{f"place-{pk}-seats": number for pk in resources[:2]},
    }
    with rolled_back():
        if is_success(posted(client, reverse("coworking:space_places", args=[space.slug]), spec, data)):
            for resource in Resource.objects.filter(space=space):
                assert_clean(resource)


@given(data=st.data())
def test_space_photo_upload(client, dora, space, data):
    from coworking.models import SpacePhoto

    client.force_login(dora)
    files = data.draw(st.lists(upload_files.map(lambda file: ("photo", file[1], file[2], file[0])), max_size=2))
    spec = {"action": pick(["upload", "alt", "delete"]), "alt_text": text, "photo": pick_id(pks(space.photos))}
    with rolled_back():
        response = posted(client, reverse("coworking:space_photos", args=[space.slug]), spec, data, files=files)
        if is_success(response):
            for photo in SpacePhoto.objects.filter(space=space):
                assert_clean(photo)
                assert photo.image.name.endswith(".webp") and ".." not in photo.image.name, photo.image.name


@given(data=st.data())
def test_space_closures(client, dora, space, data):
    client.force_login(dora)
    spec = {
        "action": pick(["", "remove"]),
        "closure": pick_id(pks(space.closures)),
        "day": field(dates().filter(lambda value: isinstance(value, str))),
        "reason": text,
        "seen": text,
        "confirm": boolean,
    }
    with rolled_back():
        if is_success(posted(client, reverse("coworking:closures", args=[space.slug]), spec, data)):
            for closure in space.closures.all():
                assert_clean(closure)


# --- coworking: members ---------------------------------------------------------------------------------


@given(data=st.data())
def test_booking(client, alice, space, data):
    from coworking.models import Booking

    today = date.today()
    bookable_days = st.integers(1, 20).map(lambda days: (today + timedelta(days=days)).isoformat())
    client.force_login(alice)
    spec = {
        "date": field(bookable_days, dates()),
        "more_dates": field(bookable_days, dates()),
        "slots": pick_id(pks(space.slots)),
        "place": pick_id(pks(space.resources.filter(is_named=True)), True),
        "note": text,
        "idempotency_key": field(st.uuids().map(str)),
    }
    if is_success(posted(client, reverse("coworking:book", args=[space.slug]), spec, data)):
        for booking in Booking.objects.filter(member=alice):
            assert_clean(booking)


@given(data=st.data())
def test_waitlist_join(client, alice, space, data):
    client.force_login(alice)
    spec = {"date": dates(), "slot": pick_id(pks(space.slots))}
    posted(client, reverse("coworking:waitlist_join", args=[space.slug]), spec, data)


@given(data=st.data())
def test_calendar_settings(client, alice, data):
    client.force_login(alice)
    posted(client, reverse("coworking:calendar"), {"action": pick(["create", "replace", "delete"])}, data)


# --- matching -------------------------------------------------------------------------------------------


def entry_spec():
    from matching.models import BudgetBand, EntryType, Reach, Visibility

    return {
        "type": pick(EntryType.values),
        "title": text,
        "description": text,
        "topics": pick_id(pks(Topic.objects)),
        "keywords": text,
        "municipality": pick_id(pks(Municipality.objects)),
        "reach": pick(Reach.values),
        "reach_km": field(st.sampled_from(["", "25"]), number[1]),
        "partner_kinds": pick(Kind.values),
        "budget_band": pick(["", *BudgetBand.values]),
        "deadline": field(st.just(""), dates()),
        "visibility": pick(Visibility.values),
    }


@pytest.mark.parametrize("side", ["need", "offer"])
@given(data=st.data())
def test_entry_create(client, alice, organisation, side, data):
    from matching.forms import EntryForm
    from matching.models import Entry

    client.force_login(alice)
    url = reverse(f"matching:{side}_create", args=[organisation.slug])
    if is_success(posted(client, url, entry_spec(), data)):
        entry = Entry.objects.latest("pk")
        assert_clean(entry)
        assert_still_valid(EntryForm, entry, organisation=organisation)


@given(data=st.data())
def test_contact_request(client, charlie, organisation, data):
    from matching.models import ContactRequest
    from tests.conftest import make_organisation

    startup = Organisation.objects.filter(kind=Kind.STARTUP).first() or make_organisation(
        "Ruhrlogik GmbH", kind="startup", municipality="Dortmund", owner=charlie, status="published", stage="seed"
    )
    client.force_login(charlie)
    spec = {
        "sender_organisation": pick_id([startup.pk]),
        "sender_entry": pick_id([], True),
        "message": text,
        "phone": field(st.sampled_from(["", "+49 2931 123456"]), hostile),
    }
    if is_success(posted(client, reverse("matching:contact_organisation", args=[organisation.slug]), spec, data)):
        for contact_request in ContactRequest.objects.all():
            assert_clean(contact_request)


@given(data=st.data())
def test_request_settings(client, alice, organisation, data):
    client.force_login(alice)
    spec = {"monthly_cap": field(st.sampled_from(["", "1", "1000"]), number[1])}
    posted(client, reverse("matching:request_settings", args=[organisation.slug]), spec, data)


# --- regionale ------------------------------------------------------------------------------------------


@given(data=st.data())
def test_regionale_idea(client, alice, organisation, data):
    from regionale.models import Project, Themenfeld

    client.force_login(alice)
    spec = {
        "organisation": pick_id([organisation.pk]),
        "title": text,
        "summary": text,
        "description": text,
        "municipalities": pick_id(pks(Municipality.objects.filter(region="suedwestfalen"))),
        "handlungsfeld": pick(["raum", "gesellschaft", "wirtschaft"]),
        "themenfeld": pick_id(pks(Themenfeld.objects), True),
        "dna": pick(["digital", "sustainable", "authentic"]),
    }
    if is_success(posted(client, reverse("regionale:submit_idea"), spec, data)):
        assert_clean(Project.objects.latest("pk"))


# --- allauth: sign-up, log-in, password reset -----------------------------------------------------------


@given(data=st.data())
def test_sign_up(client, data):
    from accounts.models import User

    password = field(st.just("Brückenschlag-2026!"), hostile)
    spec = {"email": email, "password1": password, "password2": password}
    if is_success(posted(client, reverse("account_signup"), spec, data)):
        for user in User.objects.all():
            assert_clean(user)
    client.logout()


@given(data=st.data())
def test_log_in(client, alice, data):
    spec = {
        "login": field(st.just("alice@example.org"), email[1]),
        "password": field(st.just(PASSWORD), hostile),
        "remember": boolean,
    }
    posted(
        client, reverse("account_login") + "?next=" + data.draw(st.sampled_from(["/", "//evil.example"])), spec, data
    )
    client.logout()


@given(data=st.data())
def test_password_reset(client, alice, data):
    posted(client, reverse("account_reset_password"), {"email": email}, data)


def test_an_id_beyond_64_bits_is_an_invalid_choice_not_a_server_error(client, alice, organisation):
    """Found by test_organisation_profile: Django checks a multiple choice's ids in one `pk__in` query, which
    SQLite cannot run for an id beyond 64 bits (OverflowError). portal.lib.forms.ModelMultipleChoiceField."""
    client.force_login(alice)
    huge = "9" * 30
    data = [("name", "Sauerland Sensorik GmbH"), ("municipality", str(organisation.municipality_id))]
    response = post(client, reverse("companies:edit", args=[organisation.slug]), [*data, ("topics", huge)])
    assert response.status_code == 200 and "topics" in response.context["form"].errors
    response = post(client, reverse("companies:edit", args=[organisation.slug]), [*data, ("industries", huge)])
    assert response.status_code == 200 and "industries" in response.context["form"].errors


def test_a_registration_token_with_nul_is_no_server_error(client):
    """Found by test_registration_journey on PostgreSQL, which refuses NUL in a query: startups.services."""
    response = post(client, reverse("startups:startup_account"), [("token", "\x00")])
    assert response.status_code == 302  # to step one: this visitor has not started the journey
