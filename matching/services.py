"""The contact-request workflow (DOMAIN.md §5, issue 6 point 4): send, accept, decline, withdraw and expire, and the
one rule of what each side may see of the other (visible_contact_details), which the pages and the e-mails share.

Every change of state is one conditional UPDATE (… WHERE status = 'pending' AND expires_at > now): two answers at
the same moment, or an answer racing the expiry, change a request once, and the one who lost is told what happened.
Sending locks the receiving organisation's row, so that its monthly cap holds under concurrent requests, and leaves
"one open request per member and entry" to the database's unique constraint. E-mails go out after the transaction
commits, each in its recipient's language.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.models import Membership, Organisation
from portal.lib import mailqueue

from .models import REQUEST_LIFETIME, ContactRequest, Entry, RequestSettings, RequestStatus, anonymous_publisher

SENDER, RECEIVER = "sender", "receiver"


class RequestRefused(Exception):
    """Why a request cannot be sent or changed. `message` is translated; `field` names the form field it concerns."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- who sees what -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    email: str = ""  # only once the request is accepted
    phone: str = ""


@dataclass(frozen=True)
class ContactDetails:
    """What one side of a request may see of it. URLs are paths of the active language ("" where there is no link)."""

    side: str | None
    revealed: bool  # accepted: both people's contact details and the receiving organisation
    receiver_name: str  # "An organisation in the district of Olpe" while an anonymous entry's publisher is hidden
    receiver_place: str
    receiver_url: str
    receiver_hidden: bool
    sender_name: str  # the sending organisation: always known to both sides
    sender_place: str
    sender_url: str
    requester: Person | None  # the person who asked
    answerer: Person | None  # the person who answered


def side_of(contact_request, user, member_of=None):
    """SENDER, RECEIVER or None (an outsider). The two people by who they are, even if they have left their
    organisation since; their colleagues by membership (a member of both organisations: the side that asked).
    member_of: the ids of the user's organisations among the two, if known (else one query)."""
    if not user.is_authenticated:
        return None
    if user.pk == contact_request.sender_id:
        return SENDER
    if user.pk == contact_request.answered_by_id:
        return RECEIVER
    if member_of is None:
        member_of = set(
            Membership.objects.filter(
                user=user, organisation_id__in=[contact_request.sender_organisation_id, contact_request.receiver_id]
            ).values_list("organisation_id", flat=True)
        )
    if contact_request.sender_organisation_id in member_of:
        return SENDER
    if contact_request.receiver_id in member_of:
        return RECEIVER
    return None


def visible_contact_details(contact_request, user=None, side=None):
    """The reveal rule, for the request's page, the inbox and every e-mail (pass `side` when it is known).

    Before acceptance the sender's side sees the receiver as a visitor saw it (an anonymous entry's publisher only as
    "An organisation in <district>": no name, town or link) and the receiver's side sees the sending organisation
    and the message, but not who sent it. Each side sees its own colleague's name. On acceptance both sides see the
    requesting and the answering person's name and e-mail address, the phone number each chose to give, and the
    receiving organisation. A declined, withdrawn or expired request reveals nothing.

    Needs the request's sender_organisation and receiver (with their municipalities), sender and
    answered_by loaded to run without queries. An unsaved request may leave out the sending organisation (the
    contact form shows the receiver before one is chosen)."""
    if side is None:
        side = side_of(contact_request, user)
    revealed = contact_request.status == RequestStatus.ACCEPTED
    receiver = contact_request.receiver
    sending = contact_request.sender_organisation if contact_request.sender_organisation_id else None
    # Whether the receiver was anonymous is fixed when the request is sent: deleting the entry, or making it
    # public later, does not reveal the organisation to the sender before acceptance.
    hidden = contact_request.receiver_anonymous and not revealed and side != RECEIVER
    return ContactDetails(
        side=side,
        revealed=revealed,
        receiver_name=anonymous_publisher(receiver) if hidden else receiver.name,
        receiver_place="" if hidden else receiver.municipality.name,
        receiver_url="" if hidden or not receiver.is_published else receiver.get_absolute_url(),
        receiver_hidden=hidden,
        sender_name=sending.name if sending else "",
        sender_place=sending.municipality.name if sending else "",
        sender_url=sending.get_absolute_url() if sending and sending.is_published else "",
        requester=_person(contact_request.sender, contact_request.sender_phone, revealed or side == SENDER, revealed),
        answerer=_person(
            contact_request.answered_by, contact_request.answerer_phone, revealed or side == RECEIVER, revealed
        ),
    )


