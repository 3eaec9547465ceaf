"""The directory core: places, topics, industries, organisations and the people who run them."""

from datetime import timedelta
from math import asin, cos, radians, sin, sqrt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

STALE_AFTER = timedelta(days=365)
INVITATION_MAX_AGE = timedelta(days=14)
INVITATION_SALT = "companies.invitation"
EARTH_RADIUS_KM = 6371.0


# --- places -----------------------------------------------------------------------------------------------


class Region(models.TextChoices):
    SUEDWESTFALEN = "suedwestfalen", "Südwestfalen"
    DORTMUND = "dortmund", "Dortmund"


class District(models.TextChoices):
    HOCHSAUERLANDKREIS = "hochsauerlandkreis", "Hochsauerlandkreis"
    MAERKISCHER_KREIS = "maerkischer-kreis", "Märkischer Kreis"
    OLPE = "kreis-olpe", "Kreis Olpe"
    SIEGEN_WITTGENSTEIN = "kreis-siegen-wittgenstein", "Kreis Siegen-Wittgenstein"
    SOEST = "kreis-soest", "Kreis Soest"
    DORTMUND = "dortmund", "Dortmund"


class Municipality(models.Model):
    """A town or municipality of the gazetteer (GeoNames, CC BY 4.0). Some have no coordinates."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    district = models.CharField(_("district"), max_length=32, choices=District)
    region = models.CharField(_("region"), max_length=16, choices=Region)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(district__in=District.values), name="companies_municipality_valid_district"
            ),
            models.CheckConstraint(condition=Q(region__in=Region.values), name="companies_municipality_valid_region"),
            models.CheckConstraint(
                condition=Q(district=District.DORTMUND, region=Region.DORTMUND)
                | (~Q(district=District.DORTMUND) & Q(region=Region.SUEDWESTFALEN)),
                name="companies_municipality_region_follows_district",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="companies_municipality_coordinates_complete_and_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def distance_km(self, other):
        """Great-circle distance in km, or None when either place lacks coordinates."""
        if not (self.has_coordinates and other.has_coordinates):
            return None
        lat1, lon1, lat2, lon2 = map(
            radians, map(float, [self.latitude, self.longitude, other.latitude, other.longitude])
        )
        a = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
        return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


# --- vocabularies -----------------------------------------------------------------------------------------


class BilingualName(models.Model):
    """Curated vocabularies carry a German and an English label; `name` is the one of the active language."""

    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if translation.get_language() == "en" else self.name_de


class Topic(BilingualName):
    """A digitalisation topic of the controlled vocabulary (DOMAIN.md §4); curators edit it in the admin."""

    slug = models.SlugField(unique=True)
    synonyms_de = models.TextField(_("synonyms (German)"), blank=True, help_text=_("Comma-separated."))
    synonyms_en = models.TextField(_("synonyms (English)"), blank=True, help_text=_("Comma-separated."))
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name_de"]

    @property
    def description(self):
        return self.description_en if translation.get_language() == "en" else self.description_de


class Industry(BilingualName):
    """A section of the German classification of economic activities (WZ 2008, sections A–U)."""

    code = models.CharField(_("WZ 2008 section"), max_length=1, unique=True)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]


# --- organisations ----------------------------------------------------------------------------------------


class Kind(models.TextChoices):
    FIRM = "firm", _("Firm")
    STARTUP = "startup", _("Start-up")
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    COWORKING_HOST = "coworking", _("Co-working host")
    PUBLIC_BODY = "public", _("Public body or business development agency")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a curator")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250-999", _("250–999 employees")
    VERY_LARGE = "1000+", _("1,000 or more employees")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PRE_SEED = "pre-seed", _("Pre-seed")
    SEED = "seed", _("Seed")
    SERIES_A = "series-a", _("Series A or later")
    ESTABLISHED = "established", _("Established")


class LookingFor(models.TextChoices):
    PILOT_CUSTOMERS = "pilot-customers", _("Pilot customers")
    INVESTMENT = "investment", _("Investment")
    COFOUNDERS = "cofounders", _("Co-founders")
    TALENT = "talent", _("Talent")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    DUTCH = "nl", _("Dutch")
    POLISH = "pl", _("Polish")
    TURKISH = "tr", _("Turkish")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")


RESEARCH_KINDS = [Kind.UNIVERSITY, Kind.INSTITUTE]


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def managed_by(self, user):
        """Organisations the user may edit (owner or editor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    pitch = models.CharField(
        _("short pitch"), max_length=160, blank=True, help_text=_("One line, up to 160 characters.")
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("municipality")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    founded = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    size_band = models.CharField(_("employees"), max_length=8, choices=SizeBand, blank=True)
    industries = models.ManyToManyField(
        Industry, blank=True, related_name="organisations", verbose_name=_("industries")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="organisations", verbose_name=_("topics"))
    keywords = TaggableManager(_("keywords"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    public_email = models.EmailField(_("public contact e-mail"), blank=True)
    public_phone = models.CharField(_("public contact phone"), max_length=40, blank=True)

    # start-ups
    stage = models.CharField(_("stage"), max_length=16, choices=Stage, blank=True)
    team_size = models.PositiveSmallIntegerField(_("team size"), null=True, blank=True)
    spin_off_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spin_offs",
        limit_choices_to={"kind__in": RESEARCH_KINDS},
        verbose_name=_("spin-off of"),
    )
    looking_for = models.JSONField(_("looking for"), default=list, blank=True)

    # universities and research institutes
    transfer_email = models.EmailField(_("transfer office e-mail"), blank=True)
    transfer_url = models.URLField(_("transfer office web page"), blank=True)

    # publication and curation
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Set when an owner or editor changes the profile, not by curation: drives "last updated" and staleness.
    content_updated = models.DateTimeField(_("last updated"), default=timezone.now)
    # What the directory's search looks at (companies/search.py keeps it up to date); indexed on PostgreSQL.
    search_document = models.TextField(_("search text"), blank=True, default="", editable=False)
    # PostgreSQL: the weighted German tsvector of name and search text, kept by a trigger (migration 0003) and
    # GIN-indexed. SQLite leaves it empty (the column's type name means nothing there).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "kind"], name="companies_org_status_kind_idx"),
            models.Index(fields=["status", "-published_at"], name="companies_org_status_pub_idx"),
            models.Index(fields=["featured"], condition=Q(featured=True), name="companies_org_featured_idx"),
            models.Index(fields=["size_band"], name="companies_org_size_band_idx"),
            models.Index(fields=["stage"], name="companies_org_stage_idx"),
            models.Index(fields=["status", "-content_updated"], name="companies_org_status_upd_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="companies_organisation_valid_kind"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="companies_organisation_valid_status"),
            models.CheckConstraint(
                condition=Q(size_band__in=[*SizeBand.values, ""]), name="companies_organisation_valid_size_band"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[*Stage.values, ""]), name="companies_organisation_valid_stage"
            ),
            models.CheckConstraint(
                condition=Q(stage="") | Q(kind=Kind.STARTUP), name="companies_organisation_stage_only_for_startups"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.HIDDEN) | ~Q(hidden_reason=""),
                name="companies_organisation_hidden_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1000, founded__lte=2100),
                name="companies_organisation_plausible_founding_year",
            ),
            models.CheckConstraint(
                condition=Q(team_size__isnull=True) | Q(team_size__gte=1), name="companies_organisation_team_not_empty"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="companies_organisation_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_startup(self):
        return self.kind == Kind.STARTUP

    @property
    def is_research(self):
        return self.kind in RESEARCH_KINDS

    @property
    def is_stale(self):
        return self.content_updated < timezone.now() - STALE_AFTER

    @property
    def language_labels(self):
        return [Language(code).label for code in self.languages if code in Language.values]

    @property
    def looking_for_labels(self):
        return [LookingFor(code).label for code in self.looking_for if code in LookingFor.values]

    def membership_for(self, user):
        if not user.is_authenticated:
            return None
        return self.memberships.filter(user=user).first()

    def completeness(self):
        """(percent, missing): how complete the profile is, from a fixed list of weighted fields.

        `missing` lists (field name, label) of what is still empty, heaviest first, for links to the form."""
        checks = [(name, weight, self._is_filled(name)) for name, weight in self._weighted_fields()]
        total = sum(weight for _name, weight, _filled in checks)
        done = sum(weight for _name, weight, filled in checks if filled)
        missing = [
            (name, self._meta.get_field(name).verbose_name)
            for name, _weight, filled in sorted(checks, key=lambda check: -check[1])
            if not filled
        ]
        return round(100 * done / total), missing

    def _weighted_fields(self):
        fields = [("pitch", 15), ("description", 20), ("topics", 15), ("keywords", 5), ("industries", 5)]
        fields += [("website", 10), ("public_email", 10), ("logo", 5), ("founded", 5), ("languages", 5)]
        if self.is_startup:
            fields += [("stage", 10), ("team_size", 5), ("looking_for", 10)]
        elif self.is_research:
            fields += [("transfer_email", 10), ("transfer_url", 5)]
        else:
            fields += [("size_band", 5)]
        return fields

    def _is_filled(self, name):
        if name in ("topics", "keywords", "industries"):
            return getattr(self, name).exists()
        return getattr(self, name) not in (None, "", [])

    def publish(self):
        self.status = Status.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save(update_fields=["status", "published_at"])

    def hide(self, reason):
        """A curator takes the profile off the public pages; the reason is kept and shown to its members."""
        self.status = Status.HIDDEN
        self.hidden_reason = reason
        self.save(update_fields=["status", "hidden_reason"])

    def unhide(self):
        self.status = Status.PUBLISHED
        self.hidden_reason = ""
        self.published_at = self.published_at or timezone.now()
        self.save(update_fields=["status", "hidden_reason", "published_at"])

    def owners(self):
        return get_user_model().objects.filter(memberships__organisation=self, memberships__role=Role.OWNER)


class SearchWord(models.Model):
    """A word of the organisations' search texts (PostgreSQL): the vocabulary that typos and parts of compounds
    are matched against with trigrams, before the full-text search runs with the words found."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class SearchTerm(models.Model):
    """PostgreSQL: one stemmed word (lexeme) of an organisation's search_vector, kept by a trigger (migration 0003).

    The directory finds organisations through this narrow, B-tree-indexed table instead of evaluating `@@` on every
    row: the planner cannot see what reading thousands of long tsvectors costs, and picks sequential scans."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    lexeme = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["lexeme", "organisation"], name="companies_searchterm_lex_idx")]

    def __str__(self):
        return self.lexeme


class Department(models.Model):
    """A chair, department or group of a university or institute, with what it is good at."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    competences = models.TextField(_("competences"), max_length=2000, blank=True)
    url = models.URLField(_("web page"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


# --- people -----------------------------------------------------------------------------------------------


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class Membership(models.Model):
    """A person's place in an organisation. Owners manage members; editors edit the profile."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role, default=Role.EDITOR)
    created = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="companies_membership_one_per_person"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="companies_membership_valid_role"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Invitation(models.Model):
    """An owner's invitation of a colleague by e-mail; the link carries a signed, expiring token."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=8, choices=Role, default=Role.EDITOR)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="companies_invitation_one_open_per_address",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="companies_invitation_valid_role"),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self):
        return reverse("companies:invitation_accept", args=[self.token])

    @property
    def token(self):
        return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(self.pk))

    @classmethod
    def from_token(cls, token):
        """The invitation a link's token names. Raises signing.SignatureExpired after 14 days,
        signing.BadSignature when tampered with, and cls.DoesNotExist when the invitation was withdrawn."""
        pk = signing.TimestampSigner(salt=INVITATION_SALT).unsign(token, max_age=INVITATION_MAX_AGE)
        return cls.objects.select_related("organisation", "invited_by").get(pk=int(pk))


class ReportReason(models.TextChoices):
    OUTDATED = "outdated", _("Outdated or wrong information")
    INAPPROPRIATE = "inappropriate", _("Inappropriate content")
    SPAM = "spam", _("Spam or advertising")
    IMPERSONATION = "impersonation", _("Not run by this organisation")
    OTHER = "other", _("Something else")


class Report(models.Model):
    """Somebody's report that a profile is wrong or inappropriate; curators work through them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("received"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=ReportReason.values), name="companies_report_valid_reason"),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_reason_display()}"
