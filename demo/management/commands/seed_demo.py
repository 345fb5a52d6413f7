"""Seed the demo: a course, two client cohorts with learners, a course staff user, enrollments."""
from datetime import timedelta

from completion.models import BlockCompletion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from edx_when import api as when_api
from opaque_keys.edx.keys import CourseKey

from demo.models import DemoCourseBlock, DemoEnrollment
from demo.platform_backend import STAFF_GROUP
from spoc_plugin.api import write_cohort_dates
from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    ClientManager,
    CohortMembership,
    DatedBlock,
    EnrollmentCode,
    Invitation,
    SessionRegistration,
    SpocCohort,
)
from spoc_plugin.progress.rows import refresh_learner
from spoc_plugin.tutors.assignments import assign_tutor

PASSWORD = "demo"
DEMO_CODE = "ACME-LYON-2026"
# (name, client, learners, days since the cohort started): each cohort on its own calendar, so each learner's
# week 2 checkpoint is due on their cohort's date.
COHORTS = [
    ("Acme Chemicals - Lyon", "Acme Chemicals", ["alice", "bob", "carla"], 10),
    ("Globex Energy - Grenoble", "Globex Energy", ["dan", "erin", "farid"], 8),
]


class Command(BaseCommand):
    help = "Create the demo course's cohorts, learners and staff (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        course_key = settings.SPOC_DEMO_COURSE_KEY
        users = get_user_model().objects
        now = timezone.now()
        staff = self._user(users, "tutor", "Tess", "Tutor", is_staff=False)
        mentor = self._user(users, "theo", "Theo", "Mentor", is_staff=False)
        Group.objects.get_or_create(name=STAFF_GROUP.format(course_key=course_key))[0].user_set.add(staff, mentor)
        self._user(users, "admin", "Ada", "Admin", is_staff=True, is_superuser=True)
        for name, organization, learners, started in COHORTS:
            cohort, _ = SpocCohort.objects.get_or_create(
                course_key=course_key, name=name,
                defaults={
                    "client_organization": organization, "is_private": True, "seat_limit": 50,
                    "starts": now - timedelta(days=started), "ends": now + timedelta(days=42),
                },
            )
            for username in learners:
                user = self._user(users, username, username.capitalize(), organization.split()[0])
                DemoEnrollment.objects.get_or_create(user=user, course_key=course_key)
                CohortMembership.objects.get_or_create(
                    user=user, course_key=cohort.course_key,
                    defaults={"cohort": cohort, "source": CohortMembership.Source.IMPORT},
                )
        self._seed_tutors(course_key)
        # A learner of no cohort yet, for the enrollment flows.
        self._user(users, "newcomer", "Nina", "Newcomer")
        self._seed_checkpoint_activity(users, course_key, now)
        self._seed_private_enrollment(users, course_key)
        seed_reports(course_key, self._user(users, "acme_manager", "Marc", "Manager"))
        self._seed_learner_dates(course_key, now)
        self._seed_reminders(users, course_key, now)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {course_key}."))

    def _seed_learner_dates(self, course_key, now):
        """The weekly checkpoints' subsections dated by week, with the course's dates (the earliest cohort's) in
        edx-when as the platform publishes them, and each learner's own dates written from their cohort's calendar."""
        course_key = CourseKey.from_string(course_key)
        first_start = min(SpocCohort.objects.filter(course_key=course_key).values_list("starts", flat=True))
        for week in range(1, REPORT_WEEKS + 1):
            subsection = course_key.make_usage_key("sequential", f"week{week}")
            when_api.set_date_for_block(course_key, subsection, "due", first_start + timedelta(days=7 * week))
            DatedBlock.objects.get_or_create(usage_key=subsection, defaults={"course_key": course_key, "week": week})
        for cohort_id in SpocCohort.objects.filter(course_key=course_key).values_list("id", flat=True):
            write_cohort_dates(cohort_id)

    @staticmethod
    def _seed_tutors(course_key):
        """Theo tutors a small group of Globex (dan and erin, not farid); Tess, the head tutor, follows everybody
        without an assignment."""
        globex = SpocCohort.objects.get(course_key=course_key, name=COHORTS[1][0])
        assign_tutor(course_key, globex.id, "theo", learners=["dan", "erin"])

    def _seed_private_enrollment(self, users, course_key):
        """A pending invitation for grace (not yet enrolled) to the Acme cohort, and Acme's company code."""
        acme = SpocCohort.objects.get(course_key=course_key, name=COHORTS[0][0])
        grace = self._user(users, "grace", "Grace", "Acme")
        invitation = Invitation.objects.filter(cohort=acme, email=grace.email).first() or Invitation.objects.create(
            cohort=acme, email=grace.email, invited_by=users.get(username="tutor"),
            expires=timezone.now() + timedelta(days=30),
        )
        EnrollmentCode.objects.get_or_create(code=DEMO_CODE, defaults={"cohort": acme, "max_uses": 20})
        self.stdout.write(f"Invitation of grace ({invitation.status}): /spoc/join/{invitation.token}/")
        self.stdout.write(f"Company code {DEMO_CODE}: /spoc/join/course/{course_key}/")

    def _seed_reminders(self, users, course_key, now):
        """Slots and checkpoints whose reminders are due now, then one run of the reminders' scan (celery runs
        eagerly in the demo): the reminders land in var/emails/. Seeded once: a second run finds them sent."""
        from spoc_plugin.api import publish_checkpoint, publish_live_session_slots
        from spoc_plugin.models import PublishedCheckpoint
        from spoc_plugin.reminders.tasks import queue_due_reminders

        course = CourseKey.from_string(str(course_key))
        session = course.make_usage_key("spoc_live_session", "reminders_demo")
        start = now.replace(second=0, microsecond=0)
        publish_live_session_slots(course_key, session, "Q&A with the safety engineer", [
            {"id": "tomorrow", "start": (start + timedelta(hours=24, minutes=-10)).isoformat(), "duration": 60,
             "join_url": "https://meet.example.com/spoc-qa", "timezone": "Europe/Paris"},
            {"id": "within-the-hour", "start": (start + timedelta(minutes=50)).isoformat(), "duration": 45,
             "join_url": "https://meet.example.com/spoc-qa", "timezone": "Europe/Paris"},
        ], only_missing=True)
        for username, slot_id in (("alice", "tomorrow"), ("bob", "tomorrow"), ("dan", "within-the-hour")):
            SessionRegistration.objects.get_or_create(
                user=users.get(username=username), usage_key=session, slot_id=slot_id,
                defaults={"course_key": course_key, "created": now - timedelta(days=2)})
        # The induction checkpoint was due yesterday: nobody submitted it (Theo is told of dan and erin); week 3's is
        # due in two days.
        induction = course.make_usage_key("spoc_weekly_checkpoint", "induction_checkpoint")
        week3 = course.make_usage_key("spoc_weekly_checkpoint", "week3_checkpoint")
        for usage_key, title, due in (
                (induction, "Induction: your safety baseline", now - timedelta(hours=24, minutes=10)),
                (week3, "Week 3: safety walk", now + timedelta(hours=48, minutes=-10))):
            if not PublishedCheckpoint.objects.filter(usage_key=usage_key).exists():
                publish_checkpoint(course_key, usage_key, title, None, due)
        batches = queue_due_reminders()
        self.stdout.write(f"Reminders due now: {batches} batch(es) sent (see {settings.EMAIL_FILE_PATH}).")

    @staticmethod
    def _seed_checkpoint_activity(users, course_key, now):
        """Week 1 submissions, week 2 session attendance, posts and a passed quiz for the weekly checkpoint."""
        from completion.models import BlockCompletion
        from opaque_keys.edx.keys import UsageKey

        from spoc_plugin.models import (
            ActivityPost,
            CheckpointSubmission,
            SessionRegistration,
        )
        from spoc_xblocks.weekly_checkpoint.scenarios import (
            DEMO_ACTIVITY,
            DEMO_PREVIOUS,
            DEMO_QUIZ,
            DEMO_SESSION,
        )

        for username in ("alice", "bob", "dan", "erin"):
            CheckpointSubmission.objects.get_or_create(
                user=users.get(username=username), usage_key=UsageKey.from_string(DEMO_PREVIOUS),
                defaults={"course_key": course_key, "week": 1, "confidence": 4,
                          "submitted_at": now - timedelta(days=2)},
            )
        for username in ("alice", "bob", "dan"):
            SessionRegistration.objects.get_or_create(
                user=users.get(username=username), usage_key=UsageKey.from_string(DEMO_SESSION), slot_id="s1",
                defaults={"course_key": course_key, "attended": True, "attended_at": now - timedelta(days=1),
                          "attendance_source": SessionRegistration.AttendanceSource.JOIN},
            )
        for username in ("alice", "dan", "erin"):
            user = users.get(username=username)
            membership = user.spoc_memberships.get(course_key=course_key)
            if not ActivityPost.objects.filter(author=user, usage_key=UsageKey.from_string(DEMO_ACTIVITY)).exists():
                ActivityPost.objects.create(course_key=course_key, usage_key=UsageKey.from_string(DEMO_ACTIVITY),
                                            cohort=membership.cohort, author=user,
                                            body="Our team logged three near misses this week.")
        BlockCompletion.objects.update_or_create(
            user=users.get(username="alice"), context_key=course_key, block_key=UsageKey.from_string(DEMO_QUIZ),
            defaults={"block_type": "problem", "completion": 1.0},
        )

    @staticmethod
    def _user(users, username, first, last, **flags):
        user, created = users.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.com", "first_name": first, "last_name": last, **flags},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        return user


