from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created", "kind", "name", "email", "page", "handled"]
    list_filter = ["kind", "handled", "language"]
    search_fields = ["name", "email", "message", "page"]
    readonly_fields = ["kind", "name", "email", "page", "message", "language", "created"]
    date_hierarchy = "created"
