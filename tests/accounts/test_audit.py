"""The audit log: each security-relevant event with the right actor and target, no secret in it, read-only for
curators, anonymised with the account, purged after AUDIT_LOG_KEEP_DAYS."""

import re
from datetime import datetime, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEvent
from companies.models import Membership, Organisation
from portal.lib.curators import CURATORS
from tests.conftest import PASSWORD, make_organisation, make_user
from tests.e2e.pages import reauthenticated
from tests.regionale.conftest import make_project

Kind = AuditEvent.Kind
SECRET = "hunter2-correct-horse-Sauerland"  # noqa: S105
LOG = "/admin/accounts/auditevent/"


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def curator(db):
    user = with_totp(make_user("kira@example.org", "Kira Kuratorin", is_staff=True))
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def admin_user(db):
    return with_totp(make_user("root@example.org", "Root", is_staff=True, is_superuser=True))


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def the_whole_table():
    return repr(list(AuditEvent.objects.values()))


def only(kind):
    [event] = AuditEvent.objects.filter(kind=kind)
    return event


# --- log-in and the account's own events -----------------------------------------------------------------------


def test_a_failed_log_in_names_the_account_and_never_stores_the_password(client, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": SECRET})
    assert response.status_code == 200

    event = only(Kind.LOGIN_FAILED)
    assert (event.actor, event.target_type, event.target_id) == (None, "accounts.user", str(alice.pk))
    assert event.details == {"known_account": True}
    assert event.ip == "127.0.0.0"  # the network, not the address
    assert SECRET not in the_whole_table()


def test_an_unknown_address_is_kept_only_as_a_fingerprint(client, db):
    client.post(reverse("account_login"), {"login": "Nobody.Home@example.org", "password": SECRET})
    client.post(reverse("account_login"), {"login": "nobody.home@example.org ", "password": "x"})
    client.post(reverse("account_login"), {"login": SECRET, "password": SECRET})  # refused as no address at all

    first, second = AuditEvent.objects.filter(kind=Kind.LOGIN_FAILED)
    assert first.target_type == "" and first.details["known_account"] is False
    # the same text gives the same fingerprint: repeated attempts show without the text
    assert first.details["login_fingerprint"] == second.details["login_fingerprint"]
    assert "nobody" not in the_whole_table().lower()
    assert SECRET.lower() not in the_whole_table().lower()


def test_log_in_password_change_and_log_out_are_recorded_without_secrets(client, alice):
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": SECRET, "password2": SECRET})
    client.post(reverse("account_logout"))

    kinds = list(AuditEvent.objects.order_by("pk").values_list("kind", "actor_id", "target_id"))
    assert kinds == [
        (Kind.LOGGED_IN, alice.pk, str(alice.pk)),
        (Kind.PASSWORD_CHANGED, alice.pk, str(alice.pk)),
        (Kind.LOGGED_OUT, alice.pk, str(alice.pk)),
    ]
    assert only(Kind.LOGGED_IN).actor_label == "alice@example.org"
    assert PASSWORD not in the_whole_table() and SECRET not in the_whole_table()


def test_a_wrong_second_factor_code_is_a_failed_log_in(client, alice):
    with_totp(alice)
    assert client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD}).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": "000000"})

    event = only(Kind.LOGIN_FAILED)
    assert (event.actor, event.target_id) == (None, str(alice.pk))
    assert event.details == {"known_account": True, "step": "two_factor"}


def test_two_factor_and_address_changes_are_recorded(client, alice, mailoutbox):
    with_totp(alice)
    client.force_login(alice)
    reauthenticated(client, alice)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    client.post(reverse("account_email"), {"action_add": "", "email": "alice.new@example.org"})
    [confirmation] = [mail for mail in mailoutbox if "alice.new@example.org" in mail.to]
    client.post(re.search(r"https?://[^/\s]+(/\S+)", confirmation.body).group(1))

    two_factor = only(Kind.TWO_FACTOR_CHANGED)
    assert (two_factor.actor, two_factor.target_id) == (alice, str(alice.pk))
    assert two_factor.details == {"change": "removed", "type": "totp"}
    address = only(Kind.EMAIL_CHANGED)
    assert (address.actor, address.target_id, address.details) == (alice, str(alice.pk), {})


def test_details_lose_every_key_that_could_hold_a_secret(alice):
    event = audit.record(
        Kind.LOGGED_IN,
        actor=alice,
        password=SECRET,
        api_token="t",
        sessionid="s",
        nested={"recovery_codes": ["1"], "secret": "x", "kept": 1},
        items=[{"key": "k", "name": "n"}],
    )
    event.refresh_from_db()
    assert event.details == {"nested": {"kept": 1}, "items": [{"name": "n"}]}


def test_the_database_refuses_an_unknown_kind(db):
    with pytest.raises(IntegrityError):
        AuditEvent.objects.create(kind="made_up")


# --- rights, memberships, profiles, stages, deletions -------------------------------------------------------------


