"""The course-level "at risk, and why" of the completion report.

(The weekly checkpoint block has its own per-checkpoint view for tutors; this one looks at the whole
course.) Learners who left the course, have completed it, or whose cohort has not started are never
at risk.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

WEEK = timedelta(days=7)
#: Late checkpoints from which a learner counts as "often late".
OFTEN_LATE = 2


@dataclass(frozen=True)
class RiskReason:
    """Why a learner is at risk: a stable ``code`` and a sentence for people."""

    code: str
    message: str


def expected_weeks(cohort_starts, checkpoints, now):
    """Weekly checkpoints a learner should have submitted by ``now`` (full weeks since the cohort started)."""
    if cohort_starts is None or now < cohort_starts:
        return 0
    return min(checkpoints, (now - cohort_starts) // WEEK)


class AtRiskCheck:
    """The "at risk, and why" of every learner of one report, at one instant.

    The messages are translated once per report (in the active language), not once per learner.
    """

    def __init__(self, rule, now):
        self.checkpoints = rule.checkpoints
        self.now = now
        self.idle = timedelta(days=settings.SPOC_REPORT_INACTIVE_DAYS)
        self.behind = _("{done} of {expected} weekly checkpoints submitted so far.")
        self.inactive = _("No activity for {days} days.")
        self.never_active = _("No activity since joining {days} days ago.")
        self.often_late = _("{count} checkpoints submitted late.")

    def reasons(self, row, cohort_starts):
        """The reasons why the learner of ``row`` (a :class:`~.measures.LearnerRow`) is at risk; empty if not.

        - ``behind``: fewer weekly checkpoints submitted than full weeks elapsed since the cohort started;
        - ``inactive``: no activity for ``SPOC_REPORT_INACTIVE_DAYS`` days (or never, counted from when the
          learner joined or the cohort started, whichever is later);
        - ``often_late``: at least two checkpoints submitted after their due date.
        """
        now = self.now
        if not row.is_active or row.completed or (cohort_starts is not None and now < cohort_starts):
            return []
        reasons = []
        expected = expected_weeks(cohort_starts, self.checkpoints, now)
        if row.weeks_done < expected:
            reasons.append(RiskReason("behind", self.behind.format(done=row.weeks_done, expected=expected)))
        if row.last_activity is not None:
            if now - row.last_activity > self.idle:
                reasons.append(RiskReason("inactive", self.inactive.format(days=(now - row.last_activity).days)))
        else:
            since = max(filter(None, (row.joined, cohort_starts)), default=None)
            if since is not None and now - since > self.idle:
                reasons.append(RiskReason("inactive", self.never_active.format(days=(now - since).days)))
        if row.late_checkpoints >= OFTEN_LATE:
            reasons.append(RiskReason("often_late", self.often_late.format(count=row.late_checkpoints)))
        return reasons
