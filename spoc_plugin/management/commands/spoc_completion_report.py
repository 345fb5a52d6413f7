"""``manage.py spoc_completion_report COURSE_KEY [--cohort ID ...] [--organization NAME] [--format csv|json]
[--output FILE]``: a course's completion report, by cohort and client organization."""
from django.core.management.base import BaseCommand, CommandError

from spoc_plugin.reports.errors import ReportError
from spoc_plugin.reports.export import FORMATS, write_report
from spoc_plugin.reports.scope import resolve_scope


class Command(BaseCommand):
    help = "Write a course's completion report (CSV of learners, or JSON with the summaries) to a file or stdout."

    def add_arguments(self, parser):
        parser.add_argument("course_key")
        parser.add_argument("--cohort", action="append", default=[], help="Cohort id (repeatable).")
        parser.add_argument("--organization", help="Only the cohorts of this client organization.")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, **options):
        try:
            scope = resolve_scope(None, options["course_key"], cohort_ids=options["cohort"],
                                  organization=options["organization"], trusted=True)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as stream:
                rows = write_report(scope, options["format"], stream)
            self.stderr.write(f"{rows} learners written to {options['output']}.")
        else:
            self.stdout.ending = ""  # the report writes its own line ends
            write_report(scope, options["format"], self.stdout)
