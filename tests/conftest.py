"""Test-only settings and the people every test can use: alice (owner), bob (member), charlie (outsider)."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

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
    cache.clear()  # rate-limit counters must not leak from one test into the next


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
