"""Hypothesis profiles for the fuzz tests, and settings that let every example reach the form code.

HYPOTHESIS_PROFILE=quick runs 25 examples per test instead of 200 ("ci", the default).
"""

import os

import pytest
from hypothesis import HealthCheck, settings

# The client and the data of a test are reused by all its examples on purpose: one login, one organisation,
# each example a single request. No example database: nothing is written to .hypothesis/ in the checkout.
COMMON = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
settings.register_profile("ci", max_examples=200, **COMMON)
settings.register_profile("quick", max_examples=25, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _fuzz_settings(settings, tmp_path):
    settings.ACCOUNT_RATE_LIMITS = False  # hundreds of posts per test: the limits would answer instead of the form
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


# The co-working host dora, her organisation and its published space (tests/coworking/conftest.py).
from tests.coworking.conftest import dora, host, space  # noqa: E402, F401
