"""Django admin for completion report settings and client managers."""
from django.contrib import admin

from spoc_plugin.models import ClientManager, CourseReportConfig


@admin.register(CourseReportConfig)
class CourseReportConfigAdmin(admin.ModelAdmin):
    list_display = ("course_key", "completion_rule", "min_block_percent", "checkpoint_count", "completable_block_count")
    search_fields = ("course_key",)


@admin.register(ClientManager)
class ClientManagerAdmin(admin.ModelAdmin):
    list_display = ("user", "client_organization", "created")
    search_fields = ("user__username", "user__email", "client_organization")
    raw_id_fields = ("user",)
