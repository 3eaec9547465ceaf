"""Search over organisations.

Each organisation keeps a plain-text search document: its name, pitch, place, topics with their German and
English labels and synonyms, keywords, industries, departments and description. On PostgreSQL the directory
searches it with German full-text search (stemming, ranked with SearchRank; a GIN index on the weighted vector)
and with trigram word similarity (typos, parts of compounds; a GIN trigram index). Both indexes are created by a
migration that runs only on PostgreSQL. SQLite gets a case-insensitive substring search over the same document.

The document is refreshed by signals whenever an organisation, its topics, industries, keywords or departments
change; `batch()` collects the refreshes of one request and runs them once at the end.
"""

import re
import threading
import unicodedata
from contextlib import contextmanager
from difflib import SequenceMatcher
from functools import lru_cache

from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Organisation, SearchTerm, SearchWord, Topic

SEARCH_CONFIG = "german"
MAX_TERMS = 8
SNIPPET_LENGTH = 180
# Typo and compound matching (trigrams) only for words of this length: "KI" or "IoT" would match half the region.
MIN_TRIGRAM_LENGTH = 4

_local = threading.local()
WORD = re.compile(r"\w+")
# Near spellings of one search word taken from the vocabulary: enough for the forms of a word and its compounds.
EXPANSIONS_PER_WORD = 12
# A vocabulary word is taken for a search word when it contains it (a compound) or is spelt nearly like it as a
# whole (a typo); mere shared syllables ("Datenvisualisierung" for "Digitalisierung") are not enough.
TYPO_SIMILARITY = 0.5


# --- the document ---------------------------------------------------------------------------------------


def build_document(organisation):
    """The text the search looks at, from an organisation with its related objects loaded."""
    parts = [organisation.name, organisation.pitch, organisation.municipality.name]
    parts.append(organisation.municipality.get_district_display())
    for topic in organisation.topics.all():
        parts += [topic.name_de, topic.name_en, topic.synonyms_de, topic.synonyms_en]
    parts += [keyword.name for keyword in organisation.keywords.all()]
    for industry in organisation.industries.all():
        parts += [industry.name_de, industry.name_en]
    for department in organisation.departments.all():
        parts += [department.name, department.competences]
    parts.append(organisation.description)
    return "\n".join(part.strip() for part in parts if part and part.strip())


def refresh_search_documents(organisations, chunk_size=500):
    """Recompute the search text of the organisations in a queryset, in chunks of bounded memory.

    On PostgreSQL a trigger derives search_vector from it, and its words join the vocabulary (SearchWord)."""
    queryset = (
        organisations.select_related("municipality")
        .prefetch_related("topics", "industries", "keywords", "departments")
        .defer("search_vector")
    )
    batch, words = [], set()
    for organisation in queryset.order_by("pk").iterator(chunk_size=chunk_size):
        document = build_document(organisation)
        if document != organisation.search_document:
            organisation.search_document = document
            batch.append(organisation)
            words |= vocabulary(document)
        if len(batch) >= chunk_size:
            _save(batch, words)
            batch, words = [], set()
    _save(batch, words)


def _save(organisations, words):
    if organisations:
        Organisation.objects.bulk_update(organisations, ["search_document"])
    if words and is_postgresql():
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in words], ignore_conflicts=True, batch_size=2000
        )


def schedule_refresh(organisation_ids):
    """Refresh now, or at the end of the surrounding `batch()`."""
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending.update(organisation_ids)
    elif organisation_ids:
        refresh_search_documents(Organisation.objects.filter(pk__in=list(organisation_ids)))


@contextmanager
def batch():
    """Collect the refreshes triggered inside (a form's save with its M2M fields) and run them once."""
    if getattr(_local, "pending", None) is not None:  # nested: the outer batch refreshes
        yield
        return
    _local.pending = set()
    try:
        yield
        pending = _local.pending
    finally:
        _local.pending = None
    schedule_refresh(pending)


# --- the query ------------------------------------------------------------------------------------------


def is_postgresql():
    return connection.vendor == "postgresql"


