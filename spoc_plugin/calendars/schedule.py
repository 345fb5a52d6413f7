"""When each week of a cohort opens and closes.

Week 1 opens when the cohort starts; a week lasts ``module_days`` days and opens when the one before closes.
A week moved by hand (a :class:`~spoc_plugin.models.CalendarWeek`: a holiday week, a compressed week) opens and
closes on its own dates, and the weeks after it follow from its close. Weeks never overlap nor run backwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class WeekDates:
    """When one week of a cohort's calendar opens and closes (its end is the week's due date)."""

    week: int
    opens: datetime
    closes: datetime


@dataclass(frozen=True)
class Calendar:
    """A cohort's calendar as plain data: its start, the module length and the weeks moved by hand."""

    cohort_id: int
    starts: datetime | None
    module_days: int = 7
    overrides: dict[int, tuple[datetime, datetime]] = field(default_factory=dict)

    @classmethod
    def from_model(cls, cohort, weeks=None):
        """The calendar of a ``SpocCohort``; ``weeks``: its ``CalendarWeek`` rows (read here when not given)."""
        weeks = cohort.calendar_weeks.all() if weeks is None else weeks
        return cls(cohort_id=cohort.id, starts=cohort.starts, module_days=cohort.module_days,
                   overrides={row.week: (row.opens, row.closes) for row in weeks})

    def week(self, number: int) -> WeekDates | None:
        """Week ``number`` (from 1); ``None`` when the cohort has no start date."""
        if self.starts is None or number < 1:
            return None
        return self.weeks(number)[-1]

    def weeks(self, count: int) -> list[WeekDates]:
        """Weeks 1 to ``count``; empty when the cohort has no start date."""
        if self.starts is None:
            return []
        length = timedelta(days=self.module_days)
        result, opens = [], self.starts
        for number in range(1, count + 1):
            week_opens, week_closes = self.overrides.get(number, (opens, opens + length))
            result.append(WeekDates(number, week_opens, week_closes))
            opens = week_closes
        return result

    def weeks_closed(self, now: datetime, limit: int) -> int:
        """How many of the first ``limit`` weeks have closed by ``now``."""
        return sum(1 for week in self.weeks(limit) if week.closes <= now)

    def problems(self) -> list[str]:
        """Why the calendar is not valid (English, for :class:`CalendarError`): empty when it is."""
        if not self.overrides:
            return []
        if self.starts is None:
            return ["Set the cohort's start date before moving its weeks."]
        problems, previous = [], None
        for week in self.weeks(max(self.overrides)):
            if week.closes <= week.opens:
                problems.append(f"Week {week.week} closes before it opens.")
            if previous is not None and week.opens < previous.closes:
                problems.append(f"Week {week.week} opens before week {previous.week} closes.")
            previous = week
        return problems
