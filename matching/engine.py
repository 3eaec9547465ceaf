"""The matching engine: which offers and organisations can meet a need, and which needs an offer or organisation
could meet (DOMAIN.md §5, issue 6 point 2).

Interface
---------
    from matching import engine

    engine.for_need(need, *, limit=20, weights=None)                  -> list[Match]  # offers and organisations
    engine.for_offer(offer, *, limit=20, weights=None)                -> list[Match]  # needs it could meet
    engine.for_organisation(organisation, *, limit=20, weights=None)  -> list[Match]  # needs it could meet

    engine.Weights(distance=True, only_kinds=None, only_region=None)
        distance=False: "distance doesn't matter" (the distance part gets weight 0 and reach is not scored);
        only_kinds: a list of companies.models.Kind values the target's organisation must have;
        only_region: "suedwestfalen" or "dortmund", where the target must be (an entry's own municipality, an
        organisation's seat).

Every pair has two roles: the *need* and the *provider* (an offer or an organisation). Whatever the source,
`forward` is the need's side (how well the provider covers the need and meets the need's wishes) and `backward`
the provider's side (how well the need fits what the provider does and wants). A Match carries:

    target          the Entry (an offer or a need) or Organisation found; entries keep their `visibility`:
                    members-only and anonymous entries are candidates too, the view decides what to show
    score           the harmonic mean of forward and backward, 0..1 (0 when either is 0)
    forward, backward   each side's score, 0..1
    parts           {"topics", "text", "distance", "kind"} → Pair(forward, backward), each 0..1
    shared_topics   the topics both have, rarest first; missing_topics: the need's topics the provider lacks
    shared_keywords the keywords both have (as the target spells them)
    distance_km     between the two municipalities, or None when one lacks coordinates
    criteria        {"forward": {"reach": …, "kind": …}, "backward": {"reach": …, "kind": …}}: True when that
                    side's wish is met, False when not, None for a radius when the distance is unknown

The formula
-----------
IDF over all current entries (both sides), one aggregate query, cached for IDF_TTL seconds (invalidate()):
    idf(t) = ln((1 + N) / (1 + n_t)) + 1
Topics, with S(x) the sum of idf over x's topics and shared = S(need ∩ provider):
    forward  = min(1, shared / S(need)     + KEYWORD_BONUS · shared keywords)
    backward = min(1, shared / S(provider) + KEYWORD_BONUS · shared keywords)
Text (the same both ways): the share of the need's title words found in the provider's text (title and
description; an organisation's search document). PostgreSQL: German lexemes, stemmed, without stop words;
SQLite: lower-case words of four letters or more, found anywhere in the text.
Distance: 1 within NEAR_KM, falling linearly to 0 at FAR_KM; UNKNOWN_DISTANCE without coordinates. A side whose
reach the other one lies outside of gets 0 for its distance part (ranked down, not excluded). Reach: "any"
anything; "radius" within reach_km; "suedwestfalen" / "dortmund" the other side's municipality in that region.
Organisations have no reach.
Kind: forward 1 when the need's partner_kinds include the provider organisation's kind (or name none), else 0;
backward likewise with the provider entry's partner_kinds and the need's organisation; an organisation as
provider has no wishes (1).
Per side: 0.60·topics + 0.15·text + 0.15·distance + 0.10·kind (without distance: divided by 0.85).
Combined: 2·f·b / (f + b). Sorted by score, then newest first.

Candidates come from the database through the inverted index that the M2M tables are (topic → entries,
topic → organisations) and taggit's tables (keyword → entries, organisations): current entries of the other
side and published organisations, never of the source's own organisation, that share at least one topic or
keyword with the source. One GROUP BY query per kind of target sums the idf of shared and of all topics and
counts shared keywords; it keeps the best CANDIDATES (at least 5 × limit) by the topic score alone
(2·shared / (S(source) + S(target)), the harmonic mean of the topic parts), and only those are scored fully.
A call makes a fixed number of queries, whatever the number of entries.
"""

import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from taggit.models import TaggedItem

from companies.models import Organisation, Topic

from .models import Entry, Reach, Side

WEIGHTS = {"topics": 0.60, "text": 0.15, "distance": 0.15, "kind": 0.10}
KEYWORD_BONUS = 0.1  # per shared keyword, added to the topic part of both sides (which stays at most 1)
NEAR_KM = 10
FAR_KM = 150
UNKNOWN_DISTANCE = 0.5  # the distance part when a municipality has no coordinates
CANDIDATES = 100  # scored fully per kind of target (at least 5 × limit)
IDF_TTL = 300  # seconds
IDF_CACHE_KEY = "matching:idf:{}"
MIN_WORD = 4  # SQLite's text fallback looks at words of this length and more
SEARCH_CONFIG = "german"


