"""The staff's view of co-working: spaces with everything that belongs to them, bookings read-mostly.

Booked places (Occupancy) are changed through the booking workflow (services.py), which tells the members;
here staff can look them up and, in an emergency, correct the state. The database constraints hold either way.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Booking,
    CalendarFeed,
    Closure,
    Occupancy,
    OpeningHours,
    Resource,
    Slot,
    Space,
    SpacePhoto,
    WaitlistEntry,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    fields = ["kind", "name", "is_named", "seats", "description", "is_active", "position"]


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0
    fields = ["date", "reason", "created"]
    readonly_fields = ["created"]


class SpacePhotoInline(admin.TabularInline):
    model = SpacePhoto
    extra = 0
    fields = ["image", "alt_text", "position"]
    readonly_fields = ["image"]  # uploads go through the host's page, which cleans the file


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "municipality", "status", "approval_required", "updated"]
    list_filter = ["status", "approval_required", "step_free_access", "municipality__district"]
    search_fields = ["name", "slug", "organisation__name", "street", "postcode", "municipality__name"]
    list_select_related = ["organisation", "municipality"]
    autocomplete_fields = ["organisation", "municipality"]
    readonly_fields = ["created", "updated"]
    inlines = [OpeningHoursInline, SlotInline, ResourceInline, ClosureInline, SpacePhotoInline]
    fieldsets = [
        (None, {"fields": ["organisation", "name", "slug", "status", "summary", "description"]}),
        (_("Address and contact"), {"fields": ["street", "postcode", "municipality", "directions"]}),
        (_("Contact"), {"fields": ["public_email", "public_phone"]}),
        (
            _("Accessibility, amenities, prices"),
            {"fields": ["step_free_access", "accessible_toilet", "accessibility_notes", "amenities", "price_info"]},
        ),
        (
            _("Booking rules"),
            {
                "fields": [
                    "days_ahead",
                    "min_notice_minutes",
                    "cancel_deadline_hours",
                    "max_future_bookings",
                    "approval_required",
                    "checkin_grace_minutes",
                    "closed_on_public_holidays",
                ]
            },
        ),
        (None, {"fields": ["created", "updated"]}),
    ]


class OccupancyInline(admin.TabularInline):
    model = Occupancy
    extra = 0
    can_delete = False
    fields = ["date", "slot", "resource", "state", "checked_in_at", "changed_at"]
    readonly_fields = ["date", "slot", "resource", "checked_in_at", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["reference", "space", "member", "created", "language"]
    list_filter = ["space__organisation", "created"]
    search_fields = ["reference", "member__email", "member__name", "space__name"]
    list_select_related = ["space", "member"]
    date_hierarchy = "created"
    readonly_fields = ["reference", "space", "member", "idempotency_key", "language", "created"]
    fields = ["reference", "space", "member", "note", "language", "idempotency_key", "created"]
    inlines = [OccupancyInline]

    def has_add_permission(self, request):
        return False  # bookings are made through the booking workflow, which checks the policy and tells the member


@admin.register(Occupancy)
class OccupancyAdmin(admin.ModelAdmin):
    list_display = ["date", "slot", "resource", "space", "member", "state", "checked_in_at"]
    list_filter = ["state", "space", "date"]
    search_fields = ["booking__reference", "member__email", "member__name", "resource__name", "space__name"]
    list_select_related = ["slot", "resource", "space", "member"]
    date_hierarchy = "date"
    fields = [
        "booking",
        "space",
        "resource",
        "slot",
        "date",
        "starts_at",
        "ends_at",
        "member",
        "state",
        "checked_in_at",
        "changed_at",
    ]
    # Only the state can be corrected; the constraints refuse a state that would double-book the place.
    readonly_fields = [name for name in fields if name != "state"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the host's figures count every booked place; cancel instead


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "slot", "space", "member", "state", "created", "hold_until"]
    list_filter = ["state", "space"]
    search_fields = ["member__email", "member__name", "space__name"]
    list_select_related = ["slot", "space", "member"]
    date_hierarchy = "date"
    readonly_fields = ["space", "slot", "date", "member", "language", "created", "offered_at", "hold_until", "booking"]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["member", "created"]
    search_fields = ["member__email", "member__name"]
    list_select_related = ["member"]
    fields = ["member", "created"]  # the token is a secret of the member's
    readonly_fields = ["member", "created"]

    def has_add_permission(self, request):
        return False
