"""The members' forms of the REGIONALE: submitting a project idea. (A project's needs use matching's EntryForm.)"""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Municipality, Region

from .models import Handlungsfeld, Project, Themenfeld

# One line each, so that a member can tell the three fields of action apart (DOMAIN.md §7).
HANDLUNGSFELD_CHOICES = [
    (
        Handlungsfeld.RAUM,
        _("Space: town and village centres, living, mobility – where and how people live in the region."),
    ),
    (
        Handlungsfeld.GESELLSCHAFT,
        _("Society: health, education, civic engagement – how people live together."),
    ),
    (
        Handlungsfeld.WIRTSCHAFT,
        _("Economy and work: competences, new ways of working, innovation and transfer – firms and jobs."),
    ),
]

# The REGIONALE's DNA, "Digital – Nachhaltig – Authentisch"; the values name the project's boolean fields.
DNA_CHOICES = [
    ("digital", _("Digital: the idea uses digital technology to solve its problem.")),
    ("sustainable", _("Sustainable: it saves resources, lasts beyond the REGIONALE or keeps the region liveable.")),
    ("authentic", _("Authentic: it grows out of Südwestfalen – its people, places, firms and traditions.")),
]
DNA_FIELDS = {"digital": "dna_digital", "sustainable": "dna_sustainable", "authentic": "dna_authentic"}

MAX_LENGTH_MESSAGE = _("Please shorten the text to %(limit_value)d characters (it has %(show_value)d).")


class IdeaForm(forms.ModelForm):
    """A member's project idea. The view sets submitted_by and the slug; the stage is always "idea".

    The choices are built once per form (the municipalities of Südwestfalen, the topic fields, the member's
    organisations); a choice that went away since the page was built is an error, never a 500."""

    organisation = forms.TypedChoiceField(
        label=_("On behalf of"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose the organisation that submits the idea."),
            "invalid_choice": _("Please choose one of your organisations."),
        },
    )
    municipalities = forms.TypedMultipleChoiceField(
        label=_("Municipalities"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one; several if the project reaches across places or districts."),
        error_messages={
            "required": _("Please choose at least one municipality."),
            "invalid_choice": _("Please choose municipalities from the list."),
        },
    )
    handlungsfeld = forms.ChoiceField(
        label=_("Field of action"),
        choices=HANDLUNGSFELD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a field of action.")},
    )
    themenfeld = forms.TypedChoiceField(
        label=_("Topic field (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "The topic fields are listed under their field of action: choose one under the field you chose above."
        ),
        error_messages={"invalid_choice": _("Please choose a topic field from the list, or none.")},
    )
    dna = forms.MultipleChoiceField(
        label=_("The REGIONALE’s DNA"),
        choices=DNA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every REGIONALE project is digital, sustainable or authentic, ideally all three."),
        error_messages={"required": _("Please choose at least one: every REGIONALE project carries the DNA.")},
    )

    class Meta:
        model = Project
        fields = ["title", "summary", "description", "municipalities", "handlungsfeld", "themenfeld"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 12}),
        }
        labels = {"title": _("Title of your idea"), "summary": _("Your idea in one or two sentences")}
        help_texts = {
            "title": _("Short and telling, for example “Digital village centre Eslohe”."),
            "summary": _("This is what people read first. At most 400 characters."),
            "description": _(
                "Please answer: What problem does the idea solve? Who benefits, and how? Who takes part already, "
                "and whom do you still need? What would be the first step?"
            ),
        }
        error_messages = {
            "title": {"required": _("Please give your idea a title."), "max_length": MAX_LENGTH_MESSAGE},
            "summary": {
                "required": _("Please sum up your idea in one or two sentences."),
                "max_length": MAX_LENGTH_MESSAGE,
            },
            "description": {
                "required": _("Please describe your idea: what problem it solves and who benefits."),
                "max_length": MAX_LENGTH_MESSAGE,
            },
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True  # optional for curators' imports, not for a new idea
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        field = self.fields["organisation"]
        field.choices = [(organisation.pk, organisation.name) for organisation in organisations]
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            self.initial.setdefault("organisation", organisations[0].pk)
        places = list(
            Municipality.objects.filter(region=Region.SUEDWESTFALEN)
            .order_by("district", "name")
            .only("pk", "name", "district")
        )
        # Flat choices (ids id_municipalities_0, _1, … as the error summary expects); municipality_groups() groups them.
        self.fields["municipalities"].choices = [(place.pk, place.name) for place in places]
        self._districts = [place.get_district_display() for place in places]
        self.themenfelder = {themenfeld.pk: themenfeld for themenfeld in Themenfeld.objects.all()}
        self.fields["themenfeld"].choices = self._themenfeld_choices()

    def _themenfeld_choices(self):
        groups = {}
        for themenfeld in self.themenfelder.values():
            groups.setdefault(themenfeld.handlungsfeld, []).append((themenfeld.pk, themenfeld.name))
        return [("", _("None / not sure yet"))] + [
            (field.label, groups[field.value]) for field in Handlungsfeld if field.value in groups
        ]

    @property
    def single_organisation(self):
        return next(iter(self.organisations.values())) if len(self.organisations) == 1 else None

    def municipality_groups(self):
        """[(district, [checkbox, …])] in the order of the districts, for one fieldset per district."""
        groups = []
        for district, option in zip(self._districts, self["municipalities"].subwidgets, strict=True):
            if not groups or groups[-1][0] != district:
                groups.append((district, []))
            groups[-1][1].append(option)
        return groups

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]

    def clean_municipalities(self):
        pks = self.cleaned_data["municipalities"]
        if Municipality.objects.filter(pk__in=pks).count() != len(set(pks)):  # removed since the page was built
            raise forms.ValidationError(_("Please choose municipalities from the list."))
        return pks

    def clean_themenfeld(self):
        pk = self.cleaned_data["themenfeld"]
        return None if pk is None else self.themenfelder[pk]

    def clean(self):
        data = super().clean()
        field, themenfeld = data.get("handlungsfeld"), data.get("themenfeld")
        if field and themenfeld and themenfeld.handlungsfeld != field:
            self.add_error(
                "themenfeld",
                _(
                    "The topic field “%(themenfeld)s” belongs to the field of action “%(belongs)s”, not to "
                    "“%(chosen)s”. Please choose a topic field of “%(chosen)s”, or none."
                )
                % {
                    "themenfeld": themenfeld.name,
                    "belongs": Handlungsfeld(themenfeld.handlungsfeld).label,
                    "chosen": Handlungsfeld(field).label,
                },
            )
        return data

    def save(self, commit=True):
        chosen = self.cleaned_data["dna"]
        for value, name in DNA_FIELDS.items():
            setattr(self.instance, name, value in chosen)
        self.instance.lead_sponsor = self.cleaned_data["organisation"]
        return super().save(commit)