@dataclass(frozen=True)
class Weights:
    distance: bool = True
    only_kinds: list | None = None
    only_region: str | None = None


class Pair(NamedTuple):
    forward: float
    backward: float


@dataclass
class Match:
    target: object
    score: float
    forward: float
    backward: float
    parts: dict
    shared_topics: list
    missing_topics: list
    distance_km: float | None
    criteria: dict
    shared_keywords: list = field(default_factory=list)

    @property
    def is_organisation(self):
        return isinstance(self.target, Organisation)

    @property
    def organisation(self):
        return self.target if self.is_organisation else self.target.organisation

    @property
    def visibility(self):
        return "public" if self.is_organisation else self.target.visibility


# --- the interface ----------------------------------------------------------------------------------------


def for_need(need, *, limit=20, weights=None):
    """The offers and organisations that best meet a need."""
    if need.side != Side.NEED:
        raise ValueError("for_need() takes a need")
    return _match(_Source.of_entry(need), Side.OFFER, weights or Weights(), limit, organisations=True)


def for_offer(offer, *, limit=20, weights=None):
    """The needs an offer could meet."""
    if offer.side != Side.OFFER:
        raise ValueError("for_offer() takes an offer")
    return _match(_Source.of_entry(offer), Side.NEED, weights or Weights(), limit)


def for_organisation(organisation, *, limit=20, weights=None):
    """The needs an organisation could meet, from its topics and keywords."""
    return _match(_Source.of_organisation(organisation), Side.NEED, weights or Weights(), limit)


def _match(source, side, weights, limit, organisations=False):
    if not source.topic_ids and not source.keywords:
        return []
    weighted = topic_weights()
    idf = {pk: weight for pk, (_topic, weight) in weighted.items()}
    entries = _entry_candidates(source, side, weights, limit, idf)
    organisations = _organisation_candidates(source, weights, limit, idf) if organisations else []
    _add_keywords(source, entries, organisations)
    candidates = entries + organisations
    topics = {pk: topic for pk, (topic, _weight) in weighted.items()}
    for candidate in candidates:
        candidate.text = getattr(candidate.obj, "text_share", None)
    matches = [_score(source, candidate, weights, idf, topics) for candidate in candidates]
    matches.sort(key=lambda match: (_newest(match.target), match.target.pk), reverse=True)
    matches.sort(key=lambda match: match.score, reverse=True)  # stable: the newest first among equals
    return matches[:limit]


# --- rarity -----------------------------------------------------------------------------------------------


def topic_weights(today=None):
    """{topic id: (Topic, idf)} for every topic, from one aggregate query over the current entries; cached."""
    today = today or timezone.localdate()
    key = IDF_CACHE_KEY.format(today.isoformat())
    weights = cache.get(key)
    if weights is None:
        current = Entry.objects.current(today)
        total = current.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
        topics = Topic.objects.annotate(
            n=Count("entries", filter=Q(entries__in=current.values("pk")), distinct=True),
            total=Coalesce(Subquery(total), 0),
        )
        weights = {topic.pk: (topic, math.log((1 + topic.total) / (1 + topic.n)) + 1) for topic in topics}
        cache.set(key, weights, IDF_TTL)
    return weights


def invalidate(today=None):
    """Forget the cached idf (call after entries or their topics change)."""
    cache.delete(IDF_CACHE_KEY.format((today or timezone.localdate()).isoformat()))


# --- the source -------------------------------------------------------------------------------------------


