"""Two curators moving the same project at the same moment: exactly one decision lands, the other curator hears that
somebody else has just moved the project, never an error page. services.move locks the project's row
(select_for_update) and reads its stage again before it checks the move. PostgreSQL only: SQLite serialises writers.

To make the race certain rather than likely, each curator's thread waits after its check until the other has checked
too (a barrier with a short timeout): without the lock both have read "idea" before either writes; with it the second
waits on the row until the first has committed, and the barrier times out.

Demonstration that the lock is what decides (for the issue's note): with REGIONALE_WITHOUT_LOCK=1 the `unlocked`
fixture turns select_for_update into a no-op for the test, and both tests fail because both transitions land:

    REGIONALE_WITHOUT_LOCK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bs_workflow \\
        .venv/bin/pytest tests/regionale/test_races.py -q -p no:cacheprovider
"""

import contextlib
import os
import threading
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import translation

from regionale import services
from regionale.models import Move, Project, Stage, StageTransition
from tests.concurrency import at_the_same_moment
from tests.conftest import make_user

from .conftest import make_project

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="SQLite serialises writers, so this race cannot happen there; run with DATABASE_URL on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

DECIDED = date(2025, 6, 2)


@pytest.fixture(autouse=True)
def unlocked(monkeypatch):
    """Without the row lock when REGIONALE_WITHOUT_LOCK=1 (a demonstration run only)."""
    if os.environ.get("REGIONALE_WITHOUT_LOCK") != "1":
        return False
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)
    return True


@pytest.fixture(autouse=True)
def both_check_first(monkeypatch):
    """Each curator, having checked the move, waits until the other has checked too (or a second has passed)."""
    barrier = threading.Barrier(2)
    real_check = services.check

    def check_then_wait(*args, **kwargs):
        kind = real_check(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1)
        return kind

    monkeypatch.setattr(services, "check", check_then_wait)


def mover(project_pk, to_stage, decision, by):
    """One curator's request: reads the project, then moves it (messages in English)."""

    def move():
        with translation.override("en"):
            return services.move(Project.objects.get(pk=project_pk), to_stage, decision, by=by)

    return move


def english(error):
    with translation.override("en"):
        return " ".join(error.messages)


def outcome(results):
    landed = [result for result in results if isinstance(result, StageTransition)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(landed) + len(refused) == len(results), results  # anything else fails the test and shows what
    return landed, refused


def assert_only(project, landed):
    project = Project.objects.get(pk=project.pk)
    moves = list(project.transitions.exclude(kind=Move.CREATED))
    assert moves == landed, f"{len(moves)} transitions landed: {[str(move) for move in moves]}"
    assert project.stage == landed[0].to_stage
    assert project.history.filter(stage=landed[0].to_stage).count() == 1
    assert project.history.exclude(stage=Stage.IDEA).count() == 1


def test_an_award_and_a_withdrawal_at_the_same_moment_let_exactly_one_land(curator):
    other = make_user("zweiter.kurator@example.org", "Karl Kurator", is_staff=True)
    project = make_project(by=curator)
    award = services.Decision(DECIDED, "ausschuss", recommended_on=date(2025, 5, 12))
    withdrawal = services.Decision(DECIDED, "sponsor", reason="Der Träger hat die Idee aufgegeben.")

    results = at_the_same_moment(
        mover(project.pk, Stage.STAR_1, award, curator),
        mover(project.pk, Stage.WITHDRAWN, withdrawal, other),
    )

    landed, refused = outcome(results)
    assert len(landed) == 1, f"both moves landed: {[str(move) for move in landed]}"
    now = Stage(landed[0].to_stage).label
    with translation.override("en"):
        assert english(refused[0]) == (
            f"Somebody else has moved this project from “Idea” to “{now}” meanwhile. Please check whether your "
            "decision still applies."
        )
    assert_only(project, landed)


def test_two_awards_of_the_same_star_at_the_same_moment_let_exactly_one_land(curator):
    other = make_user("zweiter.kurator@example.org", "Karl Kurator", is_staff=True)
    project = make_project(by=curator)
    award = services.Decision(DECIDED, "ausschuss")

    results = at_the_same_moment(
        mover(project.pk, Stage.STAR_1, award, curator),
        mover(project.pk, Stage.STAR_1, award, other),
    )

    landed, refused = outcome(results)
    assert len(landed) == 1, f"both moves landed: {[str(move) for move in landed]}"
    assert english(refused[0]) == (
        "Somebody else has moved this project from “Idea” to “1st star” meanwhile. Please check whether your "
        "decision still applies."
    )
    assert_only(project, landed)
