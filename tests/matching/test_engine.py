"""The matching engine (matching/engine.py): scoring pieces on small examples worked out by hand."""

from datetime import timedelta
from math import log

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.models import Municipality, Topic
from matching import engine
from matching.engine import Weights
from tests.conftest import make_organisation
from tests.matching.conftest import make_entry

pytestmark = pytest.mark.django_db

# Titles and descriptions that share no word, so that the text part is 0 where a test works out numbers.
QUIET = {"title": "Bildanalyse", "description": "Kameras."}
OFFER = {"title": "Kameras", "description": "Optik."}


def provider(name, kind="firm", municipality="Arnsberg", **extra):
    return make_organisation(name, kind=kind, municipality=municipality, status="published", **extra)


def km(a, b):
    return Municipality.objects.get(name=a).distance_km(Municipality.objects.get(name=b))


def idf(n_entries, n_with_topic):
    return log((1 + n_entries) / (1 + n_with_topic)) + 1


def by_target(matches):
    return {match.target: match for match in matches}


def side(topics, text=0.0, distance=1.0, kind=1.0):
    return 0.6 * topics + 0.15 * text + 0.15 * distance + 0.10 * kind


def harmonic(a, b):
    return 2 * a * b / (a + b)


# --- rarity and the topic part --------------------------------------------------------------------------


def test_idf_over_current_entries_in_three_queries_and_refreshed_after_invalidation(organisation):
    other = provider("Lenne Daten GmbH")
    make_entry(organisation, topics=["ai", "iot-industrie-40"])
    make_entry(other, side="offer", topics=["ai"])
    make_entry(other, side="offer", topics=["ai"], status="closed")  # not current: not counted
    engine.invalidate()

    with CaptureQueriesContext(connection) as queries:
        weights = engine.topic_weights()
    assert len(queries) == 3  # counts per topic, current entries, topics: whatever the number of entries
    ai, iot = Topic.objects.get(slug="ai").pk, Topic.objects.get(slug="iot-industrie-40").pk
    logistics = Topic.objects.get(slug="logistics").pk
    assert weights[ai][1] == pytest.approx(1.0)  # in both of the 2 current entries: ln(3/3) + 1
    assert weights[iot][1] == pytest.approx(log(3 / 2) + 1)
    assert weights[logistics][1] == pytest.approx(log(3) + 1)  # in none

    make_entry(other, side="offer", topics=["logistics"])
    assert engine.topic_weights()[logistics][1] == pytest.approx(log(3) + 1)  # cached
    engine.invalidate()
    assert engine.topic_weights()[logistics][1] == pytest.approx(log(4 / 2) + 1)
    assert engine.topic_weights()[ai][1] == pytest.approx(log(4 / 3) + 1)


def test_topic_parts_weighted_by_rarity_and_combined_by_harmonic_mean(organisation):
    other = provider("Lenne Daten GmbH")
    need = make_entry(organisation, topics=["ai", "iot-industrie-40"], **QUIET)
    full = make_entry(other, side="offer", topics=["ai", "iot-industrie-40"], title="Kameras", description="Optik.")
    partial = make_entry(other, side="offer", topics=["ai", "logistics"], title="Kameras", description="Optik.")
    make_entry(other, side="offer", topics=["ai"], title="Kameras", description="Optik.")
    # 4 current entries: ai in 4, iot in 2, logistics in 1
    ai, iot, logistics = idf(4, 4), idf(4, 2), idf(4, 1)
    assert ai == pytest.approx(1.0)

    matches = by_target(engine.for_need(need))

    exact = matches[full]
    assert exact.parts["topics"] == (pytest.approx(1.0), pytest.approx(1.0))
    assert exact.score == pytest.approx(side(1.0))
    assert exact.missing_topics == []
    assert [topic.slug for topic in exact.shared_topics] == ["iot-industrie-40", "ai"]  # rarest first

    half = matches[partial]
    forward_topics, backward_topics = ai / (ai + iot), ai / (ai + logistics)
    assert half.parts["topics"].forward == pytest.approx(forward_topics)
    assert half.parts["topics"].backward == pytest.approx(backward_topics)
    assert half.forward == pytest.approx(side(forward_topics))
    assert half.backward == pytest.approx(side(backward_topics))
    assert half.score == pytest.approx(harmonic(side(forward_topics), side(backward_topics)))
    assert [topic.slug for topic in half.shared_topics] == ["ai"]
    assert [topic.slug for topic in half.missing_topics] == ["iot-industrie-40"]
    assert half.parts["text"] == (0.0, 0.0)
    assert half.distance_km == pytest.approx(0.0)

    assert list(matches)[0] == full  # sorted by score
    assert [match.score for match in matches.values()] == sorted((m.score for m in matches.values()), reverse=True)


