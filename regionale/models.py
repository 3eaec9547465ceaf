"""REGIONALE 2025 projects and their path of the stars, DOMAIN.md §7.

A project moves through its stages only by a StageTransition (regionale/services.py `move`): the database refuses
any transition row outside the allowed ones (`regionale_transition_allowed`), and Project.save() refuses a stage
that changed without one. Every change of a project, its funding lines and updates is recorded by
django-simple-history with who and when.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from companies.models import BilingualName, Municipality, Organisation


class Handlungsfeld(models.TextChoices):
    RAUM = "raum", pgettext_lazy("Handlungsfeld", "Space")
    GESELLSCHAFT = "gesellschaft", pgettext_lazy("Handlungsfeld", "Society")
    WIRTSCHAFT = "wirtschaft", pgettext_lazy("Handlungsfeld", "Economy and work")


class Stage(models.TextChoices):
    IDEA = "idea", pgettext_lazy("project stage", "Idea")
    STAR_1 = "star-1", _("1st star")
    STAR_2 = "star-2", _("2nd star")
    STAR_3 = "star-3", _("3rd star")
    IMPLEMENTATION = "implementation", _("In implementation")
    COMPLETED = "completed", pgettext_lazy("project stage", "Completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("project stage", "Withdrawn")


# The path of the stars, in order; withdrawal leaves it from any stage.
PATH = [Stage.IDEA, Stage.STAR_1, Stage.STAR_2, Stage.STAR_3, Stage.IMPLEMENTATION, Stage.COMPLETED]
STARS = {Stage.IDEA: 0, Stage.STAR_1: 1, Stage.STAR_2: 2, Stage.STAR_3: 3, Stage.IMPLEMENTATION: 3, Stage.COMPLETED: 3}
STAR_AWARDS = [Stage.STAR_1, Stage.STAR_2, Stage.STAR_3]


class Move(models.TextChoices):
    CREATED = "created", _("Submitted")
    ADVANCE = "advance", _("Advanced")
    REVERT = "revert", _("Reverted")
    WITHDRAW = "withdraw", _("Withdrawn")
    REINSTATE = "reinstate", _("Withdrawal revoked")


# Moves that need a reason: going back, leaving the path, coming back to it.
NEEDS_REASON = [Move.REVERT, Move.WITHDRAW, Move.REINSTATE]


def allowed_moves():
    """Every allowed (from stage, to stage, kind of move). A project cannot jump (idea → 3rd star); it goes one
    step forward or, with a reason, one step back; it can be withdrawn from any stage and the withdrawal revoked
    (back to the stage it left: the service checks which one)."""
    moves = [("", Stage.IDEA, Move.CREATED)]
    for before, after in zip(PATH, PATH[1:], strict=False):
        moves.append((before, after, Move.ADVANCE))
        moves.append((after, before, Move.REVERT))
    for stage in PATH:
        moves.append((stage, Stage.WITHDRAWN, Move.WITHDRAW))
        moves.append((Stage.WITHDRAWN, stage, Move.REINSTATE))
    return moves


def next_stage(stage):
    """The next stage on the path, or None at its end and for withdrawn projects."""
    if stage not in PATH or stage == PATH[-1]:
        return None
    return PATH[PATH.index(stage) + 1]


def previous_stage(stage):
    if stage not in PATH or stage == PATH[0]:
        return None
    return PATH[PATH.index(stage) - 1]


def _any(conditions):
    conditions = list(conditions)
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


class DecisionBody(models.TextChoices):
    AUSSCHUSS = "ausschuss", _("REGIONALE committee (decision)")
    BEIRAT = "beirat", _("Advisory board (recommendation)")
    AGENTUR = "agentur", _("Südwestfalen Agentur")
    SPONSOR = "sponsor", _("Project sponsor")


class FundingSource(models.TextChoices):
    REGIONALE = "regionale", _("REGIONALE budget")
    EFRE = "efre", _("EFRE/NRW")
    STAEDTEBAU = "staedtebau", _("Urban development funding (Städtebauförderung)")
    FEDERAL = "federal", _("Federal programme")
    STATE = "state", _("Other state funding (NRW)")
    EU = "eu", _("Other EU funding")
    OWN = "own", _("Own funds")
    OTHER = "other", _("Other funding")


class FundingStatus(models.TextChoices):
    PROSPECT = "prospect", _("In prospect")
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")


class Themenfeld(BilingualName):
    """One of the nine topic fields of the REGIONALE, within a Handlungsfeld; curators keep the list."""

    slug = models.SlugField(unique=True)
    handlungsfeld = models.CharField(_("field of action"), max_length=16, choices=Handlungsfeld)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic field")
        verbose_name_plural = _("topic fields")
        ordering = ["handlungsfeld", "position", "name_de"]
        constraints = [
            models.CheckConstraint(
                condition=Q(handlungsfeld__in=Handlungsfeld.values), name="regionale_themenfeld_valid_field"
            ),
        ]


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Published projects for everybody; curators also see unpublished ones, submitters their own ideas."""
        if not user.is_authenticated:
            return self.published()
        if user.has_perm("regionale.view_project"):
            return self
        return self.filter(Q(published=True) | Q(submitted_by=user))


