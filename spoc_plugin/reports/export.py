"""Writing a whole report to a text stream (the management command and the celery task)."""
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from spoc_plugin.models import CohortMembership
from spoc_plugin.tutors.assignments import followed_memberships

from .csv_export import csv_lines
from .measures import build_report, iter_learner_rows, report_as_json

FORMATS = ("csv", "json")


def count_learners(scope):
    """How many learner rows the scope's report has."""
    memberships = CohortMembership.objects.filter(course_key=scope.course_key, cohort_id__in=scope.cohort_ids)
    return (memberships if scope.tutor_id is None else followed_memberships(memberships, scope.tutor_id)).count()


def write_report(scope, fmt, stream, progress=None):
    """Write the scope's report to ``stream``; return the number of learner rows.

    CSV is streamed chunk by chunk (flat memory) and ``progress(rows_done)`` is called after each chunk;
    JSON (summary, cohorts, organizations and learners in one document) is built in memory.
    """
    if fmt == "json":
        report = report_as_json(build_report(scope))
        json.dump(report, stream, cls=DjangoJSONEncoder, indent=1)
        return len(report["learners"])
    chunk = settings.SPOC_REPORT_CHUNK_SIZE
    done = 0
    lines = csv_lines(iter_learner_rows(scope, chunk_size=chunk))
    stream.write(next(lines))
    for line in lines:
        stream.write(line)
        done += 1
        if progress and done % chunk == 0:
            progress(done)
    if progress:
        progress(done)
    return done