def test_combine_is_zero_when_either_side_is():
    assert engine.combine(0.8, 0.0) == 0.0
    assert engine.combine(0.0, 0.5) == 0.0
    assert engine.combine(0.5, 1.0) == pytest.approx(2 / 3)


def test_shared_keywords_add_a_bonus_both_ways_whatever_the_case(organisation):
    other = provider("Lenne Daten GmbH")
    need = make_entry(organisation, topics=["ai", "iot-industrie-40"], keywords=["OPC UA"], **QUIET)
    tagged = make_entry(other, side="offer", topics=["ai"], keywords=["opc ua", "MES"], **OFFER)
    plain = make_entry(other, side="offer", topics=["ai"], **OFFER)
    only_keyword = make_entry(other, side="offer", topics=["logistics"], keywords=["Opc Ua"], **OFFER)

    matches = by_target(engine.for_need(need))

    bonus = engine.KEYWORD_BONUS
    assert matches[tagged].parts["topics"].forward == pytest.approx(matches[plain].parts["topics"].forward + bonus)
    assert matches[tagged].parts["topics"].backward == pytest.approx(1.0)  # capped
    assert [name.lower() for name in matches[tagged].shared_keywords] == ["opc ua"]
    assert matches[tagged].score > matches[plain].score
    # no shared topic, but a shared keyword makes it a candidate
    assert matches[only_keyword].parts["topics"] == (pytest.approx(bonus), pytest.approx(bonus))
    assert matches[only_keyword].shared_topics == []


# --- text -----------------------------------------------------------------------------------------------


def test_text_part_on_the_current_database(organisation):
    other = provider("Lenne Daten GmbH")
    need = make_entry(organisation, topics=["ai"], title="Predictive Maintenance für Pressen", description="x")
    two_of_three = make_entry(
        other, side="offer", topics=["ai"], title="Zustandsüberwachung", description="Predictive Maintenance ab Werk."
    )
    inflected = make_entry(other, side="offer", topics=["ai"], title="Presse", description="Umformtechnik.")
    nothing = make_entry(other, side="offer", topics=["ai"], title="Cloud", description="Hosting.")

    matches = by_target(engine.for_need(need))

    assert matches[two_of_three].parts["text"] == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert matches[nothing].parts["text"] == (0.0, 0.0)
    if connection.vendor == "postgresql":  # German stemming: "Pressen" and "Presse" are one lexeme
        assert matches[inflected].parts["text"].forward == pytest.approx(1 / 3)
    else:  # the plain fallback finds words, not their forms
        assert matches[inflected].parts["text"].forward == 0.0
    assert matches[two_of_three].score > matches[nothing].score

    # the other way round: the need's title words in the offer's text
    needs = by_target(engine.for_offer(two_of_three))
    assert needs[need].parts["text"].forward == pytest.approx(2 / 3)


def test_sqlite_fallback_counts_title_words_of_four_letters_or_more():
    assert engine._text_share("KI für die Wartung von Pressen", "Wartungsverträge für Pressen") == 1.0
    assert engine._text_share("Wartung Pressen Roboter", "Pressen") == pytest.approx(1 / 3)
    assert engine._text_share("KI und IoT", "KI und IoT") == 0.0  # no word long enough


# --- distance and reach ---------------------------------------------------------------------------------


