import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.apps import CURATOR_PERMISSIONS as ACCOUNTS_CURATOR_PERMISSIONS
from companies import moderation
from companies.apps import CURATOR_PERMISSIONS
from companies.models import Organisation, Report
from matching.apps import CURATOR_PERMISSIONS as MATCHING_CURATOR_PERMISSIONS
from portal.lib.curators import CURATORS
from regionale.apps import CURATOR_PERMISSIONS as REGIONALE_CURATOR_PERMISSIONS
from tests.conftest import make_organisation, make_user

CHANGELIST = "/admin/companies/organisation/"


@pytest.fixture
def curator(db):
    user = make_user("kira@example.org", "Kira Kuratorin", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    TOTP.activate(user, generate_totp_secret())
    return user


def test_the_curators_group_has_exactly_its_permissions(db):
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=CURATORS).permissions.all()}
    assert granted == (
        set(CURATOR_PERMISSIONS)
        | set(MATCHING_CURATOR_PERMISSIONS)
        | set(REGIONALE_CURATOR_PERMISSIONS)
        | set(ACCOUNTS_CURATOR_PERMISSIONS)
    )


def test_a_curator_without_two_factor_is_sent_to_set_it_up(client, curator):
    curator.authenticator_set.all().delete()
    client.force_login(curator)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_a_curator_with_two_factor_works_in_the_queue_but_not_on_people(client, curator, organisation):
    client.force_login(curator)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(CHANGELIST + "?review=new").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/companies/organisation/add/").status_code == 403


def test_staff_without_the_curator_role_cannot_curate(client, db, organisation):
    staff = make_user("sam@example.org", is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get(CHANGELIST).status_code == 403


def test_members_do_not_reach_the_admin(client, alice):
    client.force_login(alice)
    assert client.get(CHANGELIST).status_code in (302, 403)


def hide(client, organisation, **extra):
    data = {"action": "hide_with_reason", ACTION_CHECKBOX_NAME: [organisation.pk], **extra}
    return client.post(CHANGELIST, data)


def test_hiding_asks_for_a_reason_and_tells_the_owners(
    client, curator, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    response = hide(client, organisation)
    assert response.status_code == 200  # the intermediate page asks for the reason
    organisation.refresh_from_db()
    assert organisation.status == "published"

    with django_capture_on_commit_callbacks(execute=True):
        with_reason = hide(client, organisation, apply="1", reason="Impressum fehlt.")
    assert with_reason.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.status, organisation.hidden_reason) == ("hidden", "Impressum fehlt.")
    [mail] = mailoutbox
    assert mail.to == ["alice@example.org"]  # the owner, not the editor
    assert "Impressum fehlt." in mail.body


def test_hiding_without_a_reason_changes_nothing(client, curator, organisation, mailoutbox):
    client.force_login(curator)
    response = hide(client, organisation, apply="1", reason="")
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == "published"
    assert mailoutbox == []


def test_unhide_and_feature(client, curator, organisation):
    organisation.hide("Test")
    client.force_login(curator)
    client.post(CHANGELIST, {"action": "unhide", ACTION_CHECKBOX_NAME: [organisation.pk]})
    client.post(CHANGELIST, {"action": "feature", ACTION_CHECKBOX_NAME: [organisation.pk]})
    organisation.refresh_from_db()
    assert (organisation.status, organisation.hidden_reason, organisation.featured) == ("published", "", True)


def test_the_queue_shows_reported_profiles(
    client, curator, organisation, alice, mailoutbox, django_capture_on_commit_callbacks
):
    quiet = make_organisation(name="Ruhig GmbH", owner=alice, status="published")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.report(organisation, "spam", "Nur Werbung", reporter=None)
    assert mailoutbox[0].to == ["kira@example.org"]
    client.force_login(curator)
    html = client.get(CHANGELIST + "?review=reported").content.decode()
    assert organisation.name in html and quiet.name not in html
    moderation.mark_handled(Report.objects.all())
    html = client.get(CHANGELIST + "?review=reported").content.decode()
    assert organisation.name not in html


def test_seed_demo_creates_examples_in_every_district_and_a_curator(db):
    call_command("seed_demo")
    count = Organisation.objects.count()
    call_command("seed_demo")
    assert Organisation.objects.count() == count
    districts = set(Organisation.objects.values_list("municipality__district", flat=True))
    assert len(districts) == 6
    assert Organisation.objects.filter(slug="trilux", description__contains="Beispielprofil").exists()
    curator = Group.objects.get(name=CURATORS).user_set.get()
    assert curator.is_staff and not curator.is_superuser
