"""Django admin of the cohort calendars: a cohort's weeks moved by hand (inline on the cohort) and the dated blocks."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from spoc_plugin.calendars.schedule import Calendar
from spoc_plugin.calendars.tasks import queue_cohort_dates
from spoc_plugin.models import CalendarWeek, DatedBlock, SpocCohort


class CalendarWeeksFormSet(forms.BaseInlineFormSet):
    """Refuses weeks that overlap or run backwards, with the cohort's start and module length as submitted."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        weeks = {form.cleaned_data["week"]: (form.cleaned_data["opens"], form.cleaned_data["closes"])
                 for form in self.forms
                 if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("week")}
        cohort = self.instance
        problems = Calendar(cohort.id, cohort.starts, cohort.module_days or 7, weeks).problems()
        if problems:
            raise forms.ValidationError(problems)


class CalendarWeekInline(admin.TabularInline):
    model = CalendarWeek
    formset = CalendarWeeksFormSet
    fields = ("week", "opens", "closes")
    extra = 0
    verbose_name = _("week moved by hand")
    verbose_name_plural = _("calendar: weeks moved by hand (a holiday week, a compressed week)")


class CalendarAdminMixin:
    """On a cohort's admin page: after its calendar is saved, its learners' edx-when dates are recomputed."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        queue_cohort_dates([form.instance.id])


@admin.register(DatedBlock)
class DatedBlockAdmin(admin.ModelAdmin):
    list_display = ("usage_key", "course_key", "week")
    list_filter = ("week",)
    search_fields = ("usage_key", "course_key")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        queue_cohort_dates(SpocCohort.objects.filter(course_key=obj.course_key).values_list("id", flat=True))
