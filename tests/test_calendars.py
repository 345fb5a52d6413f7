"""Cohort calendars: a cohort's weeks, a learner's week, validation, and learners' dates in edx-when."""
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from edx_when import api as when_api
from edx_when.models import UserDate
from openedx_events.learning.signals import COURSE_ENROLLMENT_CHANGED

from demo.platform_backend import STAFF_GROUP
from spoc_plugin import api
from spoc_plugin.calendars.learner_dates import REASON
from spoc_plugin.models import DatedBlock
from tests.enrollment_fixtures import enrollment_event

START = datetime(2026, 9, 7, 9, tzinfo=UTC)
DAY = timedelta(days=1)


def test_weeks_follow_the_module_length_and_the_weeks_moved_by_hand():
    calendar = api.Calendar(1, START, module_days=5, overrides={2: (START + 5 * DAY, START + 19 * DAY)})
    weeks = calendar.weeks(3)
    assert [(w.opens, w.closes) for w in weeks] == [
        (START, START + 5 * DAY), (START + 5 * DAY, START + 19 * DAY), (START + 19 * DAY, START + 24 * DAY)]
    assert calendar.week(3) == weeks[2] and calendar.problems() == []
    assert calendar.weeks_closed(START + 20 * DAY, limit=10) == 2
    assert api.Calendar(1, None).week(1) is None


def test_a_learner_week_is_their_cohort_s_and_none_outside_a_cohort(make_user, make_cohort, course_key):
    alice, bob, staff = make_user(), make_user(), make_user()
    make_cohort("Early", starts=START, members=[alice])
    make_cohort("Late", starts=START + 60 * DAY, module_days=14, members=[bob])
    assert api.learner_week(alice.id, course_key, 2).closes == START + 14 * DAY
    assert api.learner_week(bob.id, str(course_key), 2).closes == START + 88 * DAY
    assert api.learner_week(staff.id, course_key, 2) is None
    assert api.learner_week(None, course_key, 2) is None


@pytest.mark.parametrize("weeks, code", [
    ([{"week": 2, "opens": START + 7 * DAY, "closes": START + 6 * DAY}], "invalid_calendar"),  # backwards
    ([{"week": 2, "opens": START + 3 * DAY, "closes": START + 10 * DAY}], "invalid_calendar"),  # overlaps week 1
    ([{"week": 1, "opens": START, "closes": START + 9 * DAY},
      {"week": 2, "opens": START + 8 * DAY, "closes": START + 12 * DAY}], "invalid_calendar"),
    ([{"week": 2, "opens": START, "closes": START + DAY}] * 2, "duplicate_week"),
    ([{"week": 0, "opens": START, "closes": START + DAY}], "invalid_week"),
])
def test_invalid_calendars_are_refused_and_nothing_changes(make_cohort, course_key, weeks, code):
    cohort = make_cohort(starts=START)
    with pytest.raises(api.CalendarError) as refused:
        api.update_calendar(course_key, cohort.id, 7, weeks)
    assert refused.value.code == code and refused.value.status == 400
    assert api.get_calendar(course_key, cohort.id).overrides == []


def test_a_calendar_is_changed_and_read_back(make_cohort, course_key, django_capture_on_commit_callbacks):
    cohort = make_cohort(starts=START)
    with django_capture_on_commit_callbacks() as callbacks:
        data = api.update_calendar(course_key, cohort.id, 5, [
            {"week": 3, "opens": START + 12 * DAY, "closes": START + 20 * DAY}])
    assert len(callbacks) == 1  # the learners' dates, recomputed after the commit
    assert data.module_days == 5 and [w.week for w in data.overrides] == [3]
    assert data.weeks[3].opens == START + 20 * DAY
    with pytest.raises(api.CalendarError) as refused:
        api.get_calendar("course-v1:SPOC+Other+2026", cohort.id)
    assert refused.value.status == 404


@pytest.fixture
def dated_course(course_key):
    """Two subsections due at the end of weeks 1 and 3, with the course's (earliest cohort's) dates in edx-when."""
    blocks = [course_key.make_usage_key("sequential", f"week{week}") for week in (1, 3)]
    for week, block in zip((1, 3), blocks, strict=True):
        when_api.set_date_for_block(course_key, block, "due", START + 7 * week * DAY)
        DatedBlock.objects.create(course_key=course_key, usage_key=block, week=week)
    return blocks


def test_learners_dates_follow_their_cohort_in_edx_when(make_user, make_cohort, course_key, dated_course):
    alice, bob, loner = make_user(), make_user(), make_user()
    early = make_cohort("Early", starts=START, members=[alice])
    late = make_cohort("Late", starts=START + 60 * DAY, members=[bob])
    week1, week3 = dated_course
    assert api.write_cohort_dates(early.id).created == 2  # the same dates as the course's: written all the same
    written = api.write_cohort_dates(late.id)
    assert written == api.DatesWritten(learners=1, created=2, removed=0)
    dates = when_api.get_dates_for_course(course_key, user=bob, use_cached=False)
    assert dates[(week1, "due")] == START + 67 * DAY and dates[(week3, "due")] == START + 81 * DAY
    assert when_api.get_dates_for_course(course_key, user=loner, use_cached=False)[(week1, "due")] == START + 7 * DAY
    assert api.write_cohort_dates(late.id) == api.DatesWritten(learners=1)  # idempotent
    api.update_calendar(course_key, late.id, 14, [])
    assert api.write_cohort_dates(late.id) == api.DatesWritten(learners=1, created=2, removed=2)
    assert when_api.get_dates_for_course(course_key, user=bob, use_cached=False)[(week3, "due")] == START + 102 * DAY
    late.memberships.update(is_active=False)
    assert api.write_learner_dates(bob.id, course_key) == api.DatesWritten(learners=1, removed=2)


