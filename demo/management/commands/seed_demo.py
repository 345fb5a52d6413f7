"""Seed the demo: a course, two client cohorts with learners, a course staff user, enrollments."""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from demo.models import DemoEnrollment
from demo.platform_backend import STAFF_GROUP
from spoc_plugin.models import CohortMembership, EnrollmentCode, Invitation, SpocCohort

PASSWORD = "demo"
DEMO_CODE = "ACME-LYON-2026"
COHORTS = [
    ("Acme Chemicals - Lyon", "Acme Chemicals", ["alice", "bob", "carla"]),
    ("Globex Energy - Grenoble", "Globex Energy", ["dan", "erin", "farid"]),
]


class Command(BaseCommand):
    help = "Create the demo course's cohorts, learners and staff (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        course_key = settings.SPOC_DEMO_COURSE_KEY
        users = get_user_model().objects
        now = timezone.now()
        staff = self._user(users, "tutor", "Tess", "Tutor", is_staff=False)
        Group.objects.get_or_create(name=STAFF_GROUP.format(course_key=course_key))[0].user_set.add(staff)
        self._user(users, "admin", "Ada", "Admin", is_staff=True, is_superuser=True)
        for name, organization, learners in COHORTS:
            cohort, _ = SpocCohort.objects.get_or_create(
                course_key=course_key, name=name,
                defaults={
                    "client_organization": organization, "is_private": True, "seat_limit": 50,
                    "starts": now - timedelta(days=7), "ends": now + timedelta(days=42),
                },
            )
            for username in learners:
                user = self._user(users, username, username.capitalize(), organization.split()[0])
                DemoEnrollment.objects.get_or_create(user=user, course_key=course_key)
                CohortMembership.objects.get_or_create(
                    user=user, course_key=cohort.course_key,
                    defaults={"cohort": cohort, "source": CohortMembership.Source.IMPORT},
                )
        # A learner of no cohort yet, for the enrollment flows.
        self._user(users, "newcomer", "Nina", "Newcomer")
        self._seed_checkpoint_activity(users, course_key, now)
        self._seed_private_enrollment(users, course_key)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {course_key}."))

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

    @staticmethod
    def _seed_checkpoint_activity(users, course_key, now):
        """Week 1 submissions, week 2 session attendance, posts and a completed unit for the weekly checkpoint."""
        from completion.models import BlockCompletion
        from opaque_keys.edx.keys import UsageKey

        from spoc_plugin.models import ActivityPost, CheckpointSubmission, SessionRegistration
        from spoc_xblocks.checkpoint_content import DEMO_ACTIVITY, DEMO_PREVIOUS, DEMO_SESSION, DEMO_UNIT

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
            user=users.get(username="alice"), context_key=course_key, block_key=UsageKey.from_string(DEMO_UNIT),
            defaults={"block_type": "vertical", "completion": 1.0},
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
