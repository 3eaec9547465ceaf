"""The portfolio's list of published REGIONALE projects: facets with counts, a search term, three sort orders, pages.

GET parameters q, stage, district, handlungsfeld, dna, municipality, sort and page, lenient like the directory
(companies/directory.py): what cannot be used is left out and `Portfolio.notes` says so; nothing here fails.
Stage, district, field of action and town are disjunctive within themselves ("any of the ticked"); the DNA aspects
are conjunctive (projects with *all* the ticked aspects). Facets combine with "and". The count beside a choice is
the number of results with that choice under all the *other* filters (for a DNA aspect: with it added to the ticked
ones). Every facet filter is one condition without joins that multiply rows, so one aggregate query counts the
choices of stage, district, field of action and DNA together, and one grouped query the towns: the number of
queries does not depend on the number of projects.

Withdrawn projects stay out of the list unless the stage "Withdrawn" is ticked.
"""

import operator
from functools import reduce

import django_filters
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.directory import (
    Facet,
    FacetFilterSet,
    LenientMultipleChoiceFilter,
    Option,
    SearchFilter,
    ignored_values,
    lenient_page,
    query_with,
    understood_params,
)
from companies.models import District, Municipality, Organisation
from portal.lib.text import GERMAN

from .models import PATH, Handlungsfeld, Project, Stage

PAGE_SIZE = 12
MAX_WORDS = 8
FACETS = ["stage", "district", "handlungsfeld", "dna", "municipality"]
DNA_CHOICES = [
    ("digital", gettext_lazy("Digital")),
    ("sustainable", gettext_lazy("Sustainable")),
    ("authentic", gettext_lazy("Authentic")),
]
CHOICES = {
    "stage": Stage.choices,
    "district": District.choices,
    "handlungsfeld": Handlungsfeld.choices,
    "dna": DNA_CHOICES,
}
# Spelt-out umlauts back to umlauts, for "Muenster" to find "Münster" (GERMAN in portal/lib/text.py goes the other way).
UMLAUTS = [("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü"), ("ss", "ß")]


class Sort:
    STAGE, NEWEST, TITLE = "stage", "newest", "title"
    choices = [
        (STAGE, gettext_lazy("Stage (most stars first)")),
        (NEWEST, gettext_lazy("Newest decision")),
        (TITLE, gettext_lazy("Title")),
    ]


def spellings(word):
    """The ways a search word may be written in a project's text: with umlauts or spelt out ("Lüdenscheid",
    "Luedenscheid"), and in lower, title and upper case, since SQLite's LIKE ignores case only for ASCII letters."""
    found = set()
    for cased in {word, word.lower(), word.capitalize(), word.upper()}:
        found.add(cased)
        found.add(cased.translate(GERMAN))
        umlauted = cased
        for spelt, umlaut in UMLAUTS:
            umlauted = umlauted.replace(spelt, umlaut).replace(spelt.upper(), umlaut.upper())
        found.add(umlauted)
    return sorted(found)


def search_condition(query):
    """Every word of the query in the title, summary, description, a sponsor's name or a town's name."""
    words = query.split()[:MAX_WORDS]
    conditions = []
    for word in words:
        variants = spellings(word)

        def anywhere(field, variants=variants):
            return reduce(operator.or_, [Q(**{f"{field}__icontains": variant}) for variant in variants])

        sponsors = Project.sponsors.through.objects.filter(anywhere("organisation__name")).values("project_id")
        towns = Project.municipalities.through.objects.filter(anywhere("municipality__name")).values("project_id")
        lead = Organisation.objects.filter(anywhere("name")).values("pk")
        conditions.append(
            anywhere("title")
            | anywhere("summary")
            | anywhere("description")
            | Q(lead_sponsor__in=lead)
            | Q(pk__in=sponsors)
            | Q(pk__in=towns)
        )
    return reduce(operator.and_, conditions, Q())


class ProjectFilter(FacetFilterSet):
    """The facets; `condition` gives each one's Q, which Portfolio applies with and without each facet."""

    q = SearchFilter(label=gettext_lazy("Search term"), method="filter_nothing")
    stage = LenientMultipleChoiceFilter(label=gettext_lazy("Stage"), choices=Stage.choices, method="filter_facet")
    district = LenientMultipleChoiceFilter(
        label=gettext_lazy("District"), choices=District.choices, method="filter_facet"
    )
    handlungsfeld = LenientMultipleChoiceFilter(
        label=gettext_lazy("Field of action"), choices=Handlungsfeld.choices, method="filter_facet"
    )
    dna = LenientMultipleChoiceFilter(label=gettext_lazy("DNA aspects"), choices=DNA_CHOICES, method="filter_facet")
    municipality = LenientMultipleChoiceFilter(label=gettext_lazy("Town or municipality"), method="filter_facet")
    sort = django_filters.ChoiceFilter(label=gettext_lazy("Sort by"), choices=Sort.choices, method="filter_nothing")

    class Meta:
        model = Project
        fields = []

    def __init__(self, data, *, municipalities, **kwargs):
        super().__init__(data, **kwargs)
        self.filters["municipality"].extra["choices"] = [(place.slug, place.name) for place in municipalities]
        self.municipality_ids = {place.slug: place.pk for place in municipalities}

    def condition(self, name, value):
        """The Q of one facet filter with its cleaned (non-empty) value."""
        if name == "stage":
            return Q(stage__in=value)
        if name == "district":
            towns = Project.municipalities.through.objects.filter(municipality__district__in=value)
            return Q(pk__in=towns.values("project_id"))
        if name == "municipality":
            ids = [self.municipality_ids[slug] for slug in value]
            return Q(pk__in=Project.municipalities.through.objects.filter(municipality_id__in=ids).values("project_id"))
        if name == "handlungsfeld":
            return Q(handlungsfeld__in=value)
        if name == "dna":
            return reduce(operator.and_, [Q(**{f"dna_{aspect}": True}) for aspect in value])
        raise ValueError(name)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