def test_a_personal_extension_is_kept(make_user, make_cohort, course_key, dated_course):
    bob = make_user()
    late = make_cohort("Late", starts=START + 60 * DAY, members=[bob])
    when_api.set_date_for_block(course_key, dated_course[0], "due", START + 100 * DAY, user=bob, reason="extension")
    api.write_cohort_dates(late.id)
    assert not UserDate.objects.filter(user=bob, content_date__location=dated_course[0], reason=REASON).exists()
    assert UserDate.objects.filter(user=bob, reason=REASON).count() == 1


def test_joining_a_cohort_writes_the_learner_dates(make_user, make_cohort, course_key, dated_course,
                                                   django_capture_on_commit_callbacks):
    bob = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        make_cohort("Late", starts=START + 60 * DAY, members=[bob])
    assert UserDate.objects.filter(user=bob, reason=REASON).count() == 2


def test_unenrolling_removes_the_learner_dates(make_user, make_cohort, course_key, dated_course,
                                               django_capture_on_commit_callbacks):
    """The platform's unenrollment event ends the membership; the learner's cohort dates go with it."""
    bob = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        make_cohort("Late", starts=START + 60 * DAY, members=[bob])
    with django_capture_on_commit_callbacks(execute=True):
        COURSE_ENROLLMENT_CHANGED.send_event(enrollment=enrollment_event(bob, course_key, is_active=False))
    assert not UserDate.objects.filter(user=bob, reason=REASON).exists()


def test_rest_calendar_for_course_staff_only(make_user, make_cohort, course_key, client_for):
    tutor, learner = make_user(), make_user()
    Group.objects.create(name=STAFF_GROUP.format(course_key=course_key)).user_set.add(tutor)
    cohort = make_cohort("Acme", starts=START, members=[learner])
    url = f"/spoc/api/v1/courses/{course_key}/cohorts/{cohort.id}/calendar/"
    assert client_for(learner).get(url).status_code == 403
    body = {"module_days": 5, "weeks": [{"week": 2, "opens": "2026-09-12T09:00:00Z", "closes": "2026-09-26T09:00:00Z"}]}
    answer = client_for(tutor).put(url, body, format="json")
    assert answer.status_code == 200 and answer.json()["weeks"][2]["opens"] == "2026-09-26T09:00:00Z"
    assert client_for(tutor).get(url).json()["overrides"][0]["week"] == 2
    backwards = {"module_days": 5, "weeks": [{"week": 2, "opens": "2026-09-12T09:00:00Z",
                                              "closes": "2026-09-10T09:00:00Z"}]}
    refused = client_for(tutor).put(url, backwards, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_calendar"
    assert client_for(tutor).put(url, {"module_days": "x", "weeks": []}, format="json").status_code == 400
    assert api.get_calendar(course_key, cohort.id).module_days == 5
    assert client_for(tutor).get(url.replace(str(cohort.id), "999")).status_code == 404


def test_admin_refuses_overlapping_weeks_and_saves_a_valid_calendar(make_user, make_cohort, course_key,
                                                                    django_capture_on_commit_callbacks):
    admin = make_user(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    cohort = make_cohort("Acme", starts=START)
    url = f"/admin/spoc_plugin/spoccohort/{cohort.id}/change/"
    assert client.get(url).status_code == 200
    form = {"course_key": str(course_key), "name": "Acme", "is_private": "on", "seat_limit": "0",
            "starts_0": "2026-09-07", "starts_1": "09:00:00", "module_days": "7",
            "calendar_weeks-TOTAL_FORMS": "1", "calendar_weeks-INITIAL_FORMS": "0",
            "calendar_weeks-0-week": "2", "calendar_weeks-0-opens_0": "2026-09-10", "calendar_weeks-0-opens_1": "09:00",
            "calendar_weeks-0-closes_0": "2026-09-20", "calendar_weeks-0-closes_1": "09:00",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Week 2 opens before week 1 closes." in refused.content.decode()
    assert not cohort.calendar_weeks.exists()
    form["calendar_weeks-0-opens_0"] = "2026-09-14"
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(url, form).status_code == 302
    assert cohort.calendar_weeks.get().closes == START + 13 * DAY and callbacks


def test_moving_a_cohort_s_start_recomputes_its_learners_dates(make_cohort, course_key,
                                                                django_capture_on_commit_callbacks):
    cohort = make_cohort(starts=START)
    with django_capture_on_commit_callbacks() as callbacks:
        api.update_cohort(course_key, cohort.id, seat_limit=5)
    assert not callbacks
    with django_capture_on_commit_callbacks() as callbacks:
        api.update_cohort(course_key, cohort.id, starts=START + DAY)
    assert len(callbacks) == 1
