from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from companies.models import Kind

from .models import ContactRequest, Dismissal, Entry, EntryStatus, RequestSettings


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


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    """For looking into a complaint: who asked whom, when and with what result. Read-only: the workflow (and its
    e-mails) runs on the site, and the contact details must not be changed behind the two sides' backs."""

    list_display = ["__str__", "entry", "status", "created", "expires_at", "answered_at"]
    list_filter = ["status", "created"]
    search_fields = ["sender_organisation__name", "receiver__name", "entry__title"]
    list_select_related = ["sender_organisation", "receiver", "entry"]
    date_hierarchy = "created"
    fields = [
        "sender_organisation", "sender", "sender_entry", "receiver", "entry", "message", "sender_phone",
        "language", "status", "created", "expires_at", "answered_at", "answered_by", "reply", "answerer_phone",
        "reply_language", "sender_shares_bookings", "answerer_shares_bookings",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RequestSettings)
class RequestSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "monthly_cap"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation"]


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin):
    """The suggestions members marked "not relevant"; curators may remove one so that it is suggested again."""

    list_display = ["source", "target_entry", "target_organisation", "dismissed_by", "created"]
    list_select_related = ["source", "target_entry", "target_organisation", "dismissed_by"]
    search_fields = ["source__title", "target_entry__title", "target_organisation__name"]
    raw_id_fields = ["source", "target_entry", "target_organisation"]
    readonly_fields = ["dismissed_by", "created"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
