from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from .lib import mailqueue
from .models import Feedback, OutgoingMail


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created", "kind", "name", "email", "page", "handled"]
    list_filter = ["kind", "handled", "language"]
    search_fields = ["name", "email", "message", "page"]
    readonly_fields = ["kind", "name", "email", "page", "message", "language", "created"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False  # feedback comes from the site's forms; an empty add form would break a constraint


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The e-mail queue, for superusers: whether mails go out and why not. Neither addresses nor content are
    shown; the mails are personal data of their recipients."""

    list_display = ["created", "recipient_count", "attempts", "next_attempt_at", "sent_at", "last_error"]
    fields = ["created", "recipient_count", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields
    actions = ["retry_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("message")

    @admin.display(description=_("recipients"))
    def recipient_count(self, mail):
        return len(mail.recipients)

    @admin.action(description=_("Retry the selected unsent e-mails now"))
    def retry_now(self, request, queryset):
        count = mailqueue.retry_now(queryset)
        message = ngettext("%(count)d e-mail will be retried now.", "%(count)d e-mails will be retried now.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TagAdmin(TaggitTagAdmin):
    """taggit's merge view asks only for staff status, and fails with a 500 when no tags were selected first."""

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        selected = request.session.get("selected_tag_ids", "").split(",")
        if request.method == "POST" and not all(pk.isdigit() for pk in selected):
            self.message_user(request, _("Please select the keywords to merge first."), messages.ERROR)
            return redirect("admin:taggit_tag_changelist")
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
