"""Django admin for weekly checkpoint submissions, help requests and the nudge log."""
from django.contrib import admin

from spoc_plugin.models import CheckpointSubmission, HelpRequest, Nudge


@admin.register(CheckpointSubmission)
class CheckpointSubmissionAdmin(admin.ModelAdmin):
    list_display = ("user", "course_key", "week", "usage_key", "confidence", "is_late", "submitted_at")
    list_filter = ("is_late", "week")
    search_fields = ("user__username", "course_key", "usage_key")
    raw_id_fields = ("user",)


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "usage_key", "status", "created", "replied_by", "replied_at")
    list_filter = ("status",)
    search_fields = ("user__username", "usage_key", "message")
    raw_id_fields = ("user", "replied_by")


@admin.register(Nudge)
class NudgeAdmin(admin.ModelAdmin):
    """The nudge log: read-only, it is the record behind the cooldown."""

    list_display = ("user", "usage_key", "sent_by", "sent_at", "reasons")
    search_fields = ("user__username", "usage_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
