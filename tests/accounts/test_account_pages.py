import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-passphrase-2026"  # noqa: S105


def test_the_account_page_needs_a_log_in(client, db):
    response = client.get(reverse("accounts:overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_account_page_shows_the_address_and_the_security_links(client, alice):
    client.force_login(alice)
    html = client.get(reverse("accounts:overview")).content.decode()
    assert alice.email in html
    for name in ["account_email", "account_change_password", "mfa_index"]:
        assert reverse(name) in html


def test_a_person_saves_their_name(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:overview"), {"name": "Alice A."})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.name == "Alice A."


def test_a_too_long_name_is_refused_and_kept(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:overview"), {"name": "A" * 151})
    assert response.status_code == 200
    assert "A" * 151 in response.content.decode()
    alice.refresh_from_db()
    assert alice.name == "Alice Anders"


def test_password_change(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_email_change_needs_verification_of_the_new_address(client, alice, mailoutbox):
    client.force_login(alice)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "alice.new@example.org"})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=alice, email="alice.new@example.org", verified=False).exists()
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"  # unchanged until the new address is confirmed
    assert any("alice.new@example.org" in m.to for m in mailoutbox)


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index", "mfa_activate_totp"])
def test_the_security_pages_render_for_a_signed_in_person(client, alice, name):
    client.force_login(alice)
    response = client.get(reverse(name))
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # allauth asks for the password again before sensitive changes
        assert reverse("account_reauthenticate") in response.url
