"""The filters of the Co-Working page: GET parameters near, radius, date, part, free, amenity (and page).

Lenient like the directory (companies/directory.py): a value that cannot be used is left out, and `notes` says so
on the page; nothing here fails. Which spaces have free places is worked out by coworking.finder afterwards.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.directory import RADII, LenientMultipleChoiceFilter, distance_origin, ignored_values, query_with

from . import availability, finder
from .models import Amenity, Space


class DayField(forms.CharField):
    """A date as ISO 2026-11-26 or German 26.11.2026 (availability.parse_day)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        day = availability.parse_day(value)
        if day is None:
            raise ValidationError("not a date", code="invalid")
        return day


class DayFilter(django_filters.Filter):
    field_class = DayField


class YesField(forms.Field):
    """A tick box sent as free=1 (or on, true, yes); 0, false, off or nothing mean no."""

    def to_python(self, value):
        value = str(value or "").strip().lower()
        if value in ("", "0", "false", "off", "no"):
            return False
        if value in ("1", "true", "on", "yes"):
            return True
        raise ValidationError("not yes or no", code="invalid")


class YesFilter(django_filters.Filter):
    field_class = YesField


class SpaceFilter(django_filters.FilterSet):
    near = django_filters.ChoiceFilter(label=gettext_lazy("Near"), method="filter_nothing")
    radius = django_filters.TypedChoiceFilter(
        label=gettext_lazy("Distance"),
        choices=[(str(km), gettext_lazy("within %(km)s km") % {"km": km}) for km in RADII],
        coerce=int,
        method="filter_radius",
    )
    date = DayFilter(label=gettext_lazy("Date"), method="filter_nothing")
    part = django_filters.ChoiceFilter(
        label=gettext_lazy("Part of the day"), choices=finder.Part.choices, method="filter_nothing"
    )
    free = YesFilter(label=gettext_lazy("Only spaces with free places"), method="filter_nothing")
    amenity = LenientMultipleChoiceFilter(
        label=gettext_lazy("Amenities"), choices=Amenity.choices, method="filter_amenity"
    )

    class Meta:
        model = Space
        fields = []

    def __init__(self, data, *, municipalities, moment=None):
        self.municipalities = list(municipalities)
        self.by_slug = {place.slug: place for place in self.municipalities}
        super().__init__(data, queryset=finder.published_spaces())
        self.filters["near"].extra["choices"] = [(place.slug, place.name) for place in self.municipalities]
        self.form.is_valid()
        self.values = {key: value for key, value in self.form.cleaned_data.items() if value not in (None, "", [])}
        self.notes = self._notes()
        self.origin = self._origin()
        self.distances = finder.distances(self.origin, self.municipalities) if self.origin else {}
        self.radius = self.values.get("radius") if self.origin else None
        self.default_day = finder.default_day(moment)
        self.day = self._day(moment)
        self.part = self.values.get("part") or finder.Part.DAY
        self.free = bool(self.values.get("free"))
        self.amenities = self.values.get("amenity", [])

    # -- reading the values --

    def _notes(self):
        notes = []
        if getattr(self.data, "truncated_at", None):  # see companies.directory.query_params
            notes.append(
                _("The address had too many values; only the first %(count)s were read.")
                % {"count": self.data.truncated_at}
            )
        notes += ignored_values(self.form, self.data)
        return notes

    def _origin(self):
        return distance_origin(self.values, self.by_slug, self.notes)

    def _day(self, moment):
        day = self.values.get("date")
        if day and day < availability.local_today(moment):
            self.notes.append(
                _("Date: %(date)s is in the past and was ignored.")
                % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")}
            )
            del self.values["date"]
            day = None
        return day or self.default_day

    # -- filtering (applied by django-filter to the valid values only) --

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_radius(self, queryset, name, value):
        if self.origin is None:
            return queryset
        within = [pk for pk, km in self.distances.items() if km <= value]
        return queryset.filter(municipality_id__in=within or [0])  # no place has id 0: "nowhere"

    def filter_amenity(self, queryset, name, value):
        # Every chosen amenity (and). The JSON list's text holds each value in quotes: matching the quoted value
        # works the same on PostgreSQL and SQLite (a JSON "contains" does not exist on SQLite), and "parking" does
        # not match "bike-parking".
        for amenity in value:
            queryset = queryset.filter(amenities__icontains=f'"{amenity}"')
        return queryset

    # -- links --

    def cleaned_params(self):
        """The query string of what was understood (no page), as a list of (name, value)."""
        pairs = []
        if self.values.get("near"):
            pairs.append(("near", self.values["near"]))
        if self.radius:
            pairs.append(("radius", str(self.radius)))
        if "date" in self.values:
            pairs.append(("date", self.day.isoformat()))
        if self.part != finder.Part.DAY:
            pairs.append(("part", self.part))
        if self.free:
            pairs.append(("free", "1"))
        pairs += [("amenity", amenity) for amenity in self.amenities]
        return pairs

    def url_with(self, **changes):
        return query_with(self.cleaned_params(), **changes)
