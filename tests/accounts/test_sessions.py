"""Sessions: a new key at log-in, log-out and password change end sessions on the server, the "Your sessions" page."""

from importlib import import_module

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from tests.conftest import PASSWORD

OVERVIEW = reverse("accounts:overview")
NEW_PASSWORD = "a-brand-new-passphrase-2026"  # noqa: S105


def log_in(client, user, password=PASSWORD):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.session.session_key


def browser(name):
    return Client(HTTP_USER_AGENT=name)


def is_logged_in(client):
    return client.get(OVERVIEW).status_code == 200


def session_exists(key):
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


@pytest.fixture(params=["db", "cached_db with cached users"])
def session_engine(request, settings):
    """Both ways the portal keeps sessions: the database, or the shared cache in front of it (with the signed-in
    user read from the cache too, portal/lib/auth.py)."""
    if request.param != "db":
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        settings.PAGE_CACHE = True
    return request.param


# --- log-in -------------------------------------------------------------------------------------------------


def test_log_in_gives_the_session_a_new_key_and_the_old_one_stops_working(client, alice):
    session = client.session  # an anonymous session, as a visitor has one before logging in
    session["seen"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before

    after = log_in(client, alice)

    assert after and after != before
    assert not session_exists(before)
    assert client.session["seen"] is True  # the visitor's data moved along with the new key
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = before
    assert not is_logged_in(stranger)


# --- "Your sessions" ----------------------------------------------------------------------------------------


def test_the_sessions_page_lists_every_log_in_and_marks_this_one(alice):
    laptop, phone = browser("Firefox on the laptop"), browser("Safari on the phone")
    log_in(laptop, alice)
    log_in(phone, alice)

    response = laptop.get(reverse("usersessions_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Firefox on the laptop" in html and "Safari on the phone" in html
    assert html.count("tag--success") == 1  # "this session", once
    assert reverse("usersessions_list") in laptop.get(OVERVIEW).content.decode()


def test_the_sessions_page_shows_only_the_persons_own_sessions(alice, bob):
    log_in(browser("Alice's browser"), alice)
    bobs = browser("Bob's browser")
    log_in(bobs, bob)
    assert "Alice" not in bobs.get(reverse("usersessions_list")).content.decode()


def test_the_sessions_page_needs_a_log_in(client, db):
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_ending_the_other_sessions_logs_the_other_browsers_out_on_the_server(alice):
    laptop, phone = browser("laptop"), browser("phone")
    log_in(laptop, alice)
    phone_key = log_in(phone, alice)

    response = laptop.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert not session_exists(phone_key)
    assert not is_logged_in(phone)
    assert is_logged_in(laptop)
    assert list(UserSession.objects.values_list("user_agent", flat=True)) == ["laptop"]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SESSIONS_ENDED)
    assert (event.actor, event.details) == (alice, {"count": 1})


def test_the_data_export_lists_the_sessions_without_their_keys(alice):
    laptop = browser("Firefox on the laptop")
    key = log_in(laptop, alice)
    export = laptop.post(reverse("accounts:data")).content.decode()
    assert "Firefox on the laptop" in export
    assert key not in export


# --- log-out ------------------------------------------------------------------------------------------------


def test_log_out_only_here_ends_this_session_on_the_server_and_leaves_the_others(alice):
    laptop, phone = browser("laptop"), browser("phone")
    laptop_key = log_in(laptop, alice)
    log_in(phone, alice)

    page = laptop.get(reverse("account_logout")).content.decode()
    assert 'name="only_here"' in page
    assert laptop.post(reverse("account_logout"), {"only_here": "1"}).status_code == 302

    assert not session_exists(laptop_key)
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = laptop_key
    assert not is_logged_in(stolen)
    assert is_logged_in(phone)


def test_log_out_ends_the_other_sessions_too(alice):
    """The header's log-out button posts nothing but the CSRF token: it ends every session of the person."""
    laptop, phone = browser("laptop"), browser("phone")
    log_in(laptop, alice)
    phone_key = log_in(phone, alice)

    assert laptop.post(reverse("account_logout")).status_code == 302

    assert not session_exists(phone_key)
    assert not is_logged_in(phone)
    assert not is_logged_in(laptop)
    assert not UserSession.objects.exists()


# --- password change ----------------------------------------------------------------------------------------


def test_a_password_change_keeps_this_session_and_ends_the_others(alice, session_engine):
    laptop, phone = browser("laptop"), browser("phone")
    log_in(laptop, alice)
    phone_key = log_in(phone, alice)
    assert is_logged_in(phone)  # the signed-in user is now cached, where the cache is on

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert is_logged_in(laptop)
    assert not session_exists(phone_key)
    assert not is_logged_in(phone)
    assert [event.details for event in AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED)] == [
        {"how": "changed"}
    ]


def test_a_password_change_elsewhere_logs_out_even_an_untracked_session(alice, session_engine):
    """Sessions from before the session list (force_login starts one without it) fail Django's session hash."""
    old = Client()
    old.force_login(alice)
    assert is_logged_in(old)
    laptop = browser("laptop")
    log_in(laptop, alice)

    laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert not is_logged_in(old)
    assert is_logged_in(laptop)


# --- the admin's list of sessions ---------------------------------------------------------------------------


def test_staff_end_a_session_in_the_admin_and_search_by_address(alice):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.conftest import make_user

    root = make_user("root@example.org", is_staff=True, is_superuser=True)
    TOTP.activate(root, generate_totp_secret())
    laptop = browser("laptop")
    key = log_in(laptop, alice)
    staff = Client()
    staff.force_login(root)
    changelist = reverse("admin:usersessions_usersession_changelist")
    assert len(staff.get(changelist, {"q": "alice@"}).context["cl"].result_list) == 1

    session = UserSession.objects.get(session_key=key)
    response = staff.post(reverse("admin:usersessions_usersession_delete", args=[session.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not session_exists(key)
    assert not is_logged_in(laptop)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SESSIONS_ENDED)
    assert (event.actor, event.target_id) == (root, str(alice.pk))
