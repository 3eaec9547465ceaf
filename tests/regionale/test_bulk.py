"""The REGIONALE benchmark data set: seed_regionale_bulk (regionale/bulk.py) on a small seed_bulk set."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from companies import bulk as companies_bulk
from companies.models import Region
from matching import bulk as matching_bulk
from matching.models import Side
from regionale import bulk
from regionale.models import (
    STAR_AWARDS,
    DecisionBody,
    FundingLine,
    FundingStatus,
    Move,
    Project,
    ProjectUpdate,
    Stage,
    StageTransition,
)

from .conftest import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    companies_bulk.generate(50, seed=1)
    return companies_bulk.bulk_organisations()


def seed(projects=12, **options):
    out = StringIO()
    call_command("seed_regionale_bulk", projects=projects, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """What the generator decided, without database ids."""
    rows = []
    projects = bulk.bulk_projects().order_by("slug").select_related("lead_sponsor", "themenfeld")
    for project in projects.prefetch_related("sponsors", "municipalities", "transitions", "funding", "updates"):
        rows.append(
            {
                "title": project.title,
                "slug": project.slug,
                "stage": project.stage,
                "summary": project.summary,
                "description": project.description,
                "lead": project.lead_sponsor.slug,
                "sponsors": sorted(o.slug for o in project.sponsors.all()),
                "places": sorted(m.name for m in project.municipalities.all()),
                "themenfeld": project.themenfeld.slug,
                "dna": project.dna(),
                "published": (project.published, project.published_at, project.featured),
                "path": [
                    (t.kind, t.to_stage, t.decided_on, t.body, t.recommended_on, t.reason)
                    for t in project.transitions.all()
                ],
                "funding": sorted((f.source, f.amount, f.status) for f in project.funding.all()),
                "updates": [(u.published_on, u.title) for u in project.updates.all()],
            }
        )
    return rows


def history_rows():
    return bulk.history_rows(list(Project.objects.values_list("pk", flat=True)))


def test_the_same_seed_gives_the_same_projects(organisations):
    seed(seed=3)
    first = snapshot()
    seed(seed=3)
    second = snapshot()

    assert len(first) == 12
    assert [row["title"] for row in first] == [row["title"] for row in second]
    assert [row["stage"] for row in first] == [row["stage"] for row in second]
    assert first == second

    seed(seed=4)
    assert [row["title"] for row in snapshot()] != [row["title"] for row in first]


def test_the_stages_are_spread_like_a_portfolio(organisations):
    output = seed()

    assert dict(Counter(bulk.bulk_projects().values_list("stage", flat=True))) == {
        "idea": 1,
        "star-1": 3,
        "star-2": 3,
        "star-3": 2,
        "implementation": 1,
        "completed": 1,
        "withdrawn": 1,
    }
    # of 100: a tenth ideas, most with one to three stars, some in implementation or completed, a few withdrawn
    assert list(bulk.quotas(100, bulk.STAGE_SHARES).values()) == [10, 27, 22, 15, 13, 7, 6]
    stages = "1 idea, 3 star-1, 3 star-2, 2 star-3, 1 implementation, 1 completed, 1 withdrawn"
    assert f"Created 12 projects ({stages}) with " in output
    assert "projects through the workflow" in output


def test_every_project_reached_its_stage_through_the_workflow(organisations):
    seed(projects=24, seed=2)
    today = timezone.localdate()

    for project in bulk.bulk_projects().prefetch_related("transitions"):
        path = list(project.transitions.all())
        assert (path[0].kind, path[0].from_stage, path[0].to_stage) == (Move.CREATED, "", Stage.IDEA)
        assert project.stage == path[-1].to_stage
        assert project.stage_since == path[-1].decided_on
        assert [t.from_stage for t in path[1:]] == [t.to_stage for t in path[:-1]]
        days = [t.decided_on for t in path]
        assert days == sorted(days) and days[-1] <= today
        for transition in path:
            transition.full_clean()
            if transition.kind == Move.ADVANCE and transition.to_stage in STAR_AWARDS:
                assert transition.body == DecisionBody.AUSSCHUSS
                assert transition.recommended_on < transition.decided_on
            if transition.kind in (Move.REVERT, Move.WITHDRAW):
                assert transition.reason
        assert project.created.date() == path[0].decided_on
    assert StageTransition.objects.filter(kind=Move.ADVANCE, to_stage=Stage.COMPLETED, body="agentur").exists()


def test_generated_projects_keep_the_rules_of_the_model(organisations):
    seed(projects=24, seed=5)
    generated = set(organisations.values_list("pk", flat=True))
    projects = bulk.bulk_projects().select_related("themenfeld").prefetch_related("municipalities", "sponsors")

    for project in projects:
        project.full_clean()  # field validation, clean() (the Themenfeld belongs to the Handlungsfeld), constraints
        assert project.slug.startswith("bulk-rp-") and project.is_example
        assert bulk.GENERATED_NOTE in project.description
        assert project.lead_sponsor_id in generated
        sponsors = {o.pk for o in project.sponsors.all()}
        assert len(sponsors) <= 3 and sponsors <= generated and project.lead_sponsor_id not in sponsors
        places = list(project.municipalities.all())
        assert 1 <= len(places) <= 3 and all(place.region == Region.SUEDWESTFALEN for place in places)
        assert project.dna()
        starred = project.transitions.filter(to_stage=Stage.STAR_1).exists()
        assert project.published == starred
        assert not project.published or project.published_at <= timezone.now()
        assert not project.featured or (project.published and project.stage != Stage.WITHDRAWN)
        for line in project.funding.all():
            line.full_clean()
            if project.stage in (Stage.STAR_3, Stage.IMPLEMENTATION, Stage.COMPLETED):
                assert line.status == FundingStatus.GRANTED
            if project.stage == Stage.WITHDRAWN:
                assert line.status == FundingStatus.DECLINED
        for update in project.updates.all():
            update.full_clean()
            assert project.transitions.filter(to_stage=Stage.STAR_1, decided_on__lte=update.published_on).exists()
    assert projects.filter(published=True).count() >= 20
    assert projects.filter(featured=True).count() == 2  # 8 % of 24
    assert not projects.filter(needs__isnull=False).exists()  # seed_matching_bulk did not run


def test_projects_look_for_partners_with_needs_of_their_lead_sponsor(organisations):
    matching_bulk.generate(seed=1)

    seed(projects=20)

    projects = bulk.bulk_projects().filter(needs__isnull=False).distinct()
    assert projects.count() == 4  # a fifth
    for project in projects:
        needs = list(project.needs.all())
        assert 1 <= len(needs) <= 2
        assert all(need.side == Side.NEED and need.organisation_id == project.lead_sponsor_id for need in needs)
        assert project.stage in (*STAR_AWARDS, Stage.IMPLEMENTATION)


def test_a_second_run_replaces_the_set_with_its_history_and_leaves_other_projects_alone(organisations, curator):
    own = make_project("Bulk RP Dorfzentrum", stage="star-1", published=True, by=curator)
    assert own.slug == "bulk-rp-dorfzentrum"
    own_history = history_rows()
    seed()
    old = list(bulk.bulk_projects().values_list("pk", flat=True))
    assert bulk.history_rows(old) > 12 * 5

    output = seed(projects=8, seed=9)

    assert "Deleted the previous set of 12 projects." in output
    assert bulk.bulk_projects().count() == 8
    assert Project.objects.count() == 9
    assert not StageTransition.objects.filter(project_id__in=old).exists()
    assert not FundingLine.objects.filter(project_id__in=old).exists()
    assert not ProjectUpdate.objects.filter(project_id__in=old).exists()
    assert bulk.history_rows(old) == 0
    assert bulk.bulk_curators().count() == 1
    own.refresh_from_db()
    assert own.stage == Stage.STAR_1 and own.transitions.count() == 2
    assert bulk.history_rows([own.pk]) == own_history


def test_clear_empties_the_set(organisations):
    seed()
    ids = list(bulk.bulk_projects().values_list("pk", flat=True))

    output = seed(clear=True)

    assert "Deleted the REGIONALE bulk set (12 projects)." in output
    assert not Project.objects.exists()
    assert not StageTransition.objects.exists()
    assert not FundingLine.objects.exists()
    assert bulk.history_rows(ids) == 0
    historical_project, m2m, children = bulk.history_models()
    assert not any(model.objects.exists() for model in [historical_project, *m2m, *children])
    assert not bulk.bulk_curators().exists()
    assert "0 projects" in seed(clear=True)


def test_without_the_organisations_of_seed_bulk_it_says_what_to_run():
    with pytest.raises(CommandError, match="seed_bulk"):
        seed()

    assert not Project.objects.exists()
    assert not bulk.bulk_curators().exists()  # the transaction rolled back


def test_a_negative_number_of_projects_is_refused(organisations):
    with pytest.raises(CommandError, match="--projects"):
        seed(projects=-1)
