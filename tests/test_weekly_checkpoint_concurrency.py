"""Concurrent tutors and double clicks on MariaDB: row locks keep one submission and one nudge per cooldown."""

import pytest
from django.conf import settings
from opaque_keys.edx.keys import UsageKey

from spoc_plugin import api
from spoc_plugin.models import CheckpointSubmission, Nudge
from tests.utils import race

CHECKPOINT = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("mysql" not in settings.DATABASES["default"]["ENGINE"],
                       reason="row locks are only meaningful on MariaDB/MySQL"),
]



def test_tutors_nudging_at_once_send_one_nudge(make_user, make_cohort, course_key):
    learner, tutor = make_user(), make_user()
    make_cohort(members=[learner])
    results = race(lambda: api.nudge_learners(tutor.id, course_key, CHECKPOINT, 2, [learner.id], {}, {"title": "t"}))
    assert sorted(len(result.nudged) for result in results) == [0, 0, 0, 1]
    assert Nudge.objects.count() == 1


def test_simultaneous_first_submissions_keep_one(make_user, make_cohort, course_key):
    learner = make_user()
    make_cohort(members=[learner])
    results = race(lambda: api.submit_checkpoint(learner.id, course_key, CHECKPOINT, 2, [], {}, 3))
    assert CheckpointSubmission.objects.count() == 1
    assert all(isinstance(result, tuple) or (isinstance(result, api.CheckpointError) and result.status == 409)
               for result in results)
    assert [result[1] for result in results if isinstance(result, tuple)].count(True) == 1
