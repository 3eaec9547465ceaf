"""The hosts' forms: a space's data, its opening hours and slots, its places and photos."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from portal.lib.images import MB, ImageUploadField

from .models import Amenity, OpeningHours, Resource, ResourceKind, Slot, Space, SpacePhoto, SpaceStatus

MAX_PHOTOS = 8
PHOTO_SIZES = (400, 800, 1600)
MAX_FLEX_DESKS_AT_ONCE = 50
MAX_PLACES = 300

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def publishing_problems(space):
    """What a space still lacks before members can book it; empty when it may be published."""
    problems = []
    if space.pk is None or not space.opening_hours.exists():
        problems.append(_("Enter opening hours on the page “Opening hours and slots”."))
    if space.pk is None or not space.slots.filter(is_active=True).exists():
        problems.append(_("Define at least one bookable slot on the page “Opening hours and slots”."))
    if space.pk is None or not space.resources.filter(is_active=True).exists():
        problems.append(_("Add at least one bookable place on the page “Desks and rooms”."))
    return problems


class SpaceForm(forms.ModelForm):
    # (anchor, legend, fields)
    FIELDSETS = [
        ("basics", _("About the space"), ["name", "summary", "description", "amenities", "price_info"]),
        ("address", _("Address and contact"), ["street", "postcode", "municipality", "directions"]),
        ("contact", _("Contact"), ["public_email", "public_phone"]),
        ("accessibility", _("Accessibility"), ["step_free_access", "accessible_toilet", "accessibility_notes"]),
        (
            "rules",
            _("Booking rules"),
            [
                "days_ahead",
                "min_notice_minutes",
                "cancel_deadline_hours",
                "max_future_bookings",
                "approval_required",
                "checkin_grace_minutes",
                "closed_on_public_holidays",
            ],
        ),
        ("publishing", _("Publishing"), ["status"]),
    ]

    amenities = forms.MultipleChoiceField(
        label=_("Amenities"), choices=Amenity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=5,
        validators=[RegexValidator(r"^[0-9]{5}\Z", _("A German postcode has five digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    class Meta:
        model = Space
        fields = [
            "name", "summary", "description", "amenities", "price_info",
            "street", "postcode", "municipality", "directions",
            "public_email", "public_phone",
            "step_free_access", "accessible_toilet", "accessibility_notes",
            "days_ahead", "min_notice_minutes", "cancel_deadline_hours", "max_future_bookings",
            "approval_required", "checkin_grace_minutes", "closed_on_public_holidays",
            "status",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "directions": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "price_info": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "public_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "days_ahead": _("How many days in advance members can book, e.g. 28 for four weeks."),
            "approval_required": _("Bookings wait until someone of your organisation approves them."),
            "closed_on_public_holidays": _("No bookings on public holidays in North Rhine-Westphalia."),
            "status": _(
                "Published spaces appear on the co-working page. Publishing needs opening hours, a bookable slot "
                "and a bookable place."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new space is a draft: it has no places yet, and the host publishes it once it is complete.
            del self.fields["status"]
        self.fields["municipality"].queryset = self.fields["municipality"].queryset.order_by("name")
        for name in ["days_ahead", "min_notice_minutes", "cancel_deadline_hours", "max_future_bookings"]:
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def fieldsets(self):
        for anchor, legend, names in self.FIELDSETS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield {"anchor": anchor, "legend": legend, "fields": fields}

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == SpaceStatus.PUBLISHED and self.instance.status != SpaceStatus.PUBLISHED:
            problems = publishing_problems(self.instance)
            if problems:
                raise forms.ValidationError([_("The space cannot be published yet."), *problems])
        return status


# --- opening hours and slots ------------------------------------------------------------------------------


def _overlapping(ranges):
    """The first pair of overlapping half-open ranges [(start, end, item), …], or None: 08–13 and 13–18 do not
    overlap."""
    ranges = sorted(ranges, key=lambda r: (r[0], r[1]))
    for before, after in zip(ranges, ranges[1:], strict=False):
        if after[0] < before[1]:
            return before[2], after[2]
    return None


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        widgets = {"opens": TIME_WIDGET, "closes": TIME_WIDGET}

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be after the opening time."))
        return cleaned


class BaseOpeningHoursFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        by_weekday = {}
        for form in self.kept_forms():
            by_weekday.setdefault(form.cleaned_data["weekday"], []).append(form)
        for forms_of_day in by_weekday.values():
            clash = _overlapping([(f.cleaned_data["opens"], f.cleaned_data["closes"], f) for f in forms_of_day])
            if clash:
                clash[1].add_error(
                    "opens",
                    _("This range overlaps another one of the same weekday (%(weekday)s).")
                    % {"weekday": clash[1].instance.get_weekday_display()},
                )

    def kept_forms(self):
        """The filled-in, valid forms not marked for deletion."""
        kept = []
        for form in self.forms:
            if not form.is_valid() or self._should_delete_form(form):
                continue
            if (form.has_changed() or form.instance.pk) and {"weekday", "opens", "closes"} <= form.cleaned_data.keys():
                kept.append(form)
        return kept


OpeningHoursFormSet = forms.inlineformset_factory(
    Space,
    OpeningHours,
    form=OpeningHoursForm,
    formset=BaseOpeningHoursFormSet,
    extra=3,
    max_num=28,
    validate_max=True,
    can_delete=True,
)


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["name", "starts", "ends", "is_active"]
        widgets = {"starts": TIME_WIDGET, "ends": TIME_WIDGET}
        help_texts = {"name": ""}  # a table cell has no room for it: the hint above the table says it

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end must be after the start."))
        return cleaned


class BaseSlotFormSet(forms.BaseInlineFormSet):
    """Slots must not overlap; a slot that was ever booked stays (the bookings refer to it), and the times of a
    slot with future bookings stay as they are: the members were told those times."""

    def __init__(self, *args, booked_slots=(), future_booked_slots=(), **kwargs):
        self.booked_slots = set(booked_slots)
        self.future_booked_slots = set(future_booked_slots)
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        kept, undeletable = [], []
        for form in self.forms:
            if not form.is_valid() or not (form.has_changed() or form.instance.pk):
                continue
            pk = form.instance.pk
            if self._should_delete_form(form):
                if pk in self.booked_slots:
                    undeletable.append(form.initial.get("name", form.instance.name))
                continue
            times_changed = {"starts", "ends"} & set(form.changed_data)
            if pk in self.future_booked_slots and times_changed:
                form.add_error(
                    "starts",
                    _(
                        "The slot “%(name)s” has future bookings, so its times cannot change. Add a new slot and "
                        "untick “bookable” for this one instead."
                    )
                    % {"name": form.initial.get("name", form.instance.name)},
                )
            if {"starts", "ends"} <= form.cleaned_data.keys():
                kept.append((form.cleaned_data["starts"], form.cleaned_data["ends"], form))
        clash = _overlapping(kept)
        if clash:
            clash[1].add_error(
                "starts",
                _("This slot overlaps the slot “%(name)s”. Slots must not overlap.")
                % {"name": clash[0].cleaned_data.get("name", "")},
            )
        if undeletable:
            # On the formset: Django ignores the errors of forms marked for deletion.
            raise forms.ValidationError(
                [
                    _(
                        "The slot “%(name)s” has bookings and cannot be deleted. Untick “bookable” instead: it then "
                        "takes no new bookings."
                    )
                    % {"name": name}
                    for name in undeletable
                ]
            )


SlotFormSet = forms.inlineformset_factory(
    Space,
    Slot,
    form=SlotForm,
    formset=BaseSlotFormSet,
    extra=2,
    max_num=12,
    validate_max=True,
    can_delete=True,
)


# --- places --------------------------------------------------------------------------------------------


class FlexDesksForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of flex desks to add"),
        min_value=1,
        max_value=MAX_FLEX_DESKS_AT_ONCE,
        initial=1,
        help_text=_("Members get one of them assigned; they are numbered on."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class UniquePlaceNameMixin:
    """The space is not a field of these forms, so Django leaves the (space, name) constraint unchecked."""

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Resource.objects.filter(space_id=self.instance.space_id, name=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This space already has a place called “%(name)s”."), params={"name": name})
        return name


class PlaceForm(UniquePlaceNameMixin, forms.ModelForm):
    """A named desk or a room; both can be picked by name when booking."""

    class Meta:
        model = Resource
        fields = ["kind", "name", "seats", "description"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": _("Kind of place")}
        help_texts = {"seats": _("Rooms only: how many people fit in. A desk always has one seat.")}

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.space = space
        self.instance.is_named = True
        self.fields["seats"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ResourceKind.DESK and cleaned.get("seats", 1) != 1:
            self.add_error("seats", _("A desk has one seat. For more people, add a room."))
        return cleaned


class RenamePlaceForm(UniquePlaceNameMixin, forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["name", "description", "seats"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        if self.instance.kind == ResourceKind.DESK:
            del self.fields["seats"]
        else:
            self.fields["seats"].widget.attrs["inputmode"] = "numeric"


# --- photos --------------------------------------------------------------------------------------------


class PhotoForm(forms.ModelForm):
    photo = ImageUploadField(
        label=_("Photo"),
        sizes=PHOTO_SIZES,
        max_bytes=8 * MB,
        max_width=6000,
        max_height=6000,
        help_text=_("PNG, JPEG or WebP, at most 8 MB and 6000 × 6000 pixels. We store a cleaned copy."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = SpacePhoto
        fields = ["alt_text"]
        help_texts = {
            "alt_text": _("What the photo shows, for people who cannot see it, e.g. “Bright room with six desks”.")
        }

    field_order = ["photo", "alt_text"]


class AltTextForm(forms.ModelForm):
    class Meta:
        model = SpacePhoto
        fields = ["alt_text"]
