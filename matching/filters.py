"""The public lists of needs and of offers: facets with counts, a search term, two sort orders and pages.

GET parameters q, type, topic, district, partner, kind, sort and page, lenient like the directory
(companies/directory.py): what cannot be used is left out and `EntrySearch.notes` says so; nothing here fails.
Facets are disjunctive within themselves and combine with "and"; the count beside a choice is the number of results
with that choice under all the *other* filters. Every facet filter is one condition without joins that multiply rows,
so one aggregate query counts the choices of type, district, wanted partner and kind together, and one grouped query
the topics: the number of queries does not depend on the number of entries.
"""

import operator
from dataclasses import dataclass
from functools import reduce

import django_filters
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.directory import (
    FacetFilterSet,
    LenientMultipleChoiceFilter,
    SearchFilter,
    ignored_values,
    lenient_page,
    query_with,
    understood_params,
)
from companies.models import District, Kind, Topic

from .models import Entry, EntryType

PAGE_SIZE = 20
TOPICS_ON_CARD = 3
FACETS = ["type", "topic", "district", "partner", "kind"]
CHOICES = {"type": EntryType.choices, "district": District.choices, "partner": Kind.choices, "kind": Kind.choices}


class Sort:
    NEWEST, DEADLINE = "newest", "deadline"
    choices = [(NEWEST, gettext_lazy("Newest first")), (DEADLINE, gettext_lazy("Deadline soonest"))]


class EntryFilter(FacetFilterSet):
    """The facets; `condition` gives each one's Q, which EntrySearch applies with and without each facet."""

    q = SearchFilter(label=gettext_lazy("Search term"), method="filter_nothing")
    type = LenientMultipleChoiceFilter(label=gettext_lazy("Type"), choices=EntryType.choices, method="filter_facet")
    topic = LenientMultipleChoiceFilter(label=gettext_lazy("Topics"), method="filter_facet")
    district = LenientMultipleChoiceFilter(
        label=gettext_lazy("District"), choices=District.choices, method="filter_facet"
    )
    partner = LenientMultipleChoiceFilter(
        label=gettext_lazy("Wanted partners"), choices=Kind.choices, method="filter_facet"
    )
    kind = LenientMultipleChoiceFilter(
        label=gettext_lazy("Kind of organisation"), choices=Kind.choices, method="filter_facet"
    )
    sort = django_filters.ChoiceFilter(label=gettext_lazy("Sort by"), choices=Sort.choices, method="filter_nothing")

    class Meta:
        model = Entry
        fields = []

    def __init__(self, data, *, topics, **kwargs):
        super().__init__(data, **kwargs)
        self.filters["topic"].extra["choices"] = [(topic.slug, topic.name) for topic in topics]
        self.topic_ids = {topic.slug: topic.pk for topic in topics}

    def condition(self, name, value):
        """The Q of one facet filter with its cleaned (non-empty) value."""
        if name == "type":
            return Q(type__in=value)
        if name == "topic":
            tagged = Entry.topics.through.objects.filter(topic_id__in=[self.topic_ids[slug] for slug in value])
            return Q(pk__in=tagged.values("entry_id"))
        if name == "district":
            return Q(municipality__district__in=value)
        if name == "partner":
            # partner_kinds is a JSON list of Kind values; none of them is part of another, so the quoted value
            # as a substring of the JSON text finds it on SQLite and PostgreSQL alike (no JSON containment there).
            return reduce(operator.or_, [Q(partner_kinds__icontains=f'"{kind}"') for kind in value])
        if name == "kind":
            return Q(organisation__kind__in=value)
        raise ValueError(name)


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
    options: list

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


