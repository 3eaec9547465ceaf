"""The demo REGIONALE projects (regionale/demo.py, part of seed_demo): idempotent, all examples, every district,
field and stage, each stage reached by valid transitions with realistic decisions, funding that fits the stage, and a
few projects looking for partners."""

import time
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from companies import demo as companies_demo
from companies.models import District
from matching import demo as matching_demo
from matching.models import Entry
from regionale import demo
from regionale.models import (
    PATH,
    STAR_AWARDS,
    DecisionBody,
    FundingLine,
    FundingStatus,
    Handlungsfeld,
    Move,
    Project,
    ProjectUpdate,
    Stage,
    StageTransition,
    Themenfeld,
    allowed_moves,
)
from regionale.services import kind_of_move

pytestmark = pytest.mark.django_db

SUEDWESTFALEN = {district for district in District.values if district != District.DORTMUND}


@pytest.fixture
def built():
    companies_demo.organisations()
    matching_demo.needs_and_offers()
    started = time.monotonic()
    lines = demo.regionale_projects()
    return lines, time.monotonic() - started


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Project, StageTransition, FundingLine, ProjectUpdate, Project.history.model)
    } | {"needs": Project.needs.through.objects.count(), "sponsors": Project.sponsors.through.objects.count()}


def test_it_builds_thirty_example_projects_and_says_so(built):
    lines, seconds = built
    assert Project.objects.count() == 30
    assert not Project.objects.filter(is_example=False).exists()
    assert lines == [
        "REGIONALE 2025: 30 example projects in every stage, 4 unpublished ideas "
        "(one under “My ideas” of inhaberin@demo.brueckenschlag.example)"
    ]
    assert seconds < 10, f"the demo builder took {seconds:.1f} s"


def test_running_it_again_changes_nothing_and_keeps_a_curators_changes(built):
    project = Project.objects.get(slug="werkstattquartier-olpe")
    project.summary = "Von der Kuratorin geändert."
    project.save()
    before = counts()
    versions = dict(Project.objects.values_list("slug", "updated"))

    assert demo.regionale_projects() == built[0]

    assert counts() == before
    assert dict(Project.objects.values_list("slug", "updated")) == versions
    assert Project.objects.get(pk=project.pk).summary == "Von der Kuratorin geändert."


def test_seed_demo_builds_them_with_the_other_apps(db):
    call_command("seed_demo", stdout=StringIO())
    assert Project.objects.filter(is_example=True).count() == 30


def test_it_covers_every_stage_district_field_and_topic_field(built):
    stages = Counter(Project.objects.values_list("stage", flat=True))
    assert stages == {
        Stage.IDEA: 4,
        Stage.STAR_1: 8,
        Stage.STAR_2: 6,
        Stage.STAR_3: 5,
        Stage.IMPLEMENTATION: 4,
        Stage.COMPLETED: 2,
        Stage.WITHDRAWN: 1,
    }
    districts = Counter(Project.objects.values_list("municipalities__district", flat=True))
    assert set(districts) == SUEDWESTFALEN
    assert min(districts.values()) >= 4
    spanning = Project.objects.annotate(places=Count("municipalities")).filter(places=2)
    assert 3 <= spanning.count() <= 6
    assert not Project.objects.annotate(places=Count("municipalities")).filter(places=0).exists()
    assert set(Project.objects.values_list("handlungsfeld", flat=True)) == set(Handlungsfeld.values)
    assert set(Project.objects.values_list("themenfeld__slug", flat=True)) == set(
        Themenfeld.objects.values_list("slug", flat=True)
    )
    for project in Project.objects.select_related("themenfeld"):
        assert project.themenfeld.handlungsfeld == project.handlungsfeld
        assert project.dna(), project
    aspects = Counter(
        (project.dna_digital, project.dna_sustainable, project.dna_authentic) for project in Project.objects.all()
    )
    assert len(aspects) >= 5


def test_ideas_are_unpublished_one_of_them_the_demo_owners_the_rest_published_a_few_featured(built):
    assert set(Project.objects.filter(published=False).values_list("stage", flat=True)) == {Stage.IDEA}
    assert Project.objects.filter(published=False).count() == 4
    assert not Project.objects.filter(published=True, published_at__isnull=True).exists()
    featured = Project.objects.filter(featured=True)
    assert 3 <= featured.count() <= 4
    assert all(project.published for project in featured)
    assert len(set(featured.values_list("stage", flat=True))) == featured.count()  # one per stage

    owner = User.objects.get(email="inhaberin@demo.brueckenschlag.example")
    idea = Project.objects.get(submitted_by=owner)
    assert (idea.stage, idea.published) == (Stage.IDEA, False)
    assert idea.lead_sponsor.memberships.filter(user=owner, role="owner").exists()
    assert idea in Project.objects.visible_to(owner)
    assert idea.transitions.get().by == owner
    assert Project.objects.filter(submitted_by__isnull=False).count() == 1