class Project(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=400, help_text=_("One or two sentences."))
    description = models.TextField(_("description"), max_length=10000, blank=True)
    lead_sponsor = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_projects",
        verbose_name=_("lead sponsor"),
    )
    sponsors = models.ManyToManyField(
        Organisation, blank=True, related_name="sponsored_projects", verbose_name=_("further sponsors")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="regionale_projects", verbose_name=_("municipalities")
    )
    handlungsfeld = models.CharField(_("field of action"), max_length=16, choices=Handlungsfeld)
    themenfeld = models.ForeignKey(
        Themenfeld,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("topic field"),
    )
    dna_digital = models.BooleanField(_("digital"), default=False)
    dna_sustainable = models.BooleanField(_("sustainable"), default=False)
    dna_authentic = models.BooleanField(_("authentic"), default=False)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage, default=Stage.IDEA, editable=False)
    stage_since = models.DateField(_("in this stage since"), default=timezone.localdate, editable=False)
    website = models.URLField(_("project website"), blank=True)
    needs = models.ManyToManyField(
        "matching.Entry",
        blank=True,
        related_name="regionale_projects",
        limit_choices_to={"side": "need"},
        verbose_name=_("partners wanted (needs)"),
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    featured = models.BooleanField(_("featured"), default=False)
    is_example = models.BooleanField(
        _("example project"), default=False, help_text=_("Demo data: marked as an example on every page.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regionale_ideas",
        verbose_name=_("submitted by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[sponsors, municipalities], excluded_fields=["updated"])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("REGIONALE project")
        verbose_name_plural = _("REGIONALE projects")
        ordering = ["title"]
        permissions = [
            ("move_project", _("Can move a project through the stages")),
            ("import_project", _("Can import projects from CSV")),
            ("export_project", _("Can export projects as CSV")),
            ("view_report", _("Can see the REGIONALE report")),
        ]
        indexes = [
            models.Index(fields=["published", "stage"], name="regionale_project_stage_idx"),
            models.Index(fields=["published", "handlungsfeld"], name="regionale_project_field_idx"),
            models.Index(fields=["published", "featured"], name="regionale_project_featured_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="regionale_project_valid_stage"),
            models.CheckConstraint(
                condition=Q(handlungsfeld__in=Handlungsfeld.values), name="regionale_project_valid_field"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="regionale_project_title_not_empty"),
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_at__isnull=False),
                name="regionale_project_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(featured=False) | Q(published=True), name="regionale_project_featured_is_published"
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_stage = None  # the stage the database holds, as far as this object knows (see from_db)
        self._moving = False

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The model layer's guard: a stage changes only through services.move(), which records the transition.
        if not self._moving:
            self._refuse_stage_change()
        self.updated = timezone.now()
        super().save(*args, **kwargs)
        if "stage" in self.__dict__:
            self._saved_stage = self.stage

    def get_absolute_url(self):
        return reverse("regionale:project", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        project = super().from_db(db, field_names, values)
        # Without touching a deferred stage (.only()/.defer()): that would cost a query per project.
        project._saved_stage = project.__dict__.get("stage")
        return project

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        if fields is None or "stage" in fields:
            self._saved_stage = self.stage  # what the database holds now is the stage to guard

    def _refuse_stage_change(self):
        if "stage" not in self.__dict__:
            return  # deferred and untouched: this save leaves it alone
        saved = self._saved_stage
        if saved is None and self.pk is not None:  # read with the stage deferred, or given its pk by hand
            saved = Project.objects.filter(pk=self.pk).values_list("stage", flat=True).first()
        if saved is None and self.stage != Stage.IDEA:
            raise ValidationError(_("A new project starts as an idea; it moves on through the stage workflow."))
        if saved is not None and self.stage != saved:
            raise ValidationError(_("The stage changes only through the stage workflow, with a decision."))

    def clean(self):
        if self.themenfeld_id and self.handlungsfeld and self.themenfeld.handlungsfeld != self.handlungsfeld:
            raise ValidationError(
                {"themenfeld": _("This topic field belongs to another field of action.")}, code="themenfeld"
            )

    @property
    def stars(self):
        return STARS.get(self.stage, 0)

    @property
    def is_withdrawn(self):
        return self.stage == Stage.WITHDRAWN

    def dna(self):
        """The DNA aspects this project carries, as labels."""
        return [
            label
            for flag, label in (
                (self.dna_digital, _("digital")),
                (self.dna_sustainable, _("sustainable")),
                (self.dna_authentic, _("authentic")),
            )
            if flag
        ]

    def all_sponsors(self):
        """The lead sponsor first, then the further ones (uses a prefetch of `sponsors` when there is one)."""
        further = [o for o in self.sponsors.all() if o.pk != self.lead_sponsor_id]
        return ([self.lead_sponsor] if self.lead_sponsor else []) + sorted(further, key=lambda o: o.name)


class StageTransition(models.Model):
    """One step on a project's path: who moved it, when, the decision (date, body) and the reason."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    kind = models.CharField(_("move"), max_length=12, choices=Move)
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage)
    decided_on = models.DateField(_("decision date"))
    body = models.CharField(_("decided by"), max_length=12, choices=DecisionBody, blank=True)
    recommended_on = models.DateField(_("advisory board recommendation"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["project", "at"], name="regionale_transition_idx")]
        constraints = [
            models.CheckConstraint(
                condition=_any(
                    Q(from_stage=before, to_stage=after, kind=kind) for before, after, kind in allowed_moves()
                ),
                name="regionale_transition_allowed",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=NEEDS_REASON) | ~Q(reason=""), name="regionale_transition_reason_given"
            ),
            models.CheckConstraint(
                condition=~Q(kind=Move.ADVANCE, to_stage__in=STAR_AWARDS)
                | Q(body__in=[DecisionBody.AUSSCHUSS, DecisionBody.BEIRAT]),
                name="regionale_transition_star_has_body",
            ),
            models.CheckConstraint(
                condition=Q(body__in=[*DecisionBody.values, ""]), name="regionale_transition_valid_body"
            ),
            models.CheckConstraint(
                condition=Q(recommended_on__isnull=True) | Q(recommended_on__lte=models.F("decided_on")),
                name="regionale_transition_recommended_first",
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_from_stage_display() or '–'} → {self.get_to_stage_display()}"


class FundingLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("source"), max_length=12, choices=FundingSource)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=FundingStatus, default=FundingStatus.PROSPECT)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding")
        ordering = ["source", "pk"]
        indexes = [models.Index(fields=["status", "project"], name="regionale_funding_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=FundingSource.values), name="regionale_funding_valid_source"),
            models.CheckConstraint(condition=Q(status__in=FundingStatus.values), name="regionale_funding_valid_status"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="regionale_funding_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount} €"


class ProjectImage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="regionale/")
    alt_text = models.CharField(
        _("description of the image"),
        max_length=200,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("image credit"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text


class ProjectUpdate(models.Model):
    """A news item on a project's page."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    published_on = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("news update")
        verbose_name_plural = _("news updates")
        ordering = ["-published_on", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="regionale_update_title_not_empty")]

    def __str__(self):
        return self.title