def test_reach_radius_inside_and_outside(organisation):
    near_firm = provider("Sunderner Sensorik", municipality="Sundern")
    far_firm = provider("Siegener Software", municipality="Siegen")
    need = make_entry(organisation, topics=["ai"], reach="radius", reach_km=30, **QUIET)
    near = make_entry(near_firm, side="offer", topics=["ai"], **OFFER)
    far = make_entry(far_firm, side="offer", topics=["ai"], **OFFER)

    matches = by_target(engine.for_need(need))

    inside, outside = matches[near], matches[far]
    assert inside.distance_km == pytest.approx(km("Arnsberg", "Sundern")) and inside.distance_km < 10
    assert inside.parts["distance"] == (1.0, 1.0)
    assert inside.criteria["forward"]["reach"] is True
    distance = km("Arnsberg", "Siegen")
    assert 30 < distance < 150
    assert outside.distance_km == pytest.approx(distance)
    assert outside.criteria["forward"]["reach"] is False  # not excluded, ranked down
    assert outside.criteria["backward"]["reach"] is True  # the offer may go anywhere
    assert outside.parts["distance"] == (0.0, pytest.approx((150 - distance) / 140))
    assert outside.forward == pytest.approx(side(1.0, distance=0.0))
    assert list(matches) == [near, far]


def test_a_radius_without_coordinates_is_neither_met_nor_broken(organisation):
    somewhere = provider("Enser Elektronik", municipality="Ense")  # the gazetteer has no coordinates for Ense
    need = make_entry(organisation, topics=["ai"], reach="radius", reach_km=30, **QUIET)
    offer = make_entry(somewhere, side="offer", topics=["ai"], **OFFER)

    [match] = engine.for_need(need)

    assert match.target == offer
    assert match.distance_km is None
    assert match.criteria["forward"]["reach"] is None
    assert match.parts["distance"] == (engine.UNKNOWN_DISTANCE, engine.UNKNOWN_DISTANCE)


def test_region_reach_each_way(organisation):
    dortmund = provider("Dortmunder Daten", municipality="Dortmund")
    siegen = provider("Siegtal IT", municipality="Siegen")
    need = make_entry(organisation, topics=["ai"], reach="dortmund", **QUIET)
    in_dortmund = make_entry(
        dortmund, side="offer", topics=["ai"], reach="suedwestfalen", municipality=dortmund.municipality, **OFFER
    )
    in_siegen = make_entry(
        siegen, side="offer", topics=["ai"], reach="dortmund", municipality=siegen.municipality, **OFFER
    )

    matches = by_target(engine.for_need(need))

    assert matches[in_dortmund].criteria["forward"]["reach"] is True
    assert matches[in_dortmund].criteria["backward"]["reach"] is True  # the need is in Südwestfalen
    assert matches[in_siegen].criteria["forward"]["reach"] is False
    assert matches[in_siegen].criteria["backward"]["reach"] is False  # the need is not in Dortmund
    assert matches[in_siegen].parts["distance"] == (0.0, 0.0)
    assert matches[in_dortmund].parts["distance"].forward == pytest.approx(
        engine.distance_part(km("Arnsberg", "Dortmund"))
    )


def test_distance_does_not_matter_reorders_the_list(organisation):
    near_firm, far_firm = provider("Arnsberger Optik"), provider("Siegener Kamerabau", municipality="Siegen")
    need = make_entry(organisation, topics=["ai"], reach="radius", reach_km=20, title="Kamerasystem Qualitätsprüfung")
    near = make_entry(near_firm, side="offer", topics=["ai"], title="Optische Inspektion", description="Optik.")
    far = make_entry(
        far_firm,
        side="offer",
        topics=["ai"],
        title="Kamerasystem für Bauteile",
        description="Optik.",
        municipality=far_firm.municipality,
    )

    assert [match.target for match in engine.for_need(need)] == [near, far]

    relaxed = engine.for_need(need, weights=Weights(distance=False))
    assert [match.target for match in relaxed] == [far, near]
    far_match = relaxed[0]
    assert far_match.criteria["forward"]["reach"] is False  # still told, but not scored
    text = far_match.parts["text"].forward
    assert text == pytest.approx(0.5)
    assert far_match.forward == pytest.approx((0.6 + 0.15 * text + 0.10) / 0.85)


# --- partner kinds, filters, exclusions -----------------------------------------------------------------


def test_partner_kind_fit_each_way(organisation, startup):
    firm = provider("Lenne Daten GmbH")
    need = make_entry(organisation, topics=["ai"], partner_kinds=["startup"], **QUIET)
    from_startup = make_entry(startup, side="offer", topics=["ai"], partner_kinds=["firm"], **OFFER)
    from_firm = make_entry(firm, side="offer", topics=["ai"], partner_kinds=["university"], **OFFER)

    matches = by_target(engine.for_need(need))

    assert matches[from_startup].criteria["forward"]["kind"] is True
    assert matches[from_startup].criteria["backward"]["kind"] is True
    assert matches[from_startup].parts["kind"] == (1.0, 1.0)
    assert matches[from_firm].criteria["forward"]["kind"] is False  # the need wants start-ups
    assert matches[from_firm].criteria["backward"]["kind"] is False  # the offer wants universities
    assert matches[from_firm].parts["kind"] == (0.0, 0.0)
    assert matches[from_startup].score > matches[from_firm].score


