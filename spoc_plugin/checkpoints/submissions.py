"""Weekly checkpoints: submissions, linked items read from real activity, help requests, follow-up and nudges.

The block validates its own content (checklist ids, questions); this module owns the data rules:
one submission per learner and checkpoint, editable until the due date, late first submissions
accepted and marked late, and the at-risk rule shared with the course reports
(:func:`compute_at_risk`).
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from completion.models import BlockCompletion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from opaque_keys import InvalidKeyError
from xblock.completable import XBlockCompletionMode

from spoc_plugin import compat
from spoc_plugin.errors import SpocError
from spoc_plugin.keys import parse_course_key, parse_usage_key
from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    CohortMembership,
    HelpRequest,
    Nudge,
    SessionRegistration,
    SpocCohort,
)
from spoc_plugin.validation import printable

# Kinds of linked items and the block type each one must point at (``None``: any block).
LINK_KINDS = {"session": "spoc_live_session", "activity": "spoc_cohort_activity", "completion": None}

# At-risk reasons, as stable codes (the block and the emails translate them).
MISSED_CHECKPOINT = "missed_checkpoint"
MISSED_PREVIOUS = "missed_previous_checkpoint"
MISSED_SESSION = "missed_session"
NEVER_POSTED = "never_posted"
AT_RISK_REASONS = (MISSED_CHECKPOINT, MISSED_PREVIOUS, MISSED_SESSION, NEVER_POSTED)


class CheckpointError(SpocError):
    """A request the checkpoint rules refuse; its English ``message`` is translated by the block."""


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


@dataclass(frozen=True)
class HelpRequestData:
    """A help request and the tutor's reply."""

    id: int
    user_id: int
    username: str
    message: str
    status: str
    created: datetime
    reply: str
    replied_at: datetime | None


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

    @property
    def at_risk(self):
        return [row for row in self.learners if row.reasons]


@dataclass(frozen=True)
class NudgeResult:
    """What :func:`nudge_learners` did: who was nudged and who was skipped (recently nudged)."""

    nudged: list
    skipped: list


def is_completable(block_type):
    """Whether edx-completion records a completion for blocks of this type.

    Containers (units, subsections) and excluded blocks have no completion record: the platform derives a
    container's from its components. A type this process does not know is given the benefit of the doubt.
    """
    return compat.completion_mode(block_type) in (XBlockCompletionMode.COMPLETABLE, None)


def validate_link(kind, usage_key, course_key):
    """The parsed usage key of a linked item, or ``ValueError`` with the reason (bad kind, key, type, course)."""
    if kind not in LINK_KINDS:
        raise ValueError(f"unknown kind '{kind}'")
    try:
        key = parse_usage_key(usage_key)
    except InvalidKeyError as exc:
        raise ValueError(f"'{usage_key}' is not a valid usage key") from exc
    expected = LINK_KINDS[kind]
    if expected and key.block_type != expected:
        raise ValueError(f"'{usage_key}' is not a {expected} block")
    if kind == "completion" and not is_completable(key.block_type):
        raise ValueError(f"a {key.block_type} block has no completion of its own: link one of its components")
    if course_key is not None:
        try:
            course_key = parse_course_key(course_key)
        except InvalidKeyError:  # a Learning Core library: its blocks get course keys once copied into a course
            raise ValueError("items can be linked once the checkpoint is in a course run") from None
        if key.course_key != course_key:
            raise ValueError(f"'{usage_key}' is not in this course")
    return key


# ----- learner side -----

def linked_item_states(user_id, course_key, links):
    """``{link id: done}`` for ``links`` (dicts with id, kind, usage_key), read from the learner's real activity.

    session: an attended registration on the live session block; activity: a post (not a reply) in
    the cohort activity block; completion: edx-completion's completion of the block is 1.0.
    """
    by_kind = {kind: {} for kind in LINK_KINDS}
    for link in links:
        by_kind[link["kind"]][parse_usage_key(link["usage_key"])] = link["id"]
    done = set()
    if user_id is not None and by_kind["session"]:
        done.update(SessionRegistration.objects.filter(
            user_id=user_id, usage_key__in=list(by_kind["session"]), attended=True,
        ).values_list("usage_key", flat=True))
    if user_id is not None and by_kind["activity"]:
        done.update(ActivityPost.objects.filter(
            author_id=user_id, usage_key__in=list(by_kind["activity"]), parent__isnull=True,
        ).values_list("usage_key", flat=True))
    if user_id is not None and by_kind["completion"]:
        done.update(BlockCompletion.objects.filter(
            user_id=user_id, context_key=parse_course_key(course_key), block_key__in=list(by_kind["completion"]),
            completion__gte=1.0,
        ).values_list("block_key", flat=True))
    return {link["id"]: parse_usage_key(link["usage_key"]) in done for link in links}