def _person(user, phone, named, with_contact):
    if user is None or not named:
        return None
    if not with_contact:
        return Person(name=str(user))
    return Person(name=user.name or user.email, email=user.email, phone=phone)


def is_open(contact_request, now=None):
    """Pending and not past its expiry (the housekeeping marks it expired a few minutes later)."""
    return contact_request.is_pending and contact_request.expires_at > (now or timezone.now())


def days_left(contact_request, now=None):
    """Calendar days (Europe/Berlin) until an open request expires: 0 on its last day."""
    now = now or timezone.now()
    return (timezone.localdate(contact_request.expires_at) - timezone.localdate(now)).days


# --- the monthly cap -----------------------------------------------------------------------------------------


def month_bounds(now=None):
    """(start of this calendar month, start of the next) in Europe/Berlin, as aware datetimes."""
    local = timezone.localtime(now or timezone.now(), timezone.get_default_timezone())
    zone = local.tzinfo
    start = datetime(local.year, local.month, 1, tzinfo=zone)
    following = datetime(local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=zone)
    return start, following


def received_this_month(organisation, now=None):
    start, following = month_bounds(now)
    return ContactRequest.objects.filter(receiver=organisation, created__gte=start, created__lt=following).count()


def monthly_cap(organisation):
    return RequestSettings.objects.filter(organisation=organisation).values_list("monthly_cap", flat=True).first()


# --- sending -------------------------------------------------------------------------------------------------


def send(
    *,
    sender,
    sender_organisation,
    receiver,
    message,
    entry=None,
    sender_entry=None,
    phone="",
    language="",
    now=None,
):
    """A new pending request from a member of sender_organisation to receiver, about one of its entries or the
    organisation as a whole; the receiver's members are told by e-mail. RequestRefused says why not."""
    now = now or timezone.now()
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    _check_send(sender, sender_organisation, receiver, entry, sender_entry, message)
    among = ContactRequest.objects.filter(sender=sender)
    among = among.filter(entry=entry) if entry else among.filter(receiver=receiver, entry__isnull=True)
    expire_overdue(now, among)  # an overdue request no longer blocks a new one
    with transaction.atomic():
        # The receiver's row is the lock that keeps the cap when several requests arrive at once (PostgreSQL; SQLite
        # writes one transaction at a time anyway).
        list(Organisation.objects.select_for_update().filter(pk=receiver.pk).values_list("pk"))
        if _has_open(among):
            raise RequestRefused(_already_open(entry))
        _check_cap(sender, sender_organisation, receiver, entry, now)
        contact_request = ContactRequest(
            sender=sender,
            sender_organisation=sender_organisation,
            sender_entry=sender_entry,
            receiver=receiver,
            entry=entry,
            receiver_anonymous=bool(entry and entry.is_anonymous),
            message=message.strip(),
            sender_phone=phone.strip(),
            language=language,
            created=now,
            expires_at=now + REQUEST_LIFETIME,
        )
        try:
            with transaction.atomic():
                contact_request.save()
        except IntegrityError:  # the same member's second request, sent at the same moment
            raise RequestRefused(_already_open(entry)) from None
        for membership in _members(receiver):
            _mail("received", contact_request, membership.user, RECEIVER)
        sender.remember_language(language)  # in the same transaction: nothing after the commit can fail the request
    return contact_request


def _has_open(among):
    return among.filter(status=RequestStatus.PENDING).exists()