def test_only_kinds_and_only_region(organisation, startup):
    firm = provider("Lenne Daten GmbH")
    need = make_entry(organisation, topics=["ai"], **QUIET)
    from_startup = make_entry(startup, side="offer", topics=["ai"], **OFFER)  # in Dortmund
    from_firm = make_entry(firm, side="offer", topics=["ai"], **OFFER)  # in Arnsberg
    firm.topics.set(Topic.objects.filter(slug="ai"))

    assert {m.target for m in engine.for_need(need)} == {from_startup, from_firm, firm}
    assert [m.target for m in engine.for_need(need, weights=Weights(only_kinds=["startup"]))] == [from_startup]
    assert [m.target for m in engine.for_need(need, weights=Weights(only_region="dortmund"))] == [from_startup]
    in_suedwestfalen = engine.for_need(need, weights=Weights(only_region="suedwestfalen"))
    assert {m.target for m in in_suedwestfalen} == {from_firm, firm}
    assert engine.for_need(need, weights=Weights(only_kinds=["university"])) == []


def test_own_organisation_closed_expired_and_unpublished_are_not_candidates(organisation):
    other = provider("Lenne Daten GmbH")
    draft = make_organisation("Entwurf GmbH", municipality="Arnsberg")
    need = make_entry(organisation, topics=["ai"], **QUIET)
    make_entry(organisation, side="offer", topics=["ai"], **OFFER)  # own
    make_entry(other, side="need", topics=["ai"], **QUIET)  # the same side
    make_entry(other, side="offer", topics=["ai"], status="closed", **OFFER)
    make_entry(other, side="offer", topics=["ai"], expires_on=timezone.localdate() - timedelta(days=1), **OFFER)
    make_entry(draft, side="offer", topics=["ai"], **OFFER)
    draft.topics.set(Topic.objects.filter(slug="ai"))
    organisation.topics.set(Topic.objects.filter(slug="ai"))
    in_talks = make_entry(other, side="offer", topics=["ai"], status="in-talks", **OFFER)
    members = make_entry(other, side="offer", topics=["ai"], visibility="members", **OFFER)
    anonymous = make_entry(other, side="offer", topics=["ai"], visibility="anonymous", **OFFER)
    make_entry(other, side="offer", topics=["logistics"], **OFFER)  # nothing in common

    matches = engine.for_need(need)

    assert {match.target for match in matches} == {in_talks, members, anonymous}
    assert {match.visibility for match in matches} == {"public", "members", "anonymous"}


def test_organisations_are_candidates_for_a_need(organisation, startup):
    need = make_entry(organisation, topics=["ai", "iot-industrie-40"], partner_kinds=["startup"], **QUIET)
    startup.topics.set(Topic.objects.filter(slug__in=["ai", "cloud-infrastructure"]))
    unrelated = provider("Logistik Sauerland")
    unrelated.topics.set(Topic.objects.filter(slug="logistics"))
    organisation.topics.set(Topic.objects.filter(slug="ai"))  # its own: never

    matches = engine.for_need(need)

    assert [match.target for match in matches] == [startup]
    match = matches[0]
    assert match.is_organisation and match.organisation == startup and match.visibility == "public"
    assert match.criteria["forward"]["kind"] is True
    assert match.criteria["backward"] == {"reach": True, "kind": True}  # organisations have no wishes
    assert [topic.slug for topic in match.missing_topics] == ["iot-industrie-40"]
    assert match.distance_km == pytest.approx(km("Arnsberg", "Dortmund"))
    # the need is the only current entry: ai and iot are in it, cloud in none
    ai, iot, cloud = idf(1, 1), idf(1, 1), idf(1, 0)
    assert match.parts["topics"].forward == pytest.approx(ai / (ai + iot))
    assert match.parts["topics"].backward == pytest.approx(ai / (ai + cloud))


