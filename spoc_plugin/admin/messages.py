"""Django admin of the learners' and tutors' choices about optional messages (reminders, nudges; digests, notices)."""
from django.contrib import admin

from spoc_plugin.models import MessagePreference


@admin.register(MessagePreference)
class MessagePreferenceAdmin(admin.ModelAdmin):
    """A person's choices for one course; no row: they get the course's reminders and nudges, and as a tutor its
    part of the weekly digest and its missed-checkpoint notices."""

    list_display = ("user", "course_key", "optional_emails", "tutor_emails", "updated")
    list_filter = ("optional_emails", "tutor_emails", "course_key")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
    readonly_fields = ("updated",)
