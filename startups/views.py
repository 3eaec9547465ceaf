import secrets
from urllib.parse import urlencode

from allauth.account.forms import SignupForm
from allauth.account.internal.flows.signup import complete_signup
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from companies.models import Kind, LookingFor, Municipality, Organisation, SizeBand, Stage, Topic
from portal.lib import drafts, ratelimit

from . import services
from .forms import STARTUP, BasicsForm, ProfileForm

SESSION_KEY = "registration"
TITLES = {STARTUP: gettext_lazy("Register a start-up"), "organisation": gettext_lazy("Register an organisation")}
STEPS = [("basics", gettext_lazy("Basics")), ("profile", gettext_lazy("Profile")), ("account", gettext_lazy("Account"))]
URL_NAMES = {"basics": "startups:{}", "profile": "startups:{}_profile", "account": "startups:{}_account"}


def _get_organisation_for_member(request, slug):
    """An organisation the signed-in user belongs to; 404 for everyone else."""
    return get_object_or_404(Organisation.objects.managed_by(request.user), slug=slug)


# --- the journey's state in the session ---------------------------------------------------------------------


def _state(request, journey):
    """This journey's data in the session, started with a fresh idempotency token on first use."""
    journeys = request.session.setdefault(SESSION_KEY, {})
    if journey not in journeys:
        journeys[journey] = {"token": secrets.token_urlsafe(32)}
        request.session.modified = True
    return journeys[journey]


def _save_step(request, state, step, data):
    state[step] = data
    state.get("drafts", {}).pop(step, None)
    request.session.modified = True


def _moves_on(request, form):
    """Whether the step was sent with "Next" (not "Back", not saved while typing) and is valid."""
    draft_only = drafts.saving(request) or "back" in request.POST
    return request.method == "POST" and not draft_only and form.is_valid()


def _stays(request, journey, state, step, form):
    """A step that does not move on keeps what was entered as a draft (portal/lib/drafts.py) — saved while typing
    (204), left with "Back" (to the previous step) or sent with errors (the page again) — and shows it on a GET:
    it is newer than what the step last sent."""
    if request.method == "POST":
        state.setdefault("drafts", {})[step] = drafts.of(form, request.POST)
        request.session.modified = True
        names = [name for name, _label in STEPS]
        if drafts.saving(request):
            return HttpResponse(status=204)
        if "back" in request.POST and names.index(step):
            return redirect(_step_url(journey, names[names.index(step) - 1]))
    else:
        drafts.fill(form, state.get("drafts", {}).get(step))
    return _render_step(request, journey, step, {"form": form})


def _end(request, journey):
    request.session.get(SESSION_KEY, {}).pop(journey, None)
    request.session.modified = True


def _step_url(journey, step):
    return reverse(URL_NAMES[step].format(journey))


def _form_data(request):
    return request.POST if request.method == "POST" else None


# --- the three steps -------------------------------------------------------------------------------------------


def basics(request, journey):
    state = _state(request, journey)
    form = BasicsForm(journey, _form_data(request), initial=state.get("basics"))
    if _moves_on(request, form):
        forced = {"kind": Kind.STARTUP} if journey == STARTUP else {}  # a tampered "kind" cannot override it
        _save_step(request, state, "basics", {**form.cleaned_data, **forced})
        return redirect(_step_url(journey, "profile"))
    return _stays(request, journey, state, "basics", form)


def profile(request, journey):
    state = _state(request, journey)
    if "basics" not in state:
        return redirect(_step_url(journey, "basics"))
    form = ProfileForm(state["basics"]["kind"], _form_data(request), initial=state.get("profile"))
    if _moves_on(request, form):
        _save_step(request, state, "profile", form.session_data())
        return redirect(_step_url(journey, "account"))
    return _stays(request, journey, state, "profile", form)


@never_cache
def account(request, journey):
    if request.method == "POST" and (done := services.previous_registration(request.POST.get("token", ""))):
        return _outcome(request, done)  # submitted twice: lead to what the first submission created
    state = _state(request, journey)
    if missing := next((step for step in ("basics", "profile") if step not in state), None):
        return redirect(_step_url(journey, missing))
    if request.user.is_authenticated:
        return _confirm(request, journey, state)
    if request.method == "POST" and not ratelimit.allow(request, "signup"):
        return respond_429(request)
    form = SignupForm(data=_form_data(request))
    if form.is_valid():
        return _sign_up_and_register(request, journey, state, form)
    return _render_step(request, journey, "account", {"form": form, "state": state})


