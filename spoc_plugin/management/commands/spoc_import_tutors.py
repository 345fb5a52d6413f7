"""``spoc_import_tutors COURSE_KEY COHORT_ID FILE``: assign the tutors of a file (a username or email per line)."""
from django.core.management.base import BaseCommand, CommandError
from opaque_keys import InvalidKeyError

from spoc_plugin.keys import parse_course_key
from spoc_plugin.tutors import assignments, errors

MAX_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Assign every tutor of FILE (one username or email per line; blank lines and lines starting with '#' "
        "are skipped) to the whole cohort COHORT_ID of COURSE_KEY. Each must be course staff. All or nothing: "
        "one refused line and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_key")
        parser.add_argument("cohort_id", type=int)
        parser.add_argument("file")

    def handle(self, *args, course_key, cohort_id, file, **options):
        try:
            course_key = parse_course_key(course_key)
        except InvalidKeyError as exc:
            raise CommandError(f"'{course_key}' is not a valid course key.") from exc
        try:
            with open(file, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        if len(data) > MAX_BYTES:
            raise CommandError(f"The file is too large: at most {MAX_BYTES} bytes.")
        try:
            lines = data.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError as exc:
            raise CommandError("The file is not UTF-8 text.") from exc
        try:
            tutors = assignments.import_tutors(course_key, cohort_id, lines)
        except errors.TutorError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Assigned {len(tutors)} tutor(s) to cohort {cohort_id}."))
