"""Learner rows and the cohort, organization and course summaries built from them.

Definitions (README, "Completion reports"):

- *enrolled*: every membership of the cohort, active or not. A learner who unenrolled stays in the
  denominator (the SPOC figure is completion over everyone enrolled); they count as completed only if
  they met the course's rule before leaving, and are never "at risk".
- *active*: memberships still active (the learner is still enrolled).
- *completion rate*: completed / enrolled; *average progress*: mean progress over the enrolled;
  *session attendance rate*: sessions attended / seats in sessions held (registered, minus the seats in sessions
  still to come or cancelled, not attended: ``sessions_upcoming``); *posts per learner*: posts and
  replies / enrolled. Rates are percentages with one decimal, ``None`` when the denominator is 0.
"""
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from spoc_plugin.calendars.schedule import Calendar
from spoc_plugin.checkpoints.at_risk import AtRiskCheck
from spoc_plugin.progress.sql import as_datetime

from . import queries
from .rules import completion_rule


@dataclass(slots=True)
class LearnerRow:
    """One learner's figures in a course (as plain data)."""

    user_id: int
    username: str
    email: str
    cohort_id: int
    cohort: str
    client_organization: str
    is_active: bool
    joined: datetime | None
    weeks: tuple
    late_checkpoints: int
    blocks_done: int
    sessions_registered: int
    sessions_attended: int
    posts: int
    replies: int
    last_activity: datetime | None
    sessions_upcoming: int = 0  # seats (not attended) in sessions to come or cancelled: not counted as missed
    progress: float = 0.0
    completed: bool = False
    at_risk_reasons: tuple = ()  # of RiskReason, shared by the learners with the same reasons
    weeks_expected: int = 0  # the weeks of the cohort's calendar that have closed (checkpoints due so far)

    @property
    def weeks_done(self):
        return len(self.weeks)

    @property
    def at_risk(self):
        return bool(self.at_risk_reasons)

    def as_dict(self):
        return {
            "username": self.username, "email": self.email, "cohort_id": self.cohort_id, "cohort": self.cohort,
            "client_organization": self.client_organization, "is_active": self.is_active,
            "progress": self.progress, "weeks_done": self.weeks_done, "weeks_expected": self.weeks_expected,
            "weeks": list(self.weeks), "blocks_done": self.blocks_done,
            "completed": self.completed, "sessions_registered": self.sessions_registered,
            "sessions_attended": self.sessions_attended, "sessions_upcoming": self.sessions_upcoming,
            "posts": self.posts, "replies": self.replies,
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
            "at_risk": self.at_risk,
            "at_risk_reasons": [{"code": r.code, "message": r.message} for r in self.at_risk_reasons],
        }


@lru_cache(maxsize=4096)
def weeks_of(mask):
    """The week numbers whose bit is set in ``mask`` (see ``LearnerProgress.weeks_mask``)."""
    return tuple(week for week in range(1, mask.bit_length()) if mask >> week & 1)


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(slots=True)
class GroupSummary:
    """Totals of a cohort, an organization or the course, fed one learner row at a time."""

    enrolled: int = 0
    active: int = 0
    completed: int = 0
    progress_total: float = 0.0
    registered: int = 0
    attended: int = 0
    upcoming: int = 0
    contributions: int = 0
    at_risk: int = 0
    weeks: dict = field(default_factory=dict)

    def add(self, row):
        self.enrolled += 1
        self.active += row.is_active
        self.completed += row.completed
        self.progress_total += row.progress
        self.registered += row.sessions_registered
        self.attended += row.sessions_attended
        self.upcoming += row.sessions_upcoming
        self.contributions += row.posts + row.replies
        self.at_risk += row.at_risk
        for week in row.weeks:
            self.weeks[week] = self.weeks.get(week, 0) + 1

    def merge(self, other):
        """Add the counts of ``other`` (e.g. a cohort's into its organization's).

        Not ``progress_total``: a float sum depends on its order, so the caller adds each row's progress.
        """
        self.enrolled += other.enrolled
        self.active += other.active
        self.completed += other.completed
        self.registered += other.registered
        self.attended += other.attended
        self.upcoming += other.upcoming
        self.contributions += other.contributions
        self.at_risk += other.at_risk
        for week, count in other.weeks.items():
            self.weeks[week] = self.weeks.get(week, 0) + count

    def funnel(self, checkpoints):
        """Learners who submitted each week's checkpoint, week 1 to ``checkpoints``."""
        counts = [(week, self.weeks.get(week, 0)) for week in range(1, checkpoints + 1)]
        return [{"week": week, "completed": count, "rate": _rate(count, self.enrolled)} for week, count in counts]

    def as_dict(self):
        return {
            "enrolled": self.enrolled, "active": self.active, "unenrolled": self.enrolled - self.active,
            "completed": self.completed, "completion_rate": _rate(self.completed, self.enrolled),
            "average_progress": round(self.progress_total / self.enrolled, 1) if self.enrolled else None,
            "sessions_registered": self.registered, "sessions_attended": self.attended,
            "sessions_upcoming": self.upcoming,
            "session_attendance_rate": _rate(self.attended, self.registered - self.upcoming),
            "posts_per_learner": round(self.contributions / self.enrolled, 2) if self.enrolled else None,
            "at_risk": self.at_risk,
        }


