"""The tutors' follow-up of a checkpoint: the table of a cohort's learners (status, confidence, at-risk
reasons, last nudge) and the nudges emailed to them."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from spoc_plugin import cohorts
from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import CheckpointSubmission, CohortMembership, HelpRequest, Nudge, SpocCohort
from spoc_plugin.tutors.assignments import follows_whole_cohort, tutor_group_ids, tutor_member_ids, tutors_cohort

from .at_risk import compute_at_risk
from .errors import CheckpointError
from .help_requests import list_help_requests
from .tasks import send_nudge_emails


@dataclass(frozen=True)
class LearnerFollowUp:
    """One row of the follow-up table."""

    user_id: int
    username: str
    full_name: str
    status: str  # "submitted", "late" or "missing"
    confidence: int | None
    reasons: list
    last_nudged: datetime | None


@dataclass(frozen=True)
class FollowUpTable:
    """The follow-up table of one checkpoint for one cohort."""

    cohort_id: int
    cohort_name: str
    counts: dict
    confidence: dict
    learners: list
    help_requests: list = field(default_factory=list)
    #: Only the learners of a tutor (``tutor_id``).
    mine: bool = False

    @property
    def at_risk(self):
        return [row for row in self.learners if row.reasons]


@dataclass(frozen=True)
class NudgeResult:
    """What :func:`nudge_learners` did: who was nudged and who was skipped (recently nudged)."""

    nudged: list
    skipped: list


def follow_up_table(course_key: CourseKeyLike, usage_key: UsageKeyLike, week: int, cohort_id: int,
                    due: datetime | None = None, session_key: UsageKeyLike | None = None,
                    activity_key: UsageKeyLike | None = None, now: datetime | None = None,
                    tutor_id: int | None = None, if_assigned: bool = False) -> FollowUpTable:
    """The follow-up table of a checkpoint for one cohort, built with a constant number of SQL queries.

    With ``tutor_id``, only the learners that tutor is assigned to (same queries, on a subquery of them); with
    ``if_assigned`` too, only when the tutor is assigned to the cohort, else all its learners (``mine`` says which).
    """
    now = now or timezone.now()
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    cohort_rows = SpocCohort.objects.filter(pk=cohort_id, course_key=course_key)
    if tutor_id is not None:
        cohort_rows = cohort_rows.annotate(tutor_whole=follows_whole_cohort(tutor_id),
                                           tutor_assigned=tutors_cohort(tutor_id))
    cohort = cohort_rows.first()
    if cohort is None:
        raise CheckpointError("No such cohort in this course.", status=404, code="unknown_cohort")
    if if_assigned and tutor_id is not None and not cohort.tutor_assigned:
        tutor_id = None
    if tutor_id is None or cohort.tutor_whole:
        member_ids = lookup_ids = cohorts.member_ids(cohort.id)
    else:  # the per-learner lookups may read a former member of the group too: only the table's rows are read
        member_ids = tutor_member_ids(course_key, cohort.id, tutor_id, whole_cohort=False)
        lookup_ids = tutor_group_ids(cohort.id, tutor_id)
    users = list(get_user_model().objects.filter(pk__in=member_ids).order_by("username").values_list(
        "id", "username", "first_name", "last_name"))
    mine = {row["user_id"]: row for row in CheckpointSubmission.objects.filter(
        usage_key=usage_key, user_id__in=lookup_ids).values("user_id", "is_late", "confidence")}
    reasons = compute_at_risk(course_key, usage_key, week, lookup_ids, due=due, session_key=session_key,
                              activity_key=activity_key, now=now, learners=[row[0] for row in users], submitted=mine)
    last_nudged = {}
    for user_id, sent_at in Nudge.objects.filter(usage_key=usage_key, user_id__in=lookup_ids).values_list(
            "user_id", "sent_at"):
        if user_id not in last_nudged or sent_at > last_nudged[user_id]:
            last_nudged[user_id] = sent_at
    learners, counts, confidence = [], Counter(), Counter({level: 0 for level in range(1, 6)})
    for user_id, username, first, last in users:
        row = mine.get(user_id)
        status = "missing" if row is None else ("late" if row["is_late"] else "submitted")
        counts[status] += 1
        if row and row["confidence"]:
            confidence[row["confidence"]] += 1
        learners.append(LearnerFollowUp(
            user_id=user_id, username=username, full_name=f"{first} {last}".strip(), status=status,
            confidence=row["confidence"] if row else None, reasons=reasons.get(user_id, []),
            last_nudged=last_nudged.get(user_id),
        ))
    return FollowUpTable(
        cohort_id=cohort.id, cohort_name=cohort.name,
        counts={status: counts[status] for status in ("submitted", "late", "missing")},
        confidence=dict(sorted(confidence.items())), learners=learners,
        help_requests=list_help_requests(usage_key, learner_ids=member_ids, status=HelpRequest.Status.OPEN),
        mine=tutor_id is not None,
    )


def nudge_learners(staff_user_id: int, course_key: CourseKeyLike, usage_key: UsageKeyLike, week: int,
                   user_ids: Iterable[int], reasons: dict[int, list[str]], context: dict, insist: bool = False,
                   now: datetime | None = None) -> NudgeResult:
    """Log a nudge for each learner (``reasons``: ``{user_id: [reason]}``) and email them in a celery task.

    Learners nudged for this checkpoint within ``SPOC_NUDGE_COOLDOWN_HOURS`` are skipped unless
    ``insist``. Every ``user_ids`` entry must be an active member of a SPOC cohort of the course
    (400 otherwise, nothing written). ``context`` (title, week, note, url) goes to the email template.
    """
    now = now or timezone.now()
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    wanted = set(user_ids)
    members = set(CohortMembership.objects.filter(course_key=course_key, is_active=True, user_id__in=wanted)
                  .values_list("user_id", flat=True))
    if members != wanted:
        raise CheckpointError("Some of these learners are not in a cohort of this course.", code="unknown_learners")
    cooldown = timedelta(hours=settings.SPOC_NUDGE_COOLDOWN_HOURS)
    with transaction.atomic():
        # Lock the learners' rows so two tutors nudging at once cannot both pass the cooldown check.
        list(get_user_model().objects.select_for_update().filter(pk__in=wanted).values_list("pk"))
        recent = set() if insist else set(Nudge.objects.filter(
            usage_key=usage_key, user_id__in=wanted, sent_at__gte=now - cooldown).values_list("user_id", flat=True))
        to_nudge = sorted(wanted - recent)
        nudges = Nudge.objects.bulk_create([
            Nudge(course_key=course_key, usage_key=usage_key, user_id=user_id, sent_by_id=staff_user_id,
                  reasons=list(reasons.get(user_id, [])), sent_at=now)
            for user_id in to_nudge
        ])
        if nudges:
            messages = [[nudge.user_id, nudge.reasons] for nudge in nudges]
            language = translation.get_language()
            transaction.on_commit(lambda: send_nudge_emails.delay(
                messages, dict(context, week=week, course_key=str(course_key)), language))
    return NudgeResult(nudged=to_nudge, skipped=sorted(recent))