def terms(query):
    """The words of a search query, lower-case, without duplicates, at most MAX_TERMS."""
    words = []
    for word in re.findall(r"\w+", query.lower()):
        if word not in words:
            words.append(word)
    return words[:MAX_TERMS]


def search(queryset, query):
    """(the organisations matching the query, the expression of their rank: higher is better)."""
    words = terms(query)
    nothing = queryset.none(), Value(0.0, output_field=FloatField())
    if not words:
        return nothing
    if not is_postgresql():
        condition = Q()
        for word in words:
            condition &= Q(search_document__icontains=word)
        # A match in the name counts more than one in the text; the view breaks ties by name.
        rank = Case(When(name__icontains=words[0], then=Value(1.0)), default=Value(0.5), output_field=FloatField())
        return queryset.filter(condition), rank

    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

    groups = lexeme_groups(words)
    if not groups:  # only stop words ("und", "der")
        return nothing
    for lexemes in groups:
        queryset = queryset.filter(pk__in=SearchTerm.objects.filter(lexeme__in=lexemes).values("organisation_id"))
    tsquery = " & ".join("(" + " | ".join(quote(lexeme) for lexeme in lexemes) + ")" for lexemes in groups)
    search_query = SearchQuery(tsquery, search_type="raw", config="simple")  # lexemes are stemmed already
    rank = SearchRank(F("search_vector"), search_query) + TrigramWordSimilarity(" ".join(words), "name") * 0.6
    return queryset, rank


def quote(lexeme):
    """A lexeme as a tsquery operand."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def lexeme_groups(words):
    """For each search word, the stemmed forms of it and of its near spellings in the vocabulary; one query.

    "digitalisierung" gives {'digitalisier', 'prozessdigitalisier', 'digitalisierungsstrategi', …}, "Univeristät"
    {'univeristat', 'universitat'}. An organisation matches when it has one lexeme of every group. The vocabulary
    lookup uses the trigram GIN index on companies_searchword, the match the B-tree on companies_searchterm."""
    sql = """
        SELECT t.position, lexeme
          FROM unnest(%s::text[]) WITH ORDINALITY AS t(term, position)
         CROSS JOIN LATERAL (
               SELECT t.term AS word
                UNION
               (SELECT word FROM companies_searchword
                 WHERE length(t.term) >= %s AND t.term <%% word
                   AND (strpos(word, t.term) > 0 OR similarity(t.term, word) >= %s)
                 ORDER BY word_similarity(t.term, word) DESC, word
                 LIMIT %s)) AS alternatives
         CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('german', alternatives.word))) AS lexeme
    """
    groups = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [words, MIN_TRIGRAM_LENGTH, TYPO_SIMILARITY, EXPANSIONS_PER_WORD])
        for position, lexeme in cursor.fetchall():
            groups.setdefault(position, set()).add(lexeme)
    return [sorted(groups[position]) for position in sorted(groups)]


def vocabulary(document):
    """The words of a search text worth matching typos against."""
    return {word for word in WORD.findall(document.lower()) if MIN_TRIGRAM_LENGTH <= len(word) <= 60}


# --- highlighting ---------------------------------------------------------------------------------------


def _fold(word):
    """Lower case without accents, so that "universitat" and "Universität" compare equal."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=4096)
def _matches(word, query_terms):
    folded = _fold(word)
    for term in query_terms:
        if len(term) < 3:
            if folded == term:
                return True
            continue
        if term in folded:  # the word itself, or a part of a compound ("digitalisierung" in a longer word)
            return True
        stem = term[: max(4, len(term) - 3)]
        if len(folded) >= 4 and folded.startswith(stem) and term.startswith(folded[: len(stem)]):
            return True  # another form of the word: "Unternehmens" and "Unternehmen"
        if len(term) >= 5 and abs(len(folded) - len(term)) <= 2 and SequenceMatcher(None, folded, term).ratio() >= 0.8:
            return True  # a typo: "Univeristät" and "Universität"
    return False


