from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import audit

from . import moderation, search
from .models import Department, Industry, Invitation, Membership, Municipality, Organisation, Report, Status, Topic

REVIEW_WINDOW = timedelta(days=30)


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
    raw_id_fields = ["user"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class ReviewFilter(admin.SimpleListFilter):
    """The curators' queue: what is new, what changed lately, what somebody reported."""

    title = _("needs review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("new", _("New (last 30 days)")), ("changed", _("Changed (last 30 days)")), ("reported", _("Reported"))]

    def queryset(self, request, queryset):
        since = timezone.now() - REVIEW_WINDOW
        if self.value() == "new":
            return queryset.filter(created__gte=since)
        if self.value() == "changed":
            return queryset.filter(content_updated__gte=since, created__lt=since)
        if self.value() == "reported":
            return queryset.filter(open_reports__gt=0)
        return queryset


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the owners read it)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


@admin.register(Organisation)
class OrganisationAdmin(audit.AuditedDeletions, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "status", "featured", "open_reports", "created", "content_updated"]
    list_filter = [ReviewFilter, "status", "kind", "featured", "municipality__district"]
    search_fields = ["name", "pitch", "slug"]
    list_select_related = ["municipality"]
    ordering = ["name"]  # explicit: the annotated (GROUP BY) queryset drops Meta.ordering, e.g. in autocompletes
    raw_id_fields = ["spin_off_of"]
    filter_horizontal = ["topics", "industries"]
    inlines = [MembershipInline, DepartmentInline]
    date_hierarchy = "created"
    actions = ["hide_with_reason", "unhide", "feature", "unfeature"]

    def changeform_view(self, request, *args, **kwargs):
        with search.batch():  # one refresh of the search text after the profile, its topics and inlines are saved
            return super().changeform_view(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Hiding through the form's status field, not the action, is as much an audit event.
        was_hidden, hidden = form.initial.get("status") == Status.HIDDEN, obj.status == Status.HIDDEN
        if change and "status" in form.changed_data and was_hidden != hidden:
            kind = audit.Kind.PROFILE_HIDDEN if hidden else audit.Kind.PROFILE_SHOWN
            audit.record(kind, request=request, target=obj, reason=obj.hidden_reason)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True)))
        )

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, organisation):
        return organisation.open_reports

    @admin.action(description=_("Hide with a reason (owners are told)"), permissions=["change"])
    def hide_with_reason(self, request, queryset):
        form = HideForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for organisation in queryset:
                moderation.hide(organisation, form.cleaned_data["reason"])
                audit.record(
                    audit.Kind.PROFILE_HIDDEN, request=request, target=organisation, reason=form.cleaned_data["reason"]
                )
            count = len(queryset)
            self.message_user(request, ngettext("%d profile hidden.", "%d profiles hidden.", count) % count)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hide profiles"),
            "form": form,
            "organisations": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/companies/hide_organisations.html", context)

    @admin.action(description=_("Show again"), permissions=["change"])
    def unhide(self, request, queryset):
        for organisation in queryset.filter(status=Status.HIDDEN):
            organisation.unhide()
            audit.record(audit.Kind.PROFILE_SHOWN, request=request, target=organisation)
        self.message_user(request, _("The selected hidden profiles are public again."), messages.SUCCESS)

    @admin.action(description=_("Feature"), permissions=["change"])
    def feature(self, request, queryset):
        queryset.update(featured=True)

    @admin.action(description=_("Stop featuring"), permissions=["change"])
    def unfeature(self, request, queryset):
        queryset.update(featured=False)


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
    readonly_fields = ["organisation", "reason", "message", "reporter", "created"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False  # reports come from the site's forms; an empty add form would break a constraint

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        moderation.mark_handled(queryset)
