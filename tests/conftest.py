"""Test-only settings and the people every test can use: alice (owner), bob (member), charlie (outsider)."""

import os

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import translation

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Off unless a test switches it on (tests/portal/test_pagecache.py); TEST_PAGE_CACHE=1 runs the whole suite
    # with visitors' pages cached, which shows any write that does not invalidate them.
    settings.PAGE_CACHE = os.environ.get("TEST_PAGE_CACHE") == "1"
    cache.clear()  # rate-limit counters must not leak from one test into the next
    translation.deactivate()  # nor a language an earlier test left active in this thread (the order varies with -n)


def make_user(email, name="", verified=True, **extra):
    user = User.objects.create_user(email=email, password=PASSWORD, name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def alice(db):
    return make_user("alice@example.org", "Alice Anders")


@pytest.fixture
def bob(db):
    return make_user("bob@example.org", "Bob Berger")


@pytest.fixture
def charlie(db):
    return make_user("charlie@example.org", "Charlie Claasen")


def make_organisation(name="Sauerland Sensorik GmbH", kind="firm", municipality="Arnsberg", owner=None, **extra):
    from companies.models import Membership, Municipality, Organisation
    from portal.lib.text import german_slugify

    organisation = Organisation.objects.create(
        name=name,
        kind=kind,
        slug=extra.pop("slug", None) or german_slugify(name),
        municipality=Municipality.objects.get(name=municipality),
        **extra,
    )
    if owner:
        Membership.objects.create(user=owner, organisation=organisation, role="owner")
    return organisation


@pytest.fixture
def organisation(alice, bob):
    """A published firm in Arnsberg: alice owns it, bob edits it, charlie has nothing to do with it."""
    from companies.models import Membership

    organisation = make_organisation(owner=alice, status="published", pitch="Sensoren für die Industrie 4.0")
    Membership.objects.create(user=bob, organisation=organisation, role="editor")
    return organisation
