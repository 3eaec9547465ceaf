"""Rate limits the other test files do not cover: log-in (per account and per address), feedback shared across its
forms, password reset mails, the client address behind proxies, and that every limited action has a rate.

Covered elsewhere, not repeated here: sign-up (accounts/test_signup_and_login.py, startups/test_registration.py),
the contact page (portal/test_feedback.py), contact requests (matching/test_requests.py), bookings
(coworking/test_booking_pages.py), reports (companies/test_logo_and_report.py), invitations, wait list, ideas.
"""

import re
from pathlib import Path

import pytest
from allauth.account import app_settings as allauth_settings
from django.conf import settings as project_settings
from django.urls import reverse

from portal.models import Feedback
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def log_in(client, email, password, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


# --- log-in ---------------------------------------------------------------------------------------------------


def test_failed_log_ins_lock_the_account_even_against_the_right_password(client, alice, bob, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,2/5m/key"}
    for _ in range(2):
        assert log_in(client, alice.email, "wrong-password").status_code == 200

    response = log_in(client, alice.email, PASSWORD)

    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # the lock is the attacked account's, not the address's: bob logs in from the same address
    assert log_in(client, bob.email, PASSWORD).status_code == 302


def test_log_in_attempts_from_one_address_are_refused_with_429(client, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _ in range(2):
        log_in(client, alice.email, "wrong-password")

    response = log_in(client, alice.email, PASSWORD)

    assert response.status_code == 429
    assert "Zu viele Versuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- feedback: one budget for the contact page, the barrier report and the accessibility page -------------------


@pytest.mark.parametrize("name", ["portal:barrier_report", "portal:accessibility"])
def test_the_feedback_forms_share_one_budget(client, db, mailoutbox, settings, name):
    settings.ACCOUNT_RATE_LIMITS = {"feedback": "1/h/ip"}
    assert client.post(reverse("portal:contact"), {"message": "Hallo", "email": "eva@example.org"}).status_code == 302

    response = client.post(reverse(name), {"message": "Der Kontrast im Kopf ist zu schwach."})

    assert response.status_code == 429
    html = response.content.decode()
    assert "in einer Stunde" in html and "Der Kontrast im Kopf ist zu schwach." in html
    assert Feedback.objects.count() == 1 and len(mailoutbox) == 1


# --- password reset -------------------------------------------------------------------------------------------


def test_password_reset_mails_to_one_address_are_limited(client, alice, mailoutbox, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "20/m/ip,1/m/key"}
    assert client.post(reverse("account_reset_password"), {"email": alice.email}).status_code == 302

    response = client.post(reverse("account_reset_password"), {"email": alice.email})

    assert response.status_code == 429
    assert len(mailoutbox) == 1


# --- the client address ---------------------------------------------------------------------------------------


def post_contact(client, message, **headers):
    return client.post(reverse("portal:contact"), {"message": message, "email": "eva@example.org"}, **headers)


def test_a_forged_forwarded_for_header_does_not_buy_new_attempts(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"feedback": "1/h/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy in front: the header is the client's own invention
    assert post_contact(client, "Erste", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    assert post_contact(client, "Zweite", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert Feedback.objects.count() == 1


def test_behind_the_trusted_proxy_each_client_has_its_own_budget(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"feedback": "1/h/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # nginx appends the real client address; the app sees only nginx
    assert post_contact(client, "Eins", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    assert post_contact(client, "Zwei", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    # a client cannot pose as another by putting an address in front of the one the proxy appended
    assert post_contact(client, "Drei", HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.1").status_code == 429
    assert Feedback.objects.count() == 2


# --- configuration ----------------------------------------------------------------------------------------------


def actions_counted_in_the_code():
    pattern = re.compile(r"ratelimit\.allow\(\s*request,\s*\"(\w+)\"")
    sources = [
        path
        for app in ("portal", "accounts", "companies", "startups", "coworking", "matching", "regionale")
        for path in (ROOT / app).rglob("*.py")
    ]
    return {action for path in sources for action in pattern.findall(path.read_text(encoding="utf-8"))}


def test_every_action_the_code_counts_has_a_rate_in_the_settings():
    """An action without a configured rate is never limited (allauth counts nothing): a silent gap."""
    actions = actions_counted_in_the_code()
    assert {"feedback", "report", "booking", "contact_request", "signup"} <= actions
    configured = allauth_settings.RATE_LIMITS  # the portal's own merged with allauth's defaults
    assert {action for action in actions if not configured.get(action)} == set()
    for action in project_settings.ACCOUNT_RATE_LIMITS:
        for rate in configured[action].split(","):
            assert re.fullmatch(r"\d+/\d*[smhd]/(ip|user|key)", rate), (action, rate)
