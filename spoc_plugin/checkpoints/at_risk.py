"""Who is at risk, and why: the plugin's at-risk rules, in one place, read by the follow-up table and the reports.

- One checkpoint, for its tutors (:func:`compute_at_risk`: the follow-up table, the nudges): reason codes
  the block and the emails word, read from the checkpoint's submissions, session and activity.
- The whole course, in the completion report (:class:`AtRiskCheck`): a :class:`RiskReason` per reason, read
  from the learner's progress row and worded once per report. Learners who left the course, have completed
  it, or whose cohort has not started are never at risk there.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import ActivityPost, CheckpointSubmission, SessionRegistration

# At-risk reasons, as stable codes (the block and the emails translate them).
MISSED_CHECKPOINT = "missed_checkpoint"
MISSED_PREVIOUS = "missed_previous_checkpoint"
MISSED_SESSION = "missed_session"
NEVER_POSTED = "never_posted"
AT_RISK_REASONS = (MISSED_CHECKPOINT, MISSED_PREVIOUS, MISSED_SESSION, NEVER_POSTED)

#: Late checkpoints from which a learner counts as "often late".
OFTEN_LATE = 2


def compute_at_risk(course_key: CourseKeyLike, usage_key: UsageKeyLike, week: int, user_ids: Iterable[int],
                    due: datetime | None = None, session_key: UsageKeyLike | None = None,
                    activity_key: UsageKeyLike | None = None, now: datetime | None = None,
                    learners: Iterable[int] | None = None,
                    submitted: Iterable[int] | None = None) -> dict[int, list[str]]:
    """``{user_id: [reason, ...]}`` for ``user_ids`` (a list or a queryset of ids), in a constant number of queries.

    A caller that has read them already passes ``learners`` (the ids to judge, among ``user_ids``; default: all)
    and ``submitted`` (those of ``user_ids`` who submitted this checkpoint): they are not read again.

    Reasons: ``missed_checkpoint`` (no submission and the due date has passed; with no due date known, as for
    staff in a self-paced run whose dates are each learner's own, nobody has missed it),
    ``missed_previous_checkpoint`` (week > 1, the course's previous week had submissions, none from
    the learner), ``missed_session`` (no attended registration on ``session_key``), ``never_posted``
    (no post or reply in ``activity_key``). Learners with no reason are left out.
    """
    now = now or timezone.now()
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    submissions = _weeks_submitted(course_key, usage_key, week, user_ids, submitted)
    members = list(user_ids if learners is None else learners)
    check_this = due is not None and now > due
    check_previous = week > 1 and CheckpointSubmission.objects.filter(course_key=course_key, week=week - 1).exists()
    attended = set()
    if session_key:
        attended = set(SessionRegistration.objects.filter(
            usage_key=parse_usage_key(session_key), attended=True, user_id__in=user_ids,
        ).values_list("user_id", flat=True))
    posted = set()
    if activity_key:
        posted = set(ActivityPost.objects.filter(
            usage_key=parse_usage_key(activity_key), author_id__in=user_ids,
        ).values_list("author_id", flat=True))
    result = {}
    for user_id in members:
        weeks = submissions.get(user_id, set())
        reasons = []
        if check_this and "this" not in weeks:
            reasons.append(MISSED_CHECKPOINT)
        if check_previous and "previous" not in weeks:
            reasons.append(MISSED_PREVIOUS)
        if session_key and user_id not in attended:
            reasons.append(MISSED_SESSION)
        if activity_key and user_id not in posted:
            reasons.append(NEVER_POSTED)
        if reasons:
            result[user_id] = reasons
    return result


def _weeks_submitted(course_key, usage_key, week, user_ids, submitted=None):
    """``{user_id: {"this", "previous"}}``: which of this checkpoint and the previous week's each learner submitted
    (``submitted``: who submitted this checkpoint, when known)."""
    found = {}
    if submitted is None:
        submitted = CheckpointSubmission.objects.filter(usage_key=usage_key, user_id__in=user_ids).values_list(
            "user_id", flat=True)
    previous = () if week <= 1 else CheckpointSubmission.objects.filter(
        course_key=course_key, week=week - 1, user_id__in=user_ids).values_list("user_id", flat=True)
    for label, ids in (("this", submitted), ("previous", previous)):
        for user_id in ids:
            found.setdefault(user_id, set()).add(label)
    return found


@dataclass(frozen=True)
class RiskReason:
    """Why a learner is at risk: a stable ``code`` and a sentence for people."""

    code: str
    message: str


class AtRiskCheck:
    """The "at risk, and why" of every learner of one report, at one instant.

    The messages are in the language active when first worded, their plural chosen by the count (``ngettext``).
    Each distinct reason is worded once per check, and learners with the same reasons share one tuple of them:
    a course's learners fall into few such cases, and shared tuples are no work for the garbage collector.
    """

    def __init__(self, rule, now):
        self.checkpoints = rule.checkpoints
        self.now = now
        self.idle = timedelta(days=settings.SPOC_REPORT_INACTIVE_DAYS)
        self.cases = {}  # (behind, idle, late) -> tuple of RiskReason
        self.worded = {}  # one reason's key -> RiskReason

    def expected_weeks(self, calendar):
        """Weekly checkpoints a learner of the cohort should have submitted by now: the weeks of its calendar
        (a :class:`~spoc_plugin.calendars.schedule.Calendar`) that have closed, at most the course's checkpoints."""
        return calendar.weeks_closed(self.now, self.checkpoints)

    def reasons(self, is_active, completed, weeks_done, expected, late, last_activity, joined, cohort_starts):
        """Why a learner is at risk (a tuple of :class:`RiskReason`); empty if not.

        The learner still enrolled (``is_active``), ``completed`` the course or not, submitted ``weeks_done`` weekly
        checkpoints (``late`` of them late), was last active at ``last_activity`` (``None``: never) and joined at
        ``joined``, in a cohort starting at ``cohort_starts``:

        - ``behind``: fewer weekly checkpoints submitted than ``expected`` (the weeks of the cohort's calendar
          that have closed, :meth:`expected_weeks`);
        - ``inactive``: no activity for ``SPOC_REPORT_INACTIVE_DAYS`` days (or never, counted from when the
          learner joined or the cohort started, whichever is later);
        - ``often_late``: at least two checkpoints submitted after their due date.
        """
        now = self.now
        if not is_active or completed or (cohort_starts is not None and now < cohort_starts):
            return ()
        idle = None
        if last_activity is not None:
            if now - last_activity > self.idle:
                idle = ("inactive", (now - last_activity).days)
        else:
            since = max(filter(None, (joined, cohort_starts)), default=None)
            if since is not None and now - since > self.idle:
                idle = ("never active", (now - since).days)
        case = ((weeks_done, expected) if weeks_done < expected else None, idle, late if late >= OFTEN_LATE else None)
        found = self.cases.get(case)
        if found is None:
            found = self.cases[case] = self._word(*case)
        return found

    def _word(self, behind, idle, late):
        """The reasons of one case of :meth:`reasons`, each worded once per check."""
        reasons = []
        if behind is not None:
            done, expected = behind
            reasons.append(self._once(("behind", behind), lambda: RiskReason("behind", ngettext(
                "{done} of {expected} weekly checkpoint submitted so far.",
                "{done} of {expected} weekly checkpoints submitted so far.", expected,
            ).format(done=done, expected=expected))))
        if idle is not None:
            kind, days = idle
            if kind == "inactive":
                reasons.append(self._once(idle, lambda: RiskReason("inactive", ngettext(
                    "No activity for {days} day.", "No activity for {days} days.", days).format(days=days))))
            else:
                reasons.append(self._once(idle, lambda: RiskReason("inactive", ngettext(
                    "No activity since joining {days} day ago.", "No activity since joining {days} days ago.", days,
                ).format(days=days))))
        if late is not None:
            reasons.append(self._once(("often_late", late), lambda: RiskReason("often_late", ngettext(
                "{count} checkpoint submitted late.", "{count} checkpoints submitted late.", late,
            ).format(count=late))))
        return tuple(reasons)

    def _once(self, key, word):
        reason = self.worded.get(key)
        if reason is None:
            reason = self.worded[key] = word()
        return reason
