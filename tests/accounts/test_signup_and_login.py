import re

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-much-better-passphrase-2026"  # noqa: S105


def link_in(mail):
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def test_sign_up_then_verify_by_link_then_log_in(client, db, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "Founder@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "founder@example.org"
    assert not EmailAddress.objects.get(user=user).verified

    # Mandatory verification: the password alone does not let the person in.
    response = client.post(reverse("account_login"), {"login": "founder@example.org", "password": PASSWORD})
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    [mail] = [m for m in mailoutbox if "founder@example.org" in m.to][-1:]
    confirm_url = link_in(mail)
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(reverse("account_login"), {"login": "founder@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:overview")
    assert client.get(response.url).content.decode().count("founder@example.org") >= 1


def test_sign_up_with_a_taken_address_or_weak_password_is_refused_and_keeps_the_input(client, alice):
    response = client.post(
        reverse("account_signup"), {"email": "ALICE@example.org", "password1": "x", "password2": "y"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="ALICE@example.org"' in html
    assert "error-summary" in html or "errorlist" in html
    assert User.objects.count() == 1


def test_the_email_address_is_unique_whatever_its_case(db):
    User.objects.create_user("eva@example.org", PASSWORD)
    with pytest.raises(IntegrityError):
        User.objects.create(email="EVA@example.org")


def test_wrong_password_says_so_without_revealing_accounts(client, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failed_log_ins_are_rate_limited(client, alice):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": alice.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_sign_up_is_rate_limited(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    for i in range(2):
        client.post(
            reverse("account_signup"), {"email": f"p{i}@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
    response = client.post(
        reverse("account_signup"), {"email": "p9@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 429
    assert User.objects.count() == 2


def test_password_reset_by_mailed_link(client, alice, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": alice.email})
    assert response.status_code == 302
    [mail] = mailoutbox
    response = client.get(link_in(mail))  # allauth moves the key into the session and redirects
    form_url = response.url if response.status_code == 302 else link_in(mail)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert all("nobody@example.org" in m.to for m in mailoutbox)
    assert User.objects.count() == 0


def test_log_out_is_a_post_only(client, alice):
    client.force_login(alice)
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
