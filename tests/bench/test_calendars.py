"""Benchmark: a cohort's calendar changed, its 2,500 learners' dates for 10 dated blocks recomputed in edx-when."""
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from edx_when import api as when_api
from edx_when.models import UserDate

from spoc_plugin import api
from spoc_plugin.calendars.learner_dates import BATCH_SIZE
from spoc_plugin.models import CohortMembership, DatedBlock, SpocCohort
from tests.conftest import COURSE_KEY

LEARNERS, BLOCKS = 2500, 10


@pytest.mark.bench
@pytest.mark.django_db
def test_recomputing_a_cohort_s_dates_takes_a_constant_number_of_queries_per_batch():
    starts = timezone.now()
    cohort = SpocCohort.objects.create(course_key=COURSE_KEY, name="Bench calendar", starts=starts + timedelta(days=60))
    get_user_model().objects.bulk_create(
        [get_user_model()(username=f"cal{i}", email=f"cal{i}@example.com") for i in range(LEARNERS)])
    CohortMembership.objects.bulk_create([
        CohortMembership(user_id=user_id, cohort=cohort, course_key=COURSE_KEY)
        for user_id in get_user_model().objects.filter(username__startswith="cal").values_list("id", flat=True)])
    for week in range(1, BLOCKS + 1):
        block = COURSE_KEY.make_usage_key("sequential", f"week{week}")
        when_api.set_date_for_block(COURSE_KEY, block, "due", starts + timedelta(days=7 * week))
        DatedBlock.objects.create(course_key=COURSE_KEY, usage_key=block, week=week)
    batches = -(-LEARNERS // BATCH_SIZE)
    runs = {}
    for label, module_days in (("first write", 7), ("calendar changed", 9), ("unchanged (idempotent)", 9)):
        SpocCohort.objects.filter(pk=cohort.id).update(module_days=module_days)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            written = api.write_cohort_dates(cohort.id)
            elapsed = time.perf_counter() - start
        runs[label] = (len(queries), written)
        print(f"\n[bench calendars] {connection.vendor}: {label}: {LEARNERS} learners x {BLOCKS} dated blocks, "
              f"{batches} batches of {BATCH_SIZE}: {len(queries)} SQL queries ({len(queries) / batches:.0f} a batch), "
              f"{elapsed * 1000:.0f} ms "
              f"({written.created} dates written, {written.removed} replaced)")
    assert runs["first write"][1].created == LEARNERS * BLOCKS
    assert runs["calendar changed"][1] == api.DatesWritten(LEARNERS, LEARNERS * BLOCKS, LEARNERS * BLOCKS)
    assert runs["unchanged (idempotent)"][1] == api.DatesWritten(LEARNERS)
    assert UserDate.objects.count() == LEARNERS * BLOCKS
    # Setup (cohort, calendar weeks, dated blocks, content dates, members), then per batch of learners: one read,
    # one delete, the inserts (one statement, or as many as the database's limit of parameters asks), savepoints.
    fields = [field for field in UserDate._meta.concrete_fields if not field.primary_key]
    rows = BATCH_SIZE * BLOCKS
    inserts = -(-rows // connection.ops.bulk_batch_size(fields, [UserDate()] * rows))
    for count, _written in runs.values():
        assert count <= 5 + batches * (6 + inserts)
