"""The POST forms that act on an existing object take hostile input without a server error, store nothing their own
rules refuse and show nothing they were sent unescaped: account deletion, accepting an invitation, switching to and
leaving an organisation, cancelling a booking, the waiting list, the host's booking actions, answering, withdrawing
and sharing bookings on a contact request, hiding and showing a match, an entry's status, editing a need, adding a
need to a REGIONALE project, and the drafts saved while typing (portal/lib/drafts.py).

Each test builds its objects once; every example runs in a savepoint that is rolled back (helpers.rolled_back), so
that an example which consumes the object (a deletion, a cancellation, an answer) leaves it as it was for the next
one and the success path is fuzzed throughout. Each test counts the examples that changed the object and fails if
none did; `pytest -s` prints the share.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from companies.models import Kind, LookingFor, Membership, Municipality, Organisation, Role, SizeBand, Stage, Topic
from tests.conftest import PASSWORD, make_organisation
from tests.coworking.conftest import make_booking
from tests.matching.conftest import make_entry, startup  # noqa: F401 - charlie's start-up, a fixture

from .helpers import (
    assert_clean,
    assert_no_bad_text_stored,
    assert_still_valid,
    follow,
    get,
    is_success,
    post,
    rolled_back,
)
from .strategies import (
    boolean,
    encode,
    field,
    form_data,
    hostile,
    pick,
    pick_id,
    pick_tricky_id,
    text,
    tricky_ids,
)
from .test_forms import entry_spec, pks

pytestmark = pytest.mark.django_db

# Where a form may send the member back to: this site's pages, and what must never be followed off the site.
next_urls = field(
    st.one_of(st.sampled_from(["", "/"]), st.builds(lambda: reverse("matching:mine"))),
    st.one_of(st.sampled_from(["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:x"]), hostile),
)


@pytest.fixture(autouse=True)
def _nothing_bad_stored():
    yield
    assert_no_bad_text_stored()


class Outcomes:
    """How many examples changed the object, and the pages already followed after an accepted post."""

    def __init__(self):
        self.done = self.all = 0
        self.followed = set()


@pytest.fixture
def outcomes(request):
    """With the full profile at least one example must have changed the object; with fewer examples
    (HYPOTHESIS_PROFILE=quick) none may by chance. `pytest -s` prints the share."""
    counts = Outcomes()
    yield counts
    print(f"\n{request.node.name}: {counts.done} of {counts.all} examples changed the object")
    assert counts.all < 100 or counts.done, "no example reached the success path"


def sent(client, url, spec, data, outcomes, follow_all=False):
    """As test_forms.posted, and in a quarter of the examples every field valid (the form as a browser sends it), so
    that the success path is reached often also where a single hostile field refuses the whole form. The page an
    accepted post leads to is followed once per address, or every time (follow_all) where it shows what was sent:
    the same rows are shown again after every rollback, and the page costs as much as the post."""
    if data.draw(st.integers(0, 3)) == 0:
        spec = {name: (value[0] if isinstance(value, tuple) else value,) * 2 for name, value in spec.items()}
    encoding = data.draw(st.sampled_from(["form"] * 12 + ["multipart", "json", "text", "no-boundary"]))
    response = post(client, url, data.draw(form_data(spec)), encoding=encoding)
    if is_success(response) and (follow_all or response["Location"] not in outcomes.followed):
        outcomes.followed.add(response["Location"])
        follow(client, response)
    return response


def login(client, user):
    """Signs the client in as user (None: out), unless it already is: one session for all examples."""
    if getattr(client, "fuzz_user", "nobody yet") != user:
        client.force_login(user) if user else client.logout()
        client.fuzz_user = user


def record(outcomes, done):
    outcomes.all += 1
    outcomes.done += bool(done)


def assert_stays_on_site(response):
    if is_success(response):
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def fresh(instance):
    """The row as stored now: the fixture's object in memory may hold what an earlier, rolled-back example read."""
    return type(instance)._default_manager.get(pk=instance.pk)


def every_organisation_has_an_owner():
    orphans = Organisation.objects.exclude(memberships__role=Role.OWNER)
    assert not orphans.exists(), list(orphans.values_list("name", flat=True))


# --- accounts and memberships ---------------------------------------------------------------------------


