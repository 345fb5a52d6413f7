"""``manage.py spoc_rebuild_progress [COURSE_KEY ...]``: recompute the learners' report figures from the source
tables (every course with SPOC cohorts when none is given)."""
from django.core.management.base import BaseCommand, CommandError
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.models import CohortMembership
from spoc_plugin.progress.rows import rebuild_course


class Command(BaseCommand):
    help = ("Recompute the completion reports' per-learner figures from completions, checkpoints, sessions and "
            "posts: after installing the plugin on a running platform, or after writing those tables without Django.")

    def add_arguments(self, parser):
        parser.add_argument("course_keys", nargs="*", metavar="COURSE_KEY")

    def handle(self, *args, **options):
        try:
            courses = [CourseKey.from_string(key) for key in options["course_keys"]]
        except InvalidKeyError as exc:
            raise CommandError(f"Not a course key: {exc}") from exc
        if not courses:
            courses = sorted(set(CohortMembership.objects.values_list("course_key", flat=True)), key=str)
        for course_key in courses:
            learners = rebuild_course(course_key)
            self.stdout.write(f"{course_key}: {learners} learners")
