import re
import unicodedata

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from portal.lib.forms import ModelMultipleChoiceField
from portal.lib.images import ImageUploadField

from .models import Department, Language, LookingFor, Organisation, ReportReason, Role, Topic

MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 50
MAX_KEYWORDS_INPUT = 2000  # generous for 20 × 50 characters with separators; longer input is refused unread


def normalise_keyword(text):
    """Trimmed, lower-cased, control characters and runs of whitespace turned into one space."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    return re.sub(r"\s+", " ", text).strip().lower()


class KeywordsField(forms.CharField):
    """Free keywords as comma-separated text: normalised, duplicates removed, at most 20 of 50 characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Separate keywords with commas, e.g. “opc ua, predictive maintenance”."))
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):  # what the model gives: Tag objects
            return ", ".join(sorted(str(tag) for tag in value))
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > MAX_KEYWORDS_INPUT:
            raise forms.ValidationError(
                _("This is too long: at most %(max)s keywords of up to %(length)s characters each."),
                params={"max": MAX_KEYWORDS, "length": MAX_KEYWORD_LENGTH},
            )
        keywords = [normalise_keyword(part) for part in text.split(",")]
        return list(dict.fromkeys(keyword for keyword in keywords if keyword))

    def validate(self, value):
        super().validate(value)
        too_long = [keyword for keyword in value if len(keyword) > MAX_KEYWORD_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Keywords may have at most %(length)s characters: “%(keyword)s…” is longer."),
                params={"length": MAX_KEYWORD_LENGTH, "keyword": too_long[0][:MAX_KEYWORD_LENGTH]},
            )
        if len(value) > MAX_KEYWORDS:
            raise forms.ValidationError(
                ngettext_lazy(
                    "At most %(max)s keywords, please; you entered %(count)s.",
                    "At most %(max)s keywords, please; you entered %(count)s.",
                    "count",
                ),
                params={"max": MAX_KEYWORDS, "count": len(value)},
            )


class OrganisationForm(forms.ModelForm):
    # (anchor, legend, fields); fields of another kind of organisation are left out in __init__
    FIELDSETS = [
        ("basics", _("Basics"), ["name", "pitch", "founded", "size_band"]),
        (
            "place",
            _("Place and contact"),
            ["municipality", "street", "postcode", "website", "public_email", "public_phone"],
        ),
        ("profile", _("Profile"), ["description", "topics", "keywords", "industries", "languages"]),
        ("startup", _("Start-up"), ["stage", "team_size", "spin_off_of", "looking_for"]),
        ("transfer", _("Transfer office"), ["transfer_email", "transfer_url"]),
    ]
    STARTUP_FIELDS = ["stage", "team_size", "spin_off_of", "looking_for"]
    RESEARCH_FIELDS = ["transfer_email", "transfer_url"]

    keywords = KeywordsField(label=_("Keywords"))
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    looking_for = forms.MultipleChoiceField(
        label=_("Looking for"), choices=LookingFor.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Organisation
        fields = [
            "name", "pitch", "founded", "size_band",
            "municipality", "street", "postcode", "website", "public_email", "public_phone",
            "description", "topics", "keywords", "industries", "languages",
            "stage", "team_size", "spin_off_of", "looking_for",
            "transfer_email", "transfer_url",
        ]  # fmt: skip
        field_classes = {"topics": ModelMultipleChoiceField, "industries": ModelMultipleChoiceField}
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "industries": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_startup:
            for name in self.STARTUP_FIELDS:
                del self.fields[name]
        if not self.instance.is_research:
            for name in self.RESEARCH_FIELDS:
                del self.fields[name]
        if "spin_off_of" in self.fields:
            self.fields["spin_off_of"].queryset = self.fields["spin_off_of"].queryset.published()
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["founded"].widget.attrs.update(min=1000, max=2100)

    def fieldsets(self):
        for anchor, legend, names in self.FIELDSETS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield {"anchor": anchor, "legend": legend, "fields": fields}

    def save(self, commit=True):
        self.instance.content_updated = timezone.now()
        return super().save(commit)


# Chairs, departments or groups of a university or institute, edited below its profile.
DepartmentFormSet = forms.inlineformset_factory(
    Organisation,
    Department,
    fields=["name", "competences", "url", "position"],
    widgets={"competences": forms.Textarea(attrs={"rows": 3})},
    extra=1,
    max_num=50,
    validate_max=True,
)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class LogoForm(forms.Form):
    """The logo lives on a page of its own: uploads need multipart forms, the profile form does not."""

    logo = ImageUploadField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB and 4096 × 4096 pixels. We store a cleaned copy."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
