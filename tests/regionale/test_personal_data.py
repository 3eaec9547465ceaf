"""The REGIONALE part of a person's data export and account deletion (regionale/personal_data.py).

bob (editor of `organisation`) submitted ideas; they belong to the organisation and stay when he goes, without him.
The project history (django-simple-history) must not keep an account from being deleted either.
"""

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation

from accounts import personal_data
from accounts.models import User
from regionale import services
from regionale.models import Project, Stage, StageTransition
from tests.e2e.pages import reauthenticated

from .conftest import FIRST_DECISION, make_project
from .test_ideas import idea, submit


def english(name):
    with translation.override("en"):
        return reverse(name)


@pytest.fixture
def ideas(bob, curator, organisation):
    """bob's two ideas: one unpublished, one published with its 1st star; and somebody else's."""
    first = make_project("Dorfladen 24/7", by=curator, submitted_by=bob, lead_sponsor=organisation)
    second = make_project(
        "Smarte Bushaltestellen",
        stage="star-1",
        published=True,
        by=curator,
        submitted_by=bob,
        lead_sponsor=organisation,
    )
    make_project("Fremde Idee", by=curator, lead_sponsor=organisation)
    return first, second


def test_the_export_lists_the_submitted_ideas(client, bob, ideas):
    first, second = ideas
    client.force_login(bob)
    response = client.post(english("accounts:data"))
    data = json.loads(response.content)

    rows = data["regionale_ideas_submitted"]
    assert [row["title"] for row in rows] == ["Dorfladen 24/7", "Smarte Bushaltestellen"]
    assert rows[0]["stage"] == "idea" and rows[1]["stage"] == "star-1"
    assert {row["organisation"] for row in rows} == {"Sauerland Sensorik GmbH"}
    assert rows[0]["submitted"].startswith(str(first.created.year)) and rows[0]["published"] is None
    second.refresh_from_db()
    assert rows[1]["published"].startswith(second.published_at.strftime("%Y-%m-%dT%H:%M:%S"))


def test_the_data_page_says_what_the_export_holds(client, bob):
    client.force_login(bob)
    assert "The ideas you submitted for the REGIONALE 2025." in client.get(english("accounts:data")).content.decode()


def test_without_ideas_the_section_is_empty_and_no_note_is_shown(bob, charlie, ideas):
    assert personal_data.export(charlie)["regionale_ideas_submitted"] == []
    assert not any("REGIONALE" in str(note) for note in personal_data.deletion_notes(charlie))


def test_the_deletion_page_says_what_becomes_of_the_ideas(client, bob, ideas):
    client.force_login(bob)
    reauthenticated(client, bob)
    content = client.get(english("accounts:delete")).content.decode()
    assert "The ideas you submitted for the REGIONALE 2025 stay with their organisations" in content
    assert "without your name" in content


def test_deleting_the_account_keeps_the_ideas_without_the_person(client, bob, organisation):
    submit(client, bob, idea(organisation))  # through the form: bob is in the history and the timeline too
    project = Project.objects.get()
    assert project.history.filter(history_user=bob).exists()
    reauthenticated(client, bob)

    response = client.post(english("accounts:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=bob.pk).exists()
    project = Project.objects.get()
    assert project.submitted_by is None and project.lead_sponsor == organisation
    assert project.stage == Stage.IDEA and not project.published
    assert not project.history.filter(submitted_by_id=bob.pk).exists()
    assert not project.history.filter(history_user_id=bob.pk).exists()
    assert project.history.count() >= 1
    [first] = project.transitions.all()
    assert first.by is None and first.to_stage == Stage.IDEA


def test_a_curator_with_history_can_delete_the_account(curator, organisation):
    project = make_project("Dorfladen 24/7", stage="star-1", by=curator, lead_sponsor=organisation)
    with translation.override("en"):
        services.publish([project], by=curator)
    assert project.history.filter(history_user=curator).exists()
    assert StageTransition.objects.filter(by=curator).exists()

    personal_data.delete_account(User.objects.get(pk=curator.pk), {})

    # Really deleted, not kept as an empty shell because a history row held on to it
    assert not User.objects.filter(pk=curator.pk).exists()
    assert project.history.count() >= 2 and not project.history.filter(history_user_id=curator.pk).exists()
    assert StageTransition.objects.filter(project=project).count() == 2
    assert not StageTransition.objects.filter(by_id=curator.pk).exists()
    project.refresh_from_db()
    assert project.published and project.stage == Stage.STAR_1


def test_no_record_of_the_regionale_holds_on_to_a_person():
    """Every foreign key from the REGIONALE's models (their history included) to the user clears itself on deletion,
    or is no database constraint at all (the history's copies of submitted_by and author)."""
    found = []
    for model in apps.get_app_config("regionale").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                found.append(f"{model.__name__}.{field.name}")
                on_delete = field.remote_field.on_delete
                assert on_delete is models.SET_NULL or (on_delete is models.DO_NOTHING and not field.db_constraint), (
                    model,
                    field,
                )
    assert {"HistoricalProject.history_user", "Project.submitted_by", "StageTransition.by"} <= set(found)


def test_a_later_decision_reaches_nobody_after_the_deletion(
    bob, curator, ideas, mailoutbox, django_capture_on_commit_callbacks
):
    first, _second = ideas
    personal_data.delete_account(User.objects.get(pk=bob.pk), {})
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.Decision(FIRST_DECISION.replace(month=6), "ausschuss")
        services.move(first, Stage.STAR_1, decision, by=curator)
    assert mailoutbox == []
    assert first.transitions.count() == 2
