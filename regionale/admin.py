"""The curators' REGIONALE admin: projects with their decision log, the stage workflow (one project at a time or
the bulk advance), publishing and featuring, the history of every change, CSV import and export, the report.

Stages, publication and featuring change only through regionale/services.py, which keeps the rules and records
who did it; the change form hands its "Published"/"Featured" boxes to the services too.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts import audit
from companies.models import District
from portal.lib.images import ImageNotStored, all_or_nothing, variant_url

from . import report, services
from .admin_forms import (
    DecisionForm,
    ProjectAdminForm,
    ProjectImageForm,
    ProjectImageFormSet,
    ReportScopeForm,
    StageForm,
)
from .models import (
    PATH,
    FundingLine,
    FundingStatus,
    Project,
    ProjectImage,
    ProjectUpdate,
    Stage,
    StageTransition,
    Themenfeld,
    next_stage,
)
from .resources import ProjectCSV, ProjectResource, ReadError

# Path order for sorting the changelist by stage (alphabetical order of the values would mean nothing).
STAGE_ORDER = Case(
    *(When(stage=stage, then=Value(index)) for index, stage in enumerate([*PATH, Stage.WITHDRAWN])),
    output_field=IntegerField(),
)


def stars(project):
    """★★☆ 2nd star: the stars as a picture, the stage as text (screen readers skip the picture)."""
    shown = "★" * project.stars + "☆" * (3 - project.stars)
    return format_html('<span class="stars" aria-hidden="true">{}</span> {}', shown, project.get_stage_display())


# --- changelist filters ---------------------------------------------------------------------------------------


class DistrictFilter(admin.SimpleListFilter):
    """Projects with a municipality in the district; a subquery, so that two municipalities of the same district
    do not list a project twice."""

    title = _("district")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return District.choices

    def queryset(self, request, queryset):
        if self.value() in District.values:
            return queryset.filter(
                pk__in=Project.municipalities.through.objects.filter(municipality__district=self.value()).values(
                    "project"
                )
            )
        return queryset


class FundingStatusFilter(admin.SimpleListFilter):
    title = _("funding status")
    parameter_name = "funding"

    def lookups(self, request, model_admin):
        return FundingStatus.choices

    def queryset(self, request, queryset):
        if self.value() in FundingStatus.values:
            return queryset.filter(
                Exists(FundingLine.objects.filter(project=OuterRef("pk"), status=self.value())),
            )
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """The curators' queue: ideas that came in and nobody has looked at yet."""

    title = _("to review")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("new-ideas", _("New ideas awaiting review"))]

    def queryset(self, request, queryset):
        if self.value() == "new-ideas":
            return queryset.filter(stage=Stage.IDEA, published=False)
        return queryset


# --- inlines --------------------------------------------------------------------------------------------------


# Stacked, not tabular: a tabular inline labels its inputs only by the column headers, which axe-core (and screen
# readers in forms mode) do not count as labels.
class FundingLineInline(admin.StackedInline):
    model = FundingLine
    extra = 0
    fields = ["source", "amount", "status", "note"]


class ProjectImageInline(admin.StackedInline):
    model = ProjectImage
    form = ProjectImageForm
    formset = ProjectImageFormSet
    extra = 0
    fields = ["preview", "upload", "alt_text", "caption", "credit", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("image"))
    def preview(self, image):
        if not image.image:
            return "–"
        return format_html(
            '<img src="{}" alt="{}" class="regionale-preview" width="200">',
            variant_url(image.image.name, 400),
            image.alt_text,
        )


class ProjectUpdateInline(admin.StackedInline):
    model = ProjectUpdate
    extra = 0
    fields = ["title", "body", "published_on", "author"]
    readonly_fields = ["author"]  # whoever writes it (ProjectAdmin.save_formset)


