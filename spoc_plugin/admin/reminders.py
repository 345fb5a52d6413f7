"""Django admin of the reminders' log and the slots and checkpoints the plugin mirrors (read-only)."""
from django.contrib import admin

from spoc_plugin.models import LiveSessionSlot, PublishedCheckpoint, ReminderLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the plugin only (the blocks publish, the scan claims)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ("kind", "user", "course_key", "usage_key", "occurrence", "offset", "status", "attempts",
                    "claimed_at", "sent_at")
    list_filter = ("kind", "status")
    search_fields = ("user__username", "user__email", "course_key", "usage_key")
    list_select_related = ("user",)


@admin.register(LiveSessionSlot)
class LiveSessionSlotAdmin(ReadOnlyAdmin):
    list_display = ("title", "slot_id", "start", "duration", "timezone", "cancelled", "sequence", "course_key",
                    "modified")
    list_filter = ("cancelled",)
    search_fields = ("title", "course_key", "usage_key", "slot_id")

    def has_delete_permission(self, request, obj=None):
        """Never deleted: a slot gone from its block is cancelled (calendars keep its event), and each process
        remembers which slots are mirrored (``live_sessions.slot_table``)."""
        return False


@admin.register(PublishedCheckpoint)
class PublishedCheckpointAdmin(ReadOnlyAdmin):
    list_display = ("title", "week", "due", "course_key", "usage_key", "modified")
    search_fields = ("title", "course_key", "usage_key")
