"""Help requests a learner opens with a submission, and the tutor's reply (emailed to the learner)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from spoc_plugin.cohorts import member_ids
from spoc_plugin.keys import UsageKeyLike, parse_usage_key
from spoc_plugin.models import HelpRequest
from spoc_plugin.tutors.tasks import send_help_request_notice
from spoc_plugin.validation import printable

from .errors import CheckpointError
from .tasks import send_help_reply_email


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


def open_help_request(user_id, course_key, usage_key, message, now):
    """Update the learner's open help request for this checkpoint, or open one (inside the caller's transaction);
    a new one is notified to the learner's assigned tutors after commit."""
    help_request = HelpRequest.objects.select_for_update().filter(
        user_id=user_id, usage_key=usage_key, status=HelpRequest.Status.OPEN).first()
    if help_request is None:
        help_request = HelpRequest.objects.create(course_key=course_key, usage_key=usage_key, user_id=user_id,
                                                  message=message, created=now)
        transaction.on_commit(lambda: send_help_request_notice.delay(help_request.id))
    elif help_request.message != message:
        help_request.message = message
        help_request.save(update_fields=["message"])


def list_help_requests(usage_key: UsageKeyLike, user_id: int | None = None, cohort_id: int | None = None,
                       status: str | None = None, learner_ids: QuerySet | None = None) -> list[HelpRequestData]:
    """Help requests of a checkpoint, newest first: one learner's, a cohort's (or of ``learner_ids``, a
    subquery), and/or of one status."""
    requests = HelpRequest.objects.filter(usage_key=parse_usage_key(usage_key))
    if user_id is not None:
        requests = requests.filter(user_id=user_id)
    if cohort_id is not None:
        requests = requests.filter(user_id__in=member_ids(cohort_id))
    if learner_ids is not None:
        requests = requests.filter(user_id__in=learner_ids)
    if status is not None:
        requests = requests.filter(status=status)
    rows = requests.order_by("-created", "-id").values(
        "id", "user_id", "user__username", "message", "status", "created", "reply", "replied_at")
    return [HelpRequestData(username=row.pop("user__username"), **{
        **row, "message": printable(row["message"]), "reply": printable(row["reply"])}) for row in rows]


def reply_to_help_request(staff_user_id: int, usage_key: UsageKeyLike, help_request_id: int, reply: str,
                          resolve: bool = False) -> HelpRequestData:
    """Record the tutor's reply (and resolve the request if asked); the learner is emailed after commit."""
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


def resolve_help_request(usage_key: UsageKeyLike, help_request_id: int) -> HelpRequestData:
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


def _help_data(item):
    return HelpRequestData(
        id=item.id, user_id=item.user_id, username=item.user.username, message=printable(item.message),
        status=item.status, created=item.created, reply=printable(item.reply), replied_at=item.replied_at,
    )