def highlight(text, query):
    """The text, HTML-escaped, with the words matching the query wrapped in <mark>."""
    query_terms = tuple(_fold(term) for term in terms(query or ""))
    if not text or not query_terms:
        return escape(text or "")
    out, position = [], 0
    for match in WORD.finditer(text):
        if _matches(match.group(), query_terms):
            out.append(escape(text[position : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text is escaped above


def has_match(text, query):
    query_terms = tuple(_fold(term) for term in terms(query or ""))
    return bool(text and query_terms) and any(_matches(word, query_terms) for word in WORD.findall(text))


def snippet(text, query, length=SNIPPET_LENGTH):
    """The part of a long text around its first match, highlighted; empty when nothing matches."""
    query_terms = tuple(_fold(term) for term in terms(query or ""))
    if not text or not query_terms:
        return ""
    for match in WORD.finditer(text):
        if _matches(match.group(), query_terms):
            start = max(0, match.start() - length // 3)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < match.start() else start
            end = min(len(text), start + length)
            if end < len(text):
                space = text.rfind(" ", match.end(), end)
                end = space if space > 0 else end
            prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
            return mark_safe(escape(prefix) + highlight(text[start:end], query) + escape(suffix))  # noqa: S308 - every piece of the text is escaped above
    return ""


# --- suggestions ----------------------------------------------------------------------------------------


def suggest(query):
    """The nearest known spelling of a search query that found nothing, or None.

    Candidates are the words people search for: topic labels and synonyms, keywords, places and organisation
    names. PostgreSQL ranks them with trigram similarity; SQLite compares against a bounded vocabulary.
    """
    words = terms(query)
    if not words:
        return None
    vocabulary = None if is_postgresql() else _vocabulary_words()  # SQLite: read once, not once per word
    corrected, changed = [], False
    for word in words:
        best = _nearest(word, vocabulary)
        if best and _fold(best) != _fold(word):
            corrected.append(best)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def _vocabulary_words(limit=2000):
    from taggit.models import Tag

    from .models import Municipality

    words = set()
    for topic in Topic.objects.only("name_de", "name_en", "synonyms_de", "synonyms_en"):
        for text in (topic.name_de, topic.name_en, topic.synonyms_de, topic.synonyms_en):
            words.update(WORD.findall(text))
    words.update(Municipality.objects.values_list("name", flat=True))
    for name in Tag.objects.order_by("name").values_list("name", flat=True)[:limit]:
        words.update(WORD.findall(name))
    for name in Organisation.objects.published().order_by("-published_at").values_list("name", flat=True)[:limit]:
        words.update(WORD.findall(name))
    return [word for word in words if len(word) >= 3]


def _nearest(word, vocabulary):
    if len(word) < 4:
        return None
    if vocabulary is None:
        return _nearest_postgresql(word)
    folded = _fold(word)
    best, best_ratio = None, 0.0
    for candidate in vocabulary:
        ratio = SequenceMatcher(None, folded, _fold(candidate)).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best if best_ratio >= 0.75 else None


def _nearest_postgresql(word):
    """One query: the most similar word among topic labels, keywords, places and organisation names."""
    sql = """
        WITH candidates(word) AS (
            SELECT DISTINCT regexp_split_to_table(lower(name_de || ' ' || name_en || ' ' || synonyms_de || ' '
                                                        || synonyms_en), '[^[:alnum:]]+')
              FROM companies_topic
            UNION SELECT lower(name) FROM companies_municipality
            UNION SELECT regexp_split_to_table(lower(name), '[^[:alnum:]]+') FROM taggit_tag WHERE name %% %s
            UNION SELECT regexp_split_to_table(lower(name), '[^[:alnum:]]+') FROM companies_organisation
                   WHERE status = 'published' AND name %% %s
        )
        SELECT word, similarity(word, %s) AS score FROM candidates
         WHERE length(word) >= 3 AND similarity(word, %s) >= 0.4
         ORDER BY score DESC, word LIMIT 1
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [word, word, word, word])
        row = cursor.fetchone()
    return row[0] if row else None
