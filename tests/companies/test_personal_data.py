"""The organisations' part of an account deletion under concurrency (the flow itself: tests/accounts/)."""

import threading
import time

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from accounts import personal_data
from accounts.models import User
from companies import services
from companies.models import Membership, Municipality
from tests.conftest import make_organisation, make_user


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite serialises writers, so this race cannot happen there; run with DATABASE_URL on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_a_co_owner_leaving_while_the_account_is_deleted_leaves_the_organisation_an_owner(monkeypatch):
    Municipality.objects.get_or_create(  # an earlier transactional test may have flushed the gazetteer
        name="Arnsberg", defaults={"slug": "arnsberg", "district": "hochsauerlandkreis", "region": "suedwestfalen"}
    )
    alice, bob = make_user("alice@example.org"), make_user("bob@example.org")
    organisation = make_organisation(owner=alice)
    bobs = Membership.objects.create(user=bob, organisation=organisation, role="owner")
    checked = threading.Event()
    ensure_another_owner = services._ensure_another_owner

    def slow_check(membership):
        ensure_another_owner(membership)  # alice is still there, so bob may leave …
        checked.set()
        time.sleep(0.5)  # … and holds the organisation's lock a moment: alice's deletion starts meanwhile

    monkeypatch.setattr(services, "_ensure_another_owner", slow_check)
    outcomes = []

    def leave():
        try:
            services.remove_member(bobs)
            outcomes.append("bob left")
        except services.LastOwnerError:
            outcomes.append("bob refused")
        finally:
            connection.close()

    def delete_alice():
        checked.wait(5)
        try:
            personal_data.delete_account(User.objects.get(pk=alice.pk), {})
            outcomes.append("alice deleted")
        except ValidationError:
            outcomes.append("alice asked what becomes of it")
        finally:
            connection.close()

    threads = [threading.Thread(target=leave), threading.Thread(target=delete_alice)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["alice asked what becomes of it", "bob left"]
    assert organisation.memberships.filter(role="owner").count() == 1