def test_every_stage_was_reached_by_valid_transitions_at_committee_meetings_months_apart(built):
    curator = User.objects.get(email="kuratorin@demo.brueckenschlag.example")
    allowed = set(allowed_moves())
    for project in Project.objects.prefetch_related("transitions"):
        transitions = list(project.transitions.all())
        assert transitions[0].kind == Move.CREATED
        stage, day = "", date(2018, 1, 1)
        for transition in transitions:
            assert (transition.from_stage, transition.to_stage, transition.kind) in allowed
            assert transition.from_stage == stage
            assert kind_of_move(stage, transition.to_stage) == transition.kind
            assert day <= transition.decided_on <= date(2025, 12, 31)
            if transition.kind == Move.ADVANCE and transition.to_stage in STAR_AWARDS:
                assert transition.body == DecisionBody.AUSSCHUSS
                assert transition.decided_on - transition.recommended_on == timedelta(weeks=3)
            if transition.kind != Move.CREATED:
                assert transition.by == curator
            stage, day = transition.to_stage, transition.decided_on
        assert (project.stage, project.stage_since) == (stage, day)
        assert project.history.filter(stage=project.stage).exists()

    stars = StageTransition.objects.filter(kind=Move.ADVANCE, to_stage__in=STAR_AWARDS)
    meetings = sorted(set(stars.values_list("decided_on", flat=True)))
    assert meetings[0].year == 2018 and meetings[-1].year == 2025
    assert all((later - earlier).days >= 60 for earlier, later in zip(meetings, meetings[1:], strict=False))
    assert StageTransition.objects.filter(kind=Move.REVERT).count() == 1  # one project shows a step back
    assert StageTransition.objects.filter(kind=Move.WITHDRAW).get().reason


def test_funding_fits_the_stage_sponsors_are_demo_organisations_and_news_follow_decisions(built):
    granted_from = {Stage.STAR_3, Stage.IMPLEMENTATION, Stage.COMPLETED}
    for project in Project.objects.prefetch_related("funding"):
        statuses = {line.status for line in project.funding.all()}
        if project.stage in granted_from:
            assert statuses == {FundingStatus.GRANTED}, project
        elif project.stage == Stage.WITHDRAWN:
            assert statuses == {FundingStatus.DECLINED}
        elif project.stage in (Stage.STAR_1, Stage.STAR_2):
            assert statuses and FundingStatus.GRANTED not in statuses, project
        else:
            assert not statuses, project
    assert set(FundingLine.objects.values_list("source", flat=True)) >= {"regionale", "efre", "staedtebau", "federal"}
    assert FundingLine.objects.filter(project__stage=Stage.STAR_2, status=FundingStatus.APPLIED).exists()

    assert not Project.objects.filter(lead_sponsor__isnull=True).exclude(stage=Stage.IDEA).exists()
    assert Project.objects.filter(lead_sponsor__kind__in=["public", "university"]).count() >= 8
    assert Project.sponsors.through.objects.count() >= 10
    assert ProjectUpdate.objects.values("project").distinct().count() >= 6
    for update in ProjectUpdate.objects.select_related("project"):
        assert update.published_on >= update.project.transitions.exclude(kind=Move.CREATED).first().decided_on


def test_a_few_published_projects_look_for_partners_with_their_lead_sponsors_needs(built):
    looking = Project.objects.filter(published=True, needs__isnull=False).distinct()
    assert looking.count() >= 3
    for project in looking:
        for need in project.needs.all():
            assert (need.side, need.organisation_id) == ("need", project.lead_sponsor_id)
            assert need.is_current()
    assert Entry.objects.needs().count() == 12  # the demo links matching's needs, it adds none


def test_it_builds_even_without_the_other_demos(db):
    lines = demo.regionale_projects()
    assert Project.objects.count() == 30 and "30 example projects" in lines[0]
    assert not Project.objects.filter(lead_sponsor__isnull=False).exists()
    assert set(Project.objects.values_list("stage", flat=True)) == set(PATH) | {Stage.WITHDRAWN}
