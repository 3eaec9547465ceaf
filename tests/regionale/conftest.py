"""REGIONALE 2025 test helpers.

The fixtures of tests/conftest.py apply: alice owns `organisation` (a published firm in Arnsberg), bob edits it,
charlie is an outsider. Here:

- curator: staff, in the group Kuratoren, with TOTP set up (the admin demands a second factor); not a superuser.
- staff: staff without any group or permission (a non-curator staff member), with TOTP too.
- curator_client / staff_client: test clients logged in as them (force_login; the admin's two-factor gate only
  checks that TOTP is set up, allauth asks for the code at the real log-in).
- make_project(title, stage=..., published=..., **fields): a project that went through the workflow to `stage`
  (each step a real transition by the curator, decisions a week apart in 2025).
"""

from datetime import date, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import clear_url_caches
from django.utils import timezone, translation

from portal.lib.curators import CURATORS
from portal.lib.text import german_slugify
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    yield
    translation.deactivate()


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def curator(db):
    user = with_totp(make_user("kuratorin@example.org", "Kira Kuratorin", is_staff=True))
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def staff(db):
    return with_totp(make_user("staff@example.org", "Sven Staff", is_staff=True))


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


FIRST_DECISION = date(2025, 1, 15)


def make_project(title="Digitales Dorfzentrum Eslohe", stage="idea", published=False, by=None, **fields):
    """A project that reached `stage` through the workflow: created as an idea, then one advance per step
    (body: the REGIONALE committee), or withdrawn from the idea stage for stage="withdrawn"."""
    from companies.models import Municipality
    from regionale import services
    from regionale.models import PATH, Project, Stage

    municipalities = fields.pop("municipalities", ["Eslohe"])
    sponsors = fields.pop("sponsors", [])
    fields.setdefault("summary", "Ein Ort, an dem das Dorf digital zusammenkommt.")
    fields.setdefault("handlungsfeld", "raum")
    fields.setdefault("slug", german_slugify(title))
    project = Project.objects.create(title=title, **fields)
    if municipalities:
        project.municipalities.set(Municipality.objects.filter(name__in=municipalities))
    if sponsors:
        project.sponsors.set(sponsors)
    services.record_creation(project, by=by, decided_on=FIRST_DECISION - timedelta(days=30))
    day = FIRST_DECISION
    if stage == Stage.WITHDRAWN:
        services.move(project, Stage.WITHDRAWN, services.Decision(day, "sponsor", reason="Zurückgezogen"), by=by)
    else:
        for step in PATH[1 : PATH.index(stage) + 1]:
            services.move(project, step, services.Decision(day, "ausschuss"), by=by)
            day += timedelta(days=7)
    if published:
        project.published, project.published_at = True, timezone.now()
        project.save(update_fields=["published", "published_at", "updated"])
    return project


@pytest.fixture
def english_admin(settings):
    """The admin lives outside i18n_patterns and speaks LANGUAGE_CODE; admin tests read it in English. The URL
    resolver caches its reverse lookups per language, prefixes included: clear them on both sides."""
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    yield
    clear_url_caches()
