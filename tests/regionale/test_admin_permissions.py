"""Who reaches which page of the REGIONALE admin: curators everything they need; staff without the curators' group
nothing (403); members and visitors are sent to the admin log-in; a curator without two-factor log-in is sent to
set it up first. Within the admin, each workflow asks for its own permission."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from regionale.models import Project
from tests.conftest import make_user
from tests.regionale.conftest import make_project, with_totp

pytestmark = pytest.mark.usefixtures("english_admin")


@pytest.fixture
def project(db):
    return make_project("Geschützt", stage="star-1")


def admin_urls(project):
    pk = project.pk
    return [
        reverse("admin:regionale_project_changelist"),
        reverse("admin:regionale_project_add"),
        reverse("admin:regionale_project_change", args=[pk]),
        reverse("admin:regionale_project_history", args=[pk]),
        reverse("admin:regionale_project_stage", args=[pk]),
        reverse("admin:regionale_project_report"),
        reverse("admin:regionale_project_import"),
        reverse("admin:regionale_project_export"),
        reverse("admin:regionale_themenfeld_changelist"),
        reverse("admin:regionale_stagetransition_changelist"),
    ]


def post_urls(project):
    return [
        (reverse("admin:regionale_project_stage", args=[project.pk]), {"to_stage": "star-2"}),
        (reverse("admin:regionale_project_process_import"), {"import_file_name": "x", "format": "0"}),
        (reverse("admin:regionale_project_export"), {"format": "0"}),
    ] + [
        (reverse("admin:regionale_project_changelist"), {"action": name, ACTION_CHECKBOX_NAME: [project.pk]})
        for name in ("advance", "publish", "unpublish", "feature", "unfeature")
    ]


def test_curators_reach_every_page(curator_client, project):
    for url in admin_urls(project):
        assert curator_client.get(url).status_code == 200, url


def test_curators_may_use_every_bulk_action(curator_client, project):
    body = curator_client.get(reverse("admin:regionale_project_changelist")).content.decode()
    for name in ("advance", "publish", "unpublish", "feature", "unfeature"):
        assert f'value="{name}"' in body
    assert 'value="delete_selected"' not in body  # curators do not delete projects


def test_staff_without_the_curators_group_get_403(staff_client, project):
    for url in admin_urls(project):
        assert staff_client.get(url).status_code == 403, url
    for url, data in post_urls(project):
        assert staff_client.post(url, data).status_code == 403, url
    project.refresh_from_db()
    assert project.stage == "star-1" and not project.published


@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_members_and_visitors_are_sent_to_the_admin_login(client, alice, project, who):
    if who == "member":
        client.force_login(alice)
    for url in admin_urls(project):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
    for url, data in post_urls(project):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url
    project.refresh_from_db()
    assert project.stage == "star-1" and not project.published


def test_a_curator_without_two_factor_is_sent_to_set_it_up(client, curator, project):
    curator.authenticator_set.all().delete()
    client.force_login(curator)
    for url in admin_urls(project):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), url
    for url, data in post_urls(project):
        assert client.post(url, data).url == reverse("mfa_activate_totp"), url


@pytest.fixture
def editor_client(client, db):
    """Staff who may view and change projects, but neither move, import, export nor see the report."""
    user = with_totp(make_user("redaktion@example.org", "Rita Redaktion", is_staff=True))
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="regionale", codename__in=["view_project", "change_project"])
    )
    client.force_login(user)
    return client


def test_each_workflow_asks_for_its_own_permission(editor_client, project):
    assert editor_client.get(reverse("admin:regionale_project_change", args=[project.pk])).status_code == 200
    for name in ("stage", "report", "import", "export"):
        args = [project.pk] if name == "stage" else []
        assert editor_client.get(reverse(f"admin:regionale_project_{name}", args=args)).status_code == 403, name
    body = editor_client.get(reverse("admin:regionale_project_changelist")).content.decode()
    assert 'value="publish"' in body and 'value="advance"' not in body
    assert reverse("admin:regionale_project_report") not in body
    assert reverse("admin:regionale_project_import") not in body
    assert (
        reverse("admin:regionale_project_stage", args=[project.pk])
        not in editor_client.get(reverse("admin:regionale_project_change", args=[project.pk])).content.decode()
    )

    editor_client.post(
        reverse("admin:regionale_project_changelist"),
        {"action": "advance", ACTION_CHECKBOX_NAME: [project.pk], "apply": "1", "decided_on": "2025-06-01"},
    )
    assert Project.objects.get(pk=project.pk).stage == "star-1"
    assert (
        editor_client.post(
            reverse("admin:regionale_project_stage", args=[project.pk]),
            {"to_stage": "star-2", "decided_on": "2025-06-01"},
        ).status_code
        == 403
    )
    assert Project.objects.get(pk=project.pk).stage == "star-1"
