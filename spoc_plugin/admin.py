"""Django admin for SPOC cohorts and memberships."""
from django.contrib import admin

from spoc_plugin.models import CohortMembership, SessionRegistration, SpocCohort


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
