"""Django admin of the cohort calendars: a cohort's weeks moved by hand (inline on the cohort), the dated blocks, and
the learners' calendar subscriptions (revoke)."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spoc_plugin.calendars.feed import revoke_calendar_feeds
from spoc_plugin.calendars.schedule import Calendar
from spoc_plugin.calendars.tasks import queue_cohort_dates
from spoc_plugin.models import CalendarFeed, CalendarWeek, DatedBlock, SpocCohort


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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cohort")  # each row is named by its cohort


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


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Learners' calendar subscriptions: who has one, since when; revoke (the link answers 404; the learner gets a
    new one from the live session block). The secret never shows."""

    list_display = ("user", "created")
    fields = ("user", "created")
    search_fields = ("user__username", "user__email")
    list_select_related = ("user",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected calendar links"), permissions=["delete"])
    def revoke(self, request, queryset):
        count = revoke_calendar_feeds(queryset.values_list("user_id", flat=True))
        self.message_user(request, ngettext("%(count)d calendar link revoked.", "%(count)d calendar links revoked.",
                                            count) % {"count": count})