class StageTransitionInline(admin.TabularInline):
    """The decision log: read-only, every entry made by the stage workflow."""

    model = StageTransition
    verbose_name_plural = _("decision log")
    extra = 0
    can_delete = False
    fields = ["kind", "from_stage", "to_stage", "decided_on", "body", "recommended_on", "reason", "by", "at"]
    readonly_fields = fields
    ordering = ["at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- the history page -----------------------------------------------------------------------------------------


class ProjectHistoryHelper(HistoricalRecordContextHelper):
    """Choices as their labels (“2nd star”, not star-2)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return value


# Not editable in the form, so simple_history leaves them out of its comparison; the history shows them anyway.
WORKFLOW_FIELDS = ["stage", "stage_since", "published_at"]


# --- the project admin ----------------------------------------------------------------------------------------


@admin.register(Project)
class ProjectAdmin(audit.AuditedDeletions, ImportExportMixin, SimpleHistoryAdmin):
    form = ProjectAdminForm
    list_display = [
        "title",
        "stage_with_stars",
        "districts",
        "handlungsfeld",
        "published",
        "featured",
        "is_example",
        "stage_since",
    ]
    list_filter = [
        QueueFilter,
        "stage",
        DistrictFilter,
        "handlungsfeld",
        FundingStatusFilter,
        "featured",
        "published",
        "is_example",
        "themenfeld",
    ]
    search_fields = ["title", "summary", "slug", "lead_sponsor__name", "sponsors__name", "municipalities__name"]
    # Plain widgets that work without JavaScript and pass axe-core: select2 (autocomplete_fields) leaves its search
    # field unlabelled and filter_horizontal labels a bare <span>. The raw-id lookup opens a searchable list.
    raw_id_fields = ["lead_sponsor", "sponsors", "needs"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["stage_with_stars", "stage_since", "published_at", "submitted_by", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "website", "is_example"]}),
        (_("Sponsors and place"), {"fields": ["lead_sponsor", "sponsors", "municipalities"]}),
        (
            _("Field of action and DNA"),
            {"fields": ["handlungsfeld", "themenfeld", "dna_digital", "dna_sustainable", "dna_authentic"]},
        ),
        (
            _("Stage and publication"),
            {"fields": ["stage_with_stars", "stage_since", "publish", "feature", "published_at"]},
        ),
        (_("Partners wanted"), {"fields": ["needs"]}),
        (_("Record"), {"fields": ["submitted_by", "created", "updated"]}),
    ]
    inlines = [FundingLineInline, ProjectImageInline, ProjectUpdateInline, StageTransitionInline]
    actions = ["advance", "publish", "unpublish", "feature", "unfeature"]
    change_form_template = "admin/regionale/project/change_form.html"
    import_export_change_list_template = "admin/regionale/project/change_list.html"
    import_template_name = "admin/regionale/project/import.html"
    object_history_template = "admin/regionale/project/object_history.html"
    object_history_list_template = "admin/regionale/project/object_history_list.html"

    # CSV only (regionale/resources.py); the export form without selectable fields, which needs inline script.
    resource_classes = [ProjectResource]
    export_form_class = ExportForm

    def get_import_formats(self):
        return [ProjectCSV]

    def get_export_formats(self):
        return [ProjectCSV]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stage_order=STAGE_ORDER).prefetch_related("municipalities")

    def get_urls(self):
        own = [
            path("report/", self.admin_site.admin_view(self.report_view), name="regionale_project_report"),
            path(
                "<path:object_id>/stage/",
                self.admin_site.admin_view(self.stage_view),
                name="regionale_project_stage",
            ),
        ]
        return own + super().get_urls()

    # --- permissions of the workflow ----------------------------------------------------------------------

    def has_move_permission(self, request):
        return request.user.has_perm("regionale.move_project")

    def has_report_permission(self, request):
        return request.user.has_perm("regionale.view_report")

    # --- changelist columns -------------------------------------------------------------------------------

    @admin.display(description=_("stage"), ordering="stage_order")
    def stage_with_stars(self, project):
        return stars(project)

    @admin.display(description=_("districts"))
    def districts(self, project):
        names = sorted({municipality.get_district_display() for municipality in project.municipalities.all()})
        return ", ".join(names) or "–"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_report_permission": self.has_report_permission(request)}
        return super().changelist_view(request, extra_context)

    # --- the change form ----------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "has_move_permission": self.has_move_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """When the storage refuses an image, everything of the submission is undone and the form is shown again
        with what was entered and an error at the images (see get_formset_kwargs), instead of a server error."""
        try:
            with all_or_nothing():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageNotStored:
            request.image_not_stored = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ProjectImageInline) and getattr(request, "image_not_stored", False):
            kwargs["form_kwargs"] = {"storage_failed": True}
        return kwargs

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # SimpleHistoryAdmin records request.user
        if not change:
            services.record_creation(obj, by=request.user)
        publish, feature = form.cleaned_data.get("publish"), form.cleaned_data.get("feature")
        if publish and not obj.published:
            services.publish([obj], by=request.user)
        elif not publish and obj.published:
            services.unpublish([obj], by=request.user)
        if feature != obj.featured:
            services.set_featured([obj], feature, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is ProjectUpdate:
            for update_form in formset.forms:
                if update_form.instance.author_id is None:
                    update_form.instance.author = request.user
        super().save_formset(request, form, formset, change)

    # --- the history page ---------------------------------------------------------------------------------

    def get_historical_record_context_helper(self, request, historical_record):
        return ProjectHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(current, foreign_keys_are_objs=foreign_keys_are_objs)
                changes = list(delta.changes) + [
                    ModelChange(name, getattr(current, name), getattr(previous, name))
                    for name in WORKFLOW_FIELDS
                    if getattr(current, name) != getattr(previous, name)
                ]
                delta = ModelDelta(changes, [change.field for change in changes], current, previous)
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    # --- the stage workflow -------------------------------------------------------------------------------

    def stage_view(self, request, object_id):
        if not self.has_move_permission(request):
            raise PermissionDenied
        project = self.get_object(request, unquote(object_id))
        if project is None:
            raise Http404
        form = StageForm(request.POST or None, project=project)
        if form.is_valid():
            try:
                services.move(project, form.cleaned_data["to_stage"], form.decision(), by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                message = gettext("“%(title)s” is now in the stage “%(stage)s”.")
                self.message_user(
                    request, message % {"title": project, "stage": project.get_stage_display()}, messages.SUCCESS
                )
                return redirect(reverse("admin:regionale_project_change", args=[project.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Change the stage of “%(title)s”") % {"title": project},
            "opts": self.opts,
            "original": project,
            "project": project,
            "current_stage": stars(project),
            "form": form,
            "transitions": project.transitions.select_related("by"),
        }
        return TemplateResponse(request, "admin/regionale/project/stage.html", context)

    @admin.action(description=_("Advance to the next stage"), permissions=["move"])
    def advance(self, request, queryset):
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            moved, refused = services.advance_many(list(queryset), form.decision(), by=request.user)
            if moved:
                message = ngettext(
                    "%(count)d project moved on: %(titles)s.", "%(count)d projects moved on: %(titles)s.", len(moved)
                )
                self.message_user(request, message % {"count": len(moved), "titles": _titles(moved)}, messages.SUCCESS)
            for project, reason in refused:
                message = gettext("“%(title)s” stays in “%(stage)s”: %(reason)s")
                params = {"title": project, "stage": project.get_stage_display(), "reason": reason}
                self.message_user(request, message % params, messages.WARNING)
            return None
        projects = [(project, next_stage(project.stage)) for project in queryset]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Advance to the next stage"),
            "opts": self.opts,
            "form": form,
            "projects": [(project, Stage(after).label if after else None) for project, after in projects],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/regionale/project/advance.html", context)

    # --- publishing and featuring -------------------------------------------------------------------------

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        projects = list(queryset)
        already = [project for project in projects if project.published]
        count = services.publish(projects, by=request.user)
        message = ngettext("%(count)d project published.", "%(count)d projects published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
        self._skipped(request, already, gettext("they were published already"))

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request, queryset):
        projects = list(queryset)
        already = [project for project in projects if not project.published]
        count = services.unpublish(projects, by=request.user)
        message = ngettext("%(count)d project unpublished.", "%(count)d projects unpublished.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
        self._skipped(request, already, gettext("they were not published"))

    @admin.action(description=_("Feature"), permissions=["change"])
    def feature(self, request, queryset):
        projects = list(queryset)
        unpublished = [project for project in projects if not project.published]
        already = [project for project in projects if project.featured]
        changed, _skipped = services.set_featured(projects, True, by=request.user)
        message = ngettext("%(count)d project featured.", "%(count)d projects featured.", changed)
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)
        self._skipped(request, unpublished, gettext("only a published project can be featured"))
        self._skipped(request, already, gettext("they were featured already"))

    @admin.action(description=_("Stop featuring"), permissions=["change"])
    def unfeature(self, request, queryset):
        projects = list(queryset)
        already = [project for project in projects if not project.featured]
        changed, _skipped = services.set_featured(projects, False, by=request.user)
        message = ngettext(
            "%(count)d project is no longer featured.", "%(count)d projects are no longer featured.", changed
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)
        self._skipped(request, already, gettext("they were not featured"))

    def _skipped(self, request, projects, reason):
        if projects:
            message = ngettext(
                "%(count)d project skipped (%(reason)s): %(titles)s.",
                "%(count)d projects skipped (%(reason)s): %(titles)s.",
                len(projects),
            )
            params = {"count": len(projects), "reason": reason, "titles": _titles(projects)}
            self.message_user(request, message % params, messages.WARNING)

    # --- the report ---------------------------------------------------------------------------------------

    def report_view(self, request):
        if not self.has_report_permission(request):
            raise PermissionDenied
        form = ReportScopeForm(request.GET or None)
        scope = form.chosen_scope()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("REGIONALE report"),
            "opts": self.opts,
            "form": form,
            "scope": scope,
            "report": report.build(scope),
            "stages": Stage.labels,
        }
        return TemplateResponse(request, "admin/regionale/project/report.html", context)

    # --- CSV import and export ----------------------------------------------------------------------------

    def export_action(self, request):
        """The export takes the changelist's filters from the address; filters it does not know (a hand-made or
        outdated link) get a message and the export of all projects instead of an error page."""
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            self.message_user(
                request,
                gettext("The filters in the address could not be used; the export below covers all projects."),
                messages.WARNING,
            )
            return redirect(reverse("admin:regionale_project_export"))

    def get_import_data_kwargs(self, **kwargs):
        # Confirming imports only if every row passes again (the data may have changed since the preview).
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, ReadError):
            form.add_error("import_file", str(error))
        else:
            form.add_error(
                "import_file",
                gettext("The file could not be read as CSV. Please save it from your spreadsheet as CSV (UTF-8)."),
            )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                gettext("Nothing was imported: the file no longer passes the checks. Please upload it again."),
                messages.ERROR,
            )
            return redirect(reverse("admin:regionale_project_import"))
        return super().process_result(result, request)


def _titles(projects):
    return ", ".join(f"“{project}”" for project in projects)


@admin.register(Themenfeld)
class ThemenfeldAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "handlungsfeld", "position"]
    list_filter = ["handlungsfeld"]
    search_fields = ["name_de", "name_en", "slug"]
    fields = ["name_de", "name_en", "slug", "handlungsfeld", "position"]
    prepopulated_fields = {"slug": ["name_de"]}


@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    """Every decision of every project, for looking things up; entries are made by the stage workflow only."""

    list_display = ["project", "kind", "from_stage", "to_stage", "decided_on", "body", "by", "at"]
    list_filter = ["kind", "to_stage", "body"]
    search_fields = ["project__title"]
    list_select_related = ["project", "by"]
    date_hierarchy = "decided_on"
    fields = ["project", "kind", "from_stage", "to_stage", "decided_on", "body", "recommended_on", "reason", "by", "at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
