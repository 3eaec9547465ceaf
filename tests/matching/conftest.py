"""Needs and offers for the matching tests.

make_entry(organisation, side="need", title=..., topics=[slugs], **fields) creates an entry (public, open, six
months to run) in the organisation's town. The fixtures of tests/conftest.py (alice owns `organisation`, bob
edits it, charlie is an outsider) apply.
"""

import pytest
from django.utils import translation

from tests.conftest import make_organisation


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Some tests request English pages; LocaleMiddleware leaves English active in the thread afterwards."""
    yield
    translation.deactivate()


def make_entry(organisation, side="need", title="Predictive Maintenance für Pressen", topics=(), keywords=(), **extra):
    from companies.models import Topic
    from matching.models import Entry

    extra.setdefault("type", "technology")
    extra.setdefault("description", "Wir suchen Unterstützung bei der vorausschauenden Wartung unserer Pressen.")
    extra.setdefault("municipality", organisation.municipality)
    entry = Entry.objects.create(organisation=organisation, side=side, title=title, **extra)
    if topics:
        entry.topics.set(Topic.objects.filter(slug__in=topics))
    if keywords:
        entry.keywords.add(*keywords)
    return entry


@pytest.fixture
def startup(charlie):
    """A published start-up in Dortmund that charlie owns."""
    return make_organisation(
        "Ruhrlogik GmbH", kind="startup", municipality="Dortmund", owner=charlie, status="published", stage="seed"
    )