@dataclass
class _Source:
    """What the engine needs to know about the entry or organisation it matches for."""

    obj: object
    is_need: bool
    organisation: Organisation
    municipality: object
    reach: str | None
    reach_km: int | None
    partner_kinds: list | None
    topic_ids: set
    keywords: list  # lower case
    title: str
    text: str  # what the text part looks at when this is the provider

    @classmethod
    def of_entry(cls, entry):
        return cls(
            obj=entry,
            is_need=entry.side == Side.NEED,
            organisation=entry.organisation,
            municipality=entry.municipality,
            reach=entry.reach,
            reach_km=entry.reach_km,
            partner_kinds=list(entry.partner_kinds or []),
            topic_ids=set(entry.topics.values_list("pk", flat=True)),
            keywords=_lower(entry.keywords.names()),
            title=entry.title,
            text=f"{entry.title}\n{entry.description}",
        )

    @classmethod
    def of_organisation(cls, organisation):
        return cls(
            obj=organisation,
            is_need=False,
            organisation=organisation,
            municipality=organisation.municipality,
            reach=None,
            reach_km=None,
            partner_kinds=None,
            topic_ids=set(organisation.topics.values_list("pk", flat=True)),
            keywords=_lower(organisation.keywords.names()),
            title=organisation.name,
            text=_organisation_text(organisation),
        )


def _lower(names):
    return sorted({name.lower() for name in names})


# --- candidates -------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    obj: object
    shared_idf: float
    total_idf: float
    keywords: int
    topic_ids: set = field(default_factory=set)
    shared_keywords: list = field(default_factory=list)
    text: float | None = None


def _entry_candidates(source, side, weights, limit, idf):
    """The current entries of `side` sharing a topic or keyword with the source, best topic score first."""
    through = Entry.topics.through
    entries = Entry.objects.current().filter(side=side).exclude(organisation=source.organisation)
    entries = _restrict(entries, weights, kind="organisation__kind", region="municipality__region")
    rows = _grouped(entries, through.objects, "entry_id", Entry, source, limit, idf)
    if not rows:
        return []
    ids = [row[0] for row in rows]
    details = Entry.objects.filter(pk__in=ids).select_related("organisation__municipality", "municipality")
    if _postgresql():
        details = details.annotate(text_share=_entry_text_sql(source))
    details = {entry.pk: entry for entry in details}
    candidates = {pk: _Candidate(details[pk], shared, total, keywords) for pk, shared, total, keywords in rows}
    for entry_id, topic_id in through.objects.filter(entry_id__in=ids).values_list("entry_id", "topic_id"):
        candidates[entry_id].topic_ids.add(topic_id)
    return list(candidates.values())


def _organisation_candidates(source, weights, limit, idf):
    """The published organisations sharing a topic or keyword with the need, best topic score first."""
    through = Organisation.topics.through
    organisations = Organisation.objects.published().exclude(pk=source.organisation.pk)
    organisations = _restrict(organisations, weights, kind="kind", region="municipality__region")
    rows = _grouped(organisations, through.objects, "organisation_id", Organisation, source, limit, idf)
    if not rows:
        return []
    ids = [row[0] for row in rows]
    details = Organisation.objects.filter(pk__in=ids).select_related("municipality")
    if _postgresql():
        details = details.defer("search_vector", "search_document").annotate(text_share=_organisation_text_sql(source))
    details = {organisation.pk: organisation for organisation in details}
    candidates = {pk: _Candidate(details[pk], shared, total, keywords) for pk, shared, total, keywords in rows}
    pairs = through.objects.filter(organisation_id__in=ids).values_list("organisation_id", "topic_id")
    for organisation_id, topic_id in pairs:
        candidates[organisation_id].topic_ids.add(topic_id)
    return list(candidates.values())


def _restrict(queryset, weights, *, kind, region):
    if weights.only_kinds:
        queryset = queryset.filter(**{f"{kind}__in": list(weights.only_kinds)})
    if weights.only_region:
        queryset = queryset.filter(**{region: weights.only_region})
    return queryset


def _of_model(model):
    return Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name)


def _tagged(model, keywords):
    """taggit's rows tagging `model` objects with one of the (lower-case) keywords."""
    tagged = TaggedItem.objects.filter(_of_model(model)).annotate(lower_name=Lower("tag__name"))
    return tagged.filter(lower_name__in=keywords)


