"""Needs (Bedarfe) and offers (Angebote) of organisations, DOMAIN.md §5.

One model for both sides: an Entry is a need or an offer, with the same fields, so that the matching engine can
look at both through one inverted index (topic → entries).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from companies.models import District, Kind, Municipality, Organisation, Topic

LIFETIME = timedelta(days=183)  # about six months
REMINDER_BEFORE = timedelta(days=14)


class Side(models.TextChoices):
    NEED = "need", _("Need")
    OFFER = "offer", _("Offer")


class EntryType(models.TextChoices):
    """The Enterprise Europe Network's partnering types, plus two the region asks for."""

    TECHNOLOGY = "technology", _("Technology")
    BUSINESS = "business", _("Business (service or product)")
    RESEARCH = "research", _("R&D cooperation")
    PILOT = "pilot", _("Pilot customer or test bed")
    THESIS = "thesis", _("Thesis or student project")


class Reach(models.TextChoices):
    ANY = "any", _("Anywhere")
    RADIUS = "radius", _("Within a distance")
    SUEDWESTFALEN = "suedwestfalen", _("In Südwestfalen")
    DORTMUND = "dortmund", _("In Dortmund")


class BudgetBand(models.TextChoices):
    UNDER_5K = "0-5k", _("under €5,000")
    UP_TO_25K = "5k-25k", _("€5,000–25,000")
    UP_TO_100K = "25k-100k", _("€25,000–100,000")
    OVER_100K = "100k+", _("over €100,000")
    FUNDED = "funded", _("through public funding")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Signed-in members only")
    ANONYMOUS = "anonymous", _("Anonymous until a contact is accepted")


class EntryStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("entry status", "Open")
    IN_TALKS = "in-talks", _("In talks")
    CLOSED = "closed", pgettext_lazy("entry status", "Closed")


def current_condition(today=None):
    """The condition of a current entry: open or in talks, not expired, of a published organisation."""
    return Q(
        status__in=[EntryStatus.OPEN, EntryStatus.IN_TALKS],
        expires_on__gte=today or timezone.localdate(),
        organisation__status="published",
    )


class EntryQuerySet(models.QuerySet):
    def current(self, today=None):
        """Open or in talks, not expired, of a published organisation."""
        return self.filter(current_condition(today))

    def visible_to(self, user):
        """What a visitor may see: current public and anonymous entries, and members-only ones for signed-in
        users; the organisation's own members see all of its entries, whatever their state."""
        shown = [Visibility.PUBLIC, Visibility.ANONYMOUS]
        if not user.is_authenticated:
            return self.current().filter(visibility__in=shown)
        shown.append(Visibility.MEMBERS)
        own = Organisation.objects.filter(memberships__user=user).values("pk")
        # Row conditions, not "pk in (all current entries)": PostgreSQL would build that set (50,000 rows) to look
        # up one entry.
        return self.filter((current_condition() & Q(visibility__in=shown)) | Q(organisation__in=own))

    def needs(self):
        return self.filter(side=Side.NEED)

    def offers(self):
        return self.filter(side=Side.OFFER)


IN_DISTRICT = {
    District.HOCHSAUERLANDKREIS: _("An organisation in the Hochsauerlandkreis"),
    District.MAERKISCHER_KREIS: _("An organisation in the Märkischer Kreis"),
    District.OLPE: _("An organisation in the district of Olpe"),
    District.SIEGEN_WITTGENSTEIN: _("An organisation in the district of Siegen-Wittgenstein"),
    District.SOEST: _("An organisation in the district of Soest"),
    District.DORTMUND: _("An organisation in Dortmund"),
}


def anonymous_publisher(organisation):
    """How outsiders see the publisher of an anonymous entry: "An organisation in the Kreis Olpe"."""
    return str(IN_DISTRICT.get(organisation.municipality.district, _("An organisation")))


def default_expiry():
    return timezone.localdate() + LIFETIME


