"""Django admin for weekly checkpoint submissions, help requests and the nudge log."""
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from spoc_plugin.models import CheckpointSubmission, HelpRequest, Nudge
from spoc_plugin.validation import printable


@admin.register(CheckpointSubmission)
class CheckpointSubmissionAdmin(admin.ModelAdmin):
    """Submissions as the learner sent them: read-only (the learner's own record), answers shown as text."""

    list_display = ("user", "course_key", "week", "usage_key", "confidence", "is_late", "submitted_at")
    list_filter = ("is_late", "week")
    search_fields = ("user__username", "course_key", "usage_key")
    fields = ("user", "course_key", "usage_key", "week", "shown_checked_items", "shown_answers", "confidence",
              "is_late", "submitted_at", "modified")
    readonly_fields = fields

    @admin.display(description=_("Answers"))
    def shown_answers(self, submission):
        """One line per question: its id, then the learner's answer (escaped)."""
        answers = submission.answers if isinstance(submission.answers, dict) else {}
        return format_html_join("", "<p><strong>{}</strong><br>{}</p>",
                                ((printable(key), printable(text)) for key, text in answers.items())) or "—"

    @admin.display(description=_("Checked items"))
    def shown_checked_items(self, submission):
        items = submission.checked_items if isinstance(submission.checked_items, list) else []
        return ", ".join(printable(item) for item in items) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    """Help requests: the learner's message and the reply sent are records; only the status may be changed here."""

    list_display = ("user", "usage_key", "status", "created", "replied_by", "replied_at")
    list_filter = ("status",)
    search_fields = ("user__username", "usage_key", "message")
    readonly_fields = ("user", "course_key", "usage_key", "message", "created", "reply", "replied_by", "replied_at")

    def has_add_permission(self, request):
        return False


@admin.register(Nudge)
class NudgeAdmin(admin.ModelAdmin):
    """The nudge log: read-only, it is the record behind the cooldown."""

    list_display = ("user", "usage_key", "sent_by", "sent_at", "reasons")
    search_fields = ("user__username", "usage_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