@given(data=st.data())
def test_account_deletion(client, alice, bob, organisation, outcomes, data):
    """alice owns `organisation` alone, bob edits it: delete it or hand it over to bob, and confirm."""
    from accounts.models import User

    question = f"organisation_{organisation.pk}"
    spec = {question: pick(["delete", f"hand-over-{bob.pk}"]), "confirm": boolean}
    if client.session.get("_auth_user_id") != str(alice.pk):  # the first example, or one that deleted her
        client.force_login(alice)
        assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    with rolled_back():
        response = sent(client, reverse("accounts:delete"), spec, data, outcomes)
        gone = not User.objects.filter(pk=alice.pk, is_active=True).exists()  # deleted, or an empty shell
        record(outcomes, gone)
        assert gone == is_success(response)
        if gone:
            assert not Membership.objects.filter(user_id=alice.pk).exists()
            every_organisation_has_an_owner()
            for remaining in Organisation.objects.filter(pk=organisation.pk):
                assert_clean(remaining)


@pytest.fixture
def invitation(alice, charlie, organisation):
    from companies.models import Invitation

    return Invitation.objects.create(organisation=organisation, email=charlie.email, invited_by=alice)


@given(data=st.data())
def test_invitation_accept(client, bob, charlie, organisation, invitation, outcomes, data):
    """charlie accepts an invitation to his address; bob (another address), a visitor and broken links do not."""
    person = data.draw(st.sampled_from([charlie, charlie, charlie, bob, None]))
    link = data.draw(st.sampled_from(["valid", "valid", "cut", "longer", "other"]))
    token = {
        "valid": lambda: invitation.token,
        "cut": lambda: invitation.token[: data.draw(st.integers(0, len(invitation.token) - 1))],
        "longer": lambda: invitation.token + data.draw(hostile.filter(lambda value: isinstance(value, str))),
        "other": lambda: data.draw(hostile),
    }[link]()
    url = reverse("companies:invitation_accept", args=["TOKEN"]).replace("TOKEN", encode(token) or "x")
    login(client, person)
    with rolled_back():
        response = sent(
            client, url, {"role": pick(Role.values), "organisation": pick_id([organisation.pk])}, data, outcomes
        )
        assert_stays_on_site(response)
        joined = Membership.objects.filter(organisation=organisation, user=charlie).first()
        record(outcomes, joined)
        if joined:
            assert person == charlie and joined.role == Role.EDITOR  # the invitation's role, not the posted one
            assert_clean(joined)


@pytest.fixture
def other_organisation(charlie):
    return make_organisation("Märkische Metall AG", municipality="Iserlohn", owner=charlie, status="published")


@given(data=st.data())
def test_switch_and_leave_organisation(client, alice, bob, organisation, other_organisation, outcomes, data):
    """Working for an organisation or leaving it; the last owner cannot leave."""
    other = other_organisation
    person = data.draw(st.sampled_from([bob, alice]))
    spec = {"action": pick(["switch", "leave"]), "organisation": pick_tricky_id([organisation.pk, other.pk])}
    login(client, person)
    session = client.session
    session.pop("current_organisation", None)  # what an earlier example switched to
    session.save()
    with rolled_back():
        response = sent(client, reverse("companies:mine"), spec, data, outcomes)
        assert_stays_on_site(response)
        left = not Membership.objects.filter(user=person, organisation=organisation).exists()
        record(outcomes, left or client.session.get("current_organisation") == organisation.pk)
        assert not (left and person == alice), "the last owner left"
        every_organisation_has_an_owner()


# --- co-working: a member's booking and waiting list, the host's actions ----------------------------------


def active_rows(booking):
    from coworking.models import ACTIVE

    return booking.occupancies.filter(ACTIVE).count()


@pytest.fixture
def booking(alice, space):
    """alice's booking of the morning and the afternoon in a week."""
    return make_booking(space, alice, timezone.localdate() + timedelta(days=7), list(space.slots.all()))


@given(data=st.data())
def test_booking_cancel(client, alice, booking, outcomes, data):
    login(client, alice)
    spec = {"occupancy": pick_tricky_id(pks(booking.occupancies))}
    with rolled_back():
        response = sent(client, reverse("coworking:booking_cancel", args=[booking.reference]), spec, data, outcomes)
        assert_stays_on_site(response)
        record(outcomes, active_rows(booking) < 2)
        for row in booking.occupancies.all():
            assert_clean(row)


@pytest.fixture
def waitlist_entries(alice, space):
    """alice waits for a place in a week, and was offered one the day after (held through the real service)."""
    from coworking import waitlist
    from coworking.models import WaitlistEntry

    slot = space.slots.first()
    day = timezone.localdate() + timedelta(days=7)
    waiting = WaitlistEntry.objects.create(space=space, slot=slot, date=day, member=alice)
    offered = WaitlistEntry.objects.create(space=space, slot=slot, date=day + timedelta(days=1), member=alice)
    assert waitlist.place_freed(space.pk, offered.date, slot.pk).pk == offered.pk
    return [waiting, fresh(offered)]


