"""The benchmark data set (companies/bulk.py) and its commands seed_bulk and bench_directory."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from taggit.models import Tag, TaggedItem

from companies import bulk
from companies.models import District, Kind, Organisation, Status, Topic
from tests.conftest import make_organisation

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def tagged_items():
    content_type = ContentType.objects.get_for_model(Organisation)
    return TaggedItem.objects.filter(content_type=content_type)


def snapshot():
    """Everything generate() decides, without database ids."""
    rows = []
    for organisation in bulk.bulk_organisations().order_by("slug").prefetch_related("topics", "industries"):
        rows.append(
            {
                **{
                    name: getattr(organisation, name)
                    for name in [
                        "name",
                        "slug",
                        "kind",
                        "pitch",
                        "description",
                        "street",
                        "postcode",
                        "website",
                        "founded",
                        "size_band",
                        "stage",
                        "team_size",
                        "languages",
                        "looking_for",
                        "public_email",
                        "public_phone",
                        "published_at",
                        "created",
                        "content_updated",
                        "featured",
                    ]
                },  # fmt: skip
                "municipality": organisation.municipality.name,
                "topics": sorted(topic.slug for topic in organisation.topics.all()),
                "industries": sorted(industry.code for industry in organisation.industries.all()),
                "keywords": sorted(
                    tagged_items().filter(object_id=organisation.pk).values_list("tag__name", flat=True)
                ),
                "spin_off_of": organisation.spin_off_of.slug if organisation.spin_off_of else None,
            }
        )
    return rows


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_organisations():
    bulk.generate(50, seed=3, now=NOW)
    first = snapshot()
    bulk.generate(50, seed=3, now=NOW)
    second = snapshot()

    assert len(first) == 50
    assert [row["name"] for row in first] == [row["name"] for row in second]
    assert [row["slug"] for row in first] == [row["slug"] for row in second]
    assert first == second

    bulk.generate(50, seed=4, now=NOW)
    assert [row["name"] for row in snapshot()] != [row["name"] for row in first]


@pytest.mark.django_db
def test_names_and_slugs_are_unique_and_prefixed():
    bulk.generate(400, seed=1)

    names = list(bulk.bulk_organisations().values_list("name", flat=True))
    slugs = list(bulk.bulk_organisations().values_list("slug", flat=True))
    assert len(set(names)) == 400
    assert len(set(slugs)) == 400
    assert all(slug.startswith("bulk-") for slug in slugs)
    assert min(slugs).startswith("bulk-00001-") and max(slugs).startswith("bulk-00400-")


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "per_organisation"), [(101, 3), (60, 1), (40, 0), (30, 5)])
def test_keyword_assignments_average_the_requested_number(count, per_organisation):
    result = bulk.generate(count, seed=2, keywords_per_org=per_organisation)

    assert result.keyword_assignments == count * per_organisation
    assert tagged_items().count() == count * per_organisation
    per_org = [len(row["keywords"]) for row in snapshot()]
    assert all(0 <= n <= 20 for n in per_org)
    if per_organisation >= 2:
        assert len(set(per_org)) > 1, "the number of keywords varies between organisations"


@pytest.mark.django_db
def test_ten_thousand_organisations_would_get_thirty_thousand_keywords():
    generator = bulk._Generator(bulk.random.Random(1), NOW, keywords_per_org=3)
    assert sum(generator.keyword_counts(10_000)) == 30_000


@pytest.mark.django_db
def test_running_again_replaces_the_bulk_set_and_leaves_other_data_alone(alice):
    own = make_organisation("Bulk-Logistik GmbH", owner=alice, status=Status.PUBLISHED)
    assert own.slug == "bulk-logistik-gmbh"
    own.keywords.set(["opc ua", "mein eigenes stichwort"])
    own.topics.set(Topic.objects.filter(slug="ai"))

    bulk.generate(30, seed=1)
    old_ids = set(bulk.bulk_organisations().values_list("pk", flat=True))
    result = bulk.generate(20, seed=5)

    assert result.deleted == 30
    assert bulk.bulk_organisations().count() == 20
    assert Organisation.objects.count() == 21
    assert not tagged_items().filter(object_id__in=old_ids).exists()
    assert not Organisation.topics.through.objects.filter(organisation_id__in=old_ids).exists()
    assert tagged_items().exclude(object_id=own.pk).count() == 20 * 3
    # nothing twice: no organisation has a keyword or a topic twice
    pairs = list(tagged_items().values_list("object_id", "tag_id"))
    assert len(pairs) == len(set(pairs))
    own.refresh_from_db()
    assert sorted(tag.name for tag in own.keywords.all()) == ["mein eigenes stichwort", "opc ua"]
    assert [topic.slug for topic in own.topics.all()] == ["ai"]
    assert Tag.objects.filter(name="opc ua").count() == 1


@pytest.mark.django_db
def test_generated_organisations_keep_the_rules_of_the_model():
    bulk.generate(600, seed=7)
    organisations = list(bulk.bulk_organisations().select_related("municipality", "spin_off_of"))

    for organisation in organisations:
        organisation.full_clean()  # field validation and every check constraint of the model
        assert organisation.status == Status.PUBLISHED
        assert organisation.published_at is not None and organisation.published_at.tzinfo is not None
        assert organisation.created <= organisation.published_at <= organisation.content_updated
        assert len(organisation.pitch) <= 160
        assert organisation.founded is None or organisation.founded <= organisation.published_at.year
        assert (organisation.stage != "") == (organisation.kind == Kind.STARTUP)
        if organisation.spin_off_of:
            assert organisation.kind == Kind.STARTUP
            assert organisation.spin_off_of.is_research
    assert {organisation.kind for organisation in organisations} == set(Kind.values)
    assert {organisation.municipality.district for organisation in organisations} == set(District.values)
    assert sum(organisation.kind == Kind.FIRM for organisation in organisations) > len(organisations) / 2
    assert any(organisation.is_stale for organisation in organisations)
    assert any(not organisation.is_stale for organisation in organisations)

    links = Organisation.topics.through.objects.filter(organisation__in=organisations)
    per_organisation = {}
    for organisation_id in links.values_list("organisation_id", flat=True):
        per_organisation[organisation_id] = per_organisation.get(organisation_id, 0) + 1
    assert set(per_organisation.values()) == {1, 2, 3, 4}
    assert len(per_organisation) == len(organisations)
    assert set(links.values_list("topic__slug", flat=True)) == set(Topic.objects.values_list("slug", flat=True))


@pytest.mark.django_db
def test_texts_carry_the_vocabulary_that_search_benchmarks_need():
    bulk.generate(300, seed=1)
    descriptions = " ".join(bulk.bulk_organisations().values_list("description", flat=True))

    for word in ["Prozessdigitalisierung", "Unternehmensberatung", "Auftragsabwicklung", "Unternehmens", "Unternehmen"]:
        assert word in descriptions
    assert Tag.objects.filter(name__in=["opc ua", "blechbearbeitung", "kunststoffspritzguss"]).exists()
    assert 300 <= len(bulk.TRADE_KEYWORDS) + sum(len(words) for words in bulk.TOPIC_KEYWORDS.values()) <= 500
    # the organisations' search documents were refreshed after the bulk insert
    assert not bulk.bulk_organisations().filter(search_document="").exists()


@pytest.mark.django_db
def test_existing_keywords_are_reused_whatever_their_case_and_taken_slugs_are_avoided():
    Tag.objects.create(name="OPC UA", slug="opc-ua")
    Tag.objects.create(name="Predictive-Maintenance", slug="predictive-maintenance")

    bulk.generate(200, seed=1)

    assert not Tag.objects.filter(name="opc ua").exists()
    assert tagged_items().filter(tag__name="OPC UA").exists()
    new = Tag.objects.get(name="predictive maintenance")  # another keyword, whose slug was taken
    assert new.slug == "predictive-maintenance_1"
    assert tagged_items().filter(tag=new).exists()


@pytest.mark.django_db
def test_seed_bulk_command_reports_what_it_made():
    out = StringIO()
    call_command("seed_bulk", organisations=25, seed=2, keywords_per_organisation=2, stdout=out)

    assert bulk.bulk_organisations().count() == 25
    assert tagged_items().count() == 50
    output = out.getvalue()
    assert "adds generated demo organisations" in output
    assert "Created 25 published organisations (seed 2) with 50 keyword assignments" in output

    call_command("seed_bulk", organisations=10, stdout=out)
    assert bulk.bulk_organisations().count() == 10
    assert "Deleted the previous bulk set of 25 organisations." in out.getvalue()


@pytest.mark.django_db
def test_bench_directory_command_measures_every_scenario(tmp_path):
    bulk.generate(60, seed=1)
    out = StringIO()
    path = tmp_path / "bench.json"

    call_command("bench_directory", runs=2, warmup=1, json_path=str(path), stdout=out)

    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["generated_organisations"] == 60
    names = [figure["scenario"] for figure in data["scenarios"]]
    assert names[:2] == ["plain directory", "three filters and a search term"]
    assert {"search with a typo", "deep page", "distance"} <= set(names)
    for figure in data["scenarios"]:
        assert figure["min_ms"] <= figure["median_ms"] <= figure["p95_ms"]
        assert figure["queries"] > 0
    assert data["scenarios"][0]["results"] == 60
    assert "three filters and a search term" in out.getvalue()


@pytest.mark.django_db
def test_bench_directory_can_measure_chosen_scenarios_only(tmp_path):
    bulk.generate(20, seed=1)
    path = tmp_path / "bench.json"

    call_command("bench_directory", runs=1, warmup=0, only=["plain", "DEEP"], json_path=str(path), stdout=StringIO())

    scenarios = json.loads(path.read_text(encoding="utf-8"))["scenarios"]
    assert [figure["scenario"] for figure in scenarios] == ["plain directory", "deep page"]
