"""Every change of a project, its sponsors and municipalities, its funding lines and news updates is recorded with who
and when (django-simple-history, DOMAIN.md §7 "every change recorded with who and when"); two versions can be
compared field by field."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from companies.models import Municipality
from regionale import services
from regionale.models import FundingLine, Project, ProjectUpdate, Stage, Themenfeld
from tests.conftest import make_organisation, make_user

from .conftest import make_project


def latest_two(history):
    new, old = history.all()[:2]
    return new, old


def saved_by(instance, user, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = user
    instance.save()
    return instance


def assert_recorded(record, user, started):
    assert record.history_user == user
    assert started <= record.history_date <= timezone.now()


CHANGES = {
    "title": "Digitale Dorfmitte Eslohe",
    "slug": "digitale-dorfmitte-eslohe",
    "summary": "Ein neuer Treffpunkt mit Co-Working, Bürgerbüro und Café.",
    "description": "Das alte Rathaus wird zum digitalen Dorfzentrum.",
    "handlungsfeld": "gesellschaft",
    "dna_digital": True,
    "dna_sustainable": True,
    "dna_authentic": True,
    "website": "https://dorfmitte.example",
    "is_example": True,
}


@pytest.mark.parametrize(("field", "value"), CHANGES.items(), ids=list(CHANGES))
def test_it_records_each_field_change_with_who_and_when(curator, field, value):
    project = make_project(by=curator)
    before = getattr(project, field)
    started = timezone.now()

    saved_by(project, curator, **{field: value})

    new, old = latest_two(project.history)
    assert_recorded(new, curator, started)
    assert new.history_type == "~"
    delta = new.diff_against(old)
    assert delta.changed_fields == [field]
    assert (delta.changes[0].old, delta.changes[0].new) == (before, value)


def test_it_records_changed_relations_to_sponsor_topic_field_and_submitter(curator, alice):
    project = make_project(by=curator)
    sponsor = make_organisation("Stadt Eslohe", kind="public", municipality="Eslohe")
    themenfeld = Themenfeld.objects.get(slug="digitale-mitten")

    saved_by(project, curator, lead_sponsor=sponsor, themenfeld=themenfeld, submitted_by=alice)

    new, old = latest_two(project.history)
    delta = new.diff_against(old)
    assert delta.changed_fields == ["lead_sponsor", "submitted_by", "themenfeld"]
    assert [(change.old, change.new) for change in delta.changes] == [
        (None, sponsor.pk),
        (None, alice.pk),
        (None, themenfeld.pk),
    ]
    assert (new.lead_sponsor, new.themenfeld, new.submitted_by) == (sponsor, themenfeld, alice)


def test_a_title_change_is_recorded_with_the_curator_not_somebody_else(curator):
    project = make_project(by=curator)
    other = make_user("zweite@example.org", "Zora Zweite")
    saved_by(project, other, title="Erste Änderung")
    saved_by(project, curator, title="Zweite Änderung")

    titles = [(record.title, record.history_user) for record in project.history.all()[:2]]
    assert titles == [("Zweite Änderung", curator), ("Erste Änderung", other)]


def test_an_unchanged_save_shows_no_differences(curator):
    project = make_project(by=curator)
    saved_by(project, curator)
    new, old = latest_two(project.history)
    assert new.diff_against(old).changed_fields == []  # `updated` is not part of the history


def test_it_records_added_and_removed_sponsors_with_who_and_when(curator):
    project = make_project(by=curator)
    first = make_organisation("Stadt Eslohe", kind="public", municipality="Eslohe")
    second = make_organisation("Südwestfalen Agentur", kind="public", municipality="Olpe")
    started = timezone.now()

    project._history_user = curator
    project.sponsors.add(first, second)
    project.sponsors.remove(first)

    removed, added = latest_two(project.history)
    assert_recorded(added, curator, started)
    assert_recorded(removed, curator, started)
    assert {row.organisation for row in added.sponsors.all()} == {first, second}
    assert [row.organisation for row in removed.sponsors.all()] == [second]
    delta = removed.diff_against(added)
    assert delta.changed_fields == ["sponsors"]
    assert [row["organisation"] for row in delta.changes[0].old] == sorted([first.pk, second.pk])
    assert [row["organisation"] for row in delta.changes[0].new] == [second.pk]


def test_it_records_changed_municipalities_with_who_and_when(curator):
    project = make_project(by=curator)  # in Eslohe
    started = timezone.now()

    project._history_user = curator
    project.municipalities.set(Municipality.objects.filter(name__in=["Eslohe", "Schmallenberg"]))

    new, old = latest_two(project.history)
    assert_recorded(new, curator, started)
    assert {row.municipality.name for row in old.municipalities.all()} == {"Eslohe"}
    assert {row.municipality.name for row in new.municipalities.all()} == {"Eslohe", "Schmallenberg"}
    assert new.diff_against(old).changed_fields == ["municipalities"]


def test_a_move_is_recorded_with_its_stage_and_the_decision_as_reason(curator):
    project = make_project(by=curator)
    started = timezone.now()
    with translation.override("en"):
        services.move(project, Stage.STAR_1, services.Decision(date(2025, 6, 2), "ausschuss"), by=curator)

    new, old = latest_two(project.history)
    assert_recorded(new, curator, started)
    assert new.history_change_reason == "Advanced: Idea → 1st star"
    assert (old.stage, new.stage) == (Stage.IDEA, Stage.STAR_1)
    assert (old.stage_since, new.stage_since) == (timezone.localdate(), date(2025, 6, 2))
    # simple-history compares only editable fields, and the stage is not editable (it moves only by a decision):
    # its change shows in the version's change reason above and in the transitions.
    assert new.diff_against(old).changed_fields == []


def test_it_keeps_every_version_to_compare_any_two(curator):
    project = make_project(by=curator)
    saved_by(project, curator, title="Version zwei")
    saved_by(project, curator, summary="Eine neue Zusammenfassung.", dna_digital=True)
    saved_by(project, curator, title="Version vier")

    versions = list(project.history.order_by("history_date", "history_id"))
    first_edit, last = versions[-3], versions[-1]
    assert first_edit.title == "Version zwei"
    delta = last.diff_against(first_edit)
    assert delta.changed_fields == ["dna_digital", "summary", "title"]
    assert Project.objects.get(pk=project.pk).history.count() == len(versions)


# --- funding lines and news updates -------------------------------------------------------------------------------


def test_it_records_each_change_of_a_funding_line(curator):
    project = make_project(stage=Stage.STAR_2, by=curator)
    started = timezone.now()
    line = saved_by(FundingLine(project=project, source="efre", amount=Decimal("480000")), curator)
    saved_by(line, curator, status="applied", note="Aufruf Regio.NRW 2024")
    saved_by(line, curator, status="granted", amount=Decimal("455000.00"))

    granted, applied, created = line.history.all()
    assert [record.history_type for record in (granted, applied, created)] == ["~", "~", "+"]
    for record in (granted, applied, created):
        assert_recorded(record, curator, started)
    assert applied.diff_against(created).changed_fields == ["note", "status"]
    delta = granted.diff_against(applied)
    assert delta.changed_fields == ["amount", "status"]
    assert [(change.old, change.new) for change in delta.changes] == [
        (Decimal("480000.00"), Decimal("455000.00")),
        ("applied", "granted"),
    ]

    line_id = line.pk
    line._history_user = curator
    line.delete()
    deleted = FundingLine.history.filter(id=line_id).first()
    assert (deleted.history_type, deleted.history_user) == ("-", curator)


def test_it_records_each_change_of_a_news_update(curator):
    project = make_project(published=True, by=curator)
    started = timezone.now()
    update = saved_by(
        ProjectUpdate(project=project, title="Spatenstich", body="Die Bauarbeiten beginnen.", author=curator), curator
    )
    saved_by(update, curator, title="Spatenstich im März", published_on=date(2025, 3, 14))

    new, old = latest_two(update.history)
    assert_recorded(new, curator, started)
    assert old.history_type == "+"
    assert new.diff_against(old).changed_fields == ["published_on", "title"]
