"""A checkpoint due at the end of the week of each learner's cohort: the learner's view, lateness, the tutors' table."""
from datetime import UTC, datetime, timedelta

from common.djangoapps.student.roles import CourseStaffRole
from django.utils import timezone

from spoc_xblocks.cohort_activity import CohortActivityBlock
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.utils import call_handler, make_block

GOOD = {"checked_items": [], "answers": {}, "confidence": 4}
FIXED_DUE = datetime(2026, 1, 9, 17, tzinfo=UTC)  # long past: the course's own date


def checkpoint(user, staff=False, **fields):
    return make_block(WeeklyCheckpointBlock, user=user, staff=staff,
                      **{"week": 2, "due": FIXED_DUE, "due_in_cohort_week": True, **fields})


def test_each_learner_is_due_at_the_end_of_their_cohort_s_week(make_user, make_cohort):
    early, late, loner = make_user(), make_user(), make_user()
    now = timezone.now()
    make_cohort("Early", starts=now - timedelta(days=30), members=[early])
    make_cohort("Late", starts=now - timedelta(days=3), module_days=5, members=[late])
    assert checkpoint(early).learner_due(early.id) == now - timedelta(days=16)
    assert checkpoint(late).learner_due(late.id) == now + timedelta(days=7)
    assert checkpoint(loner).learner_due(loner.id) == FIXED_DUE  # in no cohort: the course's date
    assert checkpoint(late, due_in_cohort_week=False).learner_due(late.id) == FIXED_DUE  # the default: unchanged
    html = checkpoint(late).student_view().content
    assert (now + timedelta(days=7)).strftime("%Y-%m-%d") in html and "The due date has passed" not in html
    assert call_handler(checkpoint(late), "submit", GOOD)[1]["is_late"] is False
    assert call_handler(checkpoint(early), "submit", GOOD)[1]["is_late"] is True


def test_missed_this_checkpoint_only_after_the_cohort_s_own_due_date(make_user, make_cohort):
    tutor, early_learner, late_learner = make_user(), make_user(), make_user()
    now = timezone.now()
    early = make_cohort("Early", starts=now - timedelta(days=30), members=[early_learner])
    late = make_cohort("Late", starts=now - timedelta(days=3), members=[late_learner])
    block = checkpoint(tutor, staff=True)
    reasons = {
        cohort.name: call_handler(block, "followup", {"cohort_id": cohort.id})[1]["learners"][0]["reasons"]
        for cohort in (early, late)
    }
    assert reasons == {"Early": ["missed_checkpoint"], "Late": []}
    due = call_handler(block, "followup", {"cohort_id": late.id})[1]["due"]
    assert due == (late.starts + timedelta(days=14)).isoformat()


def test_the_editor_saves_the_setting(make_user, grant_role, course_key):
    author = make_user()
    grant_role(author, CourseStaffRole, course_key)
    block = make_block(WeeklyCheckpointBlock, user=author, runtime="studio", week=2)
    status, _body = call_handler(block, "studio_submit", {"due_in_cohort_week": True})
    assert status == 200 and block.due_in_cohort_week is True


def test_a_cohort_activity_closes_at_the_end_of_the_learner_s_cohort_week(make_user, make_cohort):
    early, late = make_user(), make_user()
    now = timezone.now()
    make_cohort("Early", starts=now - timedelta(days=30), members=[early])
    make_cohort("Late", starts=now - timedelta(days=3), members=[late])

    def activity(user, **fields):
        return make_block(CohortActivityBlock, user=user, **{"due": FIXED_DUE, "cohort_week": 1, **fields})

    assert activity(early).is_closed() and not activity(late).is_closed()
    assert activity(late).closes() == now + timedelta(days=4)
    assert activity(late, cohort_week=0).is_closed()  # the default: the fixed due date
    assert call_handler(activity(early), "create_post", {"body": "Hello"})[0] == 403
    assert (now + timedelta(days=4)).strftime("%Y-%m-%d") in activity(late).student_view().content
