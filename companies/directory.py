"""The directory: published organisations filtered by facets and a search term, with counts for every choice.

Filters are plain GET parameters (q, kind, district, municipality, topic, keyword, size, stage, near, radius,
sort, page), so every result is a shareable URL. Bad values never fail and never broaden the result silently:
the filter set keeps what it understands and `Directory.notes` says what it ignored.

Facets are disjunctive: several ticks within one facet mean "any of them", facets combine with "and". The count
beside a choice is the number of results with that choice under all the *other* filters, one grouped query per
facet, so the number of queries does not depend on the number of organisations.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import cached_property, reduce
from urllib.parse import urlencode

import django_filters
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, TooManyFieldsSent
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, FloatField, Q, Value, When
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag, TaggedItem

from . import search, sections
from .models import District, Kind, Municipality, Organisation, SizeBand, Stage, Topic

PAGE_SIZE = 24
MAX_RESULTS = 1_000_000  # a bound for the ranking subquery only; never reached
MAX_IDS = 2000  # results up to this many come back with the facet counts, as ids for the page query
RADII = (10, 25, 50, 100)
MAX_KEYWORDS = 10
MAX_QUERY_LENGTH = 200
MAX_SHOWN_VALUE = 40
KEYWORD_FACET_SIZE = 12
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def shown(value):
    """A value from the query string, safe and short enough to quote back in a note."""
    value = CONTROL_CHARACTERS.sub("", str(value))
    return value if len(value) <= MAX_SHOWN_VALUE else value[: MAX_SHOWN_VALUE - 1] + "…"


class Sort:
    RELEVANCE, NAME, NEWEST, DISTANCE = "relevance", "name", "newest", "distance"
    choices = [
        (RELEVANCE, _("Relevance")),
        (NAME, _("Name")),
        (NEWEST, _("Newest")),
        (DISTANCE, _("Distance")),
    ]


# --- lenient fields: keep what is understood, note the rest ----------------------------------------------


class NotingMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes = []


class LenientMultipleChoiceField(NotingMixin, forms.MultipleChoiceField):
    """Several choices; unknown values are dropped with a note instead of invalidating the whole field."""

    def clean(self, value):
        values = [str(item) for item in (value or [])]
        valid = {str(key) for key, _label in self.choices}
        known = list(dict.fromkeys(item for item in values if item in valid))
        unknown = list(dict.fromkeys(item for item in values if item not in valid))
        if unknown:
            quoted = ", ".join(f"“{shown(item)}”" for item in unknown[:3]) + (" …" if len(unknown) > 3 else "")
            self.notes.append(
                ngettext(
                    "%(field)s: the unknown value %(values)s was ignored.",
                    "%(field)s: the unknown values %(values)s were ignored.",
                    len(unknown),
                )
                % {"field": self.label, "values": quoted}
            )
        return known


class KeywordField(NotingMixin, forms.Field):
    """Free keywords, matched by name or slug; too long or too many are noted and dropped."""

    widget = forms.MultipleHiddenInput

    def clean(self, value):
        kept = []
        for item in value or []:
            if CONTROL_CHARACTERS.search(str(item)):  # before strip(): \x1c-\x1f count as white space
                self.notes.append(
                    _("%(field)s: control characters were removed from a keyword.") % {"field": self.label}
                )
            item = CONTROL_CHARACTERS.sub("", str(item)).strip()
            if not item:
                continue
            if len(item) > 100:
                self.notes.append(
                    _("%(field)s: a keyword longer than 100 characters was ignored.") % {"field": self.label}
                )
                continue
            if item.lower() not in {k.lower() for k in kept}:
                kept.append(item)
        if len(kept) > MAX_KEYWORDS:
            self.notes.append(
                _("%(field)s: only the first %(count)s keywords were used.")
                % {"field": self.label, "count": MAX_KEYWORDS}
            )
            kept = kept[:MAX_KEYWORDS]
        return kept


class SearchField(NotingMixin, forms.CharField):
    """The search box: control characters are removed and overlong queries shortened, each with a note."""

    def to_python(self, value):
        if isinstance(value, list):  # ?q=a&q=b: the last one, like a single field would take
            value = value[-1] if value else ""
        value = str(value or "")
        cleaned = CONTROL_CHARACTERS.sub(" ", value)
        if cleaned != value:
            self.notes.append(_("Search term: control characters were removed."))
        cleaned = " ".join(cleaned.split())
        if len(cleaned) > MAX_QUERY_LENGTH:
            cleaned = cleaned[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or cleaned[:MAX_QUERY_LENGTH]
            self.notes.append(_("Search term: shortened to %(count)s characters.") % {"count": MAX_QUERY_LENGTH})
        return cleaned


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


class KeywordFilter(django_filters.Filter):
    field_class = KeywordField


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


# --- the filter set --------------------------------------------------------------------------------------


def lenient_page(paginator, number, notes):
    """The page of results; a page that is not a number or out of range gives a note and the nearest page."""
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        notes.append(_("Page: “%(value)s” is not a page number; showing page 1.") % {"value": shown(number)})
        return paginator.page(1)
    except EmptyPage:
        nearest = 1 if int(number) < 1 else paginator.num_pages
        notes.append(
            _("Page: there is no page %(value)s; showing page %(nearest)s.")
            % {"value": shown(number), "nearest": nearest}
        )
        return paginator.page(nearest)


def page_links(page, url_with):
    """The context of companies/_pagination.html: page_links [(number, query or "" for an ellipsis)], and
    previous_url / next_url where there is such a page; url_with(page=n) gives a page's query string."""
    paginator = page.paginator
    links = {
        "page_links": [
            (number, url_with(page=number) if number != paginator.ELLIPSIS else "")
            for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ]
    }
    if page.has_previous():
        links["previous_url"] = url_with(page=page.previous_page_number())
    if page.has_next():
        links["next_url"] = url_with(page=page.next_page_number())
    return links


