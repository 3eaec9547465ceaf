"""The curators' forms in the admin: a project (publishing and featuring go through the services), its images
(re-encoded like every upload), a stage move with its decision, the shared decision of the bulk advance, and the
report's choice of projects."""

from django import forms
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.lib.images import MB, MESSAGES, ImageUploadField, ProcessedImage, delete_image, save_image

from . import services
from .models import DecisionBody, Move, Project, ProjectImage, Stage

# The widths the project pages pick from (srcset); every upload is stored in these sizes as WebP.
PROJECT_IMAGE_SIZES = (400, 800, 1600)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectAdminForm(forms.ModelForm):
    """`publish` and `feature` are not written to the project by the form: the admin hands them to
    services.publish/unpublish/set_featured, which keep the rules (a featured project is published, a published one
    has a date) and record who did it."""

    publish = forms.BooleanField(
        label=_("Published"), required=False, help_text=_("Shown on the public REGIONALE pages.")
    )
    feature = forms.BooleanField(
        label=_("Featured"),
        required=False,
        help_text=_("Shown first on the REGIONALE pages; only a published project can be featured."),
    )

    class Meta:
        model = Project
        fields = [
            "title", "slug", "summary", "description", "website", "is_example", "lead_sponsor", "sponsors",
            "municipalities", "handlungsfeld", "themenfeld", "dna_digital", "dna_sustainable", "dna_authentic",
            "needs",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The project's address on the site. Left empty, it is made from the title."
            )
        self.initial.setdefault("publish", self.instance.published)
        self.initial.setdefault("feature", self.instance.featured)

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = services.unique_project_slug(cleaned["title"], self.instance)
        if cleaned.get("feature") and not cleaned.get("publish"):
            self.add_error("feature", _("Only a published project can be featured: tick “Published” as well."))
        return cleaned


class ProjectImageForm(forms.ModelForm):
    """The upload is checked and re-encoded by portal.lib.images (as the hosts' space photos are): nothing of the
    file but its pixels is stored, under a random name."""

    upload = ImageUploadField(
        label=_("Image file"),
        required=False,
        sizes=PROJECT_IMAGE_SIZES,
        max_bytes=8 * MB,
        max_width=6000,
        max_height=6000,
        help_text=_("PNG, JPEG or WebP, at most 8 MB and 6000 × 6000 pixels. We store a cleaned copy."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = ProjectImage
        fields = ["alt_text", "caption", "credit", "position"]

    def __init__(self, *args, storage_failed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage_failed = storage_failed  # the form is shown again because the storage refused the uploads

    def clean(self):
        cleaned = super().clean()
        if not self.instance.image and not cleaned.get("upload") and "upload" not in self.errors:
            self.add_error("upload", _("Please choose an image file."))
        if self.storage_failed and isinstance(cleaned.get("upload"), ProcessedImage):
            self.add_error("upload", MESSAGES["not_stored"])
        return cleaned

    def save(self, commit=True):
        upload = self.cleaned_data.get("upload")
        if isinstance(upload, ProcessedImage):
            old_name = self.instance.image.name
            self.instance.image = save_image(upload, ProjectImage._meta.get_field("image").upload_to)
            if old_name:
                # Only once the new name is committed: a rolled-back save must not lose the image still referenced.
                transaction.on_commit(lambda: delete_image(old_name))
        return super().save(commit)


class ProjectImageFormSet(BaseInlineFormSet):
    def delete_existing(self, obj, commit=True):
        name = obj.image.name
        super().delete_existing(obj, commit)
        if commit:
            transaction.on_commit(lambda: delete_image(name))


def move_label(stage, kind):
    """How a target stage reads in the stage form: the kind of move and where it leads."""
    phrases = {
        Move.ADVANCE: gettext("Advance to “%(stage)s”"),
        Move.REVERT: gettext("Go back to “%(stage)s”"),
        Move.WITHDRAW: gettext("Withdraw the project"),
        Move.REINSTATE: gettext("Revoke the withdrawal: back to “%(stage)s”"),
    }
    return phrases[kind] % {"stage": Stage(stage).label}


class DecisionForm(forms.Form):
    """The decision behind a move: the bulk advance asks for it once for all selected projects."""

    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    body = forms.ChoiceField(
        label=_("Decided by"),
        choices=[("", "—"), *DecisionBody.choices],
        required=False,
        help_text=_("A star is awarded by the REGIONALE committee or on the advisory board's recommendation."),
    )
    recommended_on = forms.DateField(
        label=_("Advisory board recommendation"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The date of the advisory board's recommendation, if there was one."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when a project goes back a stage, is withdrawn or returns after a withdrawal."),
    )

    def decision(self):
        data = self.cleaned_data
        return services.Decision(data["decided_on"], data["body"], data["recommended_on"], data["reason"])


class StageForm(DecisionForm):
    """A project's next stage. The radio buttons offer the moves the workflow allows now; any other stage that is
    posted reaches services.move, which refuses it with its own message."""

    to_stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices, widget=forms.RadioSelect)
    # The stage the curator saw when deciding: if somebody else moved the project since, the decision is refused.
    seen_stage = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["to_stage", "decided_on", "body", "recommended_on", "reason"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["seen_stage"].initial = project.stage
        self.targets = services.targets(project)
        # Validation accepts every stage (field.choices); only the allowed moves are rendered (widget.choices).
        self.fields["to_stage"].widget.choices = [(stage, move_label(stage, kind)) for stage, kind in self.targets]

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_stage")
        if seen and seen != self.project.stage and "to_stage" in cleaned:
            seen_label = Stage(seen).label if seen in Stage.values else seen
            message = _(
                "Somebody else has moved this project from “%(seen)s” to “%(now)s” meanwhile. Please check "
                "whether your decision still applies."
            )
            self.add_error("to_stage", message % {"seen": seen_label, "now": self.project.get_stage_display()})
        return cleaned


class ReportScopeForm(forms.Form):
    SCOPES = [
        ("all", _("All projects")),
        ("active", _("All but withdrawn projects")),
        ("published", _("Published projects only")),
    ]

    scope = forms.ChoiceField(
        label=_("Which projects count"), choices=SCOPES, initial="all", widget=forms.RadioSelect, required=False
    )

    def chosen_scope(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["scope"]:
            return self.cleaned_data["scope"]
        return "all"
