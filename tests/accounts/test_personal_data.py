"""Personal data self-service: the JSON export (GDPR Art. 15/20) and the account deletion (Art. 17)."""

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from accounts import personal_data
from accounts.forms import AccountDeletionForm
from accounts.models import User
from companies.models import Invitation, Membership, Organisation, Report
from tests.conftest import make_organisation, make_user
from tests.e2e.pages import reauthenticated

EXPORT_URL = reverse("accounts:data")
DELETE_URL = reverse("accounts:delete")


def download(client):
    response = client.post(EXPORT_URL)
    assert response.status_code == 200
    return response, json.loads(response.content)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def reauthenticated_client(client, alice):
    client.force_login(alice)
    reauthenticated(client, alice)
    return client


# --- export -----------------------------------------------------------------------------------------------


def test_the_data_page_explains_the_download(signed_in):
    html = signed_in.get(EXPORT_URL).content.decode()
    assert "JSON" in html
    assert '<form method="post"' in html


def test_it_sends_the_data_as_a_json_attachment_that_is_not_cached(signed_in):
    response, _data = download(signed_in)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="brueckenschlag-daten-20')
    assert response["Content-Disposition"].endswith('.json"')
    assert response["Cache-Control"] == "no-store"


def test_the_export_holds_the_account(signed_in, alice):
    make_user("alice.second@example.org").emailaddress_set.update(user=alice, primary=False, verified=False)
    _response, data = download(signed_in)
    account = data["account"]
    assert account["email"] == "alice@example.org"
    assert account["name"] == "Alice Anders"
    assert account["email_addresses"] == [
        {"email": "alice@example.org", "verified": True, "primary": True},
        {"email": "alice.second@example.org", "verified": False, "primary": False},
    ]
    assert account["date_joined"].startswith("20")
    assert account["two_factor_enabled"] is False


def test_the_export_holds_memberships_owned_organisations_invitations_and_reports(signed_in, alice, organisation):
    editing = make_organisation("Dortmunder Daten AG", municipality="Dortmund")
    Membership.objects.create(user=alice, organisation=editing, role="editor")
    organisation.keywords.add("Sensorik", "IoT")
    Invitation.objects.create(organisation=organisation, email="dora@example.org", invited_by=alice)
    Report.objects.create(organisation=editing, reason="outdated", message="Adresse veraltet", reporter=alice)

    _response, data = download(signed_in)

    assert [(m["organisation"], m["slug"], m["role"]) for m in data["memberships"]] == [
        ("Dortmunder Daten AG", editing.slug, "editor"),
        ("Sauerland Sensorik GmbH", organisation.slug, "owner"),
    ]
    [owned] = data["organisations_owned"]
    assert owned["name"] == "Sauerland Sensorik GmbH"
    assert owned["pitch"] == "Sensoren für die Industrie 4.0"
    assert owned["municipality"] == "Arnsberg"
    assert owned["status"] == "published"
    assert owned["keywords"] == ["IoT", "Sensorik"]
    assert {"kind", "description", "website", "public_email", "languages", "topics", "departments"} <= set(owned)
    assert data["invitations_sent"][0]["email"] == "dora@example.org"
    assert data["reports_filed"][0]["message"] == "Adresse veraltet"


