"""The last seat of a cohort goes to exactly one of two learners redeeming at the same moment.

Both joins lock the cohort row (``select_for_update``) while counting seats and enrolling, so the
second one sees the first one's membership. The threads use their own database connections, hence
``transaction=True``.
"""
import threading
import time

import pytest
from django.db import connection

from demo.models import DemoEnrollment
from spoc_plugin import compat
from spoc_plugin.enrollment import gate, joining
from spoc_plugin.enrollment.errors import EnrollmentError
from spoc_plugin.models import (
    CodeRedemption,
    CohortMembership,
    EnrollmentCode,
    Invitation,
    SpocCohort,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason=(
        "SQLite has no row locks (select_for_update is a no-op) and its test database is one in-memory "
        "connection shared by threads: concurrent transactions cannot be exercised there")),
]


@pytest.fixture(autouse=True)
def slow_platform_enrollment(monkeypatch):
    """The real enrollment, then 0.3 s before the commit: without the lock, both seat counts would see 0."""
    real_enroll = compat.enroll

    def slow_enroll(user, course_key):
        enrolled = real_enroll(user, course_key)
        time.sleep(0.3)
        return enrolled

    monkeypatch.setattr(compat, "enroll", slow_enroll)


def race(*calls):
    """Run the calls at the same moment, each in its own thread; returns their outcomes in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        from django.db import connections

        barrier.wait()
        try:
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - any failure is an outcome the test reports
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def assert_one_winner(outcomes, cohort):
    errors = [o for o in outcomes if isinstance(o, EnrollmentError)]
    joined = [o for o in outcomes if isinstance(o, joining.JoinResult)]
    assert len(joined) == 1 and len(errors) == 1, outcomes
    assert errors[0].code == "cohort_full"
    assert CohortMembership.objects.filter(cohort=cohort, is_active=True).count() == 1


def test_two_invited_learners_race_for_the_last_seat(make_user, course_key):
    cohort = SpocCohort.objects.create(course_key=course_key, name="Last seat", seat_limit=1)
    grace, hugo = make_user("grace"), make_user("hugo")
    tokens = [Invitation.objects.create(cohort=cohort, email=u.email).token for u in (grace, hugo)]
    outcomes = race(lambda: joining.accept_invitation(grace, tokens[0]),
                    lambda: joining.accept_invitation(hugo, tokens[1]))
    assert_one_winner(outcomes, cohort)
    assert Invitation.objects.filter(status="accepted").count() == 1


def test_two_code_holders_race_for_the_last_seat(make_user, course_key):
    cohort = SpocCohort.objects.create(course_key=course_key, name="Last seat", seat_limit=1)
    code = EnrollmentCode.objects.create(cohort=cohort, code="LAST")
    kim, lee = make_user(), make_user()
    outcomes = race(lambda: joining.redeem_code(kim, course_key, "LAST"),
                    lambda: joining.redeem_code(lee, course_key, "LAST"))
    assert_one_winner(outcomes, cohort)
    code.refresh_from_db()
    assert code.uses == 1 and CodeRedemption.objects.count() == 1


def test_two_enrollments_passing_the_gate_outside_a_transaction_for_the_last_seat(make_user, course_key,
                                                                                  monkeypatch):
    """Outside a transaction the gate's lock ends with the gate: both pass, the seat is counted again under the
    lock when recorded, and the loser is unenrolled once the enrollment is committed."""
    cohort = SpocCohort.objects.create(course_key=course_key, name="Last seat", seat_limit=1)
    grace, hugo = make_user("grace"), make_user("hugo")
    for user in (grace, hugo):
        Invitation.objects.create(cohort=cohort, email=user.email)
    real_check = gate.check_enrollment

    def slow_check(user, course_key, lock=False):
        error = real_check(user, course_key, lock=lock)
        time.sleep(0.3)  # both gates answer before either enrollment is recorded
        return error

    monkeypatch.setattr(gate, "check_enrollment", slow_check)
    outcomes = race(lambda: compat.enroll(grace, course_key), lambda: compat.enroll(hugo, course_key))
    assert outcomes == [True, True]  # both enrolled by the platform
    [member] = CohortMembership.objects.filter(cohort=cohort, is_active=True).values_list("user_id", flat=True)
    assert list(DemoEnrollment.objects.filter(course_key=course_key, is_active=True)
                .values_list("user_id", flat=True)) == [member]
    assert Invitation.objects.filter(status="pending").count() == 1