def _grouped(queryset, links, link_field, model, source, limit, idf):
    """One GROUP BY query: [(pk, idf of shared topics, idf of all topics, shared keywords)] of the candidates."""
    hit = Q(pk__in=links.filter(topic_id__in=source.topic_ids).values(link_field))
    keywords = Value(0)
    if source.keywords:
        tagged = _tagged(model, source.keywords)
        hit |= Q(pk__in=tagged.values("object_id"))
        count = tagged.filter(object_id=OuterRef("pk")).order_by().values("object_id").annotate(n=Count("pk"))
        keywords = Coalesce(Subquery(count.values("n")), 0)

    def idf_of(topic_ids):
        whens = [When(topics__id=pk, then=Value(idf.get(pk, 1.0))) for pk in sorted(topic_ids)]
        return Coalesce(Sum(Case(*whens, default=Value(0.0), output_field=FloatField())), Value(0.0))

    source_total = sum(idf.get(pk, 1.0) for pk in source.topic_ids)
    rows = (
        queryset.filter(hit)
        .order_by()
        .values("pk")
        .annotate(shared=idf_of(source.topic_ids), total=idf_of(idf), keywords=keywords)
        .annotate(
            prerank=ExpressionWrapper(
                2 * F("shared") / (F("total") + Value(source_total + 1e-9)) + KEYWORD_BONUS * F("keywords"),
                output_field=FloatField(),
            )
        )
        .order_by("-prerank", "-pk")
        .values_list("pk", "shared", "total", "keywords")
    )
    return list(rows[: max(CANDIDATES, 5 * limit)])


def _add_keywords(source, entries, organisations):
    """The keywords the candidates share with the source, in one query."""
    if not source.keywords or not (entries or organisations):
        return
    by_model = {
        Entry._meta.model_name: {candidate.obj.pk: candidate for candidate in entries},
        Organisation._meta.model_name: {candidate.obj.pk: candidate for candidate in organisations},
    }
    rows = (
        TaggedItem.objects.filter(
            (_of_model(Entry) & Q(object_id__in=list(by_model["entry"])))
            | (_of_model(Organisation) & Q(object_id__in=list(by_model["organisation"])))
        )
        .annotate(lower_name=Lower("tag__name"))
        .filter(lower_name__in=source.keywords)
        .order_by("tag__name")
        .values_list("content_type__model", "object_id", "tag__name")
    )
    for model_name, object_id, name in rows:
        by_model[model_name][object_id].shared_keywords.append(name)


# --- text -------------------------------------------------------------------------------------------------


def _postgresql():
    return connection.vendor == "postgresql"


def _share_sql(need_vector, provider_vector):
    """PostgreSQL: the share of the need's lexemes that the provider's text has (ts_delete drops those)."""
    return (
        f"COALESCE((length({need_vector}) - length(ts_delete({need_vector}, tsvector_to_array({provider_vector}))))"
        f"::float / NULLIF(length({need_vector}), 0), 0.0)"
    )


def _vector(expression):
    return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {expression})"


def _entry_text_sql(source):
    table = Entry._meta.db_table
    if source.is_need:  # the rows are offers
        need, need_params = _vector("%s"), [source.title]
        provider, provider_params = _vector(f"{table}.title || ' ' || {table}.description"), []
    else:  # the rows are needs, the source provides
        need, need_params = _vector(f"{table}.title"), []
        if isinstance(source.obj, Organisation):
            provider = "(SELECT COALESCE(search_vector, ''::tsvector) FROM companies_organisation WHERE id = %s)"
            provider_params = [source.obj.pk]
        else:
            provider, provider_params = _vector("%s"), [source.text]
    # _share_sql writes the need's vector twice, then the provider's, then the need's again
    params = need_params * 2 + provider_params + need_params
    return RawSQL(_share_sql(need, provider), params, output_field=FloatField())


def _organisation_text_sql(source):
    table = Organisation._meta.db_table
    sql = _share_sql(_vector("%s"), f"COALESCE({table}.search_vector, ''::tsvector)")
    return RawSQL(sql, [source.title] * 3, output_field=FloatField())


def _text_share(need_title, provider_text):
    """SQLite's fallback: the share of the need's title words (four letters or more) found in the provider's text."""
    words = {word for word in re.findall(r"\w+", need_title.lower()) if len(word) >= MIN_WORD}
    if not words:
        return 0.0
    text = provider_text.lower()
    return sum(word in text for word in words) / len(words)


def _organisation_text(organisation):
    """An organisation's text: its search document (name, pitch, place, topics, keywords, description)."""
    return organisation.search_document or f"{organisation.name}\n{organisation.pitch}\n{organisation.description}"


def _candidate_text(candidate):
    if isinstance(candidate.obj, Organisation):
        return _organisation_text(candidate.obj)
    return f"{candidate.obj.title}\n{candidate.obj.description}"


# --- scoring ----------------------------------------------------------------------------------------------


def distance_part(km):
    if km is None:
        return UNKNOWN_DISTANCE
    if km <= NEAR_KM:
        return 1.0
    if km >= FAR_KM:
        return 0.0
    return (FAR_KM - km) / (FAR_KM - NEAR_KM)