# Completion report demo data: the course's structure (4 weekly checkpoints, 12 completable blocks) and,
# per learner, (checkpoint weeks submitted, completed blocks, sessions attended of 2, posts, replies, days since
# their last activity): carla has gone quiet and farid has not started, so both show as at risk.
REPORT_WEEKS = 4
REPORT_BLOCKS = 12
REPORT_ACTIVITY = {
    "alice": ([1, 2, 3, 4], 12, 2, 2, 1, 1),
    "bob": ([1, 2], 7, 1, 1, 2, 2),
    "carla": ([1], 3, 0, 0, 0, 12),
    "dan": ([1, 2, 3, 4], 11, 2, 1, 1, 1),
    "erin": ([1, 2, 3], 9, 1, 0, 1, 3),
    "farid": ([], 0, 0, 0, 0, 0),
}


def seed_reports(course_key, manager):
    """Course structure, checkpoint submissions, session attendance, posts and completions for the completion
    report, and ``acme_manager``, client manager of Acme Chemicals (idempotent)."""
    course_key = CourseKey.from_string(course_key)
    ClientManager.objects.get_or_create(user=manager, client_organization="Acme Chemicals")
    checkpoint = settings.SPOC_CHECKPOINT_BLOCK_TYPE
    for week in range(1, REPORT_WEEKS + 1):
        DemoCourseBlock.objects.get_or_create(
            usage_key=str(course_key.make_usage_key(checkpoint, f"week{week}")),
            defaults={"course_key": course_key, "block_type": checkpoint},
        )
    problems = [course_key.make_usage_key("problem", f"unit{n}") for n in range(1, REPORT_BLOCKS - REPORT_WEEKS + 1)]
    for usage_key in problems:
        DemoCourseBlock.objects.get_or_create(
            usage_key=str(usage_key), defaults={"course_key": course_key, "block_type": "problem"}
        )
    now = timezone.now()
    live = course_key.make_usage_key("spoc_live_session", "kickoff")
    walls = {}
    for username, (weeks, blocks, attended, posts, replies, idle_days) in REPORT_ACTIVITY.items():
        when = now - timedelta(days=idle_days)
        membership = CohortMembership.objects.select_related("user", "cohort").get(
            user__username=username, course_key=course_key
        )
        user = membership.user
        for week in weeks:
            CheckpointSubmission.objects.get_or_create(
                usage_key=course_key.make_usage_key(checkpoint, f"week{week}"), user=user,
                defaults={"course_key": course_key, "week": week, "submitted_at": when,
                          "is_late": username == "carla"},
            )
        completed = problems + [course_key.make_usage_key(checkpoint, f"week{week}") for week in weeks]
        for usage_key in completed[:blocks]:
            BlockCompletion.objects.get_or_create(
                user=user, context_key=course_key, block_key=usage_key,
                defaults={"block_type": usage_key.block_type, "completion": 1.0},
            )
        BlockCompletion.objects.filter(user=user, context_key=course_key).update(modified=when)
        refresh_learner(user.id, course_key, "completions")  # update() sends no signal
        for slot in ("s1", "s2"):
            SessionRegistration.objects.get_or_create(
                usage_key=live, slot_id=slot, user=user,
                defaults={"course_key": course_key, "created": when, "attended": slot <= f"s{attended}",
                          "attended_at": when if slot <= f"s{attended}" else None},
            )
        wall = course_key.make_usage_key("spoc_cohort_activity", "introductions")
        if not ActivityPost.objects.filter(course_key=course_key, author=user).exists():
            for number in range(posts):
                walls[membership.cohort_id] = ActivityPost.objects.create(
                    course_key=course_key, usage_key=wall, cohort=membership.cohort, author=user,
                    body=f"Hello from {username} ({number + 1})", created=when,
                )
            for _number in range(replies):
                parent = walls.get(membership.cohort_id) or ActivityPost.objects.filter(
                    course_key=course_key, cohort=membership.cohort, parent=None).first()
                if parent is not None:
                    ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=membership.cohort,
                                                author=user, parent=parent, body=f"Welcome! ({username})",
                                                created=when)
