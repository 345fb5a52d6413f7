"""A learner's checkpoint submission: one per learner and checkpoint, editable until the due date; a late first
submission is accepted and marked late."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import CheckpointSubmission, CohortMembership
from spoc_plugin.validation import printable

from .errors import CheckpointError
from .help_requests import open_help_request


@dataclass(frozen=True)
class SubmissionData:
    """A learner's checkpoint submission, as plain data."""

    week: int
    checked_items: list
    answers: dict
    confidence: int | None
    submitted_at: datetime
    modified: datetime
    is_late: bool


def get_submission(user_id: int | None, usage_key: UsageKeyLike) -> SubmissionData | None:
    """The learner's submission to the checkpoint, or ``None``."""
    if user_id is None:
        return None
    submission = CheckpointSubmission.objects.filter(user_id=user_id, usage_key=parse_usage_key(usage_key)).first()
    return _submission_data(submission) if submission else None


def submit_checkpoint(user_id: int, course_key: CourseKeyLike, usage_key: UsageKeyLike, week: int,
                      checked_items: list[str], answers: dict[str, str], confidence: int | None,
                      due: datetime | None = None, help_message: str = "", accept_after_cohort_end: bool = True,
                      now: datetime | None = None) -> tuple[SubmissionData, bool]:
    """Create or edit the learner's submission; returns ``(SubmissionData, created)``.

    A first submission after ``due`` is accepted and marked late; an existing one can no longer be
    changed after ``due`` (409). With ``accept_after_cohort_end`` false, a learner whose cohort has
    ended is refused (403). A non-empty ``help_message`` opens a help request (or updates the open one).
    """
    now = now or timezone.now()
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    if not accept_after_cohort_end:
        membership = CohortMembership.objects.select_related("cohort").filter(
            user_id=user_id, course_key=course_key, is_active=True).first()
        if membership and membership.cohort.ends and membership.cohort.ends <= now:
            raise CheckpointError("Your cohort has ended: this checkpoint no longer accepts submissions.", status=403,
                                  code="cohort_ended")
    past_due = due is not None and now > due
    values = {"checked_items": checked_items, "answers": answers, "confidence": confidence}
    try:
        with transaction.atomic():
            submission = CheckpointSubmission.objects.select_for_update().filter(
                user_id=user_id, usage_key=usage_key).first()
            created = submission is None
            if created:
                submission = CheckpointSubmission.objects.create(
                    course_key=course_key, usage_key=usage_key, week=week, user_id=user_id, submitted_at=now,
                    is_late=past_due, **values,
                )
            elif past_due:
                raise CheckpointError("The due date has passed: your submission can no longer be changed.",
                                      status=409, code="past_due")
            else:
                for name, value in values.items():
                    setattr(submission, name, value)
                submission.week = week
                submission.save()
            if help_message:
                open_help_request(user_id, course_key, usage_key, help_message, now)
    except IntegrityError as exc:  # a concurrent first submission won the race
        raise CheckpointError("Your submission was just saved from elsewhere: reload and try again.", status=409,
                              code="conflict") from exc
    return _submission_data(submission), created


def _submission_data(submission):
    answers = submission.answers if isinstance(submission.answers, dict) else {}
    items = submission.checked_items if isinstance(submission.checked_items, list) else []
    return SubmissionData(
        week=submission.week, checked_items=[printable(item) for item in items],
        answers={printable(key): printable(answer) for key, answer in answers.items()},
        confidence=submission.confidence, submitted_at=submission.submitted_at, modified=submission.modified,
        is_late=submission.is_late,
    )
