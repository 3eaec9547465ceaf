"""The matching benchmark: seed_matching_bulk (needs and offers on seed_bulk's organisations, demo members) and
bench_matching (the figures of issue 6 point 7), at a tiny size; and the engine's shortcut for speed (the topic sets
each process keeps) giving the same results as reading everything."""

import json
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import TaggedItem

from companies.bulk import bulk_organisations
from companies.models import Membership, Topic
from matching import bulk, engine
from matching.engine import Weights
from matching.models import Entry
from tests.conftest import make_organisation
from tests.matching.conftest import make_entry

pytestmark = pytest.mark.django_db


def seed(**options):
    out = StringIO()
    call_command("seed_matching_bulk", organisations=20, stdout=out, **options)
    return out.getvalue()


def test_it_seeds_current_needs_and_offers_with_topics_and_keywords():
    output = seed()

    assert "Created 40 current needs and 60 current offers" in output
    current = Entry.objects.current().filter(organisation__in=bulk_organisations())
    assert current.needs().count() == 40
    assert current.offers().count() == 60
    assert 100 < Entry.objects.count() <= 105  # about 5 % more that are closed or expired
    links = Entry.topics.through.objects.all()
    per_entry = {}
    for entry_id, topic_id in links.values_list("entry_id", "topic_id"):
        per_entry.setdefault(entry_id, set()).add(topic_id)
    assert len(per_entry) == Entry.objects.count()
    assert all(2 <= len(topics) <= 5 for topics in per_entry.values())
    assert set().union(*per_entry.values()) <= set(Topic.objects.values_list("pk", flat=True))
    tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Entry))
    assert tagged.values("object_id").distinct().count() > 50
    assert {entry.reach for entry in Entry.objects.all()} >= {"any", "radius"}
    assert all(entry.expires_on > entry.created.date() for entry in current)


def test_it_gives_each_demo_member_an_organisation_with_five_current_entries():
    seed(members=2)

    members = list(bulk.bulk_members().order_by("email"))
    assert [member.email for member in members] == [
        "mitglied-01@bulk-matching.example",
        "mitglied-02@bulk-matching.example",
    ]
    for member in members:
        [membership] = Membership.objects.filter(user=member)
        entries = Entry.objects.current().filter(organisation=membership.organisation)
        assert (entries.needs().count(), entries.offers().count()) == (2, 3)


def test_the_same_seed_gives_the_same_entries_and_a_second_run_replaces_them():
    seed(seed=3)
    first = sorted(Entry.objects.values_list("title", "side", "type"))
    seed(seed=3)
    assert sorted(Entry.objects.values_list("title", "side", "type")) == first
    assert bulk.bulk_members().count() == 5


def test_the_engine_finds_candidates_in_the_seeded_data():
    seed()
    need = Entry.objects.current().needs().filter(topics__isnull=False).first()

    matches = engine.for_need(need, limit=10)

    assert len(matches) == 10
    assert all(match.organisation != need.organisation for match in matches)
    assert any(not match.is_organisation for match in matches)


def test_bench_matching_prints_the_figures():
    seed()
    out = StringIO()

    call_command("bench_matching", runs=2, warmup=0, entries=3, refreshes=1, stdout=out)

    table = out.getvalue()
    assert "| engine.for_need, limit 10 |" in table
    assert "| matches page of a need |" in table
    assert "| personal matches page |" in table
    assert "| topic_weights(), empty cache |" in table
    assert "not measured" not in table  # both pages answered 200


def test_bench_matching_writes_json(tmp_path):
    seed()
    path = tmp_path / "figures.json"

    call_command("bench_matching", runs=1, warmup=0, entries=2, refreshes=1, json_path=str(path), stdout=StringIO())

    figures = json.loads(path.read_text())
    assert figures["current_needs"] == 40
    assert {row["measure"] for row in figures["measures"]} >= {"engine.for_offer, limit 10", "personal matches page"}


# --- the engine's topic sets (issue 6 point 7) stay exact -----------------------------------------------------


def offers_for(need):
    return [match.target for match in engine.for_need(need, limit=50) if not match.is_organisation]


def test_an_offer_added_after_the_engine_read_its_topic_sets_is_found_at_once(organisation, startup):
    need = make_entry(organisation, topics=["ai", "iot-industrie-40"])
    first = make_entry(startup, side="offer", topics=["ai"])
    assert offers_for(need) == [first]

    second = make_entry(startup, side="offer", topics=["ai", "iot-industrie-40"])  # no commit: nothing invalidated

    assert offers_for(need) == [second, first]
    assert offers_for(need) == [second, first]  # and again, with the topic sets read anew


def test_a_keyword_added_after_the_engine_read_its_topic_sets_counts_at_once(organisation, startup):
    need = make_entry(organisation, topics=["ai"], keywords=["OPC UA"])
    unrelated = make_entry(startup, side="offer", topics=["logistics"])
    assert offers_for(need) == []

    unrelated.keywords.add("opc ua")

    [match] = engine.for_need(need, limit=5)
    assert match.target == unrelated
    assert match.shared_keywords == ["OPC UA"]  # the tag the offer uses (taggit matched it case-insensitively)


def test_when_the_best_topic_sets_hold_too_few_eligible_offers_the_query_reads_them_all(
    organisation, startup, monkeypatch
):
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    monkeypatch.setattr(engine, "FAST_NARROWED", 1)
    need = make_entry(organisation, topics=["ai", "iot-industrie-40"])
    firm = make_organisation("Lenne Daten GmbH", status="published")
    for number in range(8):  # the best topic set, but none of them from a start-up
        make_entry(firm, side="offer", title=f"Angebot {number}", topics=["ai", "iot-industrie-40"])
    wanted = make_entry(startup, side="offer", topics=["ai", "logistics"])
    engine.for_need(need, limit=1)  # reads the topic sets
    narrowed = Weights(only_kinds=["startup"])

    with CaptureQueriesContext(connection) as queries:
        matches = engine.for_need(need, limit=1, weights=narrowed)

    assert [match.target for match in matches] == [wanted]
    with CaptureQueriesContext(connection) as fast:
        engine.for_need(need, limit=1)
    assert len(queries) == len(fast)
