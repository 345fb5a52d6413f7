"""Django admin of the learners' choices about optional messages (reminders, nudges)."""
from django.contrib import admin

from spoc_plugin.models import MessagePreference


@admin.register(MessagePreference)
class MessagePreferenceAdmin(admin.ModelAdmin):
    """A learner's choice for one course; no row: they get the course's reminders and nudges."""

    list_display = ("user", "course_key", "optional_emails", "updated")
    list_filter = ("optional_emails", "course_key")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
    readonly_fields = ("updated",)
