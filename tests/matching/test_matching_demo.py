"""The demo needs and offers (seed_demo), and the needs and offers in a person's data export and deletion."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

import matching.personal_data  # noqa: F401 - registers with accounts (matching/apps.py does it too)
from accounts import personal_data
from accounts.models import User
from matching.models import Entry, EntryType

from .conftest import make_entry


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return Entry.objects.needs().count(), Entry.objects.offers().count(), Entry.topics.through.objects.count()


@pytest.mark.django_db
def test_seed_demo_creates_needs_and_offers_once():
    output = seed_demo()
    first = counts()
    assert "Needs and offers: 12 needs, 16 offers" in output
    assert first[:2] == (12, 16)

    seed_demo()
    assert counts() == first

    entries = Entry.objects.select_related("organisation", "municipality")
    assert set(entries.values_list("type", flat=True)) == set(EntryType.values)
    assert all(entry.topics.exists() and entry.description for entry in entries)
    assert {entry.organisation.municipality.region for entry in entries.needs()} == {"suedwestfalen"}
    assert {entry.organisation.kind for entry in entries.offers()} == {"university", "institute", "startup"}
    assert entries.needs().filter(visibility="anonymous").count() == 1
    assert entries.offers().filter(visibility="members").count() == 1
    assert entries.filter(status="closed").count() == 1
    today = timezone.localdate()
    soon = entries.filter(expires_on__lte=today + timedelta(days=10))
    assert soon.count() == 1 and soon.get().is_current()
    assert Entry.objects.current().count() == 27

    owner = User.objects.get(email="inhaberin@demo.brueckenschlag.example")
    assert Entry.objects.filter(created_by=owner).count() == 3


def test_the_export_holds_the_entries_the_person_created(client, organisation, bob):
    make_entry(organisation, title="OPC-UA-Anbindung alter Maschinen", created_by=bob)
    make_entry(organisation, title="Von jemand anderem")
    client.force_login(bob)
    data = client.post(reverse("accounts:data")).json()

    assert [entry["title"] for entry in data["needs_and_offers_created"]] == ["OPC-UA-Anbindung alter Maschinen"]
    exported = data["needs_and_offers_created"][0]
    assert exported["side"] == "need" and exported["status"] == "open"
    assert exported["organisation"] == "Sauerland Sensorik GmbH"
    assert exported["created"]


def test_deleting_the_account_leaves_the_entries_with_their_organisation(organisation, bob):
    entry = make_entry(organisation, created_by=bob)
    with translation.override("en"):
        assert any("stay with their organisations" in note for note in personal_data.deletion_notes(bob))

    personal_data.delete_account(bob, {})
    entry.refresh_from_db()
    assert entry.created_by is None and entry.organisation == organisation