def reach_met(reach, reach_km, km, other_municipality):
    """Whether the other side lies within a reach: True, False, or None (a radius without known distance)."""
    if not reach or reach == Reach.ANY:
        return True
    if reach == Reach.RADIUS:
        return None if km is None or reach_km is None else km <= reach_km
    return other_municipality.region == reach


def kind_met(wanted, kind):
    """Whether a partner of `kind` is wanted; no wishes (None or an empty list) means anyone is."""
    return not wanted or kind in wanted


def combine(forward, backward):
    """The harmonic mean of the two sides' scores (0 when either is 0)."""
    if forward <= 0 or backward <= 0:
        return 0.0
    return 2 * forward * backward / (forward + backward)


def _side_score(parts, weights):
    used = {name: weight for name, weight in WEIGHTS.items() if weights.distance or name != "distance"}
    return sum(weight * parts[name] for name, weight in used.items()) / sum(used.values())


@dataclass
class _Party:
    """One side of a pair, as the scoring looks at it."""

    municipality: object
    kind: str
    reach: str | None
    reach_km: int | None
    partner_kinds: list | None
    topic_ids: set
    text: str
    title: str


def _party_of_source(source):
    return _Party(
        source.municipality,
        source.organisation.kind,
        source.reach,
        source.reach_km,
        source.partner_kinds,
        source.topic_ids,
        source.text,
        source.title,
    )


def _party_of_candidate(candidate):
    obj = candidate.obj
    if isinstance(obj, Organisation):
        return _Party(obj.municipality, obj.kind, None, None, None, candidate.topic_ids, "", obj.name)
    return _Party(
        obj.municipality,
        obj.organisation.kind,
        obj.reach,
        obj.reach_km,
        list(obj.partner_kinds or []),
        candidate.topic_ids,
        "",
        obj.title,
    )


def _score(source, candidate, weights, idf, topics):
    here, there = _party_of_source(source), _party_of_candidate(candidate)
    need, provider = (here, there) if source.is_need else (there, here)
    km = need.municipality.distance_km(provider.municipality)

    def weight(topic_ids):
        return sum(idf.get(pk, 1.0) for pk in topic_ids)

    shared = need.topic_ids & provider.topic_ids
    bonus = KEYWORD_BONUS * candidate.keywords
    topic_forward = min(1.0, (weight(shared) / weight(need.topic_ids) if need.topic_ids else 0.0) + bonus)
    topic_backward = min(1.0, (weight(shared) / weight(provider.topic_ids) if provider.topic_ids else 0.0) + bonus)

    if candidate.text is not None:
        text = candidate.text
    elif source.is_need:
        text = _text_share(source.title, _candidate_text(candidate))
    else:
        text = _text_share(candidate.obj.title, source.text)

    reach_forward = reach_met(need.reach, need.reach_km, km, provider.municipality)
    reach_backward = reach_met(provider.reach, provider.reach_km, km, need.municipality)
    near = distance_part(km)
    if weights.distance:
        distance = Pair(0.0 if reach_forward is False else near, 0.0 if reach_backward is False else near)
    else:
        distance = Pair(near, near)
    kind_forward = kind_met(need.partner_kinds, provider.kind)
    kind_backward = kind_met(provider.partner_kinds, need.kind)

    parts = {
        "topics": Pair(topic_forward, topic_backward),
        "text": Pair(text, text),
        "distance": distance,
        "kind": Pair(float(kind_forward), float(kind_backward)),
    }
    forward = _side_score({name: pair.forward for name, pair in parts.items()}, weights)
    backward = _side_score({name: pair.backward for name, pair in parts.items()}, weights)

    def by_rarity(topic_ids):
        return [topics[pk] for pk in sorted(topic_ids, key=lambda pk: (-idf.get(pk, 1.0), topics[pk].position, pk))]

    return Match(
        target=candidate.obj,
        score=combine(forward, backward),
        forward=forward,
        backward=backward,
        parts=parts,
        shared_topics=by_rarity(shared),
        missing_topics=by_rarity(need.topic_ids - provider.topic_ids),
        distance_km=km,
        criteria={
            "forward": {"reach": reach_forward, "kind": kind_forward},
            "backward": {"reach": reach_backward, "kind": kind_backward},
        },
        shared_keywords=candidate.shared_keywords,
    )


def _newest(obj):
    if isinstance(obj, Organisation):
        return obj.published_at or obj.created
    return obj.created
