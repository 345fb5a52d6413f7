"""Django admin for completion report settings, learner progress rows, client managers and report exports."""
from django.contrib import admin

from spoc_plugin.models import ClientManager, CourseReportConfig, LearnerProgress, ReportExport


@admin.register(CourseReportConfig)
class CourseReportConfigAdmin(admin.ModelAdmin):
    list_display = ("course_key", "completion_rule", "min_block_percent", "checkpoint_count", "completable_block_count")
    search_fields = ("course_key",)


@admin.register(LearnerProgress)
class LearnerProgressAdmin(admin.ModelAdmin):
    """The figures the reports read (read-only: kept current on every write; ``spoc_rebuild_progress`` rebuilds)."""

    list_display = ("user", "course_key", "blocks_done", "weeks_mask", "sessions_attended", "posts", "last_activity")
    search_fields = ("user__username", "course_key")
    readonly_fields = [field.name for field in LearnerProgress._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClientManager)
class ClientManagerAdmin(admin.ModelAdmin):
    list_display = ("user", "client_organization", "created")
    search_fields = ("user__username", "user__email", "client_organization")
    raw_id_fields = ("user",)


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    """Report files exported through the API (read-only: the celery task writes them)."""

    list_display = ("created", "course_key", "requested_by", "format", "status", "rows_done", "rows_total")
    list_filter = ("status", "format")
    search_fields = ("course_key", "requested_by__username")
    readonly_fields = [field.name for field in ReportExport._meta.fields]

    def has_add_permission(self, request):
        return False