@given(data=st.data())
def test_waitlist_entry(client, alice, waitlist_entries, outcomes, data):
    """Take, decline or leave a waiting entry or an offered place."""
    entry = data.draw(st.sampled_from(waitlist_entries))
    login(client, alice)
    spec = {"action": pick(["take", "decline", "leave"])}
    with rolled_back():
        response = sent(client, reverse("coworking:waitlist_entry", args=[entry.pk]), spec, data, outcomes)
        assert_stays_on_site(response)
        now = fresh(entry)
        assert_clean(now)
        record(outcomes, now.state != entry.state)
        if now.booking_id:
            for row in now.booking.occupancies.all():
                assert_clean(row)


@pytest.fixture
def host_bookings(alice, space):
    """alice's booking awaiting approval in a week, and her booking that runs now."""
    slots, resources = list(space.slots.all()), list(space.resources.all())
    pending = make_booking(space, alice, timezone.localdate() + timedelta(days=7), slots, state="pending")
    running = make_booking(space, alice, timezone.localdate(), slots[:1], resources=resources[1:2])
    now = timezone.now()
    running.occupancies.update(starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=1))
    return [pending, running]


@given(data=st.data())
def test_host_booking_actions(client, dora, space, host_bookings, outcomes, data):
    """dora approves or declines a booking awaiting approval, checks in or marks as no-show one that runs now."""
    from coworking.models import Occupancy

    booking = data.draw(st.sampled_from(host_bookings))
    rows = pks(Occupancy.objects.filter(space=space))
    spec = {
        "action": pick(["approve", "decline", "check_in", "no_show"]),
        "occupancy": (pick_id(pks(booking.occupancies), optional=True)[0], tricky_ids(rows)),
        "reason": text,
    }
    login(client, dora)
    with rolled_back():
        before = dict(Occupancy.objects.values_list("pk", "state"))
        url = reverse("coworking:dashboard_booking", args=[space.slug, booking.reference])
        assert_stays_on_site(sent(client, url, spec, data, outcomes))
        after = dict(Occupancy.objects.values_list("pk", "state"))
        record(outcomes, after != before)
        changed = {pk for pk in after if after[pk] != before[pk]}
        assert changed <= set(booking.occupancies.values_list("pk", flat=True)), "another booking changed"
        for row in Occupancy.objects.filter(pk__in=changed):
            assert_clean(row)


# --- matching: contact requests -------------------------------------------------------------------------


def contact_request(sender, sender_organisation, receiver, **extra):
    from matching.models import ContactRequest

    return ContactRequest.objects.create(
        sender=sender,
        sender_organisation=sender_organisation,
        receiver=receiver,
        message="Guten Tag, wir würden gern über Ihre Sensorik sprechen.",
        **extra,
    )


@pytest.fixture
def pending_request(charlie, organisation, startup):  # noqa: F811
    return contact_request(charlie, startup, organisation)


@pytest.fixture
def accepted_request(alice, pending_request):
    from matching import services

    services.accept(pending_request, alice, "Gern!", "", "de")
    return pending_request


@given(data=st.data())
def test_answer_contact_request(client, alice, pending_request, outcomes, data):
    """alice (the receiving organisation's owner) accepts or declines charlie's request, with a reply and a phone."""
    request = pending_request
    spec = {
        "action": pick(["accept", "decline"]),
        "reply": text,
        "phone": field(st.sampled_from(["", "+49 2931 123456"]), hostile),
    }
    login(client, alice)
    with rolled_back():
        assert_stays_on_site(
            sent(client, reverse("matching:answer", args=[request.pk]), spec, data, outcomes, follow_all=True)
        )
        now = fresh(request)
        assert_clean(now)
        record(outcomes, now.status != "pending")
        if now.status == "pending":
            assert now.reply == "" and now.answered_by_id is None


@given(data=st.data())
def test_withdraw_contact_request(client, alice, bob, charlie, pending_request, outcomes, data):
    """charlie withdraws his request; the receiving organisation's members cannot (404)."""
    request = pending_request
    person = data.draw(st.sampled_from([charlie, charlie, alice, bob]))
    login(client, person)
    with rolled_back():
        response = sent(client, reverse("matching:withdraw", args=[request.pk]), {"next": next_urls}, data, outcomes)
        assert_stays_on_site(response)
        now = fresh(request)
        assert_clean(now)
        record(outcomes, now.status == "withdrawn")
        assert now.status == "pending" or person == charlie