def test_a_change_of_rights_in_the_admin_is_recorded_with_before_and_after(admin_user, bob):
    curators = Group.objects.get(name=CURATORS)
    data = {
        "email": bob.email,
        "name": bob.name,
        "is_active": "on",
        "is_staff": "on",
        "groups": [curators.pk],
        "date_joined_0": "2026-01-05",
        "date_joined_1": "10:00:00",
    }
    response = signed_in(admin_user).post(reverse("admin:accounts_user_change", args=[bob.pk]), data)
    assert response.status_code == 302

    event = only(Kind.PERMISSIONS_CHANGED)
    assert (event.actor, event.target_id, event.target_label) == (admin_user, str(bob.pk), "bob@example.org")
    assert event.details == {"is_staff": {"from": False, "to": True}, "groups": {"from": [], "to": [CURATORS]}}


def test_a_change_of_a_groups_permissions_is_recorded(admin_user):
    curators = Group.objects.get(name=CURATORS)
    kept = list(curators.permissions.exclude(codename="view_auditevent").values_list("pk", flat=True))
    data = {"name": CURATORS, "permissions": kept}
    response = signed_in(admin_user).post(reverse("admin:auth_group_change", args=[curators.pk]), data)
    assert response.status_code == 302

    event = only(Kind.PERMISSIONS_CHANGED)
    assert (event.actor, event.target_type, event.target_label) == (admin_user, "auth.group", CURATORS)
    change = event.details["permissions"]
    assert [name for name in change["from"] if name not in change["to"]] == ["accounts.view_auditevent"]


def test_a_members_role_change_and_removal_are_recorded(alice, bob, organisation):
    owner = signed_in(alice)
    membership = Membership.objects.get(user=bob)
    url = reverse("companies:members", args=[organisation.slug])

    owner.post(url, {"action": "role", "membership": membership.pk, "role": "owner"})
    owner.post(url, {"action": "remove", "membership": membership.pk})

    changed, removed = only(Kind.MEMBER_ROLE_CHANGED), only(Kind.MEMBER_REMOVED)
    assert (changed.actor, changed.target_id) == (alice, str(bob.pk))
    assert changed.details == {"organisation": organisation.name, "from_role": "editor", "to_role": "owner"}
    assert (removed.actor, removed.target_id, removed.details["role"]) == (alice, str(bob.pk), "owner")


def test_hiding_a_profile_and_showing_it_again_are_recorded(curator, organisation):
    client = signed_in(curator)
    changelist = "/admin/companies/organisation/"
    selected = {ACTION_CHECKBOX_NAME: [organisation.pk]}
    client.post(changelist, {"action": "hide_with_reason", "apply": "1", "reason": "Impressum fehlt.", **selected})
    client.post(changelist, {"action": "unhide", **selected})

    hidden, shown = only(Kind.PROFILE_HIDDEN), only(Kind.PROFILE_SHOWN)
    assert (hidden.actor, hidden.target_type, hidden.target_id) == (
        curator,
        "companies.organisation",
        str(organisation.pk),
    )
    assert hidden.details == {"reason": "Impressum fehlt."}
    assert (shown.actor, shown.target_label) == (curator, organisation.name)


def form_data(form):
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        if isinstance(value, datetime):  # the admin's split date and time inputs
            local = timezone.localtime(value)
            data[f"{field.html_name}_0"], data[f"{field.html_name}_1"] = (
                local.date().isoformat(),
                local.strftime("%H:%M:%S"),
            )
            continue
        data[field.html_name] = (
            "on" if value is True else [str(item) for item in value] if isinstance(value, list) else value
        )
    return data


