from django.contrib import admin

from .models import Department, Industry, Invitation, Membership, Municipality, Organisation, Report, Topic


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "region", "latitude", "longitude"]
    list_filter = ["region", "district"]
    search_fields = ["name"]
    readonly_fields = ["geonames_id"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_de", "name_en", "synonyms_de", "synonyms_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_de", "name_en"]
    search_fields = ["code", "name_de", "name_en"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "status", "featured", "content_updated"]
    list_filter = ["status", "kind", "featured", "municipality__district"]
    search_fields = ["name", "pitch", "slug"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["spin_off_of"]
    filter_horizontal = ["topics", "industries"]
    inlines = [MembershipInline, DepartmentInline]
    date_hierarchy = "created"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "reason", "created", "handled_at"]
    list_filter = ["reason", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["organisation__name", "message"]
    list_select_related = ["organisation"]
