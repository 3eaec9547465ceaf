"""Contact requests, the member's pages: sending one about an entry or to an organisation, the inbox (received and
sent), a request's page with its answer and withdraw buttons, and an owner's monthly cap. The workflow and the rule
of who sees what are in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.directory import lenient_page, page_links, query_with
from companies.models import Membership, Organisation, Role
from portal.lib import ratelimit

from . import halfway, services
from .models import ContactRequest, Entry, RequestSettings, RequestStatus
from .request_forms import AnswerForm, ContactRequestForm, RequestSettingsForm
from .services import RECEIVER, SENDER

PAGE_SIZE = 20


def _get_request(request, pk):
    """(contact_request, side, ids of the user's organisations among the two). 404 for anyone who is neither one of
    the two people nor a member of either organisation."""
    contact_request = get_object_or_404(ContactRequest.objects.select_related(*services.RELATED), pk=pk)
    member_of = set(
        Membership.objects.filter(
            user=request.user, organisation_id__in=[contact_request.sender_organisation_id, contact_request.receiver_id]
        ).values_list("organisation_id", flat=True)
    )
    side = services.side_of(contact_request, request.user, member_of)
    if side is None:
        raise Http404
    return contact_request, side, member_of


# --- sending -------------------------------------------------------------------------------------------------


@login_required
def contact_entry(request, pk):
    entries = Entry.objects.visible_to(request.user).current()
    entry = get_object_or_404(entries.select_related("organisation__municipality", "municipality"), pk=pk)
    return _contact(request, entry.organisation, entry)


@login_required
def contact_organisation(request, organisation):
    receiver = get_object_or_404(Organisation.objects.published().select_related("municipality"), slug=organisation)
    return _contact(request, receiver, None)


def _contact(request, receiver, entry):
    mine = list(Organisation.objects.filter(memberships__user=request.user).order_by("name", "pk"))
    if any(organisation.pk == receiver.pk for organisation in mine):
        raise Http404  # one's own organisation
    senders = [organisation for organisation in mine if organisation.is_published]
    preview = ContactRequest(receiver=receiver, entry=entry, receiver_anonymous=bool(entry and entry.is_anonymous))
    context = {
        "receiver": receiver,
        "entry": entry,
        "has_organisations": bool(mine),
        "details": services.visible_contact_details(preview, side=SENDER),
        "waiting": _waiting(request.user, receiver, entry),
    }
    if not senders:
        return render(request, "matching/request_form.html", context)
    entries = list(
        Entry.objects.current().filter(organisation__in=senders).order_by("organisation__name", "side", "title", "pk")
    )
    posted = request.POST if request.method == "POST" else None
    form = ContactRequestForm(posted, organisations=senders, entries=entries, initial=_about(request, entries))
    context["form"] = form
    status = 200
    if form.is_valid():
        if not ratelimit.allow(request, "contact_request", key=str(request.user.pk)):
            form.add_error(None, _("You have sent many contact requests in a short time. Please try again later."))
            status = 429
        else:
            sent = _send(request, form, receiver, entry)
            if sent:
                return redirect(sent)
    return render(request, "matching/request_form.html", context, status=status)


def _waiting(user, receiver, entry):
    """The user's own request about this entry (or to this organisation) that still waits for an answer, if any."""
    mine = ContactRequest.objects.filter(sender=user, status=RequestStatus.PENDING, expires_at__gt=timezone.now())
    return (mine.filter(entry=entry) if entry else mine.filter(receiver=receiver, entry__isnull=True)).first()


def _about(request, entries):
    """?about=<pk>: preselect one of the user's organisations' current entries (a match's source); else nothing."""
    value = request.GET.get("about", "")
    chosen = next((entry for entry in entries if value.isascii() and value.isdigit() and entry.pk == int(value)), None)
    if chosen is None:
        return {}
    return {"sender_entry": chosen.pk, "sender_organisation": chosen.organisation_id}


def _send(request, form, receiver, entry):
    data = form.cleaned_data
    try:
        contact_request = services.send(
            sender=request.user,
            sender_organisation=data["sender_organisation"],
            sender_entry=data["sender_entry"],
            receiver=receiver,
            entry=entry,
            message=data["message"],
            phone=data["phone"],
            language=request.LANGUAGE_CODE,
        )
    except services.RequestRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return None
    name = services.visible_contact_details(contact_request, side=SENDER).receiver_name
    messages.success(
        request,
        _("Your request to %(organisation)s was sent. You will hear from us by e-mail when it is answered.")
        % {"organisation": name},
    )
    return contact_request


# --- the inbox -----------------------------------------------------------------------------------------------


@login_required
def inbox(request):
    """Requests to the user's organisations ("received") or from them ("sent"), the open ones first."""
    box = SENDER if request.GET.get("box") == "sent" else RECEIVER
    now = timezone.now()
    mine = Organisation.objects.filter(memberships__user=request.user).values("pk")
    received, sent = Q(receiver__in=mine), Q(sender_organisation__in=mine) | Q(sender=request.user)
    counts = ContactRequest.objects.filter(status=RequestStatus.PENDING, expires_at__gt=now).aggregate(
        received=Count("pk", filter=received), sent=Count("pk", filter=sent)
    )
    requests = (
        ContactRequest.objects.filter(sent if box == SENDER else received)
        .select_related(*services.RELATED)
        .annotate(
            open_first=Case(When(status=RequestStatus.PENDING, then=Value(0)), default=1, output_field=IntegerField())
        )
        .order_by("open_first", "-created", "-pk")
    )
    notes = []
    page = lenient_page(Paginator(requests, PAGE_SIZE), request.GET.get("page"), notes)
    rows = list(page.object_list)
    for row in rows:
        row.details = services.visible_contact_details(row, side=box)
        row.open = services.is_open(row, now)
        row.days_left = services.days_left(row, now)
    query = [("box", "sent")] if box == SENDER else []
    context = {
        "box": box,
        "rows": rows,
        "page": page,
        "notes": notes,
        "counts": counts,
        "list_url": request.path,
        **page_links(page, lambda **changes: query_with(query, **changes)),
    }
    return render(request, "matching/request_inbox.html", context)


# --- one request ---------------------------------------------------------------------------------------------


@login_required
def detail(request, pk):
    contact_request, side, member_of = _get_request(request, pk)
    return _detail(request, contact_request, side, member_of)


def _detail(request, contact_request, side, member_of, answer_form=None, status=200):
    now = timezone.now()
    user = request.user
    is_open = services.is_open(contact_request, now)
    can_answer = is_open and contact_request.receiver_id in member_of and user.pk != contact_request.sender_id
    context = {
        "contact_request": contact_request,
        "details": services.visible_contact_details(contact_request, side=side),
        "is_open": is_open,
        "days_left": services.days_left(contact_request, now),
        "answer_form": (answer_form or AnswerForm()) if can_answer else None,
        "can_withdraw": is_open and _may_withdraw(user, contact_request, member_of),
        **halfway.context(contact_request, user),
    }
    return render(request, "matching/request_detail.html", context, status=status)


def _may_withdraw(user, contact_request, member_of):
    return user.pk == contact_request.sender_id or contact_request.sender_organisation_id in member_of


@require_POST
@login_required
def answer(request, pk):
    contact_request, side, member_of = _get_request(request, pk)
    if contact_request.receiver_id not in member_of:
        raise Http404
    action = request.POST.get("action", "")
    form = AnswerForm(request.POST, accepting=action == "accept")
    if not form.is_valid() or action not in AnswerForm.ACTIONS:
        if action not in AnswerForm.ACTIONS:
            form.add_error(None, _("Please choose whether you accept or decline the request."))
        return _detail(request, contact_request, side, member_of, answer_form=form)
    data = form.cleaned_data
    try:
        if action == "accept":
            services.accept(contact_request, request.user, data["reply"], data["phone"], request.LANGUAGE_CODE)
        else:
            services.decline(contact_request, request.user, data["reply"], request.LANGUAGE_CODE)
    except services.RequestRefused as refused:
        messages.error(request, refused.message)
        return redirect(contact_request)
    name = {"organisation": contact_request.sender_organisation.name}
    if action == "accept":
        messages.success(request, _("You accepted the request. %(organisation)s has been told by e-mail.") % name)
    else:
        text = _(
            "You declined the request. %(organisation)s has been told by e-mail; none of your details were shared."
        )
        messages.success(request, text % name)
    return redirect(contact_request)


@require_POST
@login_required
def withdraw(request, pk):
    contact_request, _side, member_of = _get_request(request, pk)
    if not _may_withdraw(request.user, contact_request, member_of):
        raise Http404
    try:
        services.withdraw(contact_request, request.user)
    except services.RequestRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect(contact_request)


# --- an organisation's cap -----------------------------------------------------------------------------------


@login_required
def request_settings(request, organisation):
    """The owners set how many new requests their organisation accepts per calendar month."""
    owned = Organisation.objects.filter(memberships__user=request.user, memberships__role=Role.OWNER)
    organisation = get_object_or_404(owned, slug=organisation)
    current = RequestSettings.objects.filter(organisation=organisation).first()
    cap = current.monthly_cap if current else None
    form = RequestSettingsForm(request.POST if request.method == "POST" else None, initial={"monthly_cap": cap})
    if form.is_valid():
        cap = form.cleaned_data["monthly_cap"]
        RequestSettings.objects.update_or_create(organisation=organisation, defaults={"monthly_cap": cap})
        if cap is None:
            messages.success(request, _("Saved: your organisation accepts any number of contact requests."))
        else:
            messages.success(request, _("Saved: at most %(cap)s new contact requests per month.") % {"cap": cap})
        return redirect("matching:request_settings", organisation.slug)
    context = {
        "organisation": organisation,
        "form": form,
        "cap": cap,
        "received": services.received_this_month(organisation),
        "next_month": services.month_bounds()[1],
    }
    return render(request, "matching/request_settings.html", context)
