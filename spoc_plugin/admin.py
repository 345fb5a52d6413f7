"""Django admin for SPOC cohorts and memberships."""
from django.contrib import admin

from spoc_plugin.models import ClientManager, CohortMembership, CourseReportConfig, SpocCohort


class MembershipInline(admin.TabularInline):
    model = CohortMembership
    fields = ("user", "source", "joined", "is_active")
    raw_id_fields = ("user",)
    extra = 0


@admin.register(SpocCohort)
class SpocCohortAdmin(admin.ModelAdmin):
    list_display = ("name", "course_key", "client_organization", "is_private", "seat_limit", "starts", "ends")
    list_filter = ("is_private", "client_organization")
    search_fields = ("name", "course_key", "client_organization")
    inlines = [MembershipInline]


@admin.register(CohortMembership)
class CohortMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "cohort", "course_key", "source", "joined", "is_active")
    list_filter = ("is_active", "source")
    search_fields = ("user__username", "user__email", "cohort__name", "course_key")
    raw_id_fields = ("user", "cohort")
    readonly_fields = ("course_key",)


# Completion reports.
@admin.register(CourseReportConfig)
class CourseReportConfigAdmin(admin.ModelAdmin):
    list_display = ("course_key", "completion_rule", "min_block_percent", "checkpoint_count", "completable_block_count")
    search_fields = ("course_key",)


@admin.register(ClientManager)
class ClientManagerAdmin(admin.ModelAdmin):
    list_display = ("user", "client_organization", "created")
    search_fields = ("user__username", "user__email", "client_organization")
    raw_id_fields = ("user",)