def change_form_data(response):
    """What the browser would send back from an admin change form, inlines included."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= form_data(inline.formset.management_form)
        for form in inline.formset:
            data |= form_data(form)
    return data


def test_hiding_through_the_change_forms_status_is_recorded_too(curator, organisation):
    client = signed_in(curator)
    url = reverse("admin:companies_organisation_change", args=[organisation.pk])
    data = change_form_data(client.get(url))

    response = client.post(url, {**data, "status": "hidden", "hidden_reason": "Dubletten."})

    assert response.status_code == 302
    event = only(Kind.PROFILE_HIDDEN)
    assert (event.actor, event.target_id, event.details) == (curator, str(organisation.pk), {"reason": "Dubletten."})
    hidden = {**data, "status": "hidden", "hidden_reason": "Dubletten."}
    client.post(url, {**hidden, "name": "Sauerland Sensorik AG"})  # still hidden: no new event
    client.post(url, data)  # published again
    assert AuditEvent.objects.filter(kind=Kind.PROFILE_HIDDEN).count() == 1
    assert only(Kind.PROFILE_SHOWN).actor == curator


def test_a_stage_change_is_recorded_with_the_curator(curator):
    project = make_project("Bewegt sich")
    AuditEvent.objects.all().delete()
    data = {"to_stage": "star-1", "decided_on": "2025-02-01", "body": "ausschuss", "recommended_on": "", "reason": ""}
    response = signed_in(curator).post(reverse("admin:regionale_project_stage", args=[project.pk]), data)
    assert response.status_code == 302

    event = only(Kind.STAGE_CHANGED)
    assert (event.actor, event.target_type, event.target_id) == (curator, "regionale.project", str(project.pk))
    assert event.details == {"move": "advance", "from_stage": "idea", "to_stage": "star-1", "decided_on": "2025-02-01"}


def test_deletions_in_the_admin_are_recorded_one_by_one_and_in_bulk(admin_user, db):
    client = signed_in(admin_user)
    single = make_organisation("Einzeln GmbH")
    bulk = [make_organisation("Erste GmbH"), make_organisation("Zweite GmbH")]
    changelist = "/admin/companies/organisation/"

    client.post(reverse("admin:companies_organisation_delete", args=[single.pk]), {"post": "yes"})
    client.post(changelist, {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [o.pk for o in bulk]})

    assert not Organisation.objects.exists()
    deleted = AuditEvent.objects.filter(kind=Kind.DELETED).order_by("target_label")
    assert [(event.actor, event.target_type, event.target_label) for event in deleted] == [
        (admin_user, "companies.organisation", "Einzeln GmbH"),
        (admin_user, "companies.organisation", "Erste GmbH"),
        (admin_user, "companies.organisation", "Zweite GmbH"),
    ]


def test_a_project_deleted_in_the_admin_is_recorded(admin_user, db):
    project = make_project("Nie gestartet")
    project.transitions.all().delete()  # with a decision log a project is withdrawn, not deleted (regionale/admin.py)

    response = signed_in(admin_user).post(reverse("admin:regionale_project_delete", args=[project.pk]), {"post": "yes"})

    assert response.status_code == 302
    event = only(Kind.DELETED)
    assert (event.actor, event.target_type, event.target_label) == (admin_user, "regionale.project", "Nie gestartet")


def test_an_account_deletion_is_recorded_and_the_log_no_longer_names_the_person(client, alice, db):
    owned = make_organisation("Nur Alice GmbH", owner=alice)
    Client().post(reverse("account_login"), {"login": alice.email, "password": "wrong-password"})
    client.force_login(alice)
    reauthenticated(client, alice)
    pk = alice.pk

    response = client.post(reverse("accounts:delete"), {f"organisation_{owned.pk}": "delete", "confirm": "on"})
    assert response.status_code == 302

    account = only(Kind.ACCOUNT_DELETED)
    assert (account.actor, account.target_id, account.target_label) == (None, str(pk), f"deleted account #{pk}")
    organisation = AuditEvent.objects.get(kind=Kind.DELETED)
    assert (organisation.target_label, organisation.actor_label) == ("Nur Alice GmbH", f"deleted account #{pk}")
    assert only(Kind.LOGIN_FAILED).target_label == f"deleted account #{pk}"
    assert "alice@example.org" not in the_whole_table() and "Alice Anders" not in the_whole_table()


# --- reading the log --------------------------------------------------------------------------------------------


def test_curators_read_the_log_filtered_and_searched(curator, alice, django_assert_num_queries):
    for _ in range(3):
        audit.record(Kind.LOGIN_FAILED, target=alice, known_account=True)
    audit.record(Kind.PROFILE_HIDDEN, actor=curator, target=alice, reason="Test")
    client = signed_in(curator)
    client.get(LOG)  # the session's first admin request loads what every later one reuses

    with django_assert_num_queries(7):
        response = client.get(LOG)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 4
    assert len(client.get(LOG, {"kind__exact": "profile_hidden"}).context["cl"].result_list) == 1
    assert len(client.get(LOG, {"q": "kira@"}).context["cl"].result_list) == 1
    assert "delete_selected" not in response.content.decode()


def test_an_event_opens_read_only_and_nobody_changes_or_deletes_it(curator, admin_user, alice):
    event = audit.record(Kind.LOGIN_FAILED, target=alice, known_account=True)
    change = reverse("admin:accounts_auditevent_change", args=[event.pk])
    for user in (curator, admin_user):
        client = signed_in(user)
        page = client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.post(change, {"kind": "logged_in"}).status_code == 403
        assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
        assert (
            client.post(reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
            == 403
        )
    event.refresh_from_db()
    assert event.kind == Kind.LOGIN_FAILED


def test_staff_without_the_curator_role_cannot_read_the_log(db):
    staff = with_totp(make_user("sam@example.org", is_staff=True))
    assert signed_in(staff).get(LOG).status_code == 403


def test_the_curators_group_may_view_the_log(db):
    curators = Group.objects.get(name=CURATORS)
    assert curators.permissions.filter(content_type__app_label="accounts", codename="view_auditevent").exists()
    assert not curators.permissions.filter(content_type__app_label="accounts").exclude(codename="view_auditevent")


# --- keeping -------------------------------------------------------------------------------------------------------


def test_purge_deletes_only_events_older_than_the_setting(alice, settings):
    settings.AUDIT_LOG_KEEP_DAYS = 30
    now = timezone.now()
    old = audit.record(Kind.LOGGED_IN, actor=alice)
    AuditEvent.objects.filter(pk=old.pk).update(created=now - timedelta(days=31))
    recent = audit.record(Kind.LOGGED_IN, actor=alice)
    AuditEvent.objects.filter(pk=recent.pk).update(created=now - timedelta(days=29))

    assert audit.purge(now) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
