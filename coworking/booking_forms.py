"""The member's booking form: a day (typed or picked), further days ticked in a list, slots, an optional place.

The price and the member never come from the form. The hidden idempotency key is fresh for every new form and
travels along when the form is shown again after an error, so a double submission finds the booking made.
"""

import uuid
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.lib.forms import ModelMultipleChoiceField

from . import availability
from .availability import Calendar, Status
from .models import ResourceKind
from .services import MAX_DAYS_PER_BOOKING

# How far the list of further days to tick reaches (the typed day may lie further ahead, up to the policy).
PICK_DAYS = 28


class SlotField(ModelMultipleChoiceField):
    def label_from_instance(self, slot):
        return _("%(name)s, %(starts)s–%(ends)s") % {
            "name": slot.name,
            "starts": formats.time_format(slot.starts, "H:i"),
            "ends": formats.time_format(slot.ends, "H:i"),
        }


class PlaceField(forms.ModelChoiceField):
    def label_from_instance(self, resource):
        if resource.kind == ResourceKind.ROOM:
            return _("%(name)s (room for up to %(seats)s people)") % {"name": resource.name, "seats": resource.seats}
        return _("%(name)s (desk)") % {"name": resource.name}


def _valid_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class BookingForm(forms.Form):
    date = forms.CharField(
        label=gettext_lazy("Day"),
        max_length=20,
        help_text=gettext_lazy("For example 24.03.2026. Tick further days below to book several at once."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    more_dates = forms.MultipleChoiceField(
        label=gettext_lazy("Further days (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    slots = SlotField(
        label=gettext_lazy("Time"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("For the whole day, tick all slots."),
        error_messages={
            "required": gettext_lazy("Please choose at least one slot."),
            "invalid_choice": gettext_lazy("Please choose one of this space's slots."),
            "invalid_pk_value": gettext_lazy("Please choose one of this space's slots."),
        },
    )
    place = PlaceField(
        label=gettext_lazy("Desk or room"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Any free desk (we assign one)"),
        error_messages={"invalid_choice": gettext_lazy("Please choose one of this space's places.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the host (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example when you will arrive or what you need. At most 300 characters."),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, space, moment, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        self.moment = moment
        if self.is_bound and not _valid_uuid(self.data.get("idempotency_key", "")):
            # A form without its key (tampered or very old) books once, like a fresh one.
            self.data = self.data.copy()
            self.data["idempotency_key"] = str(uuid.uuid4())
        elif not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        self.fields["slots"].queryset = space.slots.filter(is_active=True)
        self.fields["place"].queryset = space.resources.filter(is_active=True).filter(
            Q(kind=ResourceKind.ROOM) | Q(is_named=True)
        )
        if not self.fields["place"].queryset.exists():
            del self.fields["place"]
        today = availability.local_today(moment)
        self.fields["date"].widget.attrs.update(
            min=today.isoformat(), max=availability.latest_bookable_date(space, moment).isoformat()
        )
        full_days = self._open_days(today)
        self.open_days = sorted(full_days)
        self.fields["more_dates"].choices = [
            (day.isoformat(), _day_label(day, full_days[day])) for day in self.open_days
        ]

    def _open_days(self, today):
        """{day: fully booked?} of the days in the next weeks with at least one slot open for booking."""
        calendar = Calendar(self.space, today, min(PICK_DAYS, self.space.days_ahead), moment=self.moment)
        days = {}
        for cell in calendar.cells():
            if cell.status in (Status.OPEN, Status.FULL):
                days[cell.date] = days.get(cell.date, True) and cell.status == Status.FULL
        return days

    def clean_date(self):
        day = availability.parse_day(self.cleaned_data["date"], self.moment)
        if day is None:
            raise ValidationError(
                _("Please enter a valid date such as %(example)s; bookings are possible up to %(days)s days ahead."),
                params={
                    "example": formats.date_format(availability.local_today(self.moment), "d.m.Y"),
                    "days": self.space.days_ahead,
                },
            )
        return day

    def clean_more_dates(self):
        return [date.fromisoformat(value) for value in self.cleaned_data["more_dates"]]

    def clean(self):
        cleaned = super().clean()
        if "date" in cleaned:
            days = sorted({cleaned["date"], *cleaned.get("more_dates", [])})
            if len(days) > MAX_DAYS_PER_BOOKING:
                raise ValidationError(
                    _("Please book at most %(count)s days at once."), params={"count": MAX_DAYS_PER_BOOKING}
                )
            cleaned["days"] = days
        return cleaned

    def day_weeks(self):
        """The further days' checkboxes grouped by week: [(legend, [checkbox])], for fieldsets in the template."""
        boxes = {box.data["value"]: box for box in self["more_dates"]}
        weeks = {}
        for day in self.open_days:
            monday = availability.week_start(day)
            weeks.setdefault(monday, []).append(boxes[day.isoformat()])
        return [(_week_legend(monday), checkboxes) for monday, checkboxes in weeks.items()]


def _day_label(day, full):
    label = f"{formats.date_format(day, 'D')}, {formats.date_format(day, 'MONTH_DAY_FORMAT')}"
    return _("%(day)s (fully booked)") % {"day": label} if full else label


def _week_legend(monday):
    return _("Week from %(monday)s to %(sunday)s") % {
        "monday": formats.date_format(monday, "MONTH_DAY_FORMAT"),
        "sunday": formats.date_format(monday + timedelta(days=6), "DATE_FORMAT"),
    }
