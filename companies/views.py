from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import push_url

from accounts import audit
from portal.lib import images, ratelimit
from portal.lib.pagecache import BOOKINGS, CONTENT, cache_for_visitors

from . import maps, moderation, search, sections, services
from .directory import Directory, Sort, page_links, query_params
from .forms import DepartmentFormSet, InvitationForm, LogoForm, OrganisationForm, ReportForm, RoleForm
from .models import Invitation, Municipality, Organisation, Role


def _get_organisation(request, slug, role=None, queryset=Organisation.objects):
    """The organisation and the user's membership (or None).

    role=None: anyone may see a published organisation, only its members a draft or hidden one (404 otherwise).
    role=EDITOR: members only (404 for everyone else). role=OWNER: as EDITOR, and editors get 403.
    """
    organisation = get_object_or_404(queryset, slug=slug)
    membership = organisation.membership_for(request.user)
    if membership is None and (role or not organisation.is_published):
        raise Http404
    if role == Role.OWNER and membership.role != Role.OWNER:
        raise PermissionDenied
    return organisation, membership


def _posted_id(request, name):
    """A database id from the POST data; 404 for anything else, which only a tampered form sends."""
    value = request.POST.get(name, "")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


def _get_invitation(token):
    """(invitation, problem): problem is the reason a link cannot be used, with its HTTP status."""
    try:
        invitation = Invitation.from_token(token)
    except signing.SignatureExpired:
        return None, (_("This invitation has expired. Please ask for a new one."), 410)
    except (signing.BadSignature, ValueError, Invitation.DoesNotExist):
        return None, (_("This invitation link is not valid. Please check that you copied it completely."), 400)
    if invitation.accepted_at:
        return invitation, (_("This invitation has already been accepted."), 410)
    return invitation, None


# The profile lists free desks nearby (co-working) and reads the Referer for its "back to the results" link.
@cache_for_visitors(
    "organisation",
    namespaces=(CONTENT, BOOKINGS),
    bucket=3600,
    vary=lambda request: _directory_referrer(request),  # the back link: the directory search, or none
)
def detail(request, slug):
    queryset = Organisation.objects.select_related("municipality", "spin_off_of").prefetch_related(
        "topics", "industries", "keywords", "departments"
    )
    organisation, membership = _get_organisation(request, slug, queryset=queryset)
    context = {
        "organisation": organisation,
        "membership": membership,
        "map": maps.locator_map(
            organisation.municipality,
            Municipality.objects.filter(latitude__isnull=False).only("name", "latitude", "longitude"),
        ),
        "sections": sections.templates(),
        "back_to_directory": _directory_referrer(request),
    }
    return render(request, "companies/organisation_detail.html", context)


def _directory_referrer(request):
    """The filtered directory the visitor came from (same site only), for a "back to the results" link."""
    referrer = urlsplit(request.headers.get("referer", ""))
    if referrer.netloc != request.get_host() or len(referrer.path) + len(referrer.query) > 2000:
        return None
    if referrer.path not in {reverse("companies:directory"), translate_url(reverse("companies:directory"), "en")}:
        return None
    return f"{referrer.path}?{referrer.query}" if referrer.query else referrer.path


@login_required
def edit(request, slug):
    organisation, _membership = _get_organisation(request, slug, role=Role.EDITOR)
    form = OrganisationForm(request.POST or None, instance=organisation)
    departments = DepartmentFormSet(request.POST or None, instance=organisation) if organisation.is_research else None
    profile_valid, departments_valid = form.is_valid(), departments is None or departments.is_valid()
    if profile_valid and departments_valid:
        with transaction.atomic(), search.batch():
            form.save()
            if departments is not None:
                departments.save()
        messages.success(request, _("The profile was saved."))
        return redirect(organisation)
    if form.is_bound and not departments_valid:
        form.add_error(None, _("Please check the departments."))  # so that the error summary mentions them
    percent, missing = organisation.completeness()
    context = {"organisation": organisation, "form": form, "departments": departments}
    return render(request, "companies/organisation_edit.html", {**context, "percent": percent, "missing": missing})


@login_required
def logo(request, slug):
    organisation, _membership = _get_organisation(request, slug, role=Role.EDITOR)
    posted = request.method == "POST"
    form = LogoForm(
        request.POST if posted else None, request.FILES if posted else None, initial={"logo": organisation.logo}
    )
    if form.is_valid():
        with images.storing(form, "logo"):
            if images.replace_image(organisation, "logo", form.cleaned_data["logo"]):
                organisation.content_updated = timezone.now()
                organisation.save(update_fields=["content_updated"])
                messages.success(request, _("Logo saved.") if organisation.logo else _("Logo removed."))
            return redirect("companies:edit", slug=organisation.slug)
    return render(request, "companies/organisation_logo.html", {"organisation": organisation, "form": form})


def report(request, slug):
    """Anyone may report a public profile; curators are told and decide. Rate limited per address."""
    organisation, _membership = _get_organisation(request, slug)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        if ratelimit.allow(request, "report"):
            reporter = request.user if request.user.is_authenticated else None
            moderation.report(organisation, form.cleaned_data["reason"], form.cleaned_data["message"], reporter)
            messages.success(request, _("Thank you. Our editorial team will look at the profile."))
            return redirect(organisation)
        status = 429
        form.add_error(None, _("You have sent several reports in a short time. Please try again later."))
    return render(request, "companies/report_form.html", {"organisation": organisation, "form": form}, status=status)


