"""Fixture generator for report benchmarks: a course with N learners in 5 cohorts, all with bulk inserts.

Each learner's data follows their index (no randomness, so runs compare): about 1 in 20 has unenrolled,
learner ``i`` submitted the first ``i % 7`` of the 6 weekly checkpoints, completed ``(7 i) % 41`` of the
40 completable blocks (capped by ``max_blocks``), registered to ``i % 4`` of the 6 live sessions
(attending every other one), wrote ``i % 3`` posts and ``i % 2`` replies. With ``active_every=n`` only
every n-th learner has block data (the 100,000-learner benchmark keeps its inserts to a few minutes).
Bulk inserts send no signal: the learners' progress rows are then rebuilt, as an operator would after an import.
"""
from contextlib import contextmanager
from datetime import timedelta

from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.utils import timezone
from opaque_keys.edx.django.models import OpaqueKeyField

from demo.models import DemoCourseBlock
from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    CohortMembership,
    SessionRegistration,
    SpocCohort,
)
from spoc_plugin.progress.courses import forget
from spoc_plugin.progress.rows import rebuild_course

BATCH = 5000
ORGANIZATIONS = ["Acme Chemicals", "Globex Energy", "Initech", "Acme Chemicals", "Globex Energy"]
CHECKPOINT_TYPE = "spoc_weekly_checkpoint"


def _insert(model, objects):
    model.objects.bulk_create(objects, batch_size=BATCH)


@contextmanager
def memoized_key_serialization():
    """Opaque-key fields re-parse and re-serialize the key of every row they save (about 0.3 ms each); the
    generator inserts a few dozen distinct keys millions of times, so their serialization is computed once."""
    original = OpaqueKeyField.get_prep_value
    cache = {}

    def get_prep_value(field, value):
        if value not in cache:
            cache[value] = original(field, value)
        return cache[value]

    OpaqueKeyField.get_prep_value = get_prep_value
    try:
        yield
    finally:
        OpaqueKeyField.get_prep_value = original


def generate_course(course_key, learners, **options):
    """Create the course structure, cohorts and ``learners`` learners with their block data."""
    with memoized_key_serialization():
        return _generate(course_key, learners, **options)


def _generate(course_key, learners, cohorts=5, blocks=40, checkpoints=6, sessions=6, max_blocks=None,
              active_every=1):
    now = timezone.now()
    prefix = f"{course_key.course}{course_key.run}-"
    checkpoint_keys = [course_key.make_usage_key(CHECKPOINT_TYPE, f"week{week}") for week in range(1, checkpoints + 1)]
    problem_keys = [course_key.make_usage_key("problem", f"p{n}") for n in range(blocks - checkpoints)]
    completable = problem_keys + checkpoint_keys
    _insert(DemoCourseBlock, [DemoCourseBlock(course_key=course_key, usage_key=str(key), block_type=key.block_type)
                              for key in completable])
    cohort_rows = [SpocCohort(course_key=course_key, name=f"Cohort {n + 1}", starts=now - timedelta(days=36),
                              client_organization=ORGANIZATIONS[n % len(ORGANIZATIONS)]) for n in range(cohorts)]
    _insert(SpocCohort, cohort_rows)
    forget()  # bulk inserts send no signal: this process reads the courses with SPOC cohorts again
    cohort_ids = list(SpocCohort.objects.filter(course_key=course_key).order_by("id").values_list("id", flat=True))
    users = get_user_model()
    _insert(users, [users(username=f"{prefix}{i}", email=f"{prefix}{i}@example.com", password="!")
                    for i in range(learners)])
    ids = dict(users.objects.filter(username__startswith=prefix).values_list("username", "id"))
    user_ids = [ids[f"{prefix}{i}"] for i in range(learners)]
    _insert(CohortMembership, [
        CohortMembership(user_id=user_id, cohort_id=cohort_ids[i % cohorts], course_key=course_key,
                         is_active=i % 20 != 0, joined=now - timedelta(days=40))
        for i, user_id in enumerate(user_ids)
    ])
    active = [(i, user_id) for i, user_id in enumerate(user_ids) if i % active_every == 0]
    _insert(CheckpointSubmission, (
        CheckpointSubmission(course_key=course_key, usage_key=checkpoint_keys[week], week=week + 1, user_id=user_id,
                             submitted_at=now - timedelta(days=30 - 5 * week), is_late=(i + week) % 5 == 0)
        for i, user_id in active for week in range(min(i % 7, checkpoints))
    ))
    _insert(BlockCompletion, (
        BlockCompletion(user_id=user_id, context_key=course_key, block_key=key, block_type=key.block_type,
                        completion=1.0 if n % 9 else 0.5)
        for i, user_id in active
        for n, key in enumerate(completable[:min((7 * i) % 41, max_blocks or blocks)])
    ))
    live = [course_key.make_usage_key("spoc_live_session", f"live{n}") for n in range(sessions)]
    _insert(SessionRegistration, (
        SessionRegistration(course_key=course_key, usage_key=live[n], slot_id="s1", user_id=user_id,
                            attended=n % 2 == 0, attended_at=now - timedelta(days=3) if n % 2 == 0 else None)
        for i, user_id in active for n in range(min(i % 4, sessions))
    ))
    wall = course_key.make_usage_key("spoc_cohort_activity", "wall")
    _insert(ActivityPost, (
        ActivityPost(course_key=course_key, usage_key=wall, cohort_id=cohort_ids[i % cohorts], author_id=user_id,
                     body="post", created=now - timedelta(days=i % 15))
        for i, user_id in active for _n in range(i % 3)
    ))
    first_post = ActivityPost.objects.filter(course_key=course_key).order_by("id").values_list("id", flat=True).first()
    _insert(ActivityPost, (
        ActivityPost(course_key=course_key, usage_key=wall, cohort_id=cohort_ids[i % cohorts], author_id=user_id,
                     parent_id=first_post, body="reply", created=now - timedelta(days=i % 12))
        for i, user_id in active if i % 2
    ))
    rebuild_course(course_key)
    return cohort_ids
