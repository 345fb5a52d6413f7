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
from spoc_plugin.models import CohortMembership, SpocCohort

PASSWORD = "demo"
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
        self._enable_completion_tracking()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {course_key}."))

    @staticmethod
    def _enable_completion_tracking():
        """edx-completion records completions only with its waffle switch on, as an LMS operator sets it."""
        from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH
        from waffle.models import Switch

        Switch.objects.update_or_create(name=ENABLE_COMPLETION_TRACKING_SWITCH.name, defaults={"active": True})

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