def test_for_offer_finds_the_needs_it_could_meet(organisation, startup):
    offer = make_entry(startup, side="offer", topics=["ai"], reach="dortmund", **OFFER)
    need = make_entry(organisation, topics=["ai", "iot-industrie-40"], **QUIET)
    make_entry(organisation, side="offer", topics=["ai"], **OFFER)  # an offer: not what an offer looks for

    matches = engine.for_offer(offer)

    assert [match.target for match in matches] == [need]
    match = matches[0]
    assert [topic.slug for topic in match.missing_topics] == ["iot-industrie-40"]  # the need's, not the offer's
    assert match.criteria["backward"]["reach"] is False  # the offer's reach is Dortmund, the need in Arnsberg
    assert match.criteria["forward"]["reach"] is True
    assert match.parts["topics"].backward == pytest.approx(1.0)  # all the offer does is wanted
    with pytest.raises(ValueError):
        engine.for_offer(need)
    with pytest.raises(ValueError):
        engine.for_need(offer)


def test_for_organisation_finds_needs_through_its_topics_and_keywords(organisation, startup):
    startup.topics.set(Topic.objects.filter(slug="ai"))
    startup.keywords.add("Bildverarbeitung")
    by_topic = make_entry(organisation, topics=["ai"], **QUIET)
    by_keyword = make_entry(organisation, topics=["logistics"], keywords=["bildverarbeitung"], **QUIET)
    make_entry(organisation, side="offer", topics=["ai"], **OFFER)
    make_entry(startup, topics=["ai"], **QUIET)  # its own need

    matches = by_target(engine.for_organisation(startup))

    assert set(matches) == {by_topic, by_keyword}
    assert [name.lower() for name in matches[by_keyword].shared_keywords] == ["bildverarbeitung"]
    assert matches[by_topic].score > matches[by_keyword].score


# --- cost -----------------------------------------------------------------------------------------------


def build(organisation, count):
    need = make_entry(organisation, topics=["ai", "iot-industrie-40"], keywords=["OPC UA"], **QUIET)
    for number in range(count):
        firm = provider(f"Anbieter {count}-{number}", municipality="Siegen" if number % 2 else "Arnsberg")
        firm.topics.set(Topic.objects.filter(slug="ai"))
        make_entry(firm, side="offer", topics=["ai"], keywords=["opc ua"] if number % 3 else [], **OFFER)
    return need


def count_queries(need):
    need.refresh_from_db()
    engine.invalidate()
    with CaptureQueriesContext(connection) as queries:
        matches = engine.for_need(need, limit=100)
    return [query["sql"] for query in queries], len(matches)


def test_a_fixed_number_of_queries_whatever_the_number_of_candidates(organisation):
    small = build(organisation, 5)
    few, found = count_queries(small)
    assert found == 10  # 5 offers and 5 organisations
    large = build(organisation, 50)
    many, found = count_queries(large)
    assert found == 100
    assert len(many) == len(few)
    assert len(few) <= 12, "\n".join(sql[:200] for sql in few)


def test_saving_an_entry_drops_the_cached_weights_after_commit(
    organisation, startup, django_capture_on_commit_callbacks
):
    make_entry(organisation, "need", topics=["process-erp"])
    analytics = Topic.objects.get(slug="data-analytics")
    assert engine.topic_weights()[analytics.pk][1] == pytest.approx(log(2 / 1) + 1)  # 1 entry, none with it; cached
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(startup, "offer", title="ERP-Einführung", topics=["process-erp", "data-analytics"])
    assert engine.topic_weights()[analytics.pk][1] == pytest.approx(log(3 / 2) + 1)  # 2 entries, 1 with it


def test_a_topic_newer_than_the_cached_weights_does_not_break_the_matches(organisation, startup):
    """A curator adds a topic and both sides take it before the day's weights are read again (within IDF_TTL)."""
    from tests.matching.conftest import make_entry

    need = make_entry(organisation, topics=["ai"])
    make_entry(startup, side="offer", title="Predictive Maintenance mit KI", topics=["ai"])
    assert engine.for_need(need)  # the weights are now cached without the new topic
    new = Topic.objects.create(slug="quantum", name_de="Quantencomputing", name_en="Quantum computing", position=99)
    for entry in need.organisation.entries.all() | startup.entries.all():
        entry.topics.add(new)
    need.refresh_from_db()
    matches = engine.for_need(need)
    assert matches and all(topic.slug != "quantum" for match in matches for topic in match.shared_topics)