@given(data=st.data())
def test_share_bookings(client, alice, charlie, accepted_request, outcomes, data):
    """The two people of an accepted request show each other their desk bookings, or stop it."""
    request = accepted_request
    person = data.draw(st.sampled_from([alice, charlie]))
    flag = "sender_shares_bookings" if person == charlie else "answerer_shares_bookings"
    login(client, person)
    with rolled_back():
        response = sent(
            client, reverse("matching:share_bookings", args=[request.pk]), {"share": boolean}, data, outcomes
        )
        assert_stays_on_site(response)
        now = fresh(request)
        assert_clean(now)
        record(outcomes, getattr(now, flag))


# --- matching: matches, status, editing -----------------------------------------------------------------


@pytest.fixture
def need(organisation):
    return make_entry(organisation, "need", expires_on=timezone.localdate() + timedelta(days=10))


@pytest.fixture
def offer(startup):  # noqa: F811
    return make_entry(startup, "offer", title="Zustandsüberwachung mit KI")


@pytest.mark.parametrize("url_name", ["matching:hide_match", "matching:unhide_match"])
@given(data=st.data())
def test_hide_and_show_match(client, alice, need, offer, startup, url_name, outcomes, data):  # noqa: F811
    """Hide a suggested organisation or offer for alice's need, or show a hidden one again."""
    from matching.models import Dismissal

    # One target: the start-up or its offer (its own organisation or the need itself are refused with 404).
    target, other = data.draw(st.permutations(["target_organisation", "target_entry"]))
    valid, own = (startup.pk, need.organisation_id) if target == "target_organisation" else (offer.pk, need.pk)
    spec = {
        target: (st.just(str(valid)), tricky_ids([valid, own])),
        other: (st.just(""), tricky_ids([startup.pk, offer.pk])),
        "next": next_urls,
    }
    login(client, alice)
    with rolled_back():
        if url_name == "matching:unhide_match":
            Dismissal.objects.create(source=need, target_organisation=startup, dismissed_by=alice)
            Dismissal.objects.create(source=need, target_entry=offer, dismissed_by=alice)
        before = set(need.dismissals.values_list("pk", flat=True))
        assert_stays_on_site(sent(client, reverse(url_name, args=[need.pk]), spec, data, outcomes))
        after = set(need.dismissals.values_list("pk", flat=True))
        record(outcomes, after != before)
        for dismissal in need.dismissals.all():
            assert_clean(dismissal)
            assert dismissal.target_organisation_id != need.organisation_id, "hid its own organisation"
            assert dismissal.target_entry_id in (None, offer.pk)


@given(data=st.data())
def test_entry_status(client, alice, need, outcomes, data):
    """Renew (it ends in ten days: within the four weeks), close, reopen, mark as in talks."""
    spec = {"action": pick(["renew", "close", "reopen", "in-talks"]), "next": next_urls}
    login(client, alice)
    with rolled_back():
        assert_stays_on_site(sent(client, reverse("matching:status", args=[need.pk]), spec, data, outcomes))
        now = fresh(need)
        assert_clean(now)
        record(outcomes, (now.status, now.expires_on) != (need.status, need.expires_on))


@given(data=st.data())
def test_entry_edit(client, alice, need, outcomes, data):
    from matching.forms import EntryForm

    login(client, alice)
    with rolled_back():
        response = sent(client, reverse("matching:edit", args=[need.pk]), entry_spec(), data, outcomes, follow_all=True)
        assert_stays_on_site(response)
        record(outcomes, is_success(response))
        if is_success(response):
            now = fresh(need)
            assert_clean(now)
            assert_still_valid(EntryForm, now, organisation=now.organisation)


# --- regionale: a need for a project --------------------------------------------------------------------


@pytest.fixture
def project(organisation):
    from tests.regionale.conftest import make_project

    return make_project("Digitales Dorfzentrum Eslohe", published=True, lead_sponsor=organisation)


@given(data=st.data())
def test_regionale_add_need(client, alice, organisation, project, outcomes, data):
    from matching.forms import EntryForm

    login(client, alice)
    with rolled_back():
        response = sent(
            client, reverse("regionale:add_need", args=[project.slug]), entry_spec(), data, outcomes, follow_all=True
        )
        assert_stays_on_site(response)
        record(outcomes, is_success(response))
        if is_success(response):
            entry = project.needs.get()
            assert entry.side == "need" and entry.organisation == organisation
            assert_clean(entry)
            assert_still_valid(EntryForm, entry, organisation=organisation)


