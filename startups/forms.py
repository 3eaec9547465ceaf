from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import District, Kind, LookingFor, Municipality, SizeBand, Stage, Topic
from portal.lib.forms import ModelMultipleChoiceField

STARTUP = "startup"  # the start-up journey; the other one ("organisation") asks for the kind


def municipality_choices():
    """The gazetteer grouped by district, for a <select> with one <optgroup> per district."""
    groups = {}
    for place in Municipality.objects.order_by("name").only("pk", "name", "district"):
        groups.setdefault(place.district, []).append((place.pk, place.name))
    return [("", _("Please choose"))] + [
        (district.label, groups[district.value]) for district in District if district.value in groups
    ]


class BasicsForm(forms.Form):
    """Step 1: who you are and where."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[(value, label) for value, label in Kind.choices if value != Kind.STARTUP],
        widget=forms.RadioSelect,
    )
    municipality = forms.TypedChoiceField(label=_("Town or municipality"), coerce=int)
    pitch = forms.CharField(
        label=_("Your pitch in one line"),
        max_length=160,
        help_text=_("What you do, in one sentence of up to 160 characters."),
    )

    def __init__(self, journey, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if journey == STARTUP:
            del self.fields["kind"]
            self.fields["name"].label = _("Name of your start-up")
        self.fields["municipality"].choices = municipality_choices()
        self.fields["name"].widget.attrs["autocomplete"] = "organization"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter a name."))
        return name

    def clean_municipality(self):
        pk = self.cleaned_data["municipality"]
        if not Municipality.objects.filter(pk=pk).exists():  # the choice was valid when the page was built
            raise forms.ValidationError(_("Please choose a town or municipality from the list."))
        return pk


class ProfileForm(forms.Form):
    """Step 2: topics, and what differs by kind — a start-up's stage and wishes, a firm's size."""

    topics = ModelMultipleChoiceField(
        label=_("Topics you work on"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one; you can change them later."),
        error_messages={"required": _("Please choose at least one topic.")},
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, widget=forms.RadioSelect)
    looking_for = forms.MultipleChoiceField(
        label=_("What you are looking for"),
        choices=LookingFor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    size_band = forms.ChoiceField(
        label=_("Employees"), choices=[("", _("Not specified")), *SizeBand.choices], required=False
    )

    def __init__(self, kind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != Kind.STARTUP:
            del self.fields["stage"], self.fields["looking_for"]
        if kind != Kind.FIRM:
            del self.fields["size_band"]

    def session_data(self):
        """The cleaned data in a form the session can store (topic ids instead of objects)."""
        data = dict(self.cleaned_data)
        data["topics"] = [topic.pk for topic in data["topics"]]
        return data