def query_with(pairs, **changes):
    """A query string: the cleaned (name, value) pairs with `changes` applied (page 1 and empty values left out)."""
    pairs = [(name, value) for name, value in pairs if name not in changes]
    for name, value in changes.items():
        if value not in (None, "") and not (name == "page" and value == 1):
            pairs.append((name, value))
    return "?" + urlencode(pairs) if pairs else "?"


def understood_params(values, names, defaults=None):
    """The query string of what a lenient filter understood, as (name, value) pairs in the order of `names`: empty
    values and values equal to their default ({"sort": "newest"}) left out, lists spelt out one pair per item."""
    defaults = defaults or {}
    pairs = []
    for name in names:
        value = values.get(name)
        if value in (None, "", []) or defaults.get(name) == value:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item)))
    return pairs


def ignored_values(form, params):
    """The notes for what a lenient filter form could not use: its fields' own notes and one per invalid value."""
    notes = []
    for formfield in form.fields.values():
        notes += getattr(formfield, "notes", [])
    for name in form.errors:
        label = form.fields[name].label if name in form.fields else name
        raw = params.getlist(name)
        value = shown(raw[-1] if raw else "")
        notes.append(
            _("%(field)s: the value “%(value)s” is not valid and was ignored.") % {"field": label, "value": value}
        )
    return notes


def distance_origin(values, by_slug, notes):
    """The municipality to measure distances from (values["near"]), or None with a note why not."""
    slug = values.get("near")
    if not slug:
        if "radius" in values:
            notes.append(_("Distance: choose a place to measure from; the distance was ignored."))
        return None
    place = by_slug[slug]
    if not place.has_coordinates:
        notes.append(
            _("Distance: no map position is known for %(place)s, so the distance was ignored.") % {"place": place.name}
        )
        return None
    return place


# --- choices that feature apps add: "has open needs", "has offers" -----------------------------------------

_has = {}  # value -> (label, rows): rows() is a queryset of the feature's rows with an organisation_id column
_has_label = []
HAS_VALUE = re.compile(r"[a-z]+")


def register_has(value, label, rows, facet_label):
    """Adds a choice to the facet "has" (GET ?has=<value>): organisations with at least one of rows(). Feature
    apps call it in AppConfig.ready(), e.g. matching: register_has("needs", _("Has open needs"), ...)."""
    if not HAS_VALUE.fullmatch(value):  # it becomes a column name in the counting query (kept with python -O)
        raise ValueError(f"register_has: {value!r} must be lower-case letters")
    _has[value] = (label, rows)
    _has_label[:] = [facet_label]


def _has_condition(value):
    return Q(pk__in=_has[value][1]().values("organisation_id"))


class FacetFilterSet(django_filters.FilterSet):
    """The base of the lenient lists' filters (directory, needs and offers, REGIONALE projects): each facet filter is
    one Q from `condition(name, value)`, so that a list can count every facet with and without the others."""

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_facet(self, queryset, name, value):
        return queryset.filter(self.condition(name, value))

    def condition(self, name, value):
        raise NotImplementedError


