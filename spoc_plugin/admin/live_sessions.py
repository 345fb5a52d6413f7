"""Django admin for live session registrations (read-only)."""
from django.contrib import admin

from spoc_plugin.models import SessionRegistration


@admin.register(SessionRegistration)
class SessionRegistrationAdmin(admin.ModelAdmin):
    """Live session registrations, read-only: seats change only through the API, under the slot's lock."""

    list_display = ("user", "course_key", "usage_key", "slot_id", "status", "created", "attended",
                    "attendance_source", "watched_recording")
    list_filter = ("status", "attended", "attendance_source", "watched_recording")
    search_fields = ("user__username", "user__email", "course_key", "usage_key", "slot_id")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
