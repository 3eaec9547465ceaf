"""What the database and the model layer refuse on their own, whatever slips past regionale/services.py: a transition
outside the path of the stars, a move back without a reason, a star without the committee, a recommendation after
the decision, a featured or published project without publication; and a stage changed by hand."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from regionale import services
from regionale.models import (
    NEEDS_REASON,
    STAR_AWARDS,
    DecisionBody,
    Move,
    Project,
    Stage,
    StageTransition,
    allowed_moves,
)

from .conftest import make_project

DAY = date(2025, 6, 2)
ALLOWED = set(allowed_moves())
PAIRS = [(before, after) for before in ["", *Stage.values] for after in Stage.values]


def insert(project, constraint, **fields):
    """Insert a transition row directly; returns the name of the constraint that refused it, or None."""
    row = {"kind": Move.ADVANCE, "decided_on": DAY, "body": DecisionBody.AUSSCHUSS, "reason": "Grund", **fields}
    try:
        with transaction.atomic():
            StageTransition.objects.create(project=project, **row)
    except IntegrityError as error:
        assert constraint in str(error), str(error)
        return constraint
    return None


def refused_by(constraint, statement):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        statement()
    assert constraint in str(error.value)


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=[f"{b or 'new'}->{a}" for b, a in PAIRS])
def test_the_database_refuses_every_transition_row_outside_the_path(curator, before, after):
    project = make_project(by=curator)
    count = StageTransition.objects.count()
    for kind in Move.values:
        refused = insert(project, "regionale_transition_allowed", kind=kind, from_stage=before, to_stage=after)
        assert (refused is None) == ((before, after, kind) in ALLOWED), (before, after, kind)
    allowed_here = sum((before, after, kind) in ALLOWED for kind in Move.values)
    assert StageTransition.objects.count() == count + allowed_here


@pytest.mark.parametrize("kind", NEEDS_REASON)
def test_the_database_refuses_a_move_back_withdrawal_or_revocation_without_a_reason(curator, kind):
    before, after = next((b, a) for b, a, k in allowed_moves() if k == kind)
    project = make_project(by=curator)
    assert insert(project, "regionale_transition_reason_given", kind=kind, from_stage=before, to_stage=after, reason="")
    assert not insert(project, "-", kind=kind, from_stage=before, to_stage=after, reason="Grund")


@pytest.mark.parametrize("body", ["", DecisionBody.AGENTUR, DecisionBody.SPONSOR])
@pytest.mark.parametrize("star", STAR_AWARDS)
def test_the_database_refuses_a_star_without_the_committee_or_the_advisory_board(curator, star, body):
    before = {Stage.STAR_1: Stage.IDEA, Stage.STAR_2: Stage.STAR_1, Stage.STAR_3: Stage.STAR_2}[star]
    project = make_project(by=curator)
    assert insert(project, "regionale_transition_star_has_body", from_stage=before, to_stage=star, body=body)
    for accepted in (DecisionBody.AUSSCHUSS, DecisionBody.BEIRAT):
        assert not insert(project, "-", from_stage=before, to_stage=star, body=accepted)


def test_the_database_refuses_an_unknown_decision_body(curator):
    project = make_project(by=curator)
    assert insert(
        project, "regionale_transition_valid_body", kind=Move.REVERT, from_stage="star-1", to_stage="idea", body="mayor"
    )


def test_the_database_refuses_a_recommendation_after_the_decision(curator):
    project = make_project(by=curator)
    late, same = date(2025, 6, 3), DAY
    assert insert(
        project, "regionale_transition_recommended_first", from_stage="idea", to_stage="star-1", recommended_on=late
    )
    assert not insert(project, "-", from_stage="idea", to_stage="star-1", recommended_on=same)


def test_the_database_refuses_a_featured_project_that_is_not_published(curator):
    project = make_project(by=curator)
    refused_by("regionale_project_featured_is_published", lambda: Project.objects.update(featured=True))
    refused_by(
        "regionale_project_featured_is_published",
        lambda: Project.objects.update(featured=True, published=False, published_at=timezone.now()),
    )
    Project.objects.update(published=True, published_at=timezone.now(), featured=True)
    assert Project.objects.get(pk=project.pk).featured


def test_the_database_refuses_a_published_project_without_its_date(curator):
    make_project(by=curator)
    refused_by("regionale_project_published_has_date", lambda: Project.objects.update(published=True))
    Project.objects.update(published_at=timezone.now())  # a date while unpublished is fine (kept after unpublishing)


def test_the_database_refuses_an_unknown_stage_field_or_an_empty_title(curator):
    make_project(by=curator)
    refused_by("regionale_project_valid_stage", lambda: Project.objects.update(stage="star-4"))
    refused_by("regionale_project_valid_field", lambda: Project.objects.update(handlungsfeld="kultur"))
    refused_by("regionale_project_title_not_empty", lambda: Project.objects.update(title=""))


# --- the model layer's guard ---------------------------------------------------------------------------------------


def test_a_stage_changed_by_hand_is_refused(curator):
    project = make_project(by=curator)
    versions = project.history.count()
    project.stage = Stage.STAR_1
    with pytest.raises(ValidationError) as error:
        project.save()
    with translation.override("en"):
        assert error.value.messages == ["The stage changes only through the stage workflow, with a decision."]
    with pytest.raises(ValidationError):
        project.save(update_fields=["stage"])
    assert Project.objects.get(pk=project.pk).stage == Stage.IDEA
    assert project.history.count() == versions


@pytest.mark.parametrize("stage", [stage for stage in Stage.values if stage != Stage.IDEA])
def test_a_new_project_starts_as_an_idea(db, stage):
    with pytest.raises(ValidationError) as error:
        Project.objects.create(title="Sprung", slug="sprung", summary="…", handlungsfeld="raum", stage=stage)
    with translation.override("en"):
        assert error.value.messages == ["A new project starts as an idea; it moves on through the stage workflow."]
    assert not Project.objects.exists()


def test_other_changes_are_saved_as_usual(curator):
    project = make_project(stage=Stage.STAR_2, by=curator)
    project.title = "Neuer Titel"
    project.save()
    assert Project.objects.get(pk=project.pk).title == "Neuer Titel"


def test_a_project_read_again_after_somebody_moved_it_can_be_saved(curator):
    project = make_project(by=curator)
    services.move(Project.objects.get(pk=project.pk), Stage.STAR_1, services.Decision(DAY, "ausschuss"), by=curator)
    project.refresh_from_db()
    project.title = "Neuer Titel"
    project.save()
    assert Project.objects.get(pk=project.pk).stage == Stage.STAR_1
    project.stage = Stage.STAR_3
    with pytest.raises(ValidationError):
        project.save()


def test_projects_read_with_deferred_fields_cost_no_extra_query(curator, django_assert_num_queries):
    for number in range(3):
        make_project(f"Projekt {number}", by=curator)
    with django_assert_num_queries(1):
        titles = [project.title for project in Project.objects.only("pk", "title")]
    assert titles == ["Projekt 0", "Projekt 1", "Projekt 2"]
    project = Project.objects.only("pk", "title").first()
    project.stage = Stage.STAR_1  # a deferred stage is read from the database before it is compared
    with pytest.raises(ValidationError):
        project.save()


def test_a_project_built_by_hand_with_a_known_pk_keeps_its_stage(curator):
    project = make_project(stage=Stage.STAR_1, by=curator)
    fields = {"title": "Überschrieben", "slug": project.slug, "summary": "…", "handlungsfeld": "raum"}
    with pytest.raises(ValidationError):
        Project(pk=project.pk, stage=Stage.STAR_3, **fields).save()
    with pytest.raises(ValidationError):
        Project(pk=project.pk + 1, stage=Stage.STAR_3, **{**fields, "slug": "neu"}).save()  # a new row, by pk
    assert list(Project.objects.values_list("title", "stage")) == [(project.title, Stage.STAR_1)]