class RowBuilder:
    """Turns :func:`queries.learner_rows` tuples into :class:`LearnerRow` for one scope and rule.

    Everything that is the same for many learners (cohort names, translated at-risk messages, the progress of
    a number of weeks and blocks) is worked out once per report: building a row is the per-learner cost of the
    whole report.
    """

    def __init__(self, scope, rule, now=None):
        self.rule = rule
        self.at_risk = AtRiskCheck(rule, now or timezone.now())
        self.cohorts = {
            cohort.id: (cohort.name, cohort.client_organization, cohort.starts,
                        self.at_risk.expected_weeks(Calendar.from_model(cohort)))
            for cohort in scope.cohorts
        }
        self.course_weeks = (1 << (rule.checkpoints + 1)) - 2  # weeks 1 to the course's last checkpoint
        self.measured = {}  # (weeks done, blocks done) -> (progress, completed)

    def measure(self, weeks_done, blocks_done):
        """``(progress, completed)`` under the rule."""
        key = (weeks_done, blocks_done)
        measured = self.measured.get(key)
        if measured is None:
            measured = self.measured[key] = (self.rule.progress(weeks_done, blocks_done),
                                             self.rule.is_completed(weeks_done, blocks_done))
        return measured

    def build(self, values):
        (user_id, username, email, cohort_id, is_active, joined, weeks_mask, late_mask, blocks_done, registered,
         attended, posts, replies, last, upcoming) = values
        name, organization, starts, expected = self.cohorts[cohort_id]
        if weeks_mask is None:  # no progress row yet: nothing done
            weeks, late, blocks_done, registered, attended, posts, replies = (), 0, 0, 0, 0, 0, 0
        else:  # only the course's weeks count
            weeks, late = weeks_of(weeks_mask & self.course_weeks), (late_mask & self.course_weeks).bit_count()
        is_active, joined, last = bool(is_active), as_datetime(joined), as_datetime(last)
        progress, completed = self.measure(len(weeks), blocks_done)
        return LearnerRow(
            user_id, username, email, cohort_id, name, organization, is_active, joined, weeks, late, blocks_done,
            registered, attended, posts, replies, last, min(upcoming or 0, registered), progress, completed,
            self.at_risk.reasons(is_active, completed, len(weeks), expected, late, last, joined, starts), expected,
        )


def iter_learner_rows(scope, rule=None, chunk_size=None, user_range=(None, None), builder=None):
    """Every :class:`LearnerRow` of the scope, by user id.

    Without ``chunk_size``: one query for all rows. With it: two queries per ``chunk_size`` learners,
    so memory stays flat however large the course (the CSV export).
    """
    rule = rule or completion_rule(scope.course_key)
    builder = builder or RowBuilder(scope, rule)
    ranges = [user_range] if not chunk_size else queries.chunk_bounds(scope.course_key, scope.cohort_ids,
                                                                      chunk_size, scope.all_cohorts, scope.tutor_id)
    for low_high in ranges:
        for values in queries.learner_rows(scope.course_key, scope.cohort_ids, scope.all_cohorts, low_high,
                                           tutor_id=scope.tutor_id):
            yield builder.build(values)


def build_report(scope, include_learners=True, at_risk_only=False):
    """The course report of a scope: rule, summary, per cohort and per organization, funnel, learner rows.

    A constant number of SQL queries: the configuration (plus the course structure when it does not
    set the counts) and the learner rows (the weekly funnel is counted from them).
    """
    rule = completion_rule(scope.course_key)
    cohorts = {cohort.id: GroupSummary() for cohort in scope.cohorts}
    course = GroupSummary()
    organizations = {cohort.client_organization: GroupSummary() for cohort in scope.cohorts}
    learners = []
    builder = RowBuilder(scope, rule)
    for row in iter_learner_rows(scope, rule, builder=builder):
        cohorts[row.cohort_id].add(row)
        course.progress_total += row.progress
        organizations[row.client_organization].progress_total += row.progress
        if include_learners and (row.at_risk or not at_risk_only):
            learners.append(row)
    # Each row is added to its cohort only; organizations and the course sum their cohorts' counts.
    for cohort in scope.cohorts:
        course.merge(cohorts[cohort.id])
        organizations[cohort.client_organization].merge(cohorts[cohort.id])
    report = {
        "course_key": str(scope.course_key),
        "generated_at": timezone.now().isoformat(),
        "completion_rule": rule.as_dict(),
        "inactive_days": settings.SPOC_REPORT_INACTIVE_DAYS,
        "summary": {**course.as_dict(), "funnel": course.funnel(rule.checkpoints)},
        "cohorts": [
            {"id": cohort.id, "name": cohort.name, "client_organization": cohort.client_organization,
             "starts": cohort.starts.isoformat() if cohort.starts else None, "module_days": cohort.module_days,
             "weeks_closed": builder.cohorts[cohort.id][3], **cohorts[cohort.id].as_dict(),
             "funnel": cohorts[cohort.id].funnel(rule.checkpoints)}
            for cohort in scope.cohorts
        ],
        "organizations": [
            {"name": name, "cohorts": sum(1 for c in scope.cohorts if c.client_organization == name),
             **summary.as_dict(), "funnel": summary.funnel(rule.checkpoints)}
            for name, summary in sorted(organizations.items())
        ],
    }
    if include_learners:
        report["learners"] = learners
    return report


def report_as_json(report):
    """The report with its learner rows as dicts (for JSON)."""
    return {**report, "learners": [row.as_dict() for row in report.get("learners", [])]}