def _check_send(sender, sender_organisation, receiver, entry, sender_entry, message):
    if not Membership.objects.filter(user=sender, organisation=sender_organisation).exists():
        raise RequestRefused(_("You can send requests only for organisations you belong to."), "sender_organisation")
    if not sender_organisation.is_published:
        raise RequestRefused(
            _("The profile of %(organisation)s is not published yet. Publish it first: the other side sees it.")
            % {"organisation": sender_organisation.name},
            "sender_organisation",
        )
    if receiver.pk == sender_organisation.pk:
        raise RequestRefused(_("An organisation cannot send a request to itself."), "sender_organisation")
    if not receiver.is_published:
        raise RequestRefused(_("This organisation cannot be contacted: its profile is not published."))
    if entry is not None:
        visible = Entry.objects.visible_to(sender).current().filter(pk=entry.pk, organisation=receiver).exists()
        if not visible:
            raise RequestRefused(_("This need or offer is no longer open for contact requests."))
    if sender_entry is not None and sender_entry.organisation_id != sender_organisation.pk:
        raise RequestRefused(
            _("Please choose a need or offer of %(organisation)s, or none.") % {"organisation": sender_organisation},
            "sender_entry",
        )
    if not message.strip():
        raise RequestRefused(_("Please write a short message."), "message")


def _already_open(entry):
    if entry is not None:
        return _(
            "You have already sent a request about this entry that is still waiting for an answer. You find it "
            "under “Contact requests” in your account."
        )
    return _(
        "You have already sent a request to this organisation that is still waiting for an answer. You find it "
        "under “Contact requests” in your account."
    )


def _check_cap(sender, sender_organisation, receiver, entry, now):
    cap = monthly_cap(receiver)
    if cap is None or received_this_month(receiver, now) < cap:
        return
    unsaved = ContactRequest(
        sender=sender,
        sender_organisation=sender_organisation,
        receiver=receiver,
        entry=entry,
        receiver_anonymous=bool(entry and entry.is_anonymous),
    )
    name = visible_contact_details(unsaved, side=SENDER).receiver_name
    _start, following = month_bounds(now)
    text = ngettext(
        "Thank you for your interest. %(organisation)s accepts %(cap)s new contact request per month, and this "
        "month’s has already arrived. Please send your request again from %(date)s.",
        "Thank you for your interest. %(organisation)s accepts %(cap)s new contact requests per month, and this "
        "month’s have already arrived. Please send your request again from %(date)s.",
        cap,
    )
    raise RequestRefused(text % {"organisation": name, "cap": cap, "date": formats.date_format(following.date())})


# --- answering, withdrawing, expiring -----------------------------------------------------------------------


def accept(contact_request, user, reply="", phone="", language="", now=None):
    """The receiver's member accepts: both sides now see each other's contact details; the sender is told."""
    return _answer(contact_request, user, "accepted", reply, phone, language, now)


def decline(contact_request, user, reply="", language="", now=None):
    """The receiver's member declines: nothing is revealed; the sender is told (with the reply, if any)."""
    return _answer(contact_request, user, "declined", reply, "", language, now)


def _answer(contact_request, user, kind, reply, phone, language, now):
    now = now or timezone.now()
    language = language if language in dict(settings.LANGUAGES) else ""
    if user.pk == contact_request.sender_id:
        raise RequestRefused(_("You cannot answer your own request."))
    if not Membership.objects.filter(user=user, organisation_id=contact_request.receiver_id).exists():
        raise RequestRefused(_("Only the members of the receiving organisation can answer this request."))
    changes = {
        "status": RequestStatus(kind),
        "answered_at": now,
        "answered_by": user,
        "reply": reply.strip(),
        "answerer_phone": phone.strip(),
        "reply_language": language,
    }
    with transaction.atomic():
        _claim(contact_request, now, changes)
        if contact_request.sender is not None:
            _mail(kind, contact_request, contact_request.sender, SENDER)
        user.remember_language(language)
    return contact_request


def withdraw(contact_request, user, now=None):
    """The sender, or a member of the sending organisation, takes back a pending request; no e-mail."""
    now = now or timezone.now()
    allowed = (
        user.pk == contact_request.sender_id
        or Membership.objects.filter(user=user, organisation_id=contact_request.sender_organisation_id).exists()
    )
    if not allowed:
        raise RequestRefused(_("Only the sending organisation can withdraw this request."))
    _claim(contact_request, now, {"status": RequestStatus.WITHDRAWN})
    return contact_request


