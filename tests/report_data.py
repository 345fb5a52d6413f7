"""Hand-built report data with known answers, shared by the report tests (``course``, ``staff``, helpers)."""
from datetime import timedelta

import pytest
from completion.models import BlockCompletion
from django.test import TestCase
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    CohortMembership,
    CourseReportConfig,
    SessionRegistration,
)
from spoc_plugin.progress.rows import refresh_learner

OTHER_COURSE = CourseKey.from_string("course-v1:SPOC+Other+2026")
NOW = timezone.now()


def block(course_key, name, block_type="problem"):
    return course_key.make_usage_key(block_type, name)


def submit(user, course_key, week, days_ago=1, late=False):
    CheckpointSubmission.objects.create(
        course_key=course_key, usage_key=block(course_key, f"week{week}", "spoc_weekly_checkpoint"), week=week,
        user=user, submitted_at=NOW - timedelta(days=days_ago), is_late=late,
    )


def complete(user, course_key, names, completion=1.0):
    """Completions written as edx-completion writes them: committed first, progress rows refreshed after."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for name in names:
            BlockCompletion.objects.create(user=user, context_key=course_key, block_key=block(course_key, name),
                                           block_type="problem", completion=completion)


@pytest.fixture
def staff(make_user):
    return make_user("staffer", is_staff=True)


@pytest.fixture
def course(course_key, make_user, make_cohort):
    """Acme (started 4 weeks ago): ann completed, ben behind and idle, cat unenrolled but completed.
    Globex (not started): dan, nothing yet; eve, also in a cohort of another course where she did everything."""
    CourseReportConfig.objects.create(course_key=course_key, checkpoint_count=3, completable_block_count=4)
    users = {name: make_user(name) for name in ("ann", "ben", "cat", "dan", "eve")}
    acme = make_cohort("Acme Lyon", client_organization="Acme", starts=NOW - timedelta(days=29),
                       members=[users["ann"], users["ben"], users["cat"]])
    globex = make_cohort("Globex Grenoble", client_organization="Globex", starts=NOW + timedelta(days=3),
                         members=[users["dan"], users["eve"]])
    for user in (users["ben"], users["ann"], users["cat"]):
        CohortMembership.objects.filter(user=user).update(joined=NOW - timedelta(days=30))
    CohortMembership.objects.filter(user=users["cat"]).update(is_active=False)
    for week in (1, 2, 3):
        submit(users["ann"], course_key, week, late=week > 1)
        submit(users["cat"], course_key, week, days_ago=15)
    submit(users["ben"], course_key, 1, days_ago=20)
    complete(users["ann"], course_key, ["a", "b", "c"])
    complete(users["ann"], course_key, ["d"], completion=0.5)
    complete(users["ben"], course_key, ["a"])
    other = make_cohort("Other", course_key=OTHER_COURSE, client_organization="Globex", members=[users["eve"]])
    for week in (1, 2, 3):
        submit(users["eve"], OTHER_COURSE, week)
    complete(users["eve"], OTHER_COURSE, ["a", "b", "c", "d"])
    ActivityPost.objects.create(course_key=OTHER_COURSE, usage_key=block(OTHER_COURSE, "wall"), cohort=other,
                                author=users["eve"], body="elsewhere")
    wall = block(course_key, "wall", "spoc_cohort_activity")
    post = ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=acme, author=users["ann"],
                                       body="hello")
    ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=acme, author=users["ben"],
                                parent=post, body="hi", created=NOW - timedelta(days=19))
    ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=acme, author=users["ann"],
                                parent=post, body="again")
    live = block(course_key, "live", "spoc_live_session")
    SessionRegistration.objects.create(course_key=course_key, usage_key=live, slot_id="s1", user=users["ann"],
                                       attended=True, attended_at=NOW - timedelta(days=2))
    SessionRegistration.objects.create(course_key=course_key, usage_key=live, slot_id="s2", user=users["ben"],
                                       created=NOW - timedelta(days=18))
    BlockCompletion.objects.filter(user=users["ben"]).update(modified=NOW - timedelta(days=17))
    refresh_learner(users["ben"].id, course_key, "completions")  # update() sends no signal
    SessionRegistration.objects.create(course_key=course_key, usage_key=live, slot_id="s1", user=users["dan"],
                                       status=SessionRegistration.Status.WAITLISTED)
    return {"users": users, "acme": acme, "globex": globex}
