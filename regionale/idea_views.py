"""Members and the REGIONALE: submitting a project idea, following one's ideas through the stages, and adding a
need (partners wanted) to a project of one's organisation. The stage workflow itself is in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from companies.models import Organisation, Status
from matching.forms import EntryForm
from matching.models import Entry, Side
from portal.lib import drafts, ratelimit

from . import services
from .forms import IdeaForm
from .models import Project, StageTransition

SLUG_ATTEMPTS = 3  # two members submitting ideas of the same title at the same moment: the loser takes the next slug
DRAFT_KEY = "regionale_idea_draft"  # what was typed into the idea form, kept in the session (portal/lib/drafts.py)


def _get_project_for_sponsor(request, slug):
    """A project the user may add needs to: one they can see, whose lead sponsor they own or edit. 404 otherwise."""
    projects = Project.objects.visible_to(request.user).filter(
        lead_sponsor__in=Organisation.objects.managed_by(request.user)
    )
    return get_object_or_404(projects.select_related("lead_sponsor__municipality"), slug=slug)


def _submitting_organisations(user):
    """The organisations an idea can come from: the user's own, unless a curator has hidden them."""
    mine = Organisation.objects.filter(memberships__user=user, status__in=[Status.PUBLISHED, Status.DRAFT])
    return list(mine.order_by("name", "pk"))


# --- submitting an idea --------------------------------------------------------------------------------------


@login_required
def submit_idea(request):
    organisations = _submitting_organisations(request.user)
    if not organisations:
        return render(request, "regionale/idea_form.html", {"form": None})
    form = IdeaForm(request.POST if request.method == "POST" else None, organisations=organisations)
    if request.method == "POST":
        request.session[DRAFT_KEY] = drafts.of(form, request.POST)
        if drafts.saving(request):
            return HttpResponse(status=204)
    else:
        drafts.fill(form, request.session.get(DRAFT_KEY))
    status = 200
    if form.is_valid():
        if not ratelimit.allow(request, "regionale_idea"):
            form.add_error(None, _("You have submitted several ideas in a short time. Please try again later."))
            status = 429
        else:
            project = _create_idea(form, request.user)
            request.session.pop(DRAFT_KEY, None)
            request.user.remember_language(request.LANGUAGE_CODE)  # the stage e-mails are written in it
            messages.success(
                request,
                _("Thank you! Your idea “%(title)s” has been submitted. We will let you know by e-mail how it goes on.")
                % {"title": project.title},
            )
            return redirect("regionale:my_ideas")
    return render(request, "regionale/idea_form.html", {"form": form}, status=status)


def _create_idea(form, user):
    """The project (stage idea, unpublished, submitted by the user) with its first step in the timeline."""
    project = form.save(commit=False)
    project.submitted_by = user
    for attempt in range(SLUG_ATTEMPTS):
        project.slug = services.unique_project_slug(project.title)
        try:
            with transaction.atomic():
                project.save()
                form.save_m2m()
                services.record_creation(project, by=user)
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS - 1:
                raise
            project.pk = None
        else:
            return project


# --- my ideas ------------------------------------------------------------------------------------------------


@login_required
def my_ideas(request):
    """The ideas the user submitted, newest first, with their public decision timeline (no reasons, no names)."""
    timeline = StageTransition.objects.only("project_id", "kind", "to_stage", "decided_on", "body", "at")
    ideas = (
        Project.objects.filter(submitted_by=request.user)
        .select_related("lead_sponsor")
        .prefetch_related(Prefetch("transitions", queryset=timeline.order_by("at", "pk"), to_attr="timeline"))
        .order_by("-created", "-pk")
    )
    managed = set(Organisation.objects.managed_by(request.user).values_list("pk", flat=True))
    return render(request, "regionale/my_ideas.html", {"ideas": ideas, "managed": managed})


# --- a need of a project -------------------------------------------------------------------------------------


@login_required
def add_need(request, slug):
    """The lead sponsor's members publish a need through matching's form; it is linked to the project and enters
    the matching like any other need."""
    project = _get_project_for_sponsor(request, slug)
    organisation = project.lead_sponsor
    entry = Entry(organisation=organisation, side=Side.NEED, created_by=request.user)
    form = EntryForm(request.POST or None, instance=entry, organisation=organisation)
    if form.is_valid():
        with transaction.atomic():
            form.save()
            project.needs.add(entry)
        if organisation.is_published:
            messages.success(request, _("Your need was published and is linked to the project."))
        else:
            messages.success(
                request,
                _(
                    "Your need was saved and linked to the project. Others see it once the profile of "
                    "%(organisation)s is published."
                )
                % {"organisation": organisation.name},
            )
        return redirect(project)
    context = {"form": form, "entry": entry, "organisation": organisation, "project": project}
    return render(request, "regionale/add_need.html", context)
