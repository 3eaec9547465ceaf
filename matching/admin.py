from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from companies.models import Kind

from .models import Entry, EntryStatus


class EntryAdminForm(forms.ModelForm):
    partner_kinds = forms.MultipleChoiceField(
        label=_("Wanted partners"), choices=Kind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Entry
        fields = [
            "organisation", "side", "type", "title", "description", "topics", "keywords",
            "municipality", "reach", "reach_km", "partner_kinds", "budget_band", "deadline",
            "visibility", "status", "expires_on",
        ]  # fmt: skip


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Curators look through the needs and offers and may correct or close them (the database checks the rules)."""

    form = EntryAdminForm
    list_display = ["title", "side", "type", "organisation", "status", "visibility", "expires_on", "created"]
    list_filter = ["side", "type", "status", "visibility", "reach", "organisation__municipality__district"]
    search_fields = ["title", "description", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["topics"]
    readonly_fields = ["created_by", "created", "updated", "reminded_at"]
    date_hierarchy = "created"
    actions = ["close"]

    @admin.action(description=_("Close (no longer shown)"), permissions=["change"])
    def close(self, request, queryset):
        queryset.update(status=EntryStatus.CLOSED)
