"""The world of the permission matrix, built once per module and rolled back afterwards.

Two symmetrical sides, "a" and "b". Each side has a published firm with an owner and an editor, a co-working host
organisation whose owner hosts a published space, a need and an offer of the firm, a contact request the firm's
owner sent to a neutral organisation, a booking and a waiting-list entry of the firm's owner at the side's space,
an open invitation, a calendar feed, a REGIONALE project led by the firm, a report, request settings and a hidden
suggestion. Besides: feedback, an audit event, a user session and a queued e-mail, for the admin's object pages.

The roles of the matrix look at side a: `owner` and `editor` of firm a, `host` of space a, `other` (the owner of
firm b), and the agencies' `curator` (group Kuratoren, not a superuser), `staff` without any permission and a
`superuser`; curator, staff and superuser have TOTP set up, as the admin demands.
"""

import copy
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from portal.lib.curators import CURATORS
from tests.conftest import make_organisation, make_user
from tests.coworking.conftest import make_space
from tests.matching.conftest import make_entry
from tests.regionale.conftest import make_project, with_totp

ROLES = ("anon", "other", "editor", "owner", "host", "curator", "staff", "superuser")


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    yield
    translation.deactivate()


def _build_side(name, neutral):
    from companies.models import Invitation, Membership, Report
    from coworking.availability import slot_bounds
    from coworking.models import Booking, CalendarFeed, Occupancy, WaitlistEntry
    from matching.models import ContactRequest, Dismissal, RequestSettings

    owner = make_user(f"owner-{name}@example.org", f"Owner {name.upper()}")
    editor = make_user(f"editor-{name}@example.org", f"Editor {name.upper()}")
    host = make_user(f"host-{name}@example.org", f"Host {name.upper()}")
    org = make_organisation(f"Firma {name.upper()} GmbH", owner=owner, status="published")
    Membership.objects.create(user=editor, organisation=org, role="editor")
    hostorg = make_organisation(
        f"Coworking {name.upper()} eG", kind="coworking", municipality="Meschede", owner=host, status="published"
    )
    space = make_space(hostorg, name=f"Digitalwerk {name.upper()}")
    need = make_entry(org, "need", title=f"Bedarf {name.upper()}", keywords=[f"stichwort-{name}"])
    offer = make_entry(org, "offer", title=f"Angebot {name.upper()}")
    request = ContactRequest.objects.create(
        sender=owner, sender_organisation=org, receiver=neutral, message="Guten Tag, wir möchten uns austauschen."
    )
    day = timezone.localdate() + timedelta(days=7)
    slot = space.slots.get(name="Morning")
    booking = Booking.objects.create(space=space, member=owner)
    starts_at, ends_at = slot_bounds(day, slot)
    Occupancy.objects.create(
        booking=booking,
        space=space,
        resource=space.resources.first(),
        slot=slot,
        date=day,
        starts_at=starts_at,
        ends_at=ends_at,
        member=owner,
    )
    return {
        "owner": owner,
        "editor": editor,
        "host": host,
        "org": org,
        "hostorg": hostorg,
        "space": space,
        "need": need,
        "offer": offer,
        "request": request,
        "booking": booking,
        "waitlist": WaitlistEntry.objects.create(space=space, slot=slot, date=day, member=owner),
        "invitation": Invitation.objects.create(organisation=org, email=f"new-{name}@example.org", invited_by=owner),
        "feed": CalendarFeed.objects.create(member=owner),
        "project": make_project(f"Projekt {name.upper()}", stage="idea", published=True, lead_sponsor=org),
        "report": Report.objects.create(organisation=org, reason="outdated", reporter=owner),
        "requestsettings": RequestSettings.objects.create(organisation=org),
        "dismissal": Dismissal.objects.create(source=need, target_organisation=neutral, dismissed_by=owner),
    }


def build_world():
    from allauth.usersessions.models import UserSession

    from accounts.models import AuditEvent
    from portal.models import Feedback, OutgoingMail

    neutral = make_organisation("Neutral AG", owner=make_user("neutral@example.org"), status="published")
    world = {"a": _build_side("a", neutral), "b": _build_side("b", neutral)}
    curator = with_totp(make_user("kuratorin@example.org", "Kira Kuratorin", is_staff=True))
    curator.groups.add(Group.objects.get(name=CURATORS))
    staff = with_totp(make_user("staff@example.org", "Sven Staff", is_staff=True))
    superuser = with_totp(make_user("root@example.org", "Root", is_staff=True, is_superuser=True))
    a = world["a"]
    world["users"] = {
        "anon": None,
        "other": world["b"]["owner"],
        "editor": a["editor"],
        "owner": a["owner"],
        "host": a["host"],
        "curator": curator,
        "staff": staff,
        "superuser": superuser,
    }
    world["feedback"] = Feedback.objects.create(kind="contact", message="Hallo")
    AuditEvent.objects.create(kind=AuditEvent.Kind.LOGGED_IN, actor=a["owner"], actor_label="owner-a@example.org")
    UserSession.objects.create(user=a["owner"], ip="10.0.0.4", session_key="x" * 32, user_agent="pytest")
    OutgoingMail.objects.create(
        from_email="portal@example.org",
        recipients=["owner-a@example.org"],
        message=b"Hallo",
        next_attempt_at=timezone.now(),
    )
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end; each test runs in a
    savepoint of it, so what a POST changes is undone before the next test."""
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast_hasher:
        world = build_world()
        world["sessions"] = {role: _logged_in_cookies(user) for role, user in world["users"].items()}
        yield world
        transaction.set_rollback(True)


def _logged_in_cookies(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.cookies


@pytest.fixture
def clients(world):
    """clients(role): a client signed in as that role, with the session made once for the module. Its cookies are
    restored on every call: a log-out or an account deletion in one request must not reach the next."""

    def client(role):
        client = Client(REMOTE_ADDR=f"10.0.0.{ROLES.index(role) + 1}")
        client.cookies = copy.deepcopy(world["sessions"][role])
        return client

    return client
