"""Benchmark: the follow-up table filtered to one tutor's 250 learners out of a cohort of 2,500 with 10 tutors (and
of 25,000 with 100 tutors), against the unfiltered table of a 250-learner cohort (query counts equal; the time ratio
printed, target 1.5x); the whole cohort's table at 2,500 and 25,000 learners."""
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spoc_plugin import api
from spoc_plugin.models import CohortMembership
from tests.conftest import COURSE_KEY
from tests.test_weekly_checkpoint_api import ACTIVITY, CHECKPOINT, SESSION

from .test_weekly_checkpoint import cohort_of

TUTORS = 10


def best_of_3(**options):
    timings = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            table = api.follow_up_table(COURSE_KEY, CHECKPOINT, 2, session_key=SESSION, activity_key=ACTIVITY,
                                        **options)
            timings.append(time.perf_counter() - start)
    return table, len(queries), min(timings)


def measure(size, tutors):
    small, big = cohort_of(250), cohort_of(size)
    members = list(CohortMembership.objects.filter(cohort=big).order_by("user_id").values_list("user__username",
                                                                                                flat=True))
    tutor_users = [get_user_model().objects.create(username=f"tutor{size}_{i}", is_staff=True) for i in range(tutors)]
    for i, tutor in enumerate(tutor_users):
        api.assign_tutor(COURSE_KEY, big.id, tutor.username, learners=members[i::tutors])
    plain, plain_queries, plain_time = best_of_3(cohort_id=small.id)
    mine, mine_queries, mine_time = best_of_3(cohort_id=big.id, tutor_id=tutor_users[0].id)
    everyone, everyone_queries, everyone_time = best_of_3(cohort_id=big.id)
    assert len(plain.learners) == len(mine.learners) == 250 and len(everyone.learners) == size
    print(f"\n[bench tutors] {connection.vendor}: unfiltered table of 250 learners: {plain_queries} SQL queries, "
          f"best of 3 {plain_time * 1000:.1f} ms")
    print(f"[bench tutors] {connection.vendor}: one tutor's 250 of {size:,} learners ({tutors} tutors): "
          f"{mine_queries} SQL queries, best of 3 {mine_time * 1000:.1f} ms, ratio {mine_time / plain_time:.2f}x "
          f"(target at most 1.5x)")
    print(f"[bench tutors] {connection.vendor}: the whole cohort of {size:,} (\"all\"): {everyone_queries} SQL "
          f"queries, best of 3 {everyone_time * 1000:.1f} ms ({everyone_time / plain_time:.1f}x the table of 250)")
    assert plain_queries == mine_queries == everyone_queries


@pytest.mark.bench
@pytest.mark.django_db
def test_a_tutor_s_table_costs_what_an_unfiltered_table_of_their_size_costs():
    measure(2500, TUTORS)


@pytest.mark.bench
@pytest.mark.django_db
def test_the_follow_up_table_of_a_25000_learner_cohort():
    measure(25_000, 100)