def test_the_export_holds_no_secrets(signed_in, alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    response, data = download(signed_in)
    text = response.content.decode()
    assert data["account"]["two_factor_enabled"] is True
    alice.refresh_from_db()
    assert alice.password not in text
    assert "md5$" not in text and "password" not in text
    assert secret not in text
    assert Authenticator.objects.get(user=alice).data["secret"] not in text


def test_the_export_is_only_the_signed_in_persons(client, alice, bob, organisation):
    client.force_login(bob)
    _response, data = download(client)
    assert data["account"]["email"] == "bob@example.org"
    assert "alice@example.org" not in json.dumps(data)
    assert data["organisations_owned"] == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_export_needs_a_log_in(client, db, method):
    response = getattr(client, method)(EXPORT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- deletion ---------------------------------------------------------------------------------------------


def test_the_deletion_page_needs_a_log_in(client, db):
    response = client.get(DELETE_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_deletion_needs_a_recent_reauthentication(client, alice, method):
    client.force_login(alice)
    response = getattr(client, method)(DELETE_URL, {"confirm": "on"} if method == "post" else None)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_page_asks_only_about_organisations_the_person_owns_alone(reauthenticated_client, alice, organisation):
    co_owned = make_organisation("Altenaer Antriebe KG", municipality="Altena", owner=alice)
    Membership.objects.create(user=make_user("dora@example.org"), organisation=co_owned, role="owner")
    alone = make_organisation("Olper Optik", municipality="Olpe", owner=alice)

    html = reauthenticated_client.get(DELETE_URL).content.decode()

    assert (
        f'name="organisation_{organisation.pk}" value="hand-over-{organisation.memberships.get(role="editor").user_id}"'
        in html
    )
    assert f'name="organisation_{alone.pk}" value="delete"' in html
    assert f'name="organisation_{alone.pk}" value="hand-over-' not in html
    assert f'name="organisation_{co_owned.pk}"' not in html
    assert "Altenaer Antriebe KG" in html  # named among the memberships that simply end


def test_a_sole_owned_organisation_is_deleted_when_chosen(reauthenticated_client, alice, organisation, mailoutbox):
    response = reauthenticated_client.post(DELETE_URL, {f"organisation_{organisation.pk}": "delete", "confirm": "on"})
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not User.objects.filter(pk=alice.pk).exists()


def test_a_sole_owned_organisation_is_handed_over_when_chosen(reauthenticated_client, alice, bob, organisation):
    response = reauthenticated_client.post(
        DELETE_URL, {f"organisation_{organisation.pk}": f"hand-over-{bob.pk}", "confirm": "on"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(organisation=organisation).user == bob
    assert Membership.objects.get(organisation=organisation).role == "owner"


def test_a_co_owned_organisation_stays_with_the_other_owner(reauthenticated_client, alice, bob, organisation):
    Membership.objects.filter(user=bob).update(role="owner")
    response = reauthenticated_client.post(DELETE_URL, {"confirm": "on"})
    assert response.status_code == 302
    assert list(organisation.memberships.values_list("user__email", "role")) == [("bob@example.org", "owner")]


def test_the_deletion_anonymises_what_others_depend_on_logs_out_and_mails(
    reauthenticated_client, alice, bob, organisation, mailoutbox
):
    Membership.objects.filter(user=bob).update(role="owner")
    invitation = Invitation.objects.create(organisation=organisation, email="dora@example.org", invited_by=alice)
    report = Report.objects.create(organisation=organisation, reason="spam", reporter=alice)

    response = reauthenticated_client.post(DELETE_URL, {"confirm": "on"}, follow=True)

    assert not User.objects.filter(email="alice@example.org").exists()
    invitation.refresh_from_db()
    report.refresh_from_db()
    assert invitation.invited_by is None and invitation.email == "dora@example.org"
    assert report.reporter is None
    assert not response.context["user"].is_authenticated
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    [mail] = mailoutbox
    assert mail.to == ["alice@example.org"]
    assert "alice@example.org" in mail.body
    assert reauthenticated_client.get(reverse("accounts:overview")).status_code == 302


def test_the_confirmation_speaks_the_language_of_the_page(client, alice, mailoutbox):
    client.force_login(alice)
    reauthenticated(client, alice)
    with translation.override("en"):
        response = client.post(reverse("accounts:delete"), {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/"
    assert [str(m) for m in response.context["messages"]] == [
        "Your account and your personal data have been deleted. Goodbye!"
    ]
    assert mailoutbox[0].subject == "[Brückenschlag] Your account has been deleted"


def test_nothing_happens_without_the_confirmation(reauthenticated_client, alice):
    response = reauthenticated_client.post(DELETE_URL, {})
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_nothing_happens_without_a_choice_for_a_sole_owned_organisation(reauthenticated_client, alice, organisation):
    response = reauthenticated_client.post(DELETE_URL, {"confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors[f"organisation_{organisation.pk}"]
    assert User.objects.filter(pk=alice.pk).exists()


@pytest.mark.parametrize(
    "tampered",
    [
        pytest.param(lambda org, other: {f"organisation_{org.pk}": "hand-over-{charlie}"}, id="hand-over-to-outsider"),
        pytest.param(lambda org, other: {f"organisation_{org.pk}": "hand-over-x"}, id="malformed"),
        pytest.param(
            lambda org, other: {f"organisation_{org.pk}": "delete", f"organisation_{other.pk}": "delete"},
            id="someone-elses-organisation",
        ),
        pytest.param(
            lambda org, other: {f"organisation_{org.pk}": "delete", "organisation_999999": "delete"},
            id="unknown-organisation",
        ),
    ],
)
def test_a_tampered_request_is_a_form_error_and_deletes_nothing(
    reauthenticated_client, alice, charlie, organisation, tampered
):
    other = make_organisation("Siegener Systeme", municipality="Siegen", owner=charlie)
    data = {key: value.format(charlie=charlie.pk) for key, value in tampered(organisation, other).items()}

    response = reauthenticated_client.post(DELETE_URL, {**data, "confirm": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "data-error-summary" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert Organisation.objects.filter(pk__in=[organisation.pk, other.pk]).count() == 2
    assert Membership.objects.filter(user=alice).exists()
    assert not Membership.objects.filter(organisation=organisation, user=charlie).exists()


def test_a_choice_that_went_stale_rolls_everything_back(alice, bob, organisation):
    # The form was valid, but bob left the organisation before the deletion ran.
    form = AccountDeletionForm(alice, {f"organisation_{organisation.pk}": f"hand-over-{bob.pk}", "confirm": "on"})
    assert form.is_valid()
    Membership.objects.filter(user=bob).delete()
    with pytest.raises(ValidationError):
        personal_data.delete_account(alice, form.choices())
    assert User.objects.filter(pk=alice.pk).exists()
    assert Membership.objects.filter(user=alice, organisation=organisation, role="owner").exists()


def test_a_protected_user_row_is_emptied_instead(reauthenticated_client, alice, monkeypatch):
    def protected(self, *args, **kwargs):
        raise ProtectedError("kept for the books", set())

    monkeypatch.setattr(User, "delete", protected)
    response = reauthenticated_client.post(DELETE_URL, {"confirm": "on"})
    assert response.status_code == 302
    shell = User.objects.get(pk=alice.pk)
    assert shell.email.endswith("@deleted.invalid") and shell.name == ""
    assert not shell.is_active and not shell.has_usable_password()
    assert not shell.emailaddress_set.exists()


def test_an_organisation_left_to_the_person_meanwhile_is_asked_about_first(alice, bob, organisation):
    # Co-owned when the form was filled in; then bob left, and alice would have stranded it without owner.
    Membership.objects.filter(user=bob).update(role="owner")
    form = AccountDeletionForm(alice, {"confirm": "on"})
    assert form.is_valid()
    Membership.objects.filter(user=bob).delete()

    with pytest.raises(ValidationError):
        personal_data.delete_account(alice, form.choices())
    assert Membership.objects.filter(user=alice, organisation=organisation, role="owner").exists()


def test_a_deleted_organisations_logo_files_go_too(
    reauthenticated_client, alice, organisation, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    for size in (128, 512):
        (tmp_path / "logos").mkdir(exist_ok=True)
        (tmp_path / "logos" / f"{'a' * 32}-{size}.webp").write_bytes(b"RIFF")
    Organisation.objects.filter(pk=organisation.pk).update(logo=f"logos/{'a' * 32}-512.webp")
    Membership.objects.filter(organisation=organisation).exclude(user=alice).delete()

    with django_capture_on_commit_callbacks(execute=True):
        reauthenticated_client.post(DELETE_URL, {f"organisation_{organisation.pk}": "delete", "confirm": "on"})

    assert list((tmp_path / "logos").iterdir()) == []
