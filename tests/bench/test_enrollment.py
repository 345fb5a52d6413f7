"""Benchmarks of private enrollment: the gate's cost per enrollment, bulk invitations, the CSV reader.

Run with ``make bench``; prints query counts and timings (no assertion on time).
"""
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openedx_filters.learning.filters import CourseEnrollmentStarted

from spoc_plugin.enrollment import csv_import, invitations
from spoc_plugin.models import CohortMembership, Invitation

pytestmark = pytest.mark.bench


def measure(label, call):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - start
    print(f"\n[bench] {label}: {len(queries)} queries, {elapsed * 1000:.1f} ms")
    return result


def test_gate_cost_per_enrollment(make_user, make_cohort, course_key):
    cohort = make_cohort("Bench", is_private=True, seat_limit=10_000)
    for user in [make_user() for _ in range(200)]:
        CohortMembership.objects.create(user=user, cohort=cohort)
    invited, stranger, member = make_user(), make_user(), CohortMembership.objects.first().user
    Invitation.objects.create(cohort=cohort, email=invited.email)

    def gate(user):
        def run():
            try:
                CourseEnrollmentStarted.run_filter(user=user, course_key=course_key, mode="audit")
            except CourseEnrollmentStarted.PreventEnrollment:
                return "refused"
            return "allowed"

        return run

    assert measure("gate, active member", gate(member)) == "allowed"
    assert measure("gate, invited learner (200 members)", gate(invited)) == "allowed"
    assert measure("gate, uninvited learner (first: loads the URLconf for redirect_to)", gate(stranger)) == "refused"
    assert measure("gate, uninvited learner", gate(stranger)) == "refused"


@pytest.mark.parametrize("rows", [1000, 5000])
def test_bulk_invite(make_cohort, course_key, rows):
    cohort = make_cohort(f"Bulk {rows}", is_private=True)
    emails = [f"learner{i}@example.com" for i in range(rows)]
    results = measure(f"invite {rows} addresses (no email)",
                      lambda: invitations.invite(course_key, cohort.id, emails, send=False))
    assert sum(r.result == "invited" for r in results) == rows
    again = measure(f"invite the same {rows} again (all already invited)",
                    lambda: invitations.invite(course_key, cohort.id, emails, send=False))
    assert {r.result for r in again} == {"already_invited"}


def test_csv_reader(db):
    data = ("first_name,last_name,email\n" + "".join(f"A{i},B{i},learner{i}@example.com\n" for i in range(5000)))
    measure("read a 5000-row CSV", lambda: csv_import.emails_from_csv(data.encode()))
