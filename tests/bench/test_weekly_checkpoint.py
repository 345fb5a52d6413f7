"""Benchmark: the checkpoint follow-up table for cohorts of 100 and 2,500 learners (query count and time)."""
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spoc_plugin import api
from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    CohortMembership,
    HelpRequest,
    Nudge,
    SessionRegistration,
    SpocCohort,
)
from tests.conftest import COURSE_KEY
from tests.test_weekly_checkpoint_api import ACTIVITY, CHECKPOINT, PREVIOUS, SESSION


def cohort_of(size):
    """A cohort of ``size`` learners with realistic activity: most submitted, attended, posted; some asked help."""
    cohort = SpocCohort.objects.create(course_key=COURSE_KEY, name=f"Bench {size}")
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"b{size}_{i}", email=f"b{size}_{i}@example.com") for i in range(size)])
    users = list(get_user_model().objects.filter(username__startswith=f"b{size}_"))
    CohortMembership.objects.bulk_create(
        [CohortMembership(user=user, cohort=cohort, course_key=COURSE_KEY) for user in users])
    common = {"course_key": COURSE_KEY}
    CheckpointSubmission.objects.bulk_create(
        [CheckpointSubmission(usage_key=CHECKPOINT, week=2, user=u, confidence=1 + i % 5, is_late=i % 7 == 0, **common)
         for i, u in enumerate(users) if i % 4]
        + [CheckpointSubmission(usage_key=PREVIOUS, week=1, user=u, confidence=3, **common)
           for i, u in enumerate(users) if i % 5])
    SessionRegistration.objects.bulk_create([SessionRegistration(usage_key=SESSION, slot_id="s", user=u,
                                                                 attended=i % 3 > 0, **common)
                                             for i, u in enumerate(users)])
    ActivityPost.objects.bulk_create([ActivityPost(usage_key=ACTIVITY, cohort=cohort, author=u, body="hello", **common)
                                      for i, u in enumerate(users) if i % 2])
    HelpRequest.objects.bulk_create([HelpRequest(usage_key=CHECKPOINT, user=u, message="help", **common)
                                     for i, u in enumerate(users) if i % 20 == 0])
    Nudge.objects.bulk_create([Nudge(usage_key=CHECKPOINT, user=u, reasons=["missed_checkpoint"], **common)
                               for i, u in enumerate(users) if i % 10 == 0])
    return cohort


@pytest.mark.bench
@pytest.mark.django_db
def test_follow_up_table_uses_a_constant_number_of_queries():
    counts = {}
    for size in (100, 2500):
        cohort = cohort_of(size)
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                table = api.follow_up_table(COURSE_KEY, CHECKPOINT, 2, cohort.id, session_key=SESSION,
                                            activity_key=ACTIVITY)
                timings.append(time.perf_counter() - start)
        assert len(table.learners) == size and table.at_risk
        counts[size] = len(queries)
        print(f"\n[bench weekly checkpoint] {connection.vendor}: follow-up table for {size} learners: "
              f"{len(queries)} SQL queries, best of 3 {min(timings) * 1000:.1f} ms "
              f"({len(table.at_risk)} at risk, {len(table.help_requests)} open help requests)")
    assert counts[100] == counts[2500]
