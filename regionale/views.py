"""The public REGIONALE 2025 pages: the portfolio of published projects (filters in regionale/filters.py) and a
project's page."""

from decimal import Decimal

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_htmx.http import push_url

from companies import maps
from companies.directory import page_links, query_params
from companies.models import Membership, Municipality, Organisation
from matching.models import Entry
from portal.lib.pagecache import cache_for_visitors

from .filters import Portfolio, Sort
from .models import PATH, FundingStatus, Project, ProjectUpdate, Stage, StageTransition

FEATURED = 3
# The path of the stars as DOMAIN.md §7 describes it.
PATH_EXPLAINED = {
    Stage.IDEA: gettext_lazy(
        "An idea came in through the Südwestfalen Agentur and is advised with the district’s REGIONALE officers."
    ),
    Stage.STAR_1: gettext_lazy("An outstanding idea."),
    Stage.STAR_2: gettext_lazy("A viable concept with a cost estimate and a route to funding."),
    Stage.STAR_3: gettext_lazy("The funding is secured: the project is implemented."),
    Stage.IMPLEMENTATION: gettext_lazy("The project is being realised."),
    Stage.COMPLETED: gettext_lazy("The project is finished."),
}
# What the page needs of a further sponsor: its name, and its profile's address when it is published.
SPONSOR_FIELDS = ["name", "slug", "status"]


def _get_project(request, slug):
    """The project with everything its page shows; 404 unless Project.objects.visible_to lets the user see it
    (published ones for everybody, unpublished ones for curators and the person who submitted them)."""
    today = timezone.localdate()
    queryset = (
        Project.objects.visible_to(request.user)
        .select_related("lead_sponsor", "themenfeld")
        .defer("lead_sponsor__search_document", "lead_sponsor__search_vector")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
            Prefetch("sponsors", queryset=Organisation.objects.only(*SPONSOR_FIELDS)),
            # The public timeline: never the reason or who recorded it (those are for the curators).
            Prefetch("transitions", queryset=StageTransition.objects.defer("reason", "by")),
            "funding",
            "images",
            Prefetch(
                "updates", queryset=ProjectUpdate.objects.filter(published_on__lte=today), to_attr="published_updates"
            ),
            Prefetch(
                "needs",
                queryset=Entry.objects.visible_to(request.user)
                .current()
                .needs()
                .select_related("organisation__municipality")
                .defer("organisation__search_document", "organisation__search_vector")
                .order_by("-created", "pk"),
                to_attr="visible_needs",
            ),
        )
    )
    return get_object_or_404(queryset, slug=slug)


@cache_for_visitors("regionale_portfolio")
def portfolio(request):
    """The REGIONALE 2025: what it is, the path of the stars, and the published projects; htmx requests get the
    filters and results part only."""
    params = query_params(request)
    found = Portfolio(params)
    page = found.page(params.get("page"))
    if not request.htmx and not found.notes and "" in params.dict().values():
        # The filter form sent without JavaScript also sends its empty fields: show the tidy, shareable address.
        return redirect(request.path + _query(found.url_with(page=page.number)))
    context = {
        "portfolio": found,
        "page": page,
        "facets": found.facets,
        "sort_choices": Sort.choices,
        "list_url": request.path,
        "map": _map(found),
        **page_links(page, found.url_with),
    }
    if request.htmx and not request.htmx.history_restore_request:
        # The address bar shows the cleaned query (no empty fields, no ignored values), so it can be shared.
        response = render(request, "regionale/_portfolio.html", context)
        return push_url(response, request.path + _query(found.url_with(page=page.number)))
    context["stages"] = _stage_counts()
    context["featured"] = (
        Project.objects.published()
        .filter(featured=True)
        .exclude(stage=Stage.WITHDRAWN)
        .select_related("themenfeld")
        .order_by("-stage_since", "title")[:FEATURED]
    )
    return render(request, "regionale/portfolio.html", context)


def _query(query):
    return query if query != "?" else ""


def _stage_counts():
    """[(stage, what it means, number of published projects in it)] along the path of the stars, in one query."""
    rows = Project.objects.published().order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n")
    counts = dict(rows)
    return [(Stage(stage), PATH_EXPLAINED[stage], counts.get(stage, 0)) for stage in PATH]


def _projects(count):
    return ngettext("%(count)s project", "%(count)s projects", count) % {
        "count": formats.number_format(count, force_grouping=True)
    }


def _map(found):
    """The directory's map of the region with the number of found projects per town; a marker links to them."""
    drawn = maps.directory_map(
        found.municipalities,
        found.municipality_counts(),
        found.url_for_municipality,
        found.selected_municipalities(),
        noun=_projects,
    )
    if drawn:
        drawn["caption"].append(_("A project in several towns is counted in each of them."))
    return drawn


@cache_for_visitors("regionale_project")
def project(request, slug):
    project = _get_project(request, slug)
    funding = list(project.funding.all())
    counted = [line for line in funding if line.status != FundingStatus.DECLINED]
    context = {
        "project": project,
        "sponsors": project.all_sponsors(),
        "funding": funding,
        "funding_total": sum((line.amount for line in counted), Decimal(0)),
        "funding_granted": sum((line.amount for line in counted if line.status == FundingStatus.GRANTED), Decimal(0)),
        "has_declined": len(counted) < len(funding),
        "updates": project.published_updates,
        "needs": project.visible_needs,
        "is_lead_member": _is_lead_member(request.user, project),
    }
    return render(request, "regionale/project_detail.html", context)


def _is_lead_member(user, project):
    """Whether the user is an owner or editor of the project's lead sponsor: they may link a need to it."""
    if not user.is_authenticated or project.lead_sponsor_id is None:
        return False
    return Membership.objects.filter(user=user, organisation_id=project.lead_sponsor_id).exists()