class DirectoryFilter(FacetFilterSet):
    """The facets. Each filter's method narrows a queryset; `Directory` applies them with and without each one."""

    q = SearchFilter(label=_("Search term"), method="filter_nothing")  # applied by Directory, not a facet
    kind = LenientMultipleChoiceFilter(label=_("Kind"), choices=Kind.choices, method="filter_kind")
    district = LenientMultipleChoiceFilter(label=_("District"), choices=District.choices, method="filter_district")
    municipality = LenientMultipleChoiceFilter(label=_("Town or municipality"), method="filter_municipality")
    topic = LenientMultipleChoiceFilter(label=_("Topics"), method="filter_topic")
    keyword = KeywordFilter(label=_("Keywords"), method="filter_keyword")
    size = LenientMultipleChoiceFilter(label=_("Employees"), choices=SizeBand.choices, method="filter_size")
    stage = LenientMultipleChoiceFilter(label=_("Start-up stage"), choices=Stage.choices, method="filter_stage")
    has = LenientMultipleChoiceFilter(label=_("Activity"), method="filter_has")
    near = django_filters.ChoiceFilter(label=_("Near"), method="filter_nothing")
    radius = django_filters.TypedChoiceFilter(
        label=_("Distance"),
        choices=[(str(km), _("within %(km)s km") % {"km": km}) for km in RADII],
        coerce=int,
        method="filter_radius",
    )
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=Sort.choices, method="filter_nothing")

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, data, *, municipalities, topics, **kwargs):
        self.municipalities = municipalities
        self.by_slug = {place.slug: place for place in municipalities}
        super().__init__(data, **kwargs)
        places = [(place.slug, place.name) for place in municipalities]
        self.filters["municipality"].extra["choices"] = places
        self.filters["near"].extra["choices"] = places
        self.filters["topic"].extra["choices"] = [(topic.slug, topic.name) for topic in topics]
        self.filters["has"].extra["choices"] = [(value, label) for value, (label, _rows) in _has.items()]
        if _has_label:
            self.filters["has"].label = _has_label[0]
        self.topic_ids = {topic.slug: topic.pk for topic in topics}
        self.distances = {}  # municipality id -> km from the chosen place, filled in by Directory

    # Every facet filter is one condition without joins that multiply rows: the counts need no DISTINCT, and
    # Directory.counts evaluates all of them in one pass as flags.
    filter_kind = filter_district = filter_municipality = filter_topic = FacetFilterSet.filter_facet
    filter_keyword = filter_size = filter_stage = filter_radius = filter_has = FacetFilterSet.filter_facet

    def condition(self, name, value):
        """The Q of one facet filter with its cleaned value."""
        if name == "kind":
            return Q(kind__in=value)
        if name == "district":
            return Q(municipality__district__in=value)
        if name == "municipality":
            return Q(municipality_id__in=[self.by_slug[slug].pk for slug in value])
        if name == "topic":
            topics = [self.topic_ids[slug] for slug in value]
            return Q(pk__in=Organisation.topics.through.objects.filter(topic_id__in=topics).values("organisation_id"))
        if name == "keyword":
            matches = Q()
            for keyword in value:
                matches |= Q(tag__name__iexact=keyword) | Q(tag__slug=keyword)
            tagged = TaggedItem.objects.filter(
                matches, content_type__app_label="companies", content_type__model="organisation"
            )
            return Q(pk__in=tagged.values("object_id"))
        if name == "size":
            return Q(size_band__in=value)
        if name == "stage":
            return Q(stage__in=value)
        if name == "has":
            return reduce(operator.or_, [_has_condition(item) for item in value])
        if name == "radius":
            within = [pk for pk, km in self.distances.items() if km <= value]
            return Q(municipality_id__in=within or [0])  # no place has id 0: "nowhere", without an empty IN ()
        raise ValueError(name)


FACETS = ["kind", "district", "municipality", "topic", "keyword", "size", "stage", "has", "radius"]


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


# --- the directory ---------------------------------------------------------------------------------------


def query_params(request):
    """The request's query string as a QueryDict, read up to Django's limit of fields instead of failing.

    Django answers more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters with 400; a directory link with thousands of
    values gets a normal page instead, built from the first ones, and a note (in `Directory.notes`)."""
    try:
        return request.GET
    except TooManyFieldsSent:
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        fields = request.META.get("QUERY_STRING", "").split("&")[:limit]
        params = QueryDict("&".join(fields))
        params.truncated_at = limit
        return params