def get_submission(user_id, usage_key):
    """The learner's submission to the checkpoint, or ``None``."""
    if user_id is None:
        return None
    submission = CheckpointSubmission.objects.filter(user_id=user_id, usage_key=parse_usage_key(usage_key)).first()
    return _submission_data(submission) if submission else None


def submit_checkpoint(user_id, course_key, usage_key, week, checked_items, answers, confidence, due=None,
                      help_message="", accept_after_cohort_end=True, now=None):
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
                _open_help_request(user_id, course_key, usage_key, help_message, now)
    except IntegrityError as exc:  # a concurrent first submission won the race
        raise CheckpointError("Your submission was just saved from elsewhere: reload and try again.", status=409,
                              code="conflict") from exc
    return _submission_data(submission), created


def _open_help_request(user_id, course_key, usage_key, message, now):
    """Update the learner's open help request for this checkpoint, or open one (inside the caller's transaction)."""
    help_request = HelpRequest.objects.select_for_update().filter(
        user_id=user_id, usage_key=usage_key, status=HelpRequest.Status.OPEN).first()
    if help_request is None:
        HelpRequest.objects.create(course_key=course_key, usage_key=usage_key, user_id=user_id, message=message,
                                   created=now)
    elif help_request.message != message:
        help_request.message = message
        help_request.save(update_fields=["message"])


def list_help_requests(usage_key, user_id=None, cohort_id=None, status=None):
    """Help requests of a checkpoint, newest first: one learner's, a cohort's, and/or of one status."""
    requests = HelpRequest.objects.filter(usage_key=parse_usage_key(usage_key))
    if user_id is not None:
        requests = requests.filter(user_id=user_id)
    if cohort_id is not None:
        requests = requests.filter(user_id__in=_cohort_member_ids(cohort_id))
    if status is not None:
        requests = requests.filter(status=status)
    rows = requests.order_by("-created", "-id").values(
        "id", "user_id", "user__username", "message", "status", "created", "reply", "replied_at")
    return [HelpRequestData(username=row.pop("user__username"), **{
        **row, "message": printable(row["message"]), "reply": printable(row["reply"])}) for row in rows]


# ----- tutor side -----

def reply_to_help_request(staff_user_id, usage_key, help_request_id, reply, resolve=False):
    """Record the tutor's reply (and resolve the request if asked); the learner is emailed after commit."""
    from spoc_plugin.checkpoints.tasks import send_help_reply_email

    now = timezone.now()
    with transaction.atomic():
        help_request = _locked_help_request(usage_key, help_request_id)
        help_request.reply = reply
        help_request.replied_by_id = staff_user_id
        help_request.replied_at = now
        if resolve:
            help_request.status = HelpRequest.Status.RESOLVED
        help_request.save()
        language = translation.get_language()
        transaction.on_commit(lambda: send_help_reply_email.delay(help_request.id, language))
    return _help_data(help_request)


def resolve_help_request(usage_key, help_request_id):
    """Mark a help request resolved."""
    with transaction.atomic():
        help_request = _locked_help_request(usage_key, help_request_id)
        help_request.status = HelpRequest.Status.RESOLVED
        help_request.save(update_fields=["status"])
    return _help_data(help_request)


def _locked_help_request(usage_key, help_request_id):
    help_request = HelpRequest.objects.select_for_update().select_related("user").filter(
        pk=help_request_id, usage_key=parse_usage_key(usage_key)).first()
    if help_request is None:
        raise CheckpointError("No such help request for this checkpoint.", status=404, code="unknown_help_request")
    return help_request


def _cohort_member_ids(cohort_id):
    """A subquery of the active members' ids (one SQL query, whatever the cohort size)."""
    return CohortMembership.objects.filter(cohort_id=cohort_id, is_active=True).values_list("user_id", flat=True)