class Portfolio:
    """The published projects for one query string.

    projects  the filtered, ordered queryset; `page(number)` a page of it with sponsor, topic field and towns loaded
    facets    {name: Facet} with the counts; `total` the number of results
    notes     what was ignored or changed in the query string, in the user's language
    """

    def __init__(self, params):
        self.params = params
        self.municipalities = list(Municipality.objects.all())
        self.filterset = ProjectFilter(params, municipalities=self.municipalities)
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
        if len(self.query.split()) > MAX_WORDS:
            self.notes.append(_("Search term: only the first %(count)s words were used.") % {"count": MAX_WORDS})
        self.sort = self.values.get("sort") or Sort.STAGE
        self.base = Project.objects.published()
        if self.query:
            self.base = self.base.filter(search_condition(self.query))
        self.projects = self.base.filter(self._conditions()).order_by(*self._ordering())
        self.counts = self._counts()
        self.total = self.counts["total"]

    @property
    def shows_withdrawn(self):
        return Stage.WITHDRAWN in self.values.get("stage", [])

    def _conditions(self, without=None):
        names = [name for name in FACETS if name != without and name in self.values]
        conditions = [self.filterset.condition(name, self.values[name]) for name in names]
        if without != "stage" and "stage" not in self.values:
            conditions.append(~Q(stage=Stage.WITHDRAWN))  # withdrawn projects only when asked for
        return reduce(operator.and_, conditions, Q())

    def _ordering(self):
        if self.sort == Sort.NEWEST:
            return ["-stage_since", "title", "pk"]
        if self.sort == Sort.TITLE:
            return ["title", "pk"]
        # Along the path of the stars, furthest first; withdrawn projects last.
        rank = Case(
            *[When(stage=stage, then=Value(position)) for position, stage in enumerate(PATH)],
            default=Value(-1),
            output_field=IntegerField(),
        )
        return [rank.desc(), "-stage_since", "title", "pk"]

    # -- counting --

    def _counts(self):
        """{facet: {value: count}} and "total": two queries whatever the number of projects."""
        aggregates = {"total": Count("pk", filter=self._conditions() or None)}
        names = {}
        chosen_dna = self.values.get("dna", [])
        for facet, choices in CHOICES.items():
            others = self._conditions(without=facet)
            for index, (value, _label) in enumerate(choices):
                alias = f"{facet}_{index}"
                names[alias] = (facet, value)
                wanted = [*dict.fromkeys([*chosen_dna, value])] if facet == "dna" else [value]
                aggregates[alias] = Count("pk", filter=others & self.filterset.condition(facet, wanted))
        row = self.base.order_by().aggregate(**aggregates)
        counts = {name: {} for name in FACETS}
        for alias, (facet, value) in names.items():
            counts[facet][value] = row[alias]
        counts["total"] = row["total"]
        towns = Project.municipalities.through.objects.filter(
            project_id__in=self.base.filter(self._conditions(without="municipality")).order_by().values("pk")
        )
        rows = towns.values("municipality_id").annotate(n=Count("project_id")).values_list("municipality_id", "n")
        counts["municipality"] = dict(rows)
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

        towns = [
            Option(
                place.slug,
                place.name,
                self.counts["municipality"].get(place.pk, 0),
                place.slug in selected["municipality"],
            )
            for place in self.municipalities
        ]
        facets = [
            Facet("stage", label["stage"], options("stage")),
            Facet("district", label["district"], options("district")),
            Facet("handlungsfeld", label["handlungsfeld"], options("handlungsfeld")),
            Facet("dna", label["dna"], options("dna")),
            Facet("municipality", label["municipality"], [town for town in towns if town.count or town.selected]),
        ]
        return {facet.name: facet for facet in facets}

    def municipality_counts(self):
        """{municipality id: results there} for the map: the chosen towns only, when towns are chosen."""
        chosen = {self.filterset.municipality_ids[slug] for slug in self.values.get("municipality", [])}
        counts = self.counts["municipality"]
        return {pk: count for pk, count in counts.items() if count and (not chosen or pk in chosen)}

    def selected_municipalities(self):
        return [place.pk for place in self.municipalities if place.slug in self.values.get("municipality", [])]

    # -- the page --

    def page(self, number):
        """The page of results; a page that is not a number or out of range gives a note and the nearest page."""
        projects = self.projects.select_related("lead_sponsor", "themenfeld").prefetch_related("municipalities")
        projects = projects.defer("lead_sponsor__search_document", "lead_sponsor__search_vector")
        paginator = Paginator(projects, PAGE_SIZE)
        paginator.count = self.total  # counted with the facets already
        return lenient_page(paginator, number, self.notes)

    # -- links --

    @property
    def is_filtered(self):
        return any(name in self.values for name in ["q", *FACETS])

    def cleaned_params(self):
        """The query string of what was understood (no page), as a list of (name, value)."""
        return understood_params(self.values, ["q", *FACETS, "sort"], {"sort": Sort.STAGE})

    def url_with(self, **changes):
        return query_with(self.cleaned_params(), **changes)

    def url_for_municipality(self, place):
        """A map marker's link: the current results in that town."""
        return self.url_with(municipality=place.slug)
