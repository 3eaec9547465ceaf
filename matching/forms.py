from datetime import timedelta

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from companies.forms import KeywordsField
from companies.models import Kind, Municipality, Topic
from portal.lib.forms import ModelMultipleChoiceField

from .models import Entry, EntryType, Reach, Visibility

MAX_TOPICS = 5
DEADLINE_YEARS_AHEAD = 2

VISIBILITY_CHOICES = [
    (Visibility.PUBLIC, _("Public: everyone sees the entry and the name of your organisation.")),
    (Visibility.MEMBERS, _("Signed-in members only: visitors who are not signed in do not see the entry.")),
    (
        Visibility.ANONYMOUS,
        _(
            "Anonymous: everyone sees the entry, but instead of your organisation’s name only its kind and district, "
            "until you accept a contact. Do not name your organisation in the title or description."
        ),
    ),
]


def years_ahead(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class DeadlineField(forms.DateField):
    """A date typed as 31.03.2026 (or sent as 2026-03-31 by a date picker); impossible dates get a plain message."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            example = formats.date_format(timezone.localdate() + timedelta(days=30), "d.m.Y")
            raise forms.ValidationError(
                _("“%(value)s” is not a date in the calendar. Please enter a date like %(example)s."),
                code="invalid",
                params={"value": str(value).strip()[:20], "example": example},
            ) from None


class EntryForm(forms.ModelForm):
    """A need or an offer; the view sets organisation, side and created_by."""

    # (anchor, legend, fields)
    FIELDSETS = [
        ("what", _("What it is about"), ["type", "title", "description", "topics", "keywords"]),
        ("partner", _("The partner"), ["municipality", "reach", "reach_km", "partner_kinds"]),
        ("frame", _("Budget and deadline"), ["budget_band", "deadline"]),
        ("publication", _("Visibility"), ["visibility"]),
    ]

    keywords = KeywordsField(label=_("Keywords"))
    partner_kinds = forms.MultipleChoiceField(
        label=_("Wanted partners"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one kind of partner.")},
    )
    reach_km = forms.IntegerField(
        label=_("Maximum distance (km)"),
        required=False,
        help_text=_("Only for “Within a distance”: 1 to 500 km."),
        widget=forms.NumberInput(attrs={"min": 1, "max": 500}),
    )
    deadline = DeadlineField(
        label=_("Deadline (optional)"),
        required=False,
        help_text=_("For example 31.03.2027; at most two years ahead."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Entry
        fields = [
            "type", "title", "description", "topics", "keywords",
            "municipality", "reach", "reach_km", "partner_kinds",
            "budget_band", "deadline", "visibility",
        ]  # fmt: skip
        field_classes = {"topics": ModelMultipleChoiceField}
        widgets = {
            "type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "topics": forms.CheckboxSelectMultiple,
            "reach": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "topics": _("At least one, at most five: they decide which partners see your entry first."),
            "municipality": _("Where the work takes place; partners’ distance is measured from here."),
        }
        error_messages = {
            "title": {"required": _("Please give the entry a title.")},
            "description": {"required": _("Please describe what it is about.")},
            "topics": {"required": _("Please choose at least one topic.")},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["municipality"].queryset = Municipality.objects.all()
        self.fields["visibility"].choices = VISIBILITY_CHOICES
        self.fields["type"].choices = EntryType.choices  # no empty choice among the radio buttons
        self.fields["budget_band"].choices = [("", _("Not specified")), *self.fields["budget_band"].choices[1:]]
        if self.instance.municipality_id is None:
            self.initial["municipality"] = organisation.municipality_id

    def fieldsets(self):
        for anchor, legend, names in self.FIELDSETS:
            yield {"anchor": anchor, "legend": legend, "fields": [self[name] for name in names]}

    def clean_topics(self):
        topics = self.cleaned_data["topics"]
        if len(topics) > MAX_TOPICS:
            raise forms.ValidationError(
                _("At most %(max)s topics, please; you chose %(count)s."),
                params={"max": MAX_TOPICS, "count": len(topics)},
            )
        return topics

    def clean_reach_km(self):
        km = self.cleaned_data["reach_km"]
        if km is not None and not 1 <= km <= 500:
            raise forms.ValidationError(_("Please enter a distance from 1 to 500 km."))
        return km

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline is None or "deadline" not in self.changed_data:
            return deadline  # an unchanged deadline may have passed meanwhile; editing other fields stays possible
        today = timezone.localdate()
        if deadline < today:
            raise forms.ValidationError(_("The deadline is in the past."))
        if deadline > years_ahead(today, DEADLINE_YEARS_AHEAD):
            raise forms.ValidationError(_("The deadline may be at most two years ahead."))
        return deadline

    def clean(self):
        data = super().clean()
        reach, km = data.get("reach"), data.get("reach_km")
        if reach == Reach.RADIUS and km is None and "reach_km" not in self.errors:
            self.add_error("reach_km", _("Please enter the distance in km for “Within a distance”."))
        elif reach and reach != Reach.RADIUS and km is not None:
            self.add_error("reach_km", _("Leave the distance empty, or choose “Within a distance”."))
        return data

    def save(self, commit=True):
        self.instance.updated = timezone.now()
        return super().save(commit)