class Entry(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="entries", verbose_name=_("organisation")
    )
    side = models.CharField(_("need or offer"), max_length=8, choices=Side)
    type = models.CharField(_("type"), max_length=16, choices=EntryType)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=5000)
    topics = models.ManyToManyField(Topic, related_name="entries", verbose_name=_("topics"))
    keywords = TaggableManager(_("keywords"), blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="entries", verbose_name=_("municipality")
    )
    reach = models.CharField(_("partner's location"), max_length=16, choices=Reach, default=Reach.ANY)
    reach_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), null=True, blank=True)
    partner_kinds = models.JSONField(_("wanted partners"), default=list, blank=True)
    budget_band = models.CharField(_("budget"), max_length=8, choices=BudgetBand, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility, default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=12, choices=EntryStatus, default=EntryStatus.OPEN)
    expires_on = models.DateField(_("expires on"), default=default_expiry)
    reminded_at = models.DateTimeField(_("expiry reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        ordering = ["-created", "pk"]
        indexes = [
            models.Index(fields=["side", "status", "expires_on"], name="matching_entry_current_idx"),
            models.Index(fields=["organisation", "side", "status"], name="matching_entry_org_idx"),
            models.Index(fields=["side", "-created"], name="matching_entry_new_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(side__in=Side.values), name="matching_entry_valid_side"),
            models.CheckConstraint(condition=Q(type__in=EntryType.values), name="matching_entry_valid_type"),
            models.CheckConstraint(condition=Q(reach__in=Reach.values), name="matching_entry_valid_reach"),
            models.CheckConstraint(
                condition=Q(budget_band__in=[*BudgetBand.values, ""]), name="matching_entry_valid_budget"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="matching_entry_valid_visibility"
            ),
            models.CheckConstraint(condition=Q(status__in=EntryStatus.values), name="matching_entry_valid_status"),
            models.CheckConstraint(
                condition=(Q(reach=Reach.RADIUS) & Q(reach_km__gte=1) & Q(reach_km__lte=500))
                | (~Q(reach=Reach.RADIUS) & Q(reach_km__isnull=True)),
                name="matching_entry_radius_has_km",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="matching_entry_title_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        name = "matching:need" if self.side == Side.NEED else "matching:offer"
        return reverse(name, args=[self.pk])

    @property
    def is_need(self):
        return self.side == Side.NEED

    @property
    def is_anonymous(self):
        return self.visibility == Visibility.ANONYMOUS

    @property
    def anonymous_publisher(self):
        """Who published an anonymous entry, as outsiders may see it: "An organisation in the Kreis Olpe"."""
        return anonymous_publisher(self.organisation)

    def partner_kind_labels(self):
        labels = dict(Kind.choices)
        return [labels[kind] for kind in self.partner_kinds if kind in labels]

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.status != EntryStatus.CLOSED and self.expires_on >= today

    def renew(self, today=None):
        """Six more months from today; the reminder may come again."""
        self.expires_on = (today or timezone.localdate()) + LIFETIME
        self.reminded_at = None
        self.save(update_fields=["expires_on", "reminded_at"])


# --- suggestions a member marked as not relevant -----------------------------------------------------------


class Dismissal(models.Model):
    """A suggestion marked "not relevant" for one of the organisation's entries: the engine leaves the target out of
    that entry's matches from then on (until someone shows it again)."""

    source = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="dismissals", verbose_name=_("entry"))
    target_entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("hidden entry")
    )
    target_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden organisation"),
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("hidden on"), default=timezone.now)

    class Meta:
        verbose_name = _("hidden suggestion")
        verbose_name_plural = _("hidden suggestions")
        ordering = ["-created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_entry__isnull=False, target_organisation__isnull=True)
                | Q(target_entry__isnull=True, target_organisation__isnull=False),
                name="matching_dismissal_one_target",
            ),
            models.UniqueConstraint(
                fields=["source", "target_entry"],
                condition=Q(target_entry__isnull=False),
                name="matching_dismissal_once_per_entry",
            ),
            models.UniqueConstraint(
                fields=["source", "target_organisation"],
                condition=Q(target_organisation__isnull=False),
                name="matching_dismissal_once_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.source} ↛ {self.target_entry or self.target_organisation}"


# --- contact requests --------------------------------------------------------------------------------------

REQUEST_LIFETIME = timedelta(days=14)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired without an answer")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def default_request_expiry():
    return timezone.now() + REQUEST_LIFETIME


class ContactRequest(models.Model):
    """A member's request to get in touch with another organisation about a need or offer (or a match).

    Nothing personal crosses over before the receiver accepts: until then the receiver sees the message, the sending
    organisation and the entry it concerns, and the sender sees the receiving entry as the visitor saw it (anonymous
    ones stay anonymous). On acceptance both sides see the name and e-mail of the requesting and the answering person
    and the phone number each of them chose to give."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_contact_requests",
        verbose_name=_("sent by"),
    )
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sent_contact_requests", verbose_name=_("from")
    )
    sender_entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerning our entry"),
    )
    receiver = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="received_contact_requests", verbose_name=_("to")
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name=_("about"),
    )
    receiver_anonymous = models.BooleanField(
        _("the receiver stays anonymous until acceptance"),
        default=False,
        help_text=_("Set when the request is about an anonymous entry; fixed at sending."),
    )
    message = models.TextField(_("message"), max_length=2000)
    sender_phone = models.CharField(_("phone (optional)"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, default="de")
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus, default=RequestStatus.PENDING)
    created = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=default_request_expiry)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_contact_requests",
        verbose_name=_("answered by"),
    )
    reply = models.TextField(_("reply"), max_length=2000, blank=True)
    answerer_phone = models.CharField(_("phone (optional)"), max_length=40, blank=True)
    reply_language = models.CharField(_("language of the reply"), max_length=8, blank=True)
    # Meet halfway: each person decides whether the other side may see where they booked a desk.
    sender_shares_bookings = models.BooleanField(_("the sender shares their desk bookings"), default=False)
    answerer_shares_bookings = models.BooleanField(_("the answerer shares their desk bookings"), default=False)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created", "pk"]
        indexes = [
            models.Index(fields=["receiver", "status", "-created"], name="matching_request_inbox_idx"),
            models.Index(fields=["sender_organisation", "-created"], name="matching_request_sent_idx"),
            models.Index(fields=["status", "expires_at"], name="matching_request_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="matching_request_valid_status"),
            models.CheckConstraint(
                condition=~Q(sender_organisation=models.F("receiver")), name="matching_request_not_to_itself"
            ),
            models.CheckConstraint(condition=~Q(message=""), name="matching_request_message_not_empty"),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.PENDING, answered_at__isnull=True)
                | Q(status__in=[RequestStatus.ACCEPTED, RequestStatus.DECLINED], answered_at__isnull=False)
                | Q(status__in=[RequestStatus.EXPIRED, RequestStatus.WITHDRAWN]),
                name="matching_request_answered_when_answered",
            ),
            # A member cannot send a second open request about the same entry (or to the same organisation).
            models.UniqueConstraint(
                fields=["sender", "entry"],
                condition=Q(status=RequestStatus.PENDING, entry__isnull=False),
                name="matching_request_one_open_per_entry",
            ),
            models.UniqueConstraint(
                fields=["sender", "receiver"],
                condition=Q(status=RequestStatus.PENDING, entry__isnull=True),
                name="matching_request_one_open_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.sender_organisation} → {self.receiver}"

    def get_absolute_url(self):
        return reverse("matching:request", args=[self.pk])

    @property
    def is_pending(self):
        return self.status == RequestStatus.PENDING

    @property
    def is_accepted(self):
        return self.status == RequestStatus.ACCEPTED


class RequestSettings(models.Model):
    """An organisation's limit on new contact requests per calendar month (Europe/Berlin); empty: no limit."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="request_settings", verbose_name=_("organisation")
    )
    monthly_cap = models.PositiveSmallIntegerField(
        _("new requests per month"),
        null=True,
        blank=True,
        help_text=_("Leave empty to accept any number. Requests beyond it are refused politely until next month."),
    )

    class Meta:
        verbose_name = _("contact request settings")
        verbose_name_plural = _("contact request settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_cap__isnull=True) | Q(monthly_cap__gte=1),
                name="matching_requestsettings_cap_positive",
            ),
        ]

    def __str__(self):
        return str(self.organisation)
