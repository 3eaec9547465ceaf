"""The path of the stars (DOMAIN.md §7) through regionale/services.py: every allowed move lands with its decision and
a history record, every other move is refused with a message naming both stages and changes nothing; reasons,
decision bodies and dates; the stages offered next; and the bulk helpers (advance, publish, feature)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from regionale import services
from regionale.models import (
    PATH,
    STAR_AWARDS,
    DecisionBody,
    Move,
    Project,
    Stage,
    StageTransition,
    allowed_moves,
)
from regionale.services import Decision

from .conftest import make_project

DAY = date(2025, 6, 2)  # after every decision make_project takes (the last: 2025-02-12)
WITHDRAWN_ON = date(2025, 3, 3)

MOVES = [(before, after, kind) for before, after, kind in allowed_moves() if kind != Move.CREATED]
ALLOWED = {(before, after) for before, after, _kind in MOVES}
FORBIDDEN = [(before, after) for before in Stage for after in Stage if (before, after) not in ALLOWED]


def reach(stage, by, withdrawn_from=Stage.IDEA, **fields):
    """A project in `stage`; a withdrawn one was withdrawn from `withdrawn_from`."""
    if stage != Stage.WITHDRAWN:
        return make_project(stage=stage, by=by, **fields)
    project = make_project(stage=withdrawn_from, by=by, **fields)
    services.move(project, Stage.WITHDRAWN, Decision(WITHDRAWN_ON, "sponsor", reason="Der Träger pausiert."), by=by)
    return project


def valid_decision(kind=Move.ADVANCE, to_stage=Stage.STAR_1, **changes):
    """A decision that satisfies every rule for this kind of move."""
    if kind == Move.ADVANCE and to_stage in STAR_AWARDS:
        fields = {"body": DecisionBody.AUSSCHUSS, "recommended_on": DAY - timedelta(days=21)}
    else:
        fields = {"body": DecisionBody.AGENTUR}
    return Decision(**{"decided_on": DAY, "reason": "  Begründung der Entscheidung.\n", **fields, **changes})


def snapshot(project):
    project = Project.objects.get(pk=project.pk)
    return project.stage, project.stage_since, project.transitions.count(), project.history.count()


def refusal(project, to_stage, decision):
    """The messages of services.check and services.move (which must agree), in English; asserts nothing changed."""
    before = snapshot(project)
    with translation.override("en"):
        with pytest.raises(ValidationError) as checked:
            services.check(project, to_stage, decision)
        with pytest.raises(ValidationError) as moved:
            services.move(project, to_stage, decision, by=None)
    assert checked.value.message_dict == moved.value.message_dict
    assert snapshot(project) == before
    return checked.value.message_dict


# --- every allowed move -------------------------------------------------------------------------------------------


def test_an_idea_is_in_its_stage_since_it_came_in(curator):
    project = make_project(by=curator)  # came in 30 days before the first decision, in 2024
    assert Project.objects.get(pk=project.pk).stage_since == project.transitions.get().decided_on == date(2024, 12, 16)


def test_it_knows_each_allowed_move_and_each_forbidden_pair():
    assert len(MOVES) == 22  # 5 steps forward, 5 back, 6 withdrawals, 6 revocations
    assert len(FORBIDDEN) == 7 * 7 - 22
    assert {(stage, stage) for stage in Stage} <= set(FORBIDDEN)


@pytest.mark.parametrize(("before", "after", "kind"), MOVES, ids=[f"{b}->{a}" for b, a, _k in MOVES])
def test_it_makes_every_allowed_move_with_its_decision_and_history(curator, before, after, kind):
    project = reach(before, curator, withdrawn_from=after)
    decision = valid_decision(kind, after)
    started = timezone.now()

    with translation.override("en"):
        transition = services.move(project, after, decision, by=curator)
        expected_reason = f"{Move(kind).label}: {Stage(before).label} → {Stage(after).label}"

    transition = StageTransition.objects.get(pk=transition.pk)
    assert (transition.kind, transition.from_stage, transition.to_stage) == (kind, before, after)
    assert (transition.decided_on, transition.body) == (DAY, decision.body)
    assert transition.recommended_on == decision.recommended_on
    assert transition.reason == "Begründung der Entscheidung."
    assert transition.by == curator
    assert started <= transition.at <= timezone.now()
    assert project.stage == after  # the caller's object follows
    project = Project.objects.get(pk=project.pk)
    assert (project.stage, project.stage_since) == (after, DAY)
    assert project.transitions.last() == transition
    record = project.history.first()
    assert (record.stage, record.stage_since, record.history_user) == (after, DAY, curator)
    assert record.history_change_reason == expected_reason


def test_a_project_walks_the_whole_path_and_back(curator):
    project = make_project(by=curator)
    for stage in PATH[1:]:
        services.move(project, stage, valid_decision(Move.ADVANCE, stage), by=curator)
    for stage in reversed(PATH[:-1]):
        services.move(project, stage, valid_decision(Move.REVERT, stage), by=curator)
    assert project.stage == Stage.IDEA
    kinds = list(project.transitions.values_list("kind", flat=True))
    assert kinds == [Move.CREATED] + [Move.ADVANCE] * 5 + [Move.REVERT] * 5


# --- every forbidden move -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after"), FORBIDDEN, ids=[f"{b}->{a}" for b, a in FORBIDDEN])
def test_it_refuses_every_forbidden_move_naming_both_stages(curator, before, after):
    project = reach(before, curator)
    kind = Move.ADVANCE if after in PATH else Move.WITHDRAW
    errors = refusal(project, after, valid_decision(kind, after))

    assert list(errors) == ["to_stage"]
    with translation.override("en"):
        assert f"“{Stage(before).label}”" in errors["to_stage"][0]
        assert f"“{Stage(after).label}”" in errors["to_stage"][0]


def test_it_explains_that_a_project_moves_one_stage_at_a_time(curator):
    errors = refusal(make_project(by=curator), Stage.STAR_3, valid_decision(Move.ADVANCE, Stage.STAR_3))
    assert errors["to_stage"] == [
        "A project cannot move from “Idea” to “3rd star”: it moves one stage at a time, or is withdrawn."
    ]


def test_it_refuses_a_stage_that_does_not_exist(curator):
    errors = refusal(make_project(by=curator), "star-4", valid_decision())
    assert errors["to_stage"] == ["Choose one of the stages of the workflow."]


# --- reasons -----------------------------------------------------------------------------------------------------

NEEDS_A_REASON = [
    (Move.REVERT, Stage.STAR_1, Stage.IDEA),
    (Move.WITHDRAW, Stage.IDEA, Stage.WITHDRAWN),
    (Move.REINSTATE, Stage.WITHDRAWN, Stage.IDEA),
]


@pytest.mark.parametrize("reason", ["", "   \n\t "], ids=["empty", "whitespace"])
@pytest.mark.parametrize(("kind", "before", "after"), NEEDS_A_REASON, ids=[kind for kind, *_ in NEEDS_A_REASON])
def test_it_refuses_going_back_withdrawing_or_revoking_without_a_reason(curator, kind, before, after, reason):
    project = reach(before, curator)
    errors = refusal(project, after, valid_decision(kind, after, reason=reason))
    assert errors == {"reason": ["Going back, withdrawing or revoking a withdrawal needs a reason."]}


def test_a_step_forward_needs_no_reason(curator):
    project = make_project(by=curator)
    services.move(project, Stage.STAR_1, valid_decision(reason=""), by=curator)
    assert project.transitions.last().reason == ""


@pytest.mark.parametrize("withdrawn_from", PATH)
def test_a_withdrawn_project_returns_only_to_the_stage_it_left(curator, withdrawn_from):
    project = reach(Stage.WITHDRAWN, curator, withdrawn_from=withdrawn_from)
    for stage in PATH:
        if stage != withdrawn_from:
            errors = refusal(project, stage, valid_decision(Move.REINSTATE, stage))
            assert errors == {"to_stage": ["A withdrawn project returns only to the stage it was withdrawn from."]}
    services.move(project, withdrawn_from, valid_decision(Move.REINSTATE, withdrawn_from), by=curator)
    assert Project.objects.get(pk=project.pk).stage == withdrawn_from


def test_after_a_second_withdrawal_it_returns_to_the_stage_it_left_last(curator):
    project = reach(Stage.WITHDRAWN, curator, withdrawn_from=Stage.IDEA)
    services.move(project, Stage.IDEA, valid_decision(Move.REINSTATE, Stage.IDEA), by=curator)
    services.move(project, Stage.STAR_1, valid_decision(Move.ADVANCE, Stage.STAR_1), by=curator)
    services.move(project, Stage.WITHDRAWN, valid_decision(Move.WITHDRAW, Stage.WITHDRAWN), by=curator)

    assert services.targets(project) == [(Stage.STAR_1, Move.REINSTATE)]
    refusal(project, Stage.IDEA, valid_decision(Move.REINSTATE, Stage.IDEA))
    services.move(project, Stage.STAR_1, valid_decision(Move.REINSTATE, Stage.STAR_1), by=curator)


# --- who decides, and when ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", DecisionBody.AGENTUR, DecisionBody.SPONSOR])
@pytest.mark.parametrize("star", STAR_AWARDS)
def test_a_star_is_awarded_only_by_the_committee_or_the_advisory_board(curator, star, body):
    project = make_project(stage=PATH[PATH.index(star) - 1], by=curator)
    errors = refusal(project, star, valid_decision(Move.ADVANCE, star, body=body))
    assert errors == {
        "body": ["A star is awarded by the REGIONALE committee or on the advisory board's recommendation."]
    }


@pytest.mark.parametrize("body", [DecisionBody.AUSSCHUSS, DecisionBody.BEIRAT])
def test_the_committee_or_the_advisory_board_award_a_star(curator, body):
    project = make_project(by=curator)
    services.move(project, Stage.STAR_1, valid_decision(body=body), by=curator)
    assert project.transitions.last().body == body


@pytest.mark.parametrize("body", ["", DecisionBody.SPONSOR])
def test_other_moves_need_no_decision_body(curator, body):
    project = make_project(stage=Stage.STAR_3, by=curator)
    services.move(project, Stage.IMPLEMENTATION, valid_decision(Move.ADVANCE, Stage.IMPLEMENTATION, body=body), by=None)
    assert project.stage == Stage.IMPLEMENTATION


def test_it_refuses_a_decision_in_the_future(curator):
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = refusal(make_project(by=curator), Stage.STAR_1, valid_decision(decided_on=tomorrow, recommended_on=None))
    assert errors == {"decided_on": ["The decision date cannot be in the future."]}


def test_it_refuses_a_decision_before_the_previous_one(curator):
    project = make_project(stage=Stage.STAR_1, by=curator)  # 1st star on 2025-01-15
    errors = refusal(
        project,
        Stage.STAR_2,
        valid_decision(Move.ADVANCE, Stage.STAR_2, decided_on=date(2025, 1, 14), recommended_on=None),
    )
    assert errors == {"decided_on": ["The decision date cannot be before the previous decision (01/15/2025)."]}

    services.move(project, Stage.STAR_2, valid_decision(decided_on=date(2025, 1, 15), recommended_on=None), by=None)
    assert project.stage == Stage.STAR_2  # the same day is fine: the committee may decide twice in one meeting


def test_it_refuses_a_recommendation_after_the_decision(curator):
    late = valid_decision(recommended_on=DAY + timedelta(days=1))
    errors = refusal(make_project(by=curator), Stage.STAR_1, late)
    assert errors == {"recommended_on": ["The recommendation comes before the decision."]}


def test_it_asks_for_the_decision_date(curator):
    errors = refusal(make_project(by=curator), Stage.STAR_1, valid_decision(decided_on=None))
    assert errors == {"decided_on": ["Enter the date of the decision."]}


def test_it_names_every_problem_of_a_decision_at_once(curator):
    project = make_project(stage=Stage.STAR_1, by=curator)
    bad = Decision(decided_on=date(2024, 1, 1), body="", reason=" ")
    errors = refusal(project, Stage.IDEA, bad)
    assert set(errors) == {"reason", "decided_on"}


# --- the stages offered next --------------------------------------------------------------------------------------

EXPECTED_TARGETS = {
    Stage.IDEA: [(Stage.STAR_1, Move.ADVANCE), (Stage.WITHDRAWN, Move.WITHDRAW)],
    Stage.STAR_1: [(Stage.IDEA, Move.REVERT), (Stage.STAR_2, Move.ADVANCE), (Stage.WITHDRAWN, Move.WITHDRAW)],
    Stage.STAR_2: [(Stage.STAR_1, Move.REVERT), (Stage.STAR_3, Move.ADVANCE), (Stage.WITHDRAWN, Move.WITHDRAW)],
    Stage.STAR_3: [
        (Stage.STAR_2, Move.REVERT),
        (Stage.IMPLEMENTATION, Move.ADVANCE),
        (Stage.WITHDRAWN, Move.WITHDRAW),
    ],
    Stage.IMPLEMENTATION: [
        (Stage.STAR_3, Move.REVERT),
        (Stage.COMPLETED, Move.ADVANCE),
        (Stage.WITHDRAWN, Move.WITHDRAW),
    ],
    Stage.COMPLETED: [(Stage.IMPLEMENTATION, Move.REVERT), (Stage.WITHDRAWN, Move.WITHDRAW)],
}


@pytest.mark.parametrize("stage", PATH)
def test_it_offers_exactly_the_allowed_next_stages_in_path_order(curator, stage):
    project = make_project(stage=stage, by=curator)
    found = services.targets(project)
    assert found == EXPECTED_TARGETS[stage]
    assert {(after, kind) for before, after, kind in MOVES if before == stage} == set(found)
    for after, kind in found:
        assert services.check(project, after, valid_decision(kind, after)) == kind


@pytest.mark.parametrize("withdrawn_from", PATH)
def test_a_withdrawn_project_is_offered_only_the_way_back(curator, withdrawn_from):
    project = reach(Stage.WITHDRAWN, curator, withdrawn_from=withdrawn_from)
    assert services.targets(project) == [(withdrawn_from, Move.REINSTATE)]


# --- bulk: advance ------------------------------------------------------------------------------------------------


def test_advancing_many_moves_each_one_step_and_reports_the_refused(curator):
    blocked = make_project("Früh entschieden", by=curator)
    services.move(blocked, Stage.STAR_1, valid_decision(decided_on=date(2025, 7, 1), recommended_on=None), by=None)
    idea = make_project("Eine Idee", by=curator)
    second = make_project("Zwei Sterne", stage=Stage.STAR_2, by=curator)
    completed = make_project("Fertig", stage=Stage.COMPLETED, by=curator)
    withdrawn = reach(Stage.WITHDRAWN, curator, title="Zurückgezogen")
    third = make_project("Drei Sterne", stage=Stage.STAR_3, by=curator)
    shared = Decision(DAY, DecisionBody.AUSSCHUSS, recommended_on=date(2025, 5, 12), reason="Sitzung 2/2025")

    with translation.override("en"):
        moved, refused = services.advance_many(
            Project.objects.order_by("title"), shared, by=curator
        )  # Drei Sterne, Eine Idee, Fertig, Früh entschieden, Zurückgezogen, Zwei Sterne

    assert [project.title for project in moved] == ["Drei Sterne", "Eine Idee", "Zwei Sterne"]
    assert [(project.title, message) for project, message in refused] == [
        ("Fertig", "There is no next stage after “Completed”."),
        ("Früh entschieden", "The decision date cannot be before the previous decision (07/01/2025)."),
        ("Zurückgezogen", "A withdrawn project does not advance; revoke the withdrawal first."),
    ]
    stages = dict(Project.objects.values_list("title", "stage"))
    assert stages == {
        "Drei Sterne": Stage.IMPLEMENTATION,
        "Eine Idee": Stage.STAR_1,
        "Zwei Sterne": Stage.STAR_3,
        "Fertig": Stage.COMPLETED,
        "Früh entschieden": Stage.STAR_1,
        "Zurückgezogen": Stage.WITHDRAWN,
    }
    for project in (idea, second, third):
        last = project.transitions.last()
        assert (last.kind, last.decided_on, last.body, last.recommended_on) == (
            Move.ADVANCE,
            DAY,
            DecisionBody.AUSSCHUSS,
            date(2025, 5, 12),
        )
        assert (last.reason, last.by) == ("Sitzung 2/2025", curator)
    assert completed.transitions.count() == 6 and withdrawn.transitions.count() == 2
    assert blocked.transitions.count() == 2


def test_advancing_many_refuses_a_project_somebody_else_moved_meanwhile(curator):
    project = make_project(by=curator)
    stale = Project.objects.get(pk=project.pk)
    services.move(project, Stage.STAR_1, valid_decision(), by=curator)

    with translation.override("en"):
        moved, refused = services.advance_many([stale], valid_decision(), by=curator)

    assert moved == []
    assert refused[0][1] == (
        "Somebody else has moved this project from “Idea” to “1st star” meanwhile. Please check whether your "
        "decision still applies."
    )
    assert Project.objects.get(pk=project.pk).stage == Stage.STAR_1
    assert project.transitions.count() == 2


# --- bulk: publish, unpublish, feature ----------------------------------------------------------------------------


def test_publishing_publishes_the_unpublished_with_a_date_and_history(curator):
    draft = make_project("Entwurf", by=curator)
    public = make_project("Öffentlich", published=True, by=curator)
    public_since = Project.objects.get(pk=public.pk).published_at
    started = timezone.now()

    with translation.override("en"):
        assert services.publish(Project.objects.all(), by=curator) == 1

    draft = Project.objects.get(pk=draft.pk)
    assert draft.published and started <= draft.published_at <= timezone.now()
    assert Project.objects.get(pk=public.pk).published_at == public_since
    record = draft.history.first()
    assert (record.published, record.history_user, record.history_change_reason) == (True, curator, "Published")


def test_unpublishing_also_stops_featuring(curator):
    featured = make_project("Im Schaufenster", published=True, by=curator)
    services.set_featured([featured], True, by=curator)
    draft = make_project("Entwurf", by=curator)
    draft_versions = draft.history.count()

    with translation.override("en"):
        assert services.unpublish(Project.objects.all(), by=curator) == 1

    featured = Project.objects.get(pk=featured.pk)
    assert (featured.published, featured.featured) == (False, False)
    record = featured.history.first()
    assert (record.published, record.featured, record.history_user) == (False, False, curator)
    assert record.history_change_reason == "Unpublished"
    assert draft.history.count() == draft_versions


def test_only_published_projects_are_featured(curator):
    public = make_project("Öffentlich", published=True, by=curator)
    draft = make_project("Entwurf", by=curator)
    draft_versions = draft.history.count()

    with translation.override("en"):
        assert services.set_featured(Project.objects.all(), True, by=curator) == (1, 1)
        assert dict(Project.objects.values_list("title", "featured")) == {"Öffentlich": True, "Entwurf": False}
        assert services.set_featured(Project.objects.all(), True, by=curator) == (0, 1)  # nothing left to change
        assert services.set_featured(Project.objects.all(), False, by=curator) == (1, 0)

    assert not Project.objects.filter(featured=True).exists()
    records = public.history.all()[:2]
    assert [(r.featured, r.history_user, r.history_change_reason) for r in records] == [
        (False, curator, "No longer featured"),
        (True, curator, "Featured"),
    ]
    assert draft.history.count() == draft_versions


def test_a_project_with_a_long_title_moves_and_keeps_its_history(curator):
    """The history's reason holds 100 characters; a title may have 200 (found seeding 100,000 organisations)."""
    project = make_project("Digitales Dorf " + "und Land " * 20, published=False)
    assert len(project.title) > 100
    services.move(project, Stage.STAR_1, services.Decision(DAY, "ausschuss"), by=curator)
    record = project.history.first()
    assert record.stage == Stage.STAR_1 and len(record.history_change_reason) <= 100
