"""Django admin for tutor assignments (a small group's learners inline) and the weekly digest log."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from spoc_plugin.cohorts import is_course_staff
from spoc_plugin.models import TutorAssignment, TutorDigestLog, TutorLearner


class TutorAssignmentForm(forms.ModelForm):
    """Only course staff of the cohort's course may be assigned."""

    class Meta:
        model = TutorAssignment
        fields = ("cohort", "tutor")

    def clean(self):
        data = super().clean()
        if data.get("cohort") and data.get("tutor") and not is_course_staff(data["tutor"], data["cohort"].course_key):
            raise forms.ValidationError({"tutor": _("Only course staff may be assigned as tutors.")})
        return data


class TutorLearnerInline(admin.TabularInline):
    model = TutorLearner
    raw_id_fields = ("learner",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("learner", "assignment__tutor")  # how rows are named


@admin.register(TutorAssignment)
class TutorAssignmentAdmin(admin.ModelAdmin):
    """A tutor of a cohort; listing learners makes it a small group (none: the whole cohort)."""

    form = TutorAssignmentForm
    list_display = ("tutor", "cohort", "created")
    list_filter = ("cohort__course_key",)
    search_fields = ("tutor__username", "tutor__email", "cohort__name")
    raw_id_fields = ("tutor", "cohort")
    inlines = [TutorLearnerInline]


@admin.register(TutorDigestLog)
class TutorDigestLogAdmin(admin.ModelAdmin):
    """The digests sent: read-only, it is the record that keeps them to one per tutor and week."""

    list_display = ("tutor", "week_start", "sent_at")
    search_fields = ("tutor__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