def compute_at_risk(course_key, usage_key, week, user_ids, due=None, session_key=None, activity_key=None,
                    now=None):
    """``{user_id: [reason, ...]}`` for ``user_ids`` (a list or a queryset of ids), in a constant number of queries.

    Reasons: ``missed_checkpoint`` (no submission and the due date has passed; with no due date known, as for
    staff in a self-paced run whose dates are each learner's own, nobody has missed it),
    ``missed_previous_checkpoint`` (week > 1, the course's previous week had submissions, none from
    the learner), ``missed_session`` (no attended registration on ``session_key``), ``never_posted``
    (no post or reply in ``activity_key``). Learners with no reason are left out.
    """
    now = now or timezone.now()
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    submissions = _weeks_submitted(course_key, usage_key, week, user_ids)
    members = list(user_ids)
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


def _weeks_submitted(course_key, usage_key, week, user_ids):
    """``{user_id: {"this", "previous"}}``: which of this checkpoint and the previous week's each learner submitted."""
    found = {}
    this = CheckpointSubmission.objects.filter(usage_key=usage_key, user_id__in=user_ids)
    previous = CheckpointSubmission.objects.filter(course_key=course_key, week=week - 1, user_id__in=user_ids)
    for label, rows in (("this", this), ("previous", previous if week > 1 else previous.none())):
        for user_id in rows.values_list("user_id", flat=True):
            found.setdefault(user_id, set()).add(label)
    return found


def follow_up_table(course_key, usage_key, week, cohort_id, due=None, session_key=None, activity_key=None,
                    now=None):
    """The follow-up table of a checkpoint for one cohort, built with a constant number of SQL queries."""
    now = now or timezone.now()
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    cohort = SpocCohort.objects.filter(pk=cohort_id, course_key=course_key).first()
    if cohort is None:
        raise CheckpointError("No such cohort in this course.", status=404, code="unknown_cohort")
    member_ids = _cohort_member_ids(cohort.id)
    users = list(get_user_model().objects.filter(pk__in=member_ids).order_by("username").values_list(
        "id", "username", "first_name", "last_name"))
    mine = {row["user_id"]: row for row in CheckpointSubmission.objects.filter(
        usage_key=usage_key, user_id__in=member_ids).values("user_id", "is_late", "confidence")}
    reasons = compute_at_risk(course_key, usage_key, week, member_ids, due=due,
                              session_key=session_key, activity_key=activity_key, now=now)
    last_nudged = {}
    for user_id, sent_at in Nudge.objects.filter(usage_key=usage_key, user_id__in=member_ids).values_list(
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
        help_requests=list_help_requests(usage_key, cohort_id=cohort.id, status=HelpRequest.Status.OPEN),
    )


def nudge_learners(staff_user_id, course_key, usage_key, week, user_ids, reasons, context, insist=False, now=None):
    """Log a nudge for each learner (``reasons``: ``{user_id: [reason]}``) and email them in a celery task.

    Learners nudged for this checkpoint within ``SPOC_NUDGE_COOLDOWN_HOURS`` are skipped unless
    ``insist``. Every ``user_ids`` entry must be an active member of a SPOC cohort of the course
    (400 otherwise, nothing written). ``context`` (title, week, note, url) goes to the email template.
    """
    from spoc_plugin.checkpoints.tasks import send_nudge_emails

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
            transaction.on_commit(lambda: send_nudge_emails.delay(messages, dict(context, week=week), language))
    return NudgeResult(nudged=to_nudge, skipped=sorted(recent))


# ----- conversions -----

def _submission_data(submission):
    answers = submission.answers if isinstance(submission.answers, dict) else {}
    items = submission.checked_items if isinstance(submission.checked_items, list) else []
    return SubmissionData(
        week=submission.week, checked_items=[printable(item) for item in items],
        answers={printable(key): printable(answer) for key, answer in answers.items()},
        confidence=submission.confidence, submitted_at=submission.submitted_at, modified=submission.modified,
        is_late=submission.is_late,
    )


def _help_data(item):
    return HelpRequestData(
        id=item.id, user_id=item.user_id, username=item.user.username, message=printable(item.message),
        status=item.status, created=item.created, reply=printable(item.reply), replied_at=item.replied_at,
    )
