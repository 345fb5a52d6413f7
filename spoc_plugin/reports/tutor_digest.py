"""Each tutor's weekly digest: their at-risk learners and why, open help requests, the past week's live sessions,
for each course where they tutor and did not opt out of it (no digest when they opted out of every one).

Sent on Monday from ``SPOC_TUTOR_DIGEST_HOUR`` in the tutor's time zone (their account preference through
``compat``, else UTC), exactly once per tutor and week: a ``TutorDigestLog`` row is inserted (the unique
tutor + week claims it) in the transaction that sends, so a second run, even a concurrent one, skips the tutor,
and a failed send frees the claim for the next run.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation

from spoc_plugin import compat
from spoc_plugin.emails import recipient_language
from spoc_plugin.messages import TUTORS, MessageNotSent
from spoc_plugin.messages.preferences import opted_out_courses
from spoc_plugin.messages.unsubscribe import unsubscribe_url
from spoc_plugin.models import CohortMembership, HelpRequest, SessionRegistration, TutorAssignment, TutorDigestLog
from spoc_plugin.tutors import emails as tutor_emails
from spoc_plugin.tutors.assignments import followed_memberships

from .measures import build_report
from .scope import resolve_scope

log = logging.getLogger(__name__)


@dataclass
class CourseDigest:
    """One course of a digest: at-risk learners (report rows), open help requests, attended session slots, and the
    link that leaves the course out of the tutor's digests."""

    course_key: object
    title: str
    unsubscribe_url: str = ""
    at_risk: list = field(default_factory=list)
    help_requests: list = field(default_factory=list)
    sessions: list = field(default_factory=list)


@dataclass
class Digest:
    week_start: date
    courses: list

    @property
    def is_empty(self):
        return not any(course.at_risk or course.help_requests or course.sessions for course in self.courses)


def tutor_zone(tutor):
    """The tutor's time zone (UTC when they chose none, or an unknown one)."""
    name = compat.user_time_zone(tutor)
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def due_week(tutor, now: datetime) -> date | None:
    """The Monday (in the tutor's time zone) whose digest is due at ``now``, or ``None`` (not Monday, too early)."""
    local = now.astimezone(tutor_zone(tutor))
    if local.weekday() != 0 or local.hour < settings.SPOC_TUTOR_DIGEST_HOUR:
        return None
    return local.date()


def build_digest(tutor, week_start: date, now: datetime) -> Digest:
    """The tutor's digest over every course where they are assigned and still get their tutor emails."""
    courses = []
    since = now - timedelta(days=7)
    assigned = set(TutorAssignment.objects.filter(tutor=tutor).values_list("cohort__course_key", flat=True))
    course_keys = sorted(assigned - opted_out_courses(tutor.id, assigned, TUTORS), key=str)
    for course_key in course_keys:
        report = build_report(resolve_scope(tutor, course_key, mine=True), at_risk_only=True)
        learners = followed_memberships(CohortMembership.objects.filter(course_key=course_key, is_active=True),
                                        tutor.id).values("user_id")
        courses.append(CourseDigest(
            course_key=course_key, title=compat.course_title(course_key),
            unsubscribe_url=unsubscribe_url(tutor.id, course_key, audience=TUTORS),
            at_risk=sorted(report["learners"], key=lambda row: (row.cohort, row.username)),
            help_requests=list(HelpRequest.objects.filter(
                course_key=course_key, status=HelpRequest.Status.OPEN, user_id__in=learners,
            ).select_related("user").order_by("created")),
            sessions=list(SessionRegistration.objects.filter(
                course_key=course_key, user_id__in=learners, attended=True, attended_at__gte=since,
            ).values("usage_key", "slot_id").annotate(attended=Count("id")).order_by("usage_key", "slot_id")),
        ))
    return Digest(week_start=week_start, courses=courses)


def send_digests(now: datetime | None = None) -> int:
    """Send the digests due at ``now`` to every assigned tutor with an email; the number sent."""
    now = now or timezone.now()
    sent = 0
    tutor_ids = TutorAssignment.objects.values_list("tutor_id", flat=True).distinct()
    for tutor in get_user_model().objects.filter(pk__in=tutor_ids, is_active=True).exclude(email="").order_by("pk"):
        week_start = due_week(tutor, now)
        if week_start is None:
            continue
        try:
            with transaction.atomic():
                TutorDigestLog.objects.create(tutor=tutor, week_start=week_start, sent_at=now)
                with translation.override(recipient_language(tutor, None) or settings.LANGUAGE_CODE):
                    digest = build_digest(tutor, week_start, now)  # the at-risk reasons in the tutor's language
                if not digest.is_empty and tutor_emails.send_weekly_digest(tutor, digest):
                    sent += 1
        except IntegrityError:  # claimed by an earlier (or a parallel) run
            continue
        except (OSError, MessageNotSent):  # the claim is rolled back: the next run sends it
            log.exception("SPOC: the digest of tutor %s could not be sent", tutor.id)
            continue
    log.info("Sent %s tutor digest(s)", sent)
    return sent