class Directory:
    """The directory for one query string.

    organisations  the filtered, ordered queryset (published only); `page` the current page of it
    notes          what was ignored or changed in the query string, in the user's language
    query          the cleaned search term ("" when none)
    """

    def __init__(self, params):
        self.municipalities = list(Municipality.objects.all())
        self.topics = list(Topic.objects.all())
        self.params = params
        self.filterset = DirectoryFilter(params, municipalities=self.municipalities, topics=self.topics)
        form = self.filterset.form
        form.is_valid()
        self.values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "", [])}
        self.notes = ignored_values(form, self.params)
        if getattr(params, "truncated_at", None):
            self.notes.insert(
                0,
                _("The address had too many values; only the first %(count)s were read.")
                % {"count": params.truncated_at},
            )
        self.query = self.values.get("q", "")
        self.origin = self._origin()
        if self.origin is not None:
            self.filterset.distances = {
                place.pk: place.distance_km(self.origin) for place in self.municipalities if place.has_coordinates
            }
        elif "radius" in self.values:
            del self.values["radius"]
        self.sort = self._sort()
        self.base = Organisation.objects.published().defer("search_document", "search_vector")
        self.rank = None
        if self.query:
            self.base, self.rank = search.search(self.base, self.query)
        self.organisations = self._order(self._filtered())

    # -- parsing --

    def _origin(self):
        return distance_origin(self.values, self.filterset.by_slug, self.notes)

    def _sort(self):
        sort = self.values.get("sort") or Sort.RELEVANCE
        if sort == Sort.DISTANCE and self.origin is None:
            self.notes.append(_("Sort by distance needs a place under “Near”; sorted by relevance instead."))
            sort = Sort.RELEVANCE
        return sort

    # -- querying --

    def _filtered(self, without=None, base=None):
        queryset = self.base if base is None else base
        for name in FACETS:
            if name != without and name in self.values:
                queryset = self.filterset.filters[name].filter(queryset, self.values[name])
        return queryset

    def _order(self, queryset):
        if self.sort == Sort.NAME:
            return queryset.order_by("name", "pk")
        if self.sort == Sort.NEWEST:
            return queryset.order_by(F("published_at").desc(nulls_last=True), "name", "pk")
        if self.sort == Sort.DISTANCE:
            whens = [When(municipality_id=pk, then=Value(km)) for pk, km in self.filterset.distances.items()]
            distance = Case(*whens, default=Value(100000.0), output_field=FloatField())
            return queryset.annotate(distance=distance).order_by("distance", "name", "pk")
        if self.rank is not None:
            # Rank only the results. When the facet query returned them (few), take their ids; otherwise a
            # subquery with a LIMIT, so that PostgreSQL applies every filter first instead of ranking all candidate
            # rows and filtering while it walks them in rank order.
            ids = self.counts["ids"]
            if len(ids) <= MAX_IDS:
                results = [int(pk) for pk in ids] or [0]
            else:
                results = queryset.order_by().values("pk")[:MAX_RESULTS]
            ranked = Organisation.objects.filter(pk__in=results).defer("search_document", "search_vector")
            return ranked.annotate(rank=self.rank).order_by("-rank", "name", "pk")
        return queryset.order_by("-featured", "-content_updated", "name", "pk")

    def page(self, number):
        """The page of results; a page that is not a number or out of range gives a note and the nearest page."""
        organisations = self.organisations.select_related("municipality").prefetch_related(
            "topics", *sections.card_prefetches()
        )
        paginator = Paginator(organisations, PAGE_SIZE)
        paginator.count = self.total  # known from the facet query: no COUNT of its own
        return lenient_page(paginator, number, self.notes)

    # -- facets --

    @cached_property
    def counts(self):
        """{facet: {value: count}} for every facet under the other filters, and "total": one query.

        The published organisations matching the search are read once into a CTE with a flag per active filter;
        each facet then counts the rows whose flags, except its own, are all true."""
        active = [name for name in FACETS if name in self.values]
        flags = {
            f"f_{name}": ExpressionWrapper(self.filterset.condition(name, self.values[name]), BooleanField())
            for name in active
        }
        columns = ["pk", "kind", "municipality__district", "municipality_id", "size_band", "stage"]
        base = self.base.order_by()
        if len(active) > 1:  # only rows that pass all filters but one can count anywhere
            conditions = [self.filterset.condition(name, self.values[name]) for name in active]
            base = base.filter(
                reduce(
                    operator.or_,
                    [reduce(operator.and_, conditions[:i] + conditions[i + 1 :]) for i in range(len(active))],
                )
            )
        has = {f"h_{value}": ExpressionWrapper(_has_condition(value), BooleanField()) for value in _has}
        base = base.annotate(**flags, **has).values_list(*columns, *flags, *has)
        try:
            sql, params = base.query.sql_with_params()
        except EmptyResultSet:  # a search without a single word: nothing to count
            return {name: {} for name in [*FACETS, "total", "ids"]}
        names = ["id", "kind", "district", "municipality_id", "size_band", "stage", *flags, *has]

        def where(skip, *also):
            conditions = [*also, *(f"f_{name}" for name in active if name != skip)]
            return f"WHERE {' AND '.join(conditions)}" if conditions else ""

        topics = Organisation.topics.through._meta.db_table
        tagged = TaggedItem._meta.db_table
        content_type = ContentType._meta.db_table
        parts = [
            f"SELECT '{facet}', CAST({column} AS TEXT), COUNT(*) FROM base {where(facet)} GROUP BY {column}"  # noqa: S608 - table names and checked values only; user input is in params
            for facet, column in [
                ("kind", "kind"),
                ("district", "district"),
                ("municipality", "municipality_id"),
                ("size", "size_band"),
                ("stage", "stage"),
            ]
        ]
        parts.append(
            f"SELECT 'topic', CAST(t.topic_id AS TEXT), COUNT(*) FROM base "  # noqa: S608 - table names and checked values only; user input is in params
            f"JOIN {topics} t ON t.organisation_id = base.id {where('topic')} GROUP BY t.topic_id"
        )
        parts.append(
            f"SELECT * FROM (SELECT 'keyword', CAST(k.tag_id AS TEXT), COUNT(*) AS n FROM base "  # noqa: S608 - table names and checked values only; user input is in params
            f"JOIN {tagged} k ON k.object_id = base.id AND k.content_type_id = "
            f"(SELECT id FROM {content_type} WHERE app_label = 'companies' AND model = 'organisation') "
            f"{where('keyword')} GROUP BY k.tag_id ORDER BY n DESC, k.tag_id LIMIT {KEYWORD_FACET_SIZE}) AS keywords"
        )
        parts += [f"SELECT 'has', '{value}', COUNT(*) FROM base {where('has', f'h_{value}')}" for value in _has]  # noqa: S608 - table names and checked values only; user input is in params
        parts.append(f"SELECT 'total', '', COUNT(*) FROM base {where(None)}")  # noqa: S608 - table names and checked values only; user input is in params
        # The results themselves when they are few: the page query then needs no second search.
        parts.append(
            f"SELECT * FROM (SELECT 'ids', CAST(id AS TEXT), 0 FROM base {where(None)} LIMIT {MAX_IDS + 1}) AS ids"  # noqa: S608 - table names and checked values only; user input is in params
        )
        if self.origin is not None:
            parts.append(
                f"SELECT 'radius', CAST(municipality_id AS TEXT), COUNT(*) FROM base {where('radius')} "  # noqa: S608 - table names and checked values only; user input is in params
                "GROUP BY municipality_id"
            )
        query = f"WITH base({', '.join(names)}) AS MATERIALIZED ({sql}) " + " UNION ALL ".join(parts)
        counts = {name: {} for name in [*FACETS, "total", "ids"]}
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            for facet, value, count in cursor.fetchall():
                counts[facet][value] = count
        return counts

    @property
    def total(self):
        return self.counts["total"].get("", 0)

    @cached_property
    def facets(self):
        """Every facet with the count of each choice under the other filters."""
        counts = self.counts
        selected = {name: set(self.values.get(name, [])) for name in FACETS if name != "radius"}
        label = {name: self.filterset.filters[name].label for name in FACETS}
        facets = [
            Facet("kind", label["kind"], self._options(Kind.choices, counts["kind"], selected["kind"])),
            Facet(
                "district", label["district"], self._options(District.choices, counts["district"], selected["district"])
            ),
            Facet(
                "municipality",
                label["municipality"],
                [
                    Option(m.slug, m.name, counts["municipality"].get(str(m.pk), 0), m.slug in selected["municipality"])
                    for m in self.municipalities
                ],
            ),
            Facet(
                "topic",
                label["topic"],
                [
                    Option(t.slug, t.name, counts["topic"].get(str(t.pk), 0), t.slug in selected["topic"])
                    for t in self.topics
                ],
            ),
            self._keyword_facet(counts["keyword"]),
            Facet("size", label["size"], self._options(SizeBand.choices, counts["size"], selected["size"])),
            Facet("stage", label["stage"], self._options(Stage.choices, counts["stage"], selected["stage"])),
            Facet(
                "has",
                label["has"],
                self._options(self.filterset.filters["has"].extra["choices"], counts["has"], selected["has"]),
            ),
        ]
        return {facet.name: facet for facet in facets}

    @cached_property
    def municipality_counts(self):
        """{municipality id: results there} for the map: the chosen towns only, when towns are chosen."""
        chosen = set(self.values.get("municipality", []))
        counts = self.counts["municipality"]
        return {
            place.pk: counts[str(place.pk)]
            for place in self.municipalities
            if counts.get(str(place.pk)) and (not chosen or place.slug in chosen)
        }

    @staticmethod
    def _options(choices, counts, selected):
        return [Option(value, label, counts.get(value, 0), value in selected) for value, label in choices]

    def _keyword_facet(self, counts):
        """The most frequent keywords among the results, and the chosen ones."""
        names = dict(Tag.objects.filter(pk__in=[int(pk) for pk in counts]).values_list("pk", "name"))
        chosen = self.values.get("keyword", [])
        lowered = {keyword.lower() for keyword in chosen}
        rows = sorted(
            ((names[int(pk)], count) for pk, count in counts.items() if int(pk) in names), key=lambda r: (-r[1], r[0])
        )
        options = [Option(name, name, count, name.lower() in lowered) for name, count in rows]
        listed = {option.value.lower() for option in options}
        options += [Option(keyword, keyword, 0, True) for keyword in chosen if keyword.lower() not in listed]
        return Facet("keyword", self.filterset.filters["keyword"].label, options)

    def card_templates(self):
        """Lines feature apps add to each card (companies/sections.py)."""
        return sections.card_templates()

    def radius_options(self):
        """Each distance with the number of results within it (the other filters applied)."""
        if self.origin is None:
            return [Option(str(km), _("within %(km)s km") % {"km": km}, 0, False) for km in RADII]
        per_place = {int(pk): count for pk, count in self.counts["radius"].items()}
        options = []
        for km in RADII:
            count = sum(n for pk, n in per_place.items() if self.filterset.distances.get(pk, km + 1) <= km)
            options.append(Option(str(km), _("within %(km)s km") % {"km": km}, count, self.values.get("radius") == km))
        return options

    # -- links --

    def active_filters(self):
        """(label, value label, query string without it) for every applied filter: the chips and "remove" links."""
        facets = self.facets
        chips = []
        for name in ["kind", "district", "municipality", "topic", "keyword", "size", "stage", "has"]:
            for option in facets[name].selected:
                chips.append((facets[name].label, option.label, self.url_without(name, option.value)))
        if "radius" in self.values and self.origin is not None:
            label = _("within %(km)s km of %(place)s") % {"km": self.values["radius"], "place": self.origin.name}
            chips.append((_("Distance"), label, self.url_without("radius")))
        if self.query:
            chips.append((_("Search term"), self.query, self.url_without("q")))
        return chips

    def cleaned_params(self):
        """The query string of what was understood (no page), as a list of (name, value)."""
        pairs = []
        for name in ["q", *FACETS, "near", "sort"]:
            value = self.values.get(name)
            if value in (None, "", []):
                continue
            if name == "sort" and value == Sort.RELEVANCE:
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name, str(item)))
        return pairs

    def url_with(self, **changes):
        return query_with(self.cleaned_params(), **changes)

    def url_without(self, name, value=None):
        pairs = [
            (key, item) for key, item in self.cleaned_params() if not (key == name and (value is None or item == value))
        ]
        if name == "near":
            pairs = [(key, item) for key, item in pairs if key not in ("radius", "sort")]
        return "?" + urlencode(pairs) if pairs else "?"

    def url_for_municipality(self, place):
        return self.url_with(municipality=place.slug)

    def relaxations(self):
        """When nothing matches: (label, count, link) for each applied filter whose removal would give results."""
        found = []
        for name in FACETS:
            if name in self.values:
                count = self._filtered(without=name).count()
                if count:
                    found.append((self.filterset.filters[name].label, count, self.url_without(name)))
        if self.query:
            count = self._filtered(base=Organisation.objects.published()).count()
            if count:
                found.append((_("Search term"), count, self.url_without("q")))
        return found
