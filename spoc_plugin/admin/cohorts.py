"""Django admin for SPOC cohorts, memberships, invitations and company codes."""
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spoc_plugin.admin.calendars import CalendarAdminMixin, CalendarWeekInline
from spoc_plugin.enrollment.invitations import send_invitations
from spoc_plugin.models import (
    CodeRedemption,
    CohortMembership,
    EnrollmentCode,
    Invitation,
    SpocCohort,
)


class MembershipInline(admin.TabularInline):
    model = CohortMembership
    fields = ("user", "source", "joined", "is_active")
    raw_id_fields = ("user",)
    readonly_fields = ("source", "joined")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "cohort")  # each row is named by both


@admin.register(SpocCohort)
class SpocCohortAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ("name", "course_key", "client_organization", "is_private", "seat_limit", "starts", "ends")
    list_filter = ("is_private", "client_organization")
    search_fields = ("name", "course_key", "client_organization")
    inlines = [CalendarWeekInline, MembershipInline]


@admin.register(CohortMembership)
class CohortMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "cohort", "course_key", "source", "joined", "is_active")
    list_filter = ("is_active", "source")
    search_fields = ("user__username", "user__email", "cohort__name", "course_key")
    raw_id_fields = ("user", "cohort")
    readonly_fields = ("course_key", "source", "joined")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "cohort", "course_key", "shown_status", "created", "expires", "last_sent", "accepted_by")
    list_filter = ("status", "cohort__client_organization", "cohort")
    search_fields = ("email", "cohort__name", "course_key", "accepted_by__username")
    raw_id_fields = ("cohort", "invited_by", "accepted_by")
    readonly_fields = ("course_key", "token", "created", "accepted", "accepted_by", "last_sent")
    actions = ["revoke", "resend"]

    @admin.display(description=_("Status"), ordering="status")
    def shown_status(self, invitation):
        """The status, with a pending invitation past its expiry shown as expired."""
        return Invitation.Status(invitation.effective_status).label

    def save_model(self, request, obj, form, change):
        """A new invitation is sent as soon as it is saved."""
        if not change and obj.invited_by_id is None:
            obj.invited_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            transaction.on_commit(lambda: send_invitations([obj.id]))

    @admin.action(description=_("Revoke the selected pending invitations"))
    def revoke(self, request, queryset):
        count = queryset.filter(status=Invitation.Status.PENDING).update(status=Invitation.Status.REVOKED)
        self.message_user(request, ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.",
                                            count) % {"count": count})

    @admin.action(description=_("Resend the selected pending invitations"))
    def resend(self, request, queryset):
        ids = list(queryset.filter(status=Invitation.Status.PENDING).values_list("id", flat=True))
        if ids:
            send_invitations(ids)
        self.message_user(request, ngettext("%(count)d invitation email queued.", "%(count)d invitation emails queued.",
                                            len(ids)) % {"count": len(ids)})


@admin.register(EnrollmentCode)
class EnrollmentCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "cohort", "course_key", "uses", "max_uses", "expires", "is_active")
    list_filter = ("is_active", "cohort__client_organization")
    search_fields = ("code", "cohort__name", "course_key")
    raw_id_fields = ("cohort",)
    readonly_fields = ("course_key", "uses")
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate the selected codes"))
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, ngettext("%(count)d code deactivated.", "%(count)d codes deactivated.",
                                            count) % {"count": count})


@admin.register(CodeRedemption)
class CodeRedemptionAdmin(admin.ModelAdmin):
    """Who redeemed which code: read-only, it is the record behind the code's count of uses."""

    list_display = ("user", "code", "course_key", "created")
    list_filter = ("code__cohort",)
    search_fields = ("user__username", "user__email", "code__code", "course_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
