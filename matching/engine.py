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

Suggestions a member hid for an entry ("not relevant", models.Dismissal) are left out of that entry's candidates
in the same query.

Candidates come from the database through the inverted index that the M2M tables are (topic → entries,
topic → organisations) and taggit's tables (keyword → entries, organisations): current entries of the other
side and published organisations, never of the source's own organisation, that share at least one topic or
keyword with the source. One GROUP BY query per kind of target sums the idf of shared and of all topics and
counts shared keywords; it keeps the best CANDIDATES (at least 5 × limit) by the topic score alone
(2·shared / (S(source) + S(target)), the harmonic mean of the topic parts; sums of idf in units of 1 / SCALE, so
that they are exact), and only those are scored fully. The same query reads what the score needs of each (its
place, wishes, kind, the text part), so that only the `limit` best are read as objects.
A call makes a fixed number of queries, whatever the number of entries: two for the source's topics and keywords
(none when they were prefetched), two per kind of target (ranking, objects); on the first call after the weights
changed two more (the weights, the topic sets).

Speed (issue 6 point 7; `manage.py bench_matching`): with a dozen topics most targets share one with most
sources, so ranking every candidate reads all entries of a side and their topics. Instead each process keeps, with
the weights, the targets' topic sets and keywords (_Index): the topic score depends on nothing else, so a call ranks
the few thousand sets (and the targets sharing a keyword) in Python, and the query reads only the best. The query
itself checks that these are enough once filtered and that no topic or keyword was added since the index was read,
and otherwise ranks all eligible targets, as before: the results are the same either way. (What it cannot see: a
topic taken away from an entry, or a keyword renamed, in another process that does not share the cache; that
process's index catches up with its weights, within IDF_TTL, as the weights themselves do.)
"""

import heapq
import math
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from companies.models import Municipality, Organisation, Topic

from .models import Entry, EntryStatus, Reach, Side

WEIGHTS = {"topics": 0.60, "text": 0.15, "distance": 0.15, "kind": 0.10}
KEYWORD_BONUS = 0.1  # per shared keyword, added to the topic part of both sides (which stays at most 1)
NEAR_KM = 10
FAR_KM = 150
UNKNOWN_DISTANCE = 0.5  # the distance part when a municipality has no coordinates
CANDIDATES = 100  # scored fully per kind of target (at least 5 × limit)
SCALE = 10**7  # the topic score's sums in SQL are of idf in whole units of 1 / SCALE (exact, and within int4)
FAST = 1.5  # the fast way chooses the best targets until this many times as many as it keeps were open …
FAST_NARROWED = 20  # … or this many times when the kinds or the region are narrowed down
MEMO = 1000  # topic sets of sources whose best targets each process remembers (until the weights change)
IDF_TTL = 300  # seconds
IDF_CACHE_KEY = "matching:idf:{}:v2"
SEPARATOR = "\x1f"  # between keywords in one text (no keyword has this control character)
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
    token, weighted = _cached_weights()
    idf = {pk: weight for pk, (_topic, weight) in weighted.items()}
    index = _topic_sets(token, idf)
    rows = _entry_rows(source, side, weights, limit, idf, index)
    if organisations:
        rows += _organisation_rows(source, weights, limit, idf, index)
    here = _party_of_source(source)
    scored = [_Scored(row, _pairing(source, here, row.party, row.keywords, weights, idf), weights) for row in rows]
    scored.sort(key=lambda one: (one.row.newest, one.row.pk), reverse=True)
    scored.sort(key=lambda one: one.score, reverse=True)  # stable: the newest first among equals
    best = scored[:limit]
    targets = _targets(best, scored)
    topics = {pk: topic for pk, (topic, _weight) in weighted.items()}
    return [one.match(targets[one.key], idf, topics) for one in best if one.key in targets]  # unless just deleted


# --- rarity -----------------------------------------------------------------------------------------------


def topic_weights(today=None):
    """{topic id: (Topic, idf)} for every topic, from one aggregate query over the current entries; cached."""
    return _cached_weights(today)[1]


def _cached_weights(today=None):
    """(token, weights): the token names this computation of the weights, so that the topic sets read on them
    (_topic_sets) are read again whenever the weights are."""
    today = today or timezone.localdate()
    key = IDF_CACHE_KEY.format(today.isoformat())
    cached = cache.get(key)
    if cached is None:
        # Three plain queries: the count per topic over the links of current entries, their number, the topics.
        # One query with the counts as a filtered aggregate per topic ran for over ten minutes at 500,000 entries
        # (100,000 organisations); these take 2.5 s there and 0.1 s at 50,000.
        current = Entry.objects.current(today)
        links = Entry.topics.through.objects.filter(entry__in=current.values("pk")).order_by()
        counts = dict(links.values("topic_id").annotate(n=Count("pk")).values_list("topic_id", "n"))
        total = current.count()
        weights = {
            topic.pk: (topic, math.log((1 + total) / (1 + counts.get(topic.pk, 0))) + 1)
            for topic in Topic.objects.all()
        }
        cached = (uuid.uuid4().hex, weights)
        cache.set(key, cached, IDF_TTL)
    return cached


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
            topic_ids={topic.pk for topic in entry.topics.all()},  # prefetched ones where the view did
            keywords=_lower(tag.name for tag in entry.keywords.all()),
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


@dataclass(frozen=True)
class _Kind:
    """A kind of target: its model, the M2M table that links it to topics, and that table's column for it; and what
    the ranking query reads of each candidate besides (`columns` of the target `x` and its place `m`, after joining
    `joins` to the ranked rows `r`): reach, reach_km, partner_kinds, kind, the place, created, published_at."""

    model: type
    links: type
    link_field: str
    columns: str
    joins: str


_PLACE = f"INNER JOIN {Municipality._meta.db_table} m ON m.id = x.municipality_id"
ENTRIES = _Kind(
    Entry,
    Entry.topics.through,
    "entry_id",
    "x.reach, x.reach_km, x.partner_kinds, o.kind, m.id, m.latitude, m.longitude, m.region, x.created, NULL",
    f"INNER JOIN {Entry._meta.db_table} x ON x.id = r.pk "
    f"INNER JOIN {Organisation._meta.db_table} o ON o.id = x.organisation_id {_PLACE}",
)
ORGANISATIONS = _Kind(
    Organisation,
    Organisation.topics.through,
    "organisation_id",
    "NULL, NULL, NULL, x.kind, m.id, m.latitude, m.longitude, m.region, x.created, x.published_at",
    f"INNER JOIN {Organisation._meta.db_table} x ON x.id = r.pk {_PLACE}",
)


@dataclass
class _Row:
    """A candidate as the ranking query found it: all its score needs, but not the object itself."""

    kind: _Kind
    pk: int
    keywords: int
    shared_keywords: list  # as it spells them, in order
    party: object  # its _Party, without text
    text: float  # the text part
    newest: object  # when it was created (an organisation: published)


def _entry_rows(source, side, weights, limit, idf, index):
    """The current entries of `side` sharing a topic or keyword with the source, best topic score first."""
    entries = Entry.objects.current().filter(side=side).exclude(organisation=source.organisation)
    entries = _restrict(entries, weights, kind="organisation__kind", region="municipality__region")
    if isinstance(source.obj, Entry):  # what a member marked "not relevant" for this entry stays out
        entries = entries.exclude(
            pk__in=source.obj.dismissals.filter(target_entry__isnull=False).values("target_entry")
        )
    return _ranked(entries, ENTRIES, source, weights, limit, idf, index, side)


def _organisation_rows(source, weights, limit, idf, index):
    """The published organisations sharing a topic or keyword with the need, best topic score first."""
    organisations = Organisation.objects.published().exclude(pk=source.organisation.pk)
    organisations = _restrict(organisations, weights, kind="kind", region="municipality__region")
    if isinstance(source.obj, Entry):
        dismissed = source.obj.dismissals.filter(target_organisation__isnull=False).values("target_organisation")
        organisations = organisations.exclude(pk__in=dismissed)
    return _ranked(organisations, ORGANISATIONS, source, weights, limit, idf, index)


@dataclass
class _Scored:
    """A row with its score."""

    row: _Row
    pairing: object
    weights: Weights
    parts: dict = field(init=False)
    forward: float = field(init=False)
    backward: float = field(init=False)
    score: float = field(init=False)

    def __post_init__(self):
        self.parts, self.forward, self.backward, self.score = _sides(self.pairing, self.row.text, self.weights)

    @property
    def key(self):
        return (self.row.kind.model, self.row.pk)

    def match(self, target, idf, topics):
        def by_rarity(topic_ids):
            # A topic newer than the cached weights (a curator just added it) is left out until they are read again.
            known = [pk for pk in topic_ids if pk in topics]
            return [topics[pk] for pk in sorted(known, key=lambda pk: (-idf.get(pk, 1.0), topics[pk].position, pk))]

        pairing = self.pairing
        return Match(
            target=target,
            score=self.score,
            forward=self.forward,
            backward=self.backward,
            parts=self.parts,
            shared_topics=by_rarity(pairing.shared),
            missing_topics=by_rarity(pairing.need.topic_ids - pairing.provider.topic_ids),
            distance_km=pairing.km,
            criteria=pairing.criteria,
            shared_keywords=self.row.shared_keywords,
        )


def _targets(best, scored):
    """{(model, id): object} of the best rows. One query per kind of target that the ranking found any of (its best
    row is read even when none made the list), so that a call makes the same queries whatever its results."""
    wanted = {one.key for one in best}
    for kind in (ENTRIES, ORGANISATIONS):
        first = next((one for one in scored if one.row.kind is kind), None)
        if first is not None:
            wanted.add(first.key)
    entries = [pk for model, pk in wanted if model is Entry]
    organisations = [pk for model, pk in wanted if model is Organisation]
    targets = {}
    if entries:
        rows = Entry.objects.filter(pk__in=entries).select_related("organisation__municipality", "municipality")
        targets |= {(Entry, entry.pk): entry for entry in rows}
    if organisations:
        rows = Organisation.objects.filter(pk__in=organisations).select_related("municipality")
        targets |= {(Organisation, organisation.pk): organisation for organisation in rows}
    return targets


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


# --- the topic score in SQL -------------------------------------------------------------------------------
#
# The candidates kept are the best by the topic score 2·shared / (S(source) + S(target)) plus the keyword bonus,
# newest (highest id) first among equals. The sums are of idf in whole units of 1 / SCALE, so that they are exact
# whatever the order of adding, and the score comes out the same in every query and in Python.
#
# The fast way: _TopicSets ranks the targets by their topic set and shared keywords and chooses the best (FAST
# times as many as the query keeps); the query reads the eligible ones among them. It knows it has the best when
# at least as many as it keeps rank above the best target it did not choose. When they are too few (most fell to
# the filters), or when topics or keywords were added since the index was read, the same query reads all eligible
# targets sharing a topic or keyword instead (the slow way, as the engine did before). Either way it is one query.


def _joined(column, text=False):
    """SQL: the values of a column in a group as one text: integers separated by commas in no particular order, or
    texts separated by SEPARATOR (in order on PostgreSQL)."""
    if not text:
        return f"STRING_AGG(CAST({column} AS TEXT), ',')" if _postgresql() else f"GROUP_CONCAT({column})"
    if _postgresql():
        return f"STRING_AGG({column}, CHR({ord(SEPARATOR)}) ORDER BY {column})"
    return f"GROUP_CONCAT({column}, CHAR({ord(SEPARATOR)}))"


def _ids(text):
    return set(_id_list(text))


def _id_list(text):
    return list(map(int, text.split(","))) if text else []


def _int(weight):
    return round(weight * SCALE)


def _prerank(shared, total, source_total, keywords=0):
    """The topic score as the SQL below computes it, from the whole-number sums."""
    return 2 * shared / max(total + source_total, 1) + KEYWORD_BONUS * keywords


def _ranked(eligible, kind, source, weights, limit, idf, index, side=None):
    """[_Row] of the best candidates of `eligible` by the topic score, in one query."""
    keep = max(CANDIDATES, 5 * limit)
    shared_weights = {pk: _int(idf.get(pk, 1.0)) for pk in source.topic_ids}
    source_total = sum(shared_weights.values())
    narrowed = weights.only_kinds or weights.only_region
    sets = index.sets(kind.model, side)
    wanted = keep * (FAST_NARROWED if narrowed else FAST)
    chosen, outside = sets.best(shared_weights, source_total, source.keywords, wanted)
    ids = RawSQL(", ".join(str(int(pk)) for pk in chosen) or "0", [])  # whole numbers, written out; no id is 0  # noqa: S611 - whole numbers written out by int()

    # kw: the targets sharing a keyword, with how many and which (as the target spells them); all of them for the
    # slow way, only the chosen ones for the fast way
    with_sql, with_params, keyworded = "", [], None
    if source.keywords:
        tagged = _tagged(kind.model, source.keywords).values("object_id", "tag__name")
        names = _joined('g."tag__name"', text=True)
        for name, rows in (("kw", tagged), ("chosen_kw", tagged.filter(object_id__in=ids))):
            tagged_sql, tagged_params = rows.query.sql_with_params()
            with_sql += f"{name} AS (SELECT object_id, COUNT(*) AS n, {names} AS names FROM ({tagged_sql}) g "  # noqa: S608 - table names, whole numbers and constants only; user input is in params
            with_sql += "GROUP BY object_id),"
            with_params += tagged_params
        keyworded = RawSQL("SELECT object_id FROM kw", [])
    sums = (kind, shared_weights, index.total_weights, source_total)

    # the fast way: the eligible ones among the chosen; the slow way: all eligible sharing a topic or keyword
    fast_sql, fast_params = _grouped_sql(_sql_of(eligible.filter(pk__in=ids)), *sums, keyworded and "chosen_kw", keep)
    everything = Q(pk__in=kind.links.objects.filter(topic_id__in=source.topic_ids or [0]).values(kind.link_field))
    if keyworded is not None:
        everything |= Q(pk__in=keyworded)
    all_sql, all_params = _grouped_sql(_sql_of(eligible.filter(everything)), *sums, keyworded and "kw", keep)

    qn = connection.ops.quote_name
    fresh = f"COALESCE((SELECT MAX(id) FROM {qn(kind.links._meta.db_table)}), 0) = %s"  # noqa: S608 - table names, whole numbers and constants only; user input is in params
    fresh_params = [sets.last_link]
    if keyworded is not None:
        fresh += f" AND COALESCE((SELECT MAX(id) FROM {qn(TaggedItem._meta.db_table)}), 0) = %s"  # noqa: S608 - table names, whole numbers and constants only; user input is in params
        fresh_params.append(index.last_tagged)
    text_sql, text_params = _text_sql(kind, source)
    if outside is None:  # the fast way read every target sharing a topic or keyword
        enough, enough_params = "1 = 1", []
    else:  # as many as it keeps rank above the best target it did not read
        numerator, denominator, keywords, pk = outside
        bound = (
            f"CAST({int(numerator)} AS DOUBLE PRECISION) / CAST({int(denominator)} AS DOUBLE PRECISION)"
            f" + CAST({KEYWORD_BONUS!r} AS DOUBLE PRECISION) * {int(keywords)}"
        )
        enough = f"(SELECT COUNT(*) FROM fast WHERE prerank > {bound} OR (prerank = {bound} AND pk > %s)) >= %s"  # noqa: S608 - table names, whole numbers and constants only; user input is in params
        enough_params = [pk, keep]
    sql = f"""
        WITH {with_sql}
        fast AS ({fast_sql}),
        fresh AS (SELECT {fresh} AS fresh),
        ok AS (SELECT fresh, fresh AND {enough} AS ok FROM fresh)
        SELECT r.fresh, r.pk, r.keywords, r.names, r.topics, {kind.columns}, {text_sql}
        FROM (
            SELECT pk, shared, total, keywords, names, topics, (SELECT fresh FROM ok) AS fresh
            FROM fast WHERE (SELECT ok FROM ok)
            UNION ALL
            SELECT pk, shared, total, keywords, names, topics, (SELECT fresh FROM ok) AS fresh
            FROM ({all_sql}) everything WHERE NOT (SELECT ok FROM ok)
        ) r
        {kind.joins}"""  # noqa: S608 - table names, whole numbers and constants only; user input is in params
    params = [*with_params, *fast_params, *fresh_params, *enough_params, *text_params, *all_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows and not rows[0][0]:  # topics or keywords were added since the index was read: read it again next time
        index.stale = True
    read = _Reader(kind, source)
    return [read.row(*row[1:]) for row in rows]


class _Reader:
    """Turns the ranking query's rows into _Rows."""

    def __init__(self, kind, source):
        self.kind, self.source = kind, source
        self.postgresql = _postgresql()
        self.places = {}  # one Municipality per place (they only serve the distance and the region)

    def row(self, pk, keywords, names, topics, reach, reach_km, partner_kinds, kind, *rest):
        municipality_id, latitude, longitude, region, created, published, text = rest
        municipality = self.places.get(municipality_id)
        if municipality is None:
            municipality = Municipality(pk=municipality_id, latitude=latitude, longitude=longitude, region=region)
            self.places[municipality_id] = municipality
        if self.kind is ORGANISATIONS:
            party = _Party(municipality, kind, None, None, None, _ids(topics), "", "")
        else:
            wanted = _PARTNER_KINDS.from_db_value(partner_kinds, None, connection)
            party = _Party(municipality, kind, reach, reach_km, list(wanted or []), _ids(topics), "", "")
        names = names.split(SEPARATOR) if names else []
        if not self.postgresql:  # `text` is the provider's text, or the need's title when the source provides
            source = self.source
            text = _text_share(source.title, text) if source.is_need else _text_share(text, source.text)
            names.sort()  # as SQLite orders them (PostgreSQL put them in order by its collation)
        return _Row(self.kind, pk, keywords, names, party, text, published or created)


_PARTNER_KINDS = Entry._meta.get_field("partner_kinds")


def _sql_of(queryset):
    """SQL and parameters of a query of the ids of `queryset`."""
    return queryset.order_by().values("pk").query.sql_with_params()


def _grouped_sql(base, kind, shared_weights, total_weights, source_total, keywords_from, keep):
    """SQL and parameters: (pk, shared, total, keywords, their names, topic ids, prerank) of the best `keep` targets
    in `base` (SQL and parameters of a query of their ids, as "pk"); the shared keywords come from the query named
    `keywords_from`, if any. The weights are whole numbers and written out."""
    qn = connection.ops.quote_name
    base_sql, base_params = base
    keywords, names, join = "0", "''", ""
    if keywords_from:
        keywords, names = "COALESCE(MAX(k.n), 0)", "MAX(k.names)"
        join = f"LEFT JOIN {keywords_from} k ON k.object_id = t.pk"
    sql = f"""
        SELECT pk, shared, total, keywords, names, topics,
               CAST(2 * shared AS DOUBLE PRECISION)
               / CAST(CASE WHEN total + {source_total} > 0 THEN total + {source_total} ELSE 1 END AS DOUBLE PRECISION)
               + CAST({KEYWORD_BONUS!r} AS DOUBLE PRECISION) * keywords AS prerank
        FROM (
            SELECT t.pk AS pk, COALESCE(SUM({_weights_sql(shared_weights)}), 0) AS shared,
                   COALESCE(SUM({_weights_sql(total_weights)}), 0) AS total,
                   {keywords} AS keywords, {names} AS names, {_joined("l.topic_id")} AS topics
            FROM ({base_sql}) t
            LEFT JOIN {qn(kind.links._meta.db_table)} l ON l.{qn(kind.link_field)} = t.pk
            {join}
            GROUP BY t.pk
        ) c
        ORDER BY prerank DESC, pk DESC
        LIMIT {int(keep)}"""  # noqa: S608 - table names, whole numbers and constants only; user input is in params
    return sql, list(base_params)


def _weights_sql(weights):
    """SQL: a topic link's weight from {topic id: weight} (whole numbers), 0 for other topics."""
    if not weights:
        return "0"
    whens = " ".join(f"WHEN {int(pk)} THEN {int(weight)}" for pk, weight in sorted(weights.items()))
    return f"CASE l.topic_id {whens} ELSE 0 END"


# --- the topic sets ---------------------------------------------------------------------------------------


class _TopicSets:
    """The targets of one kind (and side) as read at one moment: by their set of topics [(topics, S(topics) in whole
    units, [ids, highest first], the topics as bits)], each one's set, the ids tagged with each keyword (lower case),
    the ids with topics that were open then, and the highest id of the topic table."""

    def __init__(self, targets, keywords, total_weights, last_link):
        by_text, self.open = defaultdict(list), set()
        for pk, topics, is_open in targets:
            by_text[topics].append(pk)
            if is_open:
                self.open.add(pk)
        by_set = defaultdict(list)
        for topics, pks in by_text.items():
            by_set[frozenset(_ids(topics))] += pks
        self.bits = {topic: 1 << bit for bit, topic in enumerate(sorted(set().union(*by_set)))}
        self.sets = [
            (
                topics,
                sum(total_weights.get(pk, 0) for pk in topics),
                sorted(pks, reverse=True),
                sum(self.bits[topic] for topic in topics),  # the topics as bits: quick to intersect
            )
            for topics, pks in by_set.items()
        ]
        self.set_of = {pk: (topics, total) for topics, total, pks, _bits in self.sets for pk in pks}
        self.tagged = keywords  # keyword → ids, each once per tagging (as the query counts them)
        self.foreign = set()  # ids of the other side
        self.last_link = last_link
        self._best = {}  # (source's topics and keywords, wanted) → best(): the same ones are common

    def best(self, shared_weights, source_total, keywords, wanted):
        """(ids, outside): the targets by the topic score (with the keyword bonus), the highest id first among equal
        scores, until `wanted` of them were open; and the best one left out as (2·shared, S(source) + S(target),
        shared keywords, id), or None when every target sharing a topic or keyword is among the ids."""
        key = (frozenset(shared_weights), tuple(keywords), wanted)
        found = self._best.get(key)
        if found is None:
            found = self._find_best(shared_weights, source_total, keywords, wanted)
            if len(self._best) >= MEMO:
                self._best.clear()
            self._best[key] = found
        return found

    def _find_best(self, shared_weights, source_total, keywords, wanted):
        source, shared_of = frozenset(shared_weights), {}
        source_bits = sum(self.bits.get(topic, 0) for topic in source)
        foreign = self.foreign
        hits = Counter(pk for name in keywords for pk in self.tagged.get(name, ()) if pk not in foreign)
        ranked = []  # (score, ids, bound): the sets sharing a topic, and each target sharing a keyword with its bonus
        for topics, total, pks, bits in self.sets:
            common = bits & source_bits
            if common:
                shared = shared_of.get(common)
                if shared is None:
                    shared = shared_of[common] = sum(shared_weights[pk] for pk in topics & source)
                denominator = max(total + source_total, 1)
                # _prerank() without keywords, written out (this loop runs over every set)
                ranked.append((2 * shared / denominator, pks, (2 * shared, denominator, 0)))
        for pk, count in hits.items():
            topics, total = self.set_of.get(pk, (frozenset(), 0))
            shared = sum(shared_weights[topic] for topic in topics & source)
            bound = (2 * shared, max(total + source_total, 1), count)
            ranked.append((_prerank(shared, total, source_total, count), (pk,), bound))
        ranked.sort(key=itemgetter(0), reverse=True)
        chosen, counted, start = [], 0, 0
        while start < len(ranked):  # each score in turn, the highest id first among equals
            end = start + 1
            while end < len(ranked) and ranked[end][0] == ranked[start][0]:
                end += 1
            streams = [_listed(pks, bound) for _score, pks, bound in ranked[start:end]]
            start = end
            for pk, bound in (
                streams[0] if len(streams) == 1 else heapq.merge(*streams, key=itemgetter(0), reverse=True)
            ):
                if bound[2] == 0 and pk in hits:  # listed with its keyword bonus
                    continue
                if counted >= wanted:
                    return chosen, (*bound, pk)
                chosen.append(pk)
                counted += pk in self.open
        return chosen, None


def _listed(pks, bound):
    return ((pk, bound) for pk in pks)


class _Index:
    """The topic sets and keywords of all entries (by side) and organisations, read in one query with the weights
    of `token`."""

    def __init__(self, token, idf, today=None):
        self.token = token
        self.stale = False
        self.total_weights = {pk: _int(weight) for pk, weight in idf.items()}
        sql, params = self._sql(today or timezone.localdate())
        keys = [(Entry, side) for side in Side.values] + [(Organisation, None)]
        targets, keywords = {key: [] for key in keys}, {Entry: {}, Organisation: {}}
        last = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for row, pk, side, is_open, text in cursor.fetchall():
                if row in (0, 1):
                    targets[(Entry, side) if row == 0 else (Organisation, None)].append((pk, text, is_open))
                elif row in (2, 3):  # `text`: the keyword, then the ids (of entries of both sides)
                    name, ids = text.split(SEPARATOR)
                    keywords[Entry if row == 2 else Organisation][name] = _id_list(ids)
                else:  # the highest id of the entries' (4) and the organisations' (5) topic table and of taggit's (6)
                    last[row] = pk
        self.last_tagged = last[6]
        self._sets = {
            key: _TopicSets(targets[key], keywords[key[0]], self.total_weights, last[4 if key[0] is Entry else 5])
            for key in keys
        }
        # an entry sharing a keyword counts on its own side only (those without topics, whose side is not read,
        # on both: the query leaves out the wrong ones)
        need_sets, offer_sets = self._sets[(Entry, Side.NEED)], self._sets[(Entry, Side.OFFER)]
        need_sets.foreign, offer_sets.foreign = set(offer_sets.set_of), set(need_sets.set_of)

    @staticmethod
    def _sql(today):
        """One row per entry and per organisation with topics: (0 or 1, id, side, open, topic ids); one per keyword
        of entries and of organisations: (2 or 3, 0, -, -, the keyword in lower case and the ids); and the highest id
        of each topic table and of taggit's (rows 4, 5, 6). "Open" only guides how many targets the
        fast way reads (an entry open and not expired, any organisation): which are current, the queries check."""
        qn = connection.ops.quote_name
        entries, entry_links = qn(Entry._meta.db_table), qn(ENTRIES.links._meta.db_table)
        organisation_links = qn(ORGANISATIONS.links._meta.db_table)
        tagged, tags = qn(TaggedItem._meta.db_table), qn(Tag._meta.db_table)
        content_type = f"(SELECT id FROM {qn(ContentType._meta.db_table)} WHERE app_label = %s AND model = %s)"  # noqa: S608 - table names, whole numbers and constants only; user input is in params
        is_open = "e.status IN (%s, %s) AND e.expires_on >= %s"
        topics, ids = _joined("l.topic_id"), _joined("i.object_id")
        separator = f"CHR({ord(SEPARATOR)})" if _postgresql() else f"CHAR({ord(SEPARATOR)})"
        sql = f"""
            SELECT 0, l.entry_id, e.side, {is_open}, {topics}
            FROM {entry_links} l INNER JOIN {entries} e ON e.id = l.entry_id
            GROUP BY l.entry_id, e.id, e.side, e.status, e.expires_on
            UNION ALL
            SELECT 1, l.organisation_id, '', 1 = 1, {topics} FROM {organisation_links} l GROUP BY l.organisation_id
            UNION ALL
            SELECT 2, 0, '', 1 = 1, LOWER(t.name) || {separator} || {ids}
            FROM {tagged} i INNER JOIN {tags} t ON t.id = i.tag_id
            WHERE i.content_type_id = {content_type}
            GROUP BY LOWER(t.name)
            UNION ALL
            SELECT 3, 0, '', 1 = 1, LOWER(t.name) || {separator} || {ids}
            FROM {tagged} i INNER JOIN {tags} t ON t.id = i.tag_id
            WHERE i.content_type_id = {content_type}
            GROUP BY LOWER(t.name)
            UNION ALL
            SELECT 4, COALESCE(MAX(id), 0), '', 1 = 0, '' FROM {entry_links}
            UNION ALL
            SELECT 5, COALESCE(MAX(id), 0), '', 1 = 0, '' FROM {organisation_links}
            UNION ALL
            SELECT 6, COALESCE(MAX(id), 0), '', 1 = 0, '' FROM {tagged}"""  # noqa: S608 - table names, whole numbers and constants only; user input is in params
        opened = [EntryStatus.OPEN, EntryStatus.IN_TALKS, today]
        entry, organisation = (Entry._meta.app_label, "entry"), (Organisation._meta.app_label, "organisation")
        return sql, [*opened, *entry, *organisation]

    def sets(self, model, side=None):
        return self._sets[(model, side)]


_INDEX = {}  # this process's _Index


def _topic_sets(token, idf):
    """The index read on the weights of `token`: read again when they were, or when a query found it outdated."""
    index = _INDEX.get("index")
    if index is None or index.token != token or index.stale:
        index = _INDEX["index"] = _Index(token, idf)
    return index


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


def _text_sql(kind, source):
    """SQL and parameters for the text part of a ranked target `x`. PostgreSQL: the text part itself. SQLite: what
    Python needs to work it out, the target's text (or, when the source provides, its title)."""
    if not _postgresql():
        if kind is ORGANISATIONS:
            return (
                "COALESCE(NULLIF(x.search_document, ''), x.name || char(10) || x.pitch || char(10) || x.description)",
                [],
            )
        return ("x.title || char(10) || x.description" if source.is_need else "x.title"), []
    if kind is ORGANISATIONS:
        return _share_sql(_vector("%s"), "COALESCE(x.search_vector, ''::tsvector)"), [source.title] * 3
    if source.is_need:  # the targets are offers
        need, need_params = _vector("%s"), [source.title]
        provider, provider_params = _vector("x.title || ' ' || x.description"), []
    else:  # the targets are needs, the source provides
        need, need_params = _vector("x.title"), []
        if isinstance(source.obj, Organisation):
            table = Organisation._meta.db_table
            provider = f"(SELECT COALESCE(search_vector, ''::tsvector) FROM {table} WHERE id = %s)"  # noqa: S608 - table names, whole numbers and constants only; user input is in params
            provider_params = [source.obj.pk]
        else:
            provider, provider_params = _vector("%s"), [source.text]
    # _share_sql writes the need's vector twice, then the provider's, then the need's again
    return _share_sql(need, provider), need_params * 2 + provider_params + need_params


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
    used, total = _USED[weights.distance]
    return sum(weight * parts[name] for name, weight in used) / total


def _used(distance):
    """The parts' weights (without distance when it does not matter), and their sum."""
    used = [(name, weight) for name, weight in WEIGHTS.items() if distance or name != "distance"]
    return used, sum(weight for _name, weight in used)


_USED = {True: _used(True), False: _used(False)}


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


@dataclass
class _Pairing:
    """Everything of a pair's score but the text part: the need's and the provider's party, their distance, the
    shared topics, the other parts and which wishes are met."""

    need: _Party
    provider: _Party
    km: float | None
    shared: set
    parts: dict  # "topics", "distance", "kind" → Pair
    criteria: dict


def _pairing(source, here, there, keywords, weights, idf):
    need, provider = (here, there) if source.is_need else (there, here)
    km = need.municipality.distance_km(provider.municipality)

    def weight(topic_ids):
        return sum(idf.get(pk, 1.0) for pk in topic_ids)

    shared = need.topic_ids & provider.topic_ids
    bonus = KEYWORD_BONUS * keywords
    topic_forward = min(1.0, (weight(shared) / weight(need.topic_ids) if need.topic_ids else 0.0) + bonus)
    topic_backward = min(1.0, (weight(shared) / weight(provider.topic_ids) if provider.topic_ids else 0.0) + bonus)

    reach_forward = reach_met(need.reach, need.reach_km, km, provider.municipality)
    reach_backward = reach_met(provider.reach, provider.reach_km, km, need.municipality)
    near = distance_part(km)
    if weights.distance:
        distance = Pair(0.0 if reach_forward is False else near, 0.0 if reach_backward is False else near)
    else:
        distance = Pair(near, near)
    kind_forward = kind_met(need.partner_kinds, provider.kind)
    kind_backward = kind_met(provider.partner_kinds, need.kind)
    return _Pairing(
        need,
        provider,
        km,
        shared,
        {
            "topics": Pair(topic_forward, topic_backward),
            "distance": distance,
            "kind": Pair(float(kind_forward), float(kind_backward)),
        },
        {
            "forward": {"reach": reach_forward, "kind": kind_forward},
            "backward": {"reach": reach_backward, "kind": kind_backward},
        },
    )


def _sides(pairing, text, weights):
    """(parts, forward, backward, score) of a pairing with this text part."""
    fixed = pairing.parts
    parts = {"topics": fixed["topics"], "text": Pair(text, text), "distance": fixed["distance"], "kind": fixed["kind"]}
    forward = _side_score({name: pair.forward for name, pair in parts.items()}, weights)
    backward = _side_score({name: pair.backward for name, pair in parts.items()}, weights)
    return parts, forward, backward, combine(forward, backward)
