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


class EntryQuerySet(models.QuerySet):
    def current(self, today=None):
        """Open or in talks, not expired, of a published organisation."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=[EntryStatus.OPEN, EntryStatus.IN_TALKS],
            expires_on__gte=today,
            organisation__status="published",
        )

    def visible_to(self, user):
        """What a visitor may see: current public and anonymous entries, and members-only ones for signed-in
        users; the organisation's own members see all of its entries, whatever their state."""
        shown = [Visibility.PUBLIC, Visibility.ANONYMOUS]
        if not user.is_authenticated:
            return self.current().filter(visibility__in=shown)
        shown.append(Visibility.MEMBERS)
        own = Organisation.objects.filter(memberships__user=user).values("pk")
        current = self.current().filter(visibility__in=shown).values("pk")
        return self.filter(Q(pk__in=current) | Q(organisation__in=own))

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
        return str(IN_DISTRICT.get(self.organisation.municipality.district, _("An organisation")))

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
