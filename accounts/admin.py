import allauth.usersessions.admin  # noqa: F401 - registers allauth's UserSessionAdmin, replaced below
from allauth.usersessions.adapter import get_adapter as get_usersessions_adapter
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AuditEvent, User

# The fields that decide what a person may do: a change to any of them is an audit event.
RIGHTS = ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(audit.AuditedDeletions, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal data"), {"fields": ["name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = [name for name in RIGHTS if name in form.changed_data]
        if change and changed:
            details = {
                name: {"from": _plain(form.initial.get(name)), "to": _plain(form.cleaned_data[name])}
                for name in changed
            }
            audit.record(audit.Kind.PERMISSIONS_CHANGED, target=form.instance, request=request, **details)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(audit.AuditedDeletions, BaseGroupAdmin):
    """Django's, with every change of a group's permissions (the curators' rights) in the audit log."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "permissions" in form.changed_data:
            permissions = {
                "from": _plain(form.initial.get("permissions")),
                "to": _plain(form.cleaned_data["permissions"]),
            }
            audit.record(audit.Kind.PERMISSIONS_CHANGED, target=form.instance, request=request, permissions=permissions)


def _plain(value):
    """A right as the log shows it: a flag as is, groups by name, permissions as "app_label.codename"."""
    if isinstance(value, bool) or value is None:
        return value
    items = list(value)
    if items and isinstance(items[0], Permission):
        names = Permission.objects.filter(pk__in=[item.pk for item in items])
        return sorted(f"{app}.{codename}" for app, codename in names.values_list("content_type__app_label", "codename"))
    return sorted(str(item) for item in items)


admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """allauth's list of sessions, read-only; deleting one ends the session itself (allauth's searched a username
    field the portal's users do not have)."""

    list_display = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=ip"]
    fields = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        get_usersessions_adapter().end_sessions([obj])

    def delete_queryset(self, request, queryset):
        get_usersessions_adapter().end_sessions(queryset.select_related("user"))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only for everybody: curators have the view permission, nobody may add, change or delete."""

    list_display = ["created", "kind", "actor_label", "target_label", "target_type", "ip"]
    # Filters that need no scan of the whole log (no date_hierarchy, no list of distinct values).
    list_filter = ["kind", "created"]
    search_fields = ["actor_label", "target_label", "=target_id"]
    fields = ["created", "kind", "actor_label", "target_type", "target_id", "target_label", "ip", "details"]
    readonly_fields = fields
    show_full_result_count = False  # the log grows; counting all of it on every page is wasted work

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