class EntrySearch:
    """One side's list for one visitor and one query string.

    entries  the filtered, ordered queryset; `page(number)` a page of it with organisation, place and topics loaded
    facets   {name: Facet} with the counts; `total` the number of results
    notes    what was ignored or changed in the query string, in the user's language
    """

    def __init__(self, params, *, side, user):
        self.params = params
        self.topics = list(Topic.objects.all())
        self.filterset = EntryFilter(params, topics=self.topics)
        form = self.filterset.form
        form.is_valid()
        self.values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "", [])}
        self.notes = ignored_values(form, params)
        if getattr(params, "truncated_at", None):
            self.notes.insert(
                0,
                _("The address had too many values; only the first %(count)s were read.")
                % {"count": params.truncated_at},
            )
        self.query = self.values.get("q", "")
        self.sort = self.values.get("sort") or Sort.NEWEST
        self.base = Entry.objects.visible_to(user).filter(side=side).current()
        if self.query:
            self.base = self.base.filter(Q(title__icontains=self.query) | Q(description__icontains=self.query))
        self.entries = self.base.filter(self._conditions()).order_by(*self._ordering())
        self.counts = self._counts()
        self.total = self.counts["total"]

    def _conditions(self, without=None):
        names = [name for name in FACETS if name != without and name in self.values]
        return reduce(operator.and_, [self.filterset.condition(name, self.values[name]) for name in names], Q())

    def _ordering(self):
        if self.sort == Sort.DEADLINE:
            return [F("deadline").asc(nulls_last=True), "-created", "-pk"]
        return ["-created", "-pk"]

    # -- counting --

    def _counts(self):
        """{facet: {value: count}} and "total": two queries whatever the number of entries."""
        aggregates = {"total": Count("pk", filter=self._conditions() or None)}
        names = {}
        for facet, choices in CHOICES.items():
            others = self._conditions(without=facet)
            for index, (value, _label) in enumerate(choices):
                alias = f"{facet}_{index}"
                names[alias] = (facet, value)
                aggregates[alias] = Count("pk", filter=others & self.filterset.condition(facet, [value]))
        row = self.base.order_by().aggregate(**aggregates)
        counts = {name: {} for name in FACETS}
        for alias, (facet, value) in names.items():
            counts[facet][value] = row[alias]
        counts["total"] = row["total"]
        tagged = Entry.topics.through.objects.filter(
            entry_id__in=self.base.filter(self._conditions(without="topic")).order_by().values("pk")
        )
        for topic_id, count in tagged.values("topic_id").annotate(n=Count("entry_id")).values_list("topic_id", "n"):
            counts["topic"][topic_id] = count
        return counts

    @property
    def facets(self):
        selected = {name: set(self.values.get(name, [])) for name in FACETS}
        label = {name: self.filterset.filters[name].label for name in FACETS}

        def options(name):
            return [
                Option(value, text, self.counts[name].get(value, 0), value in selected[name])
                for value, text in CHOICES[name]
            ]

        topics = [
            Option(topic.slug, topic.name, self.counts["topic"].get(topic.pk, 0), topic.slug in selected["topic"])
            for topic in self.topics
        ]
        facets = [
            Facet("type", label["type"], options("type")),
            Facet("topic", label["topic"], [option for option in topics if option.count or option.selected]),
            Facet("district", label["district"], options("district")),
            Facet("partner", label["partner"], options("partner")),
            Facet("kind", label["kind"], options("kind")),
        ]
        return {facet.name: facet for facet in facets}

    # -- the page --

    def page(self, number):
        """The page of results; a page that is not a number or out of range gives a note and the nearest page."""
        entries = self.entries.select_related("organisation__municipality", "municipality").prefetch_related("topics")
        paginator = Paginator(entries, PAGE_SIZE)
        paginator.count = self.total  # counted with the facets already
        return lenient_page(paginator, number, self.notes)

    # -- links --

    @property
    def is_filtered(self):
        return any(name in self.values for name in ["q", *FACETS])

    def cleaned_params(self):
        """The query string of what was understood (no page), as a list of (name, value)."""
        return understood_params(self.values, ["q", *FACETS, "sort"], {"sort": Sort.NEWEST})

    def url_with(self, **changes):
        return query_with(self.cleaned_params(), **changes)