@login_required
def members(request, slug):
    organisation, _membership = _get_organisation(request, slug, role=Role.OWNER)
    action = request.POST.get("action")
    form = InvitationForm(request.POST if action == "invite" else None)
    if action == "invite" and form.is_valid() and _invite(request, organisation, form):
        return redirect("companies:members", slug=slug)
    if action in ("role", "remove"):
        _change_member(request, organisation, action)
        still_owner = organisation.memberships.filter(user=request.user, role=Role.OWNER).exists()
        return redirect("companies:members", slug=slug) if still_owner else redirect("companies:mine")
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("created"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True),
        "form": form,
        "roles": Role.choices,
    }
    return render(request, "companies/organisation_members.html", context)


def _invite(request, organisation, form):
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    if services.is_member(organisation, email):
        message = _("%(email)s is already a member of %(name)s.") % {"email": email, "name": organisation}
        form.add_error("email", message)
        return False
    if not ratelimit.allow(request, "invitation", key=str(request.user.pk)):
        form.add_error(None, _("You have sent many invitations in a short time. Please try again later."))
        return False
    invitation = services.open_invitation(organisation, email, role, request.user)
    context = {"invitation": invitation, "link": request.build_absolute_uri(invitation.get_absolute_url())}
    send_mail(
        render_to_string("companies/email/invitation_subject.txt", context).strip(),
        render_to_string("companies/email/invitation_message.txt", context),
        None,
        [email],
    )
    messages.success(request, _("The invitation was sent to %(email)s.") % {"email": email})
    return True


def _change_member(request, organisation, action):
    """Change a member's role (action "role") or remove them (action "remove")."""
    membership = get_object_or_404(organisation.memberships, pk=_posted_id(request, "membership"))
    form = RoleForm(request.POST)
    try:
        if action == "remove":
            services.remove_member(membership)
            _audit_member(request, audit.Kind.MEMBER_REMOVED, membership, role=membership.role)
            messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
        elif form.is_valid():
            changed = services.change_role(membership, form.cleaned_data["role"])
            if changed.role != membership.role:
                _audit_member(
                    request, audit.Kind.MEMBER_ROLE_CHANGED, membership, from_role=membership.role, to_role=changed.role
                )
            messages.success(request, _("The role of %(name)s was changed.") % {"name": membership.user})
    except services.LastOwnerError as error:
        messages.error(request, error.message)


def _audit_member(request, kind, membership, **details):
    organisation = membership.organisation
    audit.record(kind, request=request, target=membership.user, organisation=organisation.name, **details)


def invitation_accept(request, token):
    invitation, problem = _get_invitation(token)
    context = {"invitation": invitation, "problem": problem and problem[0]}
    if problem:
        return render(request, "companies/invitation_accept.html", context, status=problem[1])
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "companies/invitation_accept.html", context)
    if not request.user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        return render(request, "companies/invitation_accept.html", {**context, "wrong_address": True}, status=403)
    if request.method == "POST":
        if services.accept_invitation(invitation, request.user):
            messages.success(request, _("Welcome to %(name)s!") % {"name": invitation.organisation})
        else:
            messages.info(request, _("You are already a member of %(name)s.") % {"name": invitation.organisation})
        request.session["current_organisation"] = invitation.organisation_id
        return redirect(invitation.organisation)
    context["already_member"] = invitation.organisation.memberships.filter(user=request.user).exists()
    return render(request, "companies/invitation_accept.html", context)


@login_required
def mine(request):
    memberships = request.user.memberships.select_related("organisation__municipality").order_by("organisation__name")
    if request.method == "POST":
        membership = get_object_or_404(memberships, organisation_id=_posted_id(request, "organisation"))
        _act_on_own_membership(request, membership)
        return redirect("companies:mine")
    current = request.session.get("current_organisation")
    return render(request, "companies/membership_list.html", {"memberships": memberships, "current": current})


def _act_on_own_membership(request, membership):
    """Switch to this organisation (POST action "switch") or leave it ("leave")."""
    organisation = membership.organisation
    if request.POST.get("action") == "switch":
        request.session["current_organisation"] = organisation.pk
        messages.success(request, _("You are now working for %(name)s.") % {"name": organisation})
    elif request.POST.get("action") == "leave":
        try:
            services.remove_member(membership)
        except services.LastOwnerError as error:
            messages.error(request, error.message)
            return
        if request.session.get("current_organisation") == organisation.pk:
            del request.session["current_organisation"]
        messages.success(request, _("You have left %(name)s.") % {"name": organisation})


@cache_for_visitors("directory", bucket=3600)
def directory(request):
    """The directory of published organisations; htmx requests get the filters and results part only."""
    params = query_params(request)
    found = Directory(params)
    page = found.page(params.get("page"))
    if not request.htmx and not found.notes and "" in params.dict().values():
        # The filter form sent without JavaScript also sends its empty fields: show the tidy, shareable address.
        query = found.url_with(page=page.number)
        return redirect(request.path + (query if query != "?" else ""))
    facets = found.facets
    selected = {place.pk for place in found.municipalities if place.slug in found.values.get("municipality", [])}
    context = {
        "directory": found,
        "page": page,
        "facets": facets,
        "radius_options": found.radius_options(),
        "map": maps.directory_map(
            found.municipalities, found.municipality_counts, found.url_for_municipality, selected
        ),
        "suggestion": None,
        "relaxations": [],
        "sort_choices": Sort.choices,
    }
    context.update(page_links(page, found.url_with))
    if not page.paginator.count:
        suggestion = search.suggest(found.query) if found.query else None
        if suggestion:
            context["suggestion"], context["suggestion_url"] = suggestion, found.url_with(q=suggestion)
        context["relaxations"] = found.relaxations()
    if request.htmx and not request.htmx.history_restore_request:
        # The address bar shows the cleaned query (no empty fields, no ignored values), so it can be shared.
        response = render(request, "companies/_directory.html", context)
        query = found.url_with(page=page.number)
        return push_url(response, request.path + (query if query != "?" else ""))
    return render(request, "companies/directory.html", context)