def _claim(contact_request, now, changes):
    """Apply the changes if the request is still open (one conditional UPDATE), else RequestRefused with the reason.
    The object is updated in memory as well."""
    open_now = ContactRequest.objects.filter(pk=contact_request.pk, status=RequestStatus.PENDING, expires_at__gt=now)
    if not open_now.update(**changes):
        current = ContactRequest.objects.filter(pk=contact_request.pk).values("status", "expires_at").first()
        raise RequestRefused(_no_longer_open(current))
    for name, value in changes.items():
        setattr(contact_request, name, value)


def _no_longer_open(current):
    if current is None:
        return _("This request no longer exists.")
    status = current["status"]
    if status == RequestStatus.ACCEPTED:
        return _("This request has already been accepted. Nothing was changed.")
    if status == RequestStatus.DECLINED:
        return _("This request has already been declined. Nothing was changed.")
    if status == RequestStatus.WITHDRAWN:
        return _("This request has been withdrawn. Nothing was changed.")
    date = formats.date_format(timezone.localtime(current["expires_at"]), "DATETIME_FORMAT")
    return _("This request expired on %(date)s without an answer. Nothing was changed.") % {"date": date}


def expire_overdue(now=None, among=None):
    """Mark pending requests past their expiry as expired and tell both sides (the sender, and the receiver's
    members); returns how many. Each request is claimed with a conditional UPDATE first, so a second run, or two
    at once, send nothing more. `among`: a queryset to look in (default: all requests)."""
    now = now or timezone.now()
    members = Membership.objects.filter(user__is_active=True).select_related("user").order_by("user__email")
    overdue = (
        (among if among is not None else ContactRequest.objects.all())
        .filter(status=RequestStatus.PENDING, expires_at__lte=now)
        .select_related(*RELATED)
        .prefetch_related(Prefetch("receiver__memberships", queryset=members, to_attr="told_members"))
        .order_by("expires_at", "pk")
    )
    count = 0
    for contact_request in overdue:
        with transaction.atomic():
            claimed = ContactRequest.objects.filter(pk=contact_request.pk, status=RequestStatus.PENDING).update(
                status=RequestStatus.EXPIRED
            )
            if not claimed:
                continue
            contact_request.status = RequestStatus.EXPIRED
            if contact_request.sender is not None:
                _mail("expired", contact_request, contact_request.sender, SENDER)
            for membership in contact_request.receiver.told_members:
                _mail("expired", contact_request, membership.user, RECEIVER)
        count += 1
    return count


# What the pages and e-mails read of a request, in one query.
RELATED = [
    "sender",
    "answered_by",
    "sender_organisation__municipality",
    "receiver__municipality",
    "entry__organisation__municipality",
    "sender_entry",
]


# --- e-mails -------------------------------------------------------------------------------------------------


def _members(organisation):
    return Membership.objects.filter(organisation=organisation, user__is_active=True).select_related("user")


def _mail(kind, contact_request, user, side):
    """matching/email/request_<kind>_subject.txt and .txt, in the recipient's language, sent after the commit."""
    if not user.is_active or not user.email:
        return
    with translation.override(user.mail_language):
        context = {
            "contact_request": contact_request,
            "details": visible_contact_details(contact_request, side=side),
            "recipient": user,
            "site_url": settings.SITE_URL,
            "request_url": settings.SITE_URL + reverse("matching:request", args=[contact_request.pk]),
            "inbox_url": settings.SITE_URL + reverse("matching:inbox"),
        }
        subject = render_to_string(f"matching/email/request_{kind}_subject.txt", context)
        body = render_to_string(f"matching/email/request_{kind}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [user.email])
    mailqueue.send(message)


def open_received_count(user, now=None):
    """Open requests to any of the user's organisations (one query; 0 for visitors)."""
    if not user.is_authenticated:
        return 0
    mine = Organisation.objects.filter(memberships__user=user).values("pk")
    return ContactRequest.objects.filter(
        receiver__in=mine, status=RequestStatus.PENDING, expires_at__gt=now or timezone.now()
    ).count()
