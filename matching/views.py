"""One need or offer, and the organisation's members publishing and managing theirs. The lists are in lists.py."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Organisation

from .forms import EntryForm
from .models import Entry, EntryStatus

RENEW_WINDOW = timedelta(weeks=4)  # renewing is possible in the last four weeks before the expiry, and after it

# "An organisation in …" for anonymous entries: the prepositions differ by district (im Kreis Olpe, in Dortmund).


def _get_organisation(request, slug):
    """An organisation the user may publish entries for (owner or editor); 404 for everyone else."""
    return get_object_or_404(Organisation.objects.managed_by(request.user).select_related("municipality"), slug=slug)


def _get_entry(request, pk, manage=False, side=None):
    """(entry, is_member). Visitors see what Entry.objects.visible_to allows; manage=True: the owners and editors
    of the entry's organisation only. 404 for everyone else, and when the address names the wrong side."""
    if manage:
        entries = Entry.objects.filter(organisation__in=Organisation.objects.managed_by(request.user))
    else:
        entries = Entry.objects.visible_to(request.user)
    entries = entries.select_related("organisation__municipality", "municipality").prefetch_related(
        "topics", "keywords"
    )
    entry = get_object_or_404(entries, pk=pk)
    if side and entry.side != side:
        raise Http404
    is_member = manage or entry.organisation.membership_for(request.user) is not None
    return entry, is_member


def can_renew(entry, today=None):
    return entry.expires_on - (today or timezone.localdate()) <= RENEW_WINDOW


def detail(request, pk, side):
    entry, is_member = _get_entry(request, pk, side=side)
    today = timezone.localdate()
    context = {
        "entry": entry,
        "is_member": is_member,
        "show_identity": is_member or not entry.is_anonymous,
        "anonymous_name": entry.anonymous_publisher,
        "expired": entry.expires_on < today,
        "can_renew": is_member and can_renew(entry, today),
        "list_url": reverse("matching:needs" if entry.is_need else "matching:offers"),
    }
    return render(request, "matching/entry_detail.html", context)


@login_required
def create(request, organisation, side):
    organisation = _get_organisation(request, organisation)
    entry = Entry(organisation=organisation, side=side, created_by=request.user)
    form = EntryForm(request.POST or None, instance=entry, organisation=organisation)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your need was published.") if entry.is_need else _("Your offer was published."))
        return redirect(entry)
    return render(request, "matching/entry_form.html", {"form": form, "entry": entry, "organisation": organisation})


@login_required
def edit(request, pk):
    entry, _is_member = _get_entry(request, pk, manage=True)
    form = EntryForm(request.POST or None, instance=entry, organisation=entry.organisation)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your changes were saved."))
        return redirect(entry)
    context = {"form": form, "entry": entry, "organisation": entry.organisation}
    return render(request, "matching/entry_form.html", context)


@login_required
@require_POST
def change_status(request, pk):
    entry, _is_member = _get_entry(request, pk, manage=True)
    action = request.POST.get("action", "")
    level, message = _change_status(entry, action, timezone.localdate())
    messages.add_message(request, level, message)
    return redirect(_back(request, entry))


def _change_status(entry, action, today):
    """(message level, message) after carrying out the action, or explaining why it cannot be done."""
    if action == "renew":
        if entry.status == EntryStatus.CLOSED:
            return messages.ERROR, _("A closed entry cannot be renewed. Reopen it instead.")
        if not can_renew(entry, today):
            return messages.ERROR, _(
                "This entry runs until %(date)s. You can renew it in the last four weeks before that."
            ) % _until(entry)
        entry.renew(today)
        return messages.SUCCESS, _("Renewed: the entry is shown until %(date)s.") % _until(entry)
    if action == "close":
        _set_status(entry, EntryStatus.CLOSED)
        return messages.SUCCESS, _("The entry is closed: only your organisation’s members see it now.")
    if action == "reopen":
        _set_status(entry, EntryStatus.OPEN)
        if entry.expires_on < today:
            entry.renew(today)
        return messages.SUCCESS, _("The entry is open again and shown until %(date)s.") % _until(entry)
    if action == "in-talks":
        if entry.status == EntryStatus.CLOSED:
            return messages.ERROR, _("A closed entry cannot be in talks. Reopen it first.")
        _set_status(entry, EntryStatus.IN_TALKS)
        return messages.SUCCESS, _("Marked as “in talks”: the entry stays visible, and others see you are in talks.")
    return messages.ERROR, _("Nothing was changed: this action is unknown.")


def _until(entry):
    return {"date": formats.date_format(entry.expires_on, "DATE_FORMAT")}


def _set_status(entry, status):
    entry.status = status
    entry.save(update_fields=["status"])


def _back(request, entry):
    """The page the member came from when it is this site's "my needs and offers" page, else the entry's page."""
    target = request.POST.get("next", "")
    if target == reverse("matching:mine") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return entry.get_absolute_url()


@login_required
def mine(request):
    entries = Entry.objects.order_by("side", "-created", "pk")
    organisations = (
        Organisation.objects.managed_by(request.user)
        .order_by("name", "pk")
        .prefetch_related(Prefetch("entries", queryset=entries, to_attr="managed_entries"))
    )
    today = timezone.localdate()
    context = {"organisations": organisations, "today": today, "renew_from": today + RENEW_WINDOW}
    return render(request, "matching/mine.html", context)