def _summary(state):
    """What the visitor entered, as (label, value) pairs for the last step."""
    basics, profile = state["basics"], state["profile"]
    place = Municipality.objects.filter(pk=basics["municipality"]).first()
    topics = Topic.objects.filter(pk__in=profile["topics"])
    rows = [
        (_("Name"), basics["name"]),
        (_("Kind of organisation"), Kind(basics["kind"]).label),
        (_("Town or municipality"), place),
        (_("Pitch"), basics["pitch"]),
        (_("Topics"), ", ".join(topic.name for topic in topics)),
    ]
    if profile.get("stage"):
        rows.append((_("Stage"), Stage(profile["stage"]).label))
    if profile.get("looking_for"):
        rows.append((_("Looking for"), ", ".join(str(LookingFor(code).label) for code in profile["looking_for"])))
    if profile.get("size_band"):
        rows.append((_("Employees"), SizeBand(profile["size_band"]).label))
    return rows


def _confirm(request, journey, state):
    """Step 3 for someone signed in: the button creates the profile."""
    if request.method == "POST" and request.POST.get("token") == state["token"]:
        registration = _register(request, journey, state, request.user)
        return _outcome(request, registration)
    if request.method == "POST":  # a page of an earlier journey: show this one's data before creating anything
        messages.warning(request, _("This page was out of date. Please check your entries and confirm again."))
    return _render_step(request, journey, "account", {"state": state})


def _sign_up_and_register(request, journey, state, form):
    """Create the account as allauth's sign-up does (verification mail, rate limit), then the draft profile."""
    try:
        with transaction.atomic():
            user, response = form.try_save(request)
            if response:  # the address has an account already: allauth mails its owner instead (no enumeration)
                return response
            registration = services.register(user, state["token"], state["basics"], state["profile"])
    except IntegrityError as error:  # a double click raced this request and won, or something else clashed
        return _outcome(request, _winner(request, journey, state, error))
    _end(request, journey)
    welcome_url = reverse("startups:welcome", args=[registration.organisation.slug])
    try:
        return complete_signup(request, user=user, redirect_url=welcome_url)
    except ImmediateHttpResponse as error:
        return error.response


def _register(request, journey, state, user):
    try:
        registration = services.register(user, state["token"], state["basics"], state["profile"])
    except IntegrityError as error:  # a double click raced this request and won, or something else clashed
        return _winner(request, journey, state, error)
    _end(request, journey)
    return registration


def _winner(request, journey, state, error):
    """The registration a concurrent submission of this journey created; without one, `error` was something else."""
    registration = services.previous_registration(state["token"])
    if registration is None:
        raise error
    _end(request, journey)
    return registration


def _outcome(request, registration):
    if request.user.is_authenticated and registration.user_id == request.user.pk:
        if registration.awaiting_verification:
            messages.info(request, _("Please confirm your e-mail address: the profile is published after that."))
        return redirect("startups:welcome", slug=registration.organisation.slug)
    return redirect("account_email_verification_sent")


def _render_step(request, journey, step, context):
    names = [name for name, _label in STEPS]
    current = names.index(step)
    state = _state(request, journey)
    # Earlier steps, and later ones whose steps before are saved (a visitor coming back goes on from there).
    reachable = [index < current or all(earlier in state for earlier in names[:index]) for index in range(len(names))]
    steps = [
        {
            "number": number,
            "label": label,
            "url": _step_url(journey, name) if reachable[number - 1] and number - 1 != current else None,
            "done": name in state,
        }
        for number, (name, label) in enumerate(STEPS, start=1)
    ]
    context = {
        **context,
        "journey": journey,
        "title": TITLES[journey],
        "steps": steps,
        "step": steps[current],
        "total": len(STEPS),
        "back_url": steps[current - 1]["url"] if current else None,
        "furthest": [item for item in steps if item["url"] or item["number"] - 1 == current][-1],
    }
    if "state" in context:
        context["summary"] = _summary(context["state"])
        context["login_url"] = reverse("account_login") + "?" + urlencode({"next": request.path})
    return render(request, f"startups/registration_{step}.html", context)


# --- after the journey -----------------------------------------------------------------------------------------


@login_required
def welcome(request, slug):
    organisation = _get_organisation_for_member(request, slug)
    return render(request, "startups/organisation_welcome.html", {"organisation": organisation})
