from functools import partial

import pytest
from django.conf import settings

from companies import services
from companies.models import Membership, Role
from tests.companies.helpers import url
from tests.concurrency import at_the_same_moment
from tests.conftest import make_organisation, make_user


def members_url(organisation):
    return url("companies:members", organisation.slug)


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("charlie", 404)])
def test_only_owners_manage_members(client, request, organisation, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(members_url(organisation)).status_code == status
    assert client.post(members_url(organisation), {"action": "invite", "email": "x@example.org"}).status_code in {
        status,
        302,
    }


def test_editors_and_outsiders_cannot_change_anything(client, bob, charlie, alice, organisation):
    for user, status in [(bob, 403), (charlie, 404)]:
        client.force_login(user)
        data = {"action": "remove", "membership": membership(alice, organisation).pk}
        assert client.post(members_url(organisation), data).status_code == status
    assert organisation.memberships.count() == 2


def test_it_sends_visitors_to_the_log_in(client, organisation):
    assert client.get(members_url(organisation)).status_code == 302


def test_it_lists_the_members_with_their_roles(client, alice, organisation):
    client.force_login(alice)
    text = client.get(members_url(organisation)).text
    assert "alice@example.org" in text and "bob@example.org" in text
    assert '<option value="editor" selected>' in text


def test_an_owner_changes_a_role_and_removes_a_member(client, alice, bob, organisation):
    client.force_login(alice)
    client.post(
        members_url(organisation), {"action": "role", "membership": membership(bob, organisation).pk, "role": "owner"}
    )
    assert membership(bob, organisation).role == Role.OWNER
    client.post(members_url(organisation), {"action": "remove", "membership": membership(bob, organisation).pk})
    assert not organisation.memberships.filter(user=bob).exists()


def test_it_cannot_touch_memberships_of_other_organisations(client, alice, charlie, organisation):
    other = make_organisation("Andere GmbH", owner=charlie)
    client.force_login(alice)
    response = client.post(members_url(organisation), {"action": "remove", "membership": membership(charlie, other).pk})
    assert response.status_code == 404
    assert other.memberships.count() == 1


def test_the_last_owner_can_be_neither_demoted_nor_removed(client, alice, organisation):
    client.force_login(alice)
    own = membership(alice, organisation)
    response = client.post(
        members_url(organisation), {"action": "role", "membership": own.pk, "role": "editor"}, follow=True
    )
    assert "at least one owner" in response.text
    client.post(members_url(organisation), {"action": "remove", "membership": own.pk})
    assert membership(alice, organisation).role == Role.OWNER


def test_the_guard_in_the_service(alice, bob, organisation):
    with pytest.raises(services.LastOwnerError):
        services.remove_member(membership(alice, organisation))
    with pytest.raises(services.LastOwnerError):
        services.change_role(membership(alice, organisation), Role.EDITOR)
    services.change_role(membership(bob, organisation), Role.OWNER)
    services.remove_member(membership(alice, organisation))
    assert list(organisation.memberships.values_list("user__email", "role")) == [("bob@example.org", "owner")]


def test_an_editor_may_be_removed_without_an_owner_check(bob, organisation):
    services.remove_member(membership(bob, organisation))
    assert organisation.memberships.count() == 1


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite serialises writers, so this race cannot happen there; run with DATABASE_URL on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_owners_removed_at_the_same_moment_leave_one_owner():
    first, second = make_user("erste@example.org"), make_user("zweite@example.org")
    organisation = make_organisation(owner=first)
    Membership.objects.create(user=second, organisation=organisation, role=Role.OWNER)
    memberships = list(organisation.memberships.all())
    results = at_the_same_moment(*[partial(services.remove_member, member) for member in memberships])
    outcomes = ["refused" if isinstance(result, services.LastOwnerError) else result or "removed" for result in results]

    assert sorted(outcomes) == ["refused", "removed"]
    assert organisation.memberships.filter(role=Role.OWNER).count() == 1


def mine_url():
    return url("companies:mine")


def test_my_organisations_needs_a_log_in(client):
    assert client.get(mine_url()).status_code == 302


def test_my_organisations_lists_every_organisation_with_role_and_links(client, bob, organisation):
    other = make_organisation("Siegener Software", municipality="Siegen", owner=bob)
    client.force_login(bob)
    text = client.get(mine_url()).text
    assert "Sauerland Sensorik GmbH" in text and "Siegener Software" in text
    assert url("companies:edit", organisation.slug) in text
    assert url("companies:members", other.slug) in text
    assert url("companies:members", organisation.slug) not in text  # bob only edits this one
    assert mine_url() in text  # the header link


def test_my_organisations_shows_nothing_of_others(client, charlie, organisation):
    client.force_login(charlie)
    assert "Sauerland Sensorik GmbH" not in client.get(mine_url()).text


def test_switching_remembers_the_current_organisation(client, bob, charlie, organisation):
    client.force_login(bob)
    response = client.post(mine_url(), {"action": "switch", "organisation": organisation.pk})
    assert response.status_code == 302
    assert client.session["current_organisation"] == organisation.pk
    foreign = make_organisation("Fremd", owner=charlie)
    assert client.post(mine_url(), {"action": "switch", "organisation": foreign.pk}).status_code == 404
    assert client.session["current_organisation"] == organisation.pk


def test_leaving_follows_the_last_owner_guard(client, alice, bob, organisation):
    client.force_login(alice)
    response = client.post(mine_url(), {"action": "leave", "organisation": organisation.pk}, follow=True)
    assert "at least one owner" in response.text
    assert organisation.memberships.filter(user=alice).exists()
    client.force_login(bob)
    client.post(mine_url(), {"action": "switch", "organisation": organisation.pk})
    client.post(mine_url(), {"action": "leave", "organisation": organisation.pk})
    assert not organisation.memberships.filter(user=bob).exists()
    assert "current_organisation" not in client.session


def test_an_owner_who_steps_down_lands_on_their_organisations(client, alice, bob, organisation):
    services.change_role(membership(bob, organisation), Role.OWNER)
    client.force_login(alice)
    data = {"action": "role", "membership": membership(alice, organisation).pk, "role": "editor"}
    response = client.post(members_url(organisation), data)
    assert response.url == mine_url()
    assert membership(alice, organisation).role == Role.EDITOR


@pytest.mark.parametrize("value", ["", "abc", "1.5", "-1", "9" * 40, "١"])
def test_tampered_ids_give_404_not_500(client, alice, organisation, value):
    client.force_login(alice)
    assert client.post(members_url(organisation), {"action": "remove", "membership": value}).status_code == 404
    assert client.post(mine_url(), {"action": "switch", "organisation": value}).status_code == 404
