"""``spoc_import_cohort COURSE_KEY COHORT_NAME FILE.csv``: create a private cohort if needed, invite a CSV."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from opaque_keys import InvalidKeyError

from spoc_plugin.enrollment import csv_import, errors, invitations
from spoc_plugin.keys import parse_course_key
from spoc_plugin.models import SpocCohort


class Command(BaseCommand):
    help = (
        "Create the private SPOC cohort COHORT_NAME in COURSE_KEY if it does not exist, and invite every address "
        "of FILE.csv (a header row with an 'email' column; other columns are ignored). All or nothing: one bad, "
        "duplicate or already-invited address and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_key")
        parser.add_argument("cohort_name")
        parser.add_argument("csv_file")
        parser.add_argument("--organization", default="", help="Client organization of a new cohort.")
        parser.add_argument("--seat-limit", type=int, default=0, help="Seat limit of a new cohort (0: unlimited).")
        parser.add_argument("--no-email", action="store_true", help="Create the invitations without emailing them.")

    def handle(self, *args, course_key, cohort_name, csv_file, **options):
        try:
            course_key = parse_course_key(course_key)
        except InvalidKeyError as exc:
            raise CommandError(f"'{course_key}' is not a valid course key.") from exc
        if not cohort_name.strip() or len(cohort_name) > 150:
            raise CommandError("The cohort name must have 1 to 150 characters.")
        if options["seat_limit"] < 0:
            raise CommandError("The seat limit cannot be negative.")
        try:
            with open(csv_file, "rb") as handle:
                data = handle.read(csv_import.max_upload_bytes() + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {csv_file}: {exc.strerror}") from exc
        try:
            emails = csv_import.emails_from_csv(data)
            with transaction.atomic():
                cohort, created = SpocCohort.objects.get_or_create(
                    course_key=course_key, name=cohort_name.strip(),
                    defaults={"is_private": True, "client_organization": options["organization"],
                              "seat_limit": options["seat_limit"]},
                )
                results = invitations.invite(course_key, cohort.id, emails, send=not options["no_email"],
                                            atomic_all=True)
        except errors.EnrollmentError as error:
            raise CommandError(error.message) from error
        if created:
            self.stdout.write(f"Created the private cohort '{cohort.name}' in {course_key}.")
        self.stdout.write(self.style.SUCCESS(f"Invited {len(results)} address(es) to '{cohort.name}'."))
