import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import translation

from companies.models import INVITATION_SALT, Invitation, Membership, Role
from tests.companies.helpers import url
from tests.conftest import PASSWORD, make_user


def invite(client, organisation, email="dora@example.org", role="editor"):
    return client.post(url("companies:members", organisation.slug), {"action": "invite", "email": email, "role": role})


def link_in(mail):
    return re.search(r"https?://\S+", mail.body).group()


def path_of(invitation):
    with translation.override("en"):
        return invitation.get_absolute_url()


class SignerInThePast(signing.TimestampSigner):
    """Signs honestly, with the clock set back: what a link sent that long ago carries."""

    def __init__(self, age, **kwargs):
        super().__init__(**kwargs)
        self.age = age

    def timestamp(self):
        return signing.b62_encode(int(time.time() - self.age.total_seconds()))


def token_sent_ago(invitation, age):
    return SignerInThePast(age, salt=INVITATION_SALT).sign(str(invitation.pk))


@pytest.fixture
def invitation(organisation, alice):
    return Invitation.objects.create(organisation=organisation, email="dora@example.org", invited_by=alice)


def test_an_owner_invites_a_colleague_by_mail_in_the_owners_language(client, alice, organisation, mailoutbox):
    client.force_login(alice)
    response = invite(client, organisation)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="dora@example.org")
    assert invitation.invited_by == alice and invitation.role == "editor"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["dora@example.org"]
    assert "Invitation to Sauerland Sensorik GmbH" in mailoutbox[0].subject
    assert "Alice Anders invites you" in mailoutbox[0].body
    assert link_in(mailoutbox[0]).endswith(path_of(invitation))
    assert "/en/" in link_in(mailoutbox[0])


def test_re_inviting_an_address_re_sends_the_open_invitation(client, alice, organisation, mailoutbox):
    client.force_login(alice)
    invite(client, organisation, "Dora@Example.org")
    invite(client, organisation, "dora@example.org", role="owner")
    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().role == "owner"
    assert len(mailoutbox) == 2


def test_inviting_a_member_says_so(client, alice, organisation, mailoutbox):
    client.force_login(alice)
    response = invite(client, organisation, "BOB@example.org")
    assert response.status_code == 200
    assert "bob@example.org is already a member" in response.text.lower()
    assert not Invitation.objects.exists() and not mailoutbox


def test_an_invalid_address_is_a_form_error(client, alice, organisation):
    client.force_login(alice)
    response = invite(client, organisation, "not an address")
    assert response.status_code == 200 and "data-error-summary" in response.text


def test_a_visitor_sees_the_invitation_and_is_asked_to_log_in_or_sign_up(client, invitation):
    path = path_of(invitation)
    response = client.get(path)
    assert response.status_code == 200
    assert "You are invited to join Sauerland Sensorik GmbH" in response.text
    assert f"?next={path}" in response.text.replace("%3A", ":")
    response = client.post(path)
    assert response.status_code == 302 and "next=" in response.url


def test_the_invited_person_accepts(client, invitation):
    dora = make_user("dora@example.org")
    client.force_login(dora)
    assert client.get(path_of(invitation)).status_code == 200
    response = client.post(path_of(invitation))
    assert response.status_code == 302 and response.url == invitation.organisation.get_absolute_url()
    assert Membership.objects.get(user=dora).role == Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.session["current_organisation"] == invitation.organisation_id


def test_someone_without_an_account_signs_up_through_the_link_and_accepts(client, invitation, mailoutbox):
    path = path_of(invitation)
    with translation.override("en"):
        signup, login = url("account_signup"), url("account_login")
    client.post(f"{signup}?next={path}", {"email": "dora@example.org", "password1": PASSWORD, "password2": PASSWORD})
    confirm = re.search(r"https?://\S+/confirm-email/\S+/", mailoutbox[-1].body).group()
    client.post(confirm)
    response = client.post(f"{login}?next={path}", {"login": "dora@example.org", "password": PASSWORD, "next": path})
    assert response.status_code == 302 and response.url == path
    client.post(path)
    assert Membership.objects.filter(user__email="dora@example.org", organisation=invitation.organisation).exists()


def test_another_address_cannot_accept_and_the_invitation_stays_open(client, charlie, invitation):
    client.force_login(charlie)
    response = client.post(path_of(invitation))
    assert response.status_code == 403
    assert "You are logged in with another e-mail address" in response.text
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and not Membership.objects.filter(user=charlie).exists()


def test_an_unverified_address_cannot_accept(client, invitation):
    client.force_login(make_user("dora@example.org", verified=False))
    assert client.post(path_of(invitation)).status_code == 403


def test_a_member_accepting_is_told_so(client, bob, organisation, alice):
    invitation = Invitation.objects.create(organisation=organisation, email="bob@example.org", invited_by=alice)
    client.force_login(bob)
    assert "You are already a member" in client.get(path_of(invitation)).text
    response = client.post(path_of(invitation), follow=True)
    assert "You are already a member" in response.text
    assert Membership.objects.get(user=bob, organisation=organisation).role == Role.EDITOR


def test_an_accepted_invitation_cannot_be_used_again(client, invitation):
    client.force_login(make_user("dora@example.org"))
    client.post(path_of(invitation))
    response = client.get(path_of(invitation))
    assert response.status_code == 410 and "already been accepted" in response.text


def test_a_link_13_days_old_still_works_and_one_15_days_old_has_expired(client, invitation):
    client.force_login(make_user("dora@example.org"))
    with translation.override("en"):
        fresh = url("companies:invitation_accept", token_sent_ago(invitation, timedelta(days=13)))
        stale = url("companies:invitation_accept", token_sent_ago(invitation, timedelta(days=15)))
    assert client.get(fresh).status_code == 200
    response = client.post(stale)
    assert response.status_code == 410 and "expired" in response.text
    assert not Membership.objects.filter(user__email="dora@example.org").exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "999" + token[token.index(":") :],
        lambda token: "kaputt",
        lambda token: "x" * 5000,
    ],
)
def test_tampered_links_give_a_clear_page(client, invitation, tamper):
    with translation.override("en"):
        path = url("companies:invitation_accept", tamper(invitation.token))
    response = client.get(path)
    assert response.status_code == 400
    assert "not valid" in response.text


def test_a_withdrawn_invitation_gives_a_clear_page(client, invitation):
    path = path_of(invitation)
    invitation.delete()
    assert client.get(path).status_code == 400


def test_invitations_are_rate_limited_when_configured(client, alice, organisation, settings, mailoutbox):
    settings.ACCOUNT_RATE_LIMITS = {**(settings.ACCOUNT_RATE_LIMITS or {}), "invitation": "2/h/key"}
    client.force_login(alice)
    for n in range(2):
        assert invite(client, organisation, f"person{n}@example.org").status_code == 302
    response = invite(client, organisation, "person3@example.org")
    assert response.status_code == 200 and "many invitations" in response.text
    assert len(mailoutbox) == 2