# --- drafts saved while typing (portal/lib/drafts.py) ---------------------------------------------------


def registration_basics(client):
    session = client.session
    basics = {"name": "Fuzz", "kind": "firm", "municipality": Municipality.objects.first().pk, "pitch": "x"}
    session["registration"] = {"organisation": {"token": "fuzz-token", "basics": basics}}
    session.save()


def idea_form(organisation):
    from regionale.forms import IdeaForm

    return IdeaForm(organisations=[organisation])


def profile_form(organisation):
    from startups.forms import ProfileForm

    return ProfileForm(Kind.FIRM)


# The two views that keep drafts: the idea form, and the registration steps (one step stands for all three: they
# share startups.views._stays).
DRAFTS = {
    # url name: (where the view keeps the draft in the session, the form, the fields to send)
    "regionale:submit_idea": (
        lambda session: session["regionale_idea_draft"],
        idea_form,
        lambda organisation: {
            "organisation": pick_id([organisation.pk]),
            "title": text,
            "summary": text,
            "description": text,
            "municipalities": pick_id(pks(Municipality.objects.filter(region="suedwestfalen"))),
            "handlungsfeld": pick(["raum", "gesellschaft", "wirtschaft"]),
            "themenfeld": pick_id([], optional=True),
            "dna": pick(["digital", "sustainable", "authentic"]),
        },
    ),
    "startups:organisation_profile": (
        lambda session: session["registration"]["organisation"]["drafts"]["profile"],
        profile_form,
        lambda organisation: {
            "topics": pick_id(pks(Topic.objects)),
            "stage": pick(Stage.values),
            "looking_for": pick(LookingFor.values),
            "size_band": pick(["", *SizeBand.values]),
        },
    ),
}


@pytest.mark.parametrize("url_name", DRAFTS)
@given(data=st.data())
def test_draft_saving(client, alice, organisation, url_name, outcomes, data):
    """The script posts the form with draft=1 while the member types: 204, a draft of the form's own fields within
    drafts.py's limits in the session, and the form shown again from it (a GET) without a server error or anything
    unescaped."""
    from portal.lib import drafts

    stored, form, spec = DRAFTS[url_name]
    fields = form(organisation).fields
    login(client, alice)
    with rolled_back():
        if url_name.endswith("_profile"):
            registration_basics(client)
        url = reverse(url_name)
        pairs = data.draw(form_data({**spec(organisation), "draft": field(st.just("1"))}, always={"draft"}))
        response = post(client, url, pairs)
        record(outcomes, response.status_code == 204)
        if response.status_code == 204:
            draft = stored(client.session)
            assert set(draft) <= set(fields), set(draft) - set(fields)
            for name, values in draft.items():
                limit = getattr(fields[name], "max_length", None) or drafts.MAX_CHARS
                assert len(values) <= drafts.MAX_VALUES, name
                assert all(isinstance(value, str) and len(value) <= limit for value in values), name
            get(client, url)


# --- found by these tests -------------------------------------------------------------------------------


def test_a_next_address_that_is_no_path_leads_to_the_matches(client, alice, need, startup):  # noqa: F811
    """Found by test_hide_and_show_match: next=0 passed the same-site check and redirect() took it for the name of a
    view (NoReverseMatch, a server error). matching.matches._next."""
    client.force_login(alice)
    response = post(
        client,
        reverse("matching:hide_match", args=[need.pk]),
        [("target_organisation", str(startup.pk)), ("next", "0")],
    )
    assert response["Location"] == reverse("matching:matches", args=[need.pk])


@pytest.mark.parametrize("digits", ["²", "⑤"])
def test_digits_that_int_cannot_read_are_no_id(client, alice, need, digits):
    """Found by test_hide_and_show_match: str.isdigit() accepts superscript and circled digits, int() does not (a
    ValueError, a server error). matching.matches._target_id."""
    client.force_login(alice)
    for url_name in ("matching:hide_match", "matching:unhide_match"):
        response = post(client, reverse(url_name, args=[need.pk]), [("target_organisation", digits)])
        assert response.status_code == 404


def test_digits_that_int_cannot_read_in_a_link_are_ignored(client, alice, charlie, organisation, space):
    """The same in two links (found reading the code): coworking.member_views._preselection (?slot=) and
    matching.request_views._about (?about=)."""
    client.force_login(alice)
    assert get(client, reverse("coworking:book", args=[space.slug]), "slot=%C2%B2").status_code == 200
    client.force_login(charlie)
    assert (
        get(client, reverse("matching:contact_organisation", args=[organisation.slug]), "about=%C2%B2").status_code
        == 200
    )
