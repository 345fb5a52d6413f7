"""The demo's two cohorts start on different days: each learner sees their own due dates, in the block and edx-when."""
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from edx_when import api as when_api

from spoc_plugin import api
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from spoc_xblocks.weekly_checkpoint.scenarios import demo_scenarios
from tests.utils import make_block


def test_the_demo_learners_have_their_cohort_s_dates(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    users = get_user_model().objects
    alice, dan = users.get(username="alice"), users.get(username="dan")
    course = settings.SPOC_DEMO_COURSE_KEY
    assert api.learner_week(alice.id, course, 2).closes != api.learner_week(dan.id, course, 2).closes
    assert "due_in_cohort_week='true'" in demo_scenarios()[0][1]
    course_key = api.parse_course_key(course)
    dues = {user.username: make_block(WeeklyCheckpointBlock, user=user, course_key=course_key, week=2,
                                      due_in_cohort_week=True).learner_due(user.id) for user in (alice, dan)}
    assert dues == {"alice": api.learner_week(alice.id, course, 2).closes,
                    "dan": api.learner_week(dan.id, course, 2).closes}
    week2 = course_key.make_usage_key("sequential", "week2")
    platform = {user.username: when_api.get_dates_for_course(course, user=user, use_cached=False)[(week2, "due")]
                for user in (alice, dan)}
    assert platform == dues
