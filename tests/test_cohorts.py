"""SPOC cohorts and memberships: the models, the Python API the blocks use, the REST endpoints."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import CourseData, CourseEnrollmentData, UserData
from openedx_events.learning.signals import COURSE_ENROLLMENT_CHANGED
from rest_framework.test import APIClient

from spoc_plugin import api, compat
from spoc_plugin.models import CohortMembership

OTHER_COURSE = CourseKey.from_string("course-v1:SPOC+Other+2026")


def test_learner_cohort_is_returned_as_plain_data(make_user, make_cohort, course_key):
    alice = make_user("alice")
    cohort = make_cohort("Acme", client_organization="Acme", members=[alice])
    data = api.get_learner_cohort(alice.id, str(course_key))
    assert data == api.CohortData.from_model(cohort)
    assert data.name == "Acme" and data.client_organization == "Acme"


def test_learner_in_no_cohort_gets_the_documented_fallback(make_user, make_cohort, course_key):
    make_cohort("Acme", members=[make_user()])
    assert api.get_learner_cohort(make_user().id, course_key) is None
    assert api.get_learner_cohort(None, course_key) is None


def test_inactive_membership_and_other_courses_do_not_count(make_user, make_cohort, course_key):
    bob = make_user()
    make_cohort("Elsewhere", course_key=OTHER_COURSE, members=[bob])
    assert api.get_learner_cohort(bob.id, course_key) is None
    carla = make_user()
    make_cohort("Acme", members=[carla])
    CohortMembership.objects.filter(user=carla).update(is_active=False)
    assert api.get_learner_cohort(carla.id, course_key) is None


def test_a_learner_is_in_at_most_one_cohort_per_course(make_user, make_cohort):
    dan = make_user()
    make_cohort("A", members=[dan])
    second = make_cohort("B")
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortMembership.objects.create(user=dan, cohort=second)
    make_cohort("C", course_key=OTHER_COURSE, members=[dan])  # another course is fine
    assert CohortMembership.objects.filter(user=dan).count() == 2


def test_cohort_validation_refuses_inverted_windows(make_cohort):
    cohort = make_cohort("Dates")
    now = timezone.now()
    cohort.enrollment_opens, cohort.enrollment_closes = now, now - timezone.timedelta(days=1)
    with pytest.raises(ValidationError):
        cohort.full_clean()
    cohort.enrollment_closes = now + timezone.timedelta(days=1)
    cohort.full_clean()
    assert cohort.enrollment_is_open(now) and not cohort.enrollment_is_open(now + timezone.timedelta(days=2))


def test_parse_course_key_refuses_garbage():
    with pytest.raises(InvalidKeyError):
        api.parse_course_key("not a key")
    with pytest.raises(InvalidKeyError):
        api.parse_course_key(None)


def test_course_staff_comes_from_global_staff_or_the_platform(make_user, course_key, monkeypatch):
    assert api.is_course_staff(make_user(is_staff=True), course_key)
    learner, tutor = make_user(), make_user()
    monkeypatch.setattr(compat, "is_course_staff", lambda user, key: user == tutor and key == course_key)
    assert api.is_course_staff(tutor, course_key)
    assert not api.is_course_staff(learner, course_key)
    assert not api.is_course_staff(None, course_key)


def _enrollment_event(user, course_key, is_active):
    return CourseEnrollmentData(
        user=UserData(id=user.id, is_active=True, pii=None),
        course=CourseData(course_key=course_key),
        mode="audit",
        is_active=is_active,
        creation_date=timezone.now(),
    )


def test_unenrollment_event_deactivates_the_membership(make_user, make_cohort, course_key):
    erin = make_user()
    make_cohort("Acme", members=[erin])
    COURSE_ENROLLMENT_CHANGED.send_event(enrollment=_enrollment_event(erin, course_key, is_active=True))
    assert CohortMembership.objects.get(user=erin).is_active
    COURSE_ENROLLMENT_CHANGED.send_event(enrollment=_enrollment_event(erin, course_key, is_active=False))
    assert not CohortMembership.objects.get(user=erin).is_active


class TestRestApi:
    def test_learner_lists_their_own_cohorts(self, make_user, make_cohort):
        farid = make_user()
        make_cohort("Acme", members=[farid])
        make_cohort("Globex", members=[make_user()])
        client = APIClient()
        client.force_authenticate(farid)
        response = client.get("/spoc/api/v1/me/cohorts/")
        assert response.status_code == 200
        assert [c["name"] for c in response.json()] == ["Acme"]

    def test_anonymous_callers_are_refused(self, db):
        assert APIClient().get("/spoc/api/v1/me/cohorts/").status_code in (401, 403)

    def test_staff_list_the_cohorts_of_a_course(self, make_user, make_cohort, course_key):
        make_cohort("Acme")
        make_cohort("Elsewhere", course_key=OTHER_COURSE)
        client = APIClient()
        client.force_authenticate(make_user(is_staff=True))
        response = client.get(f"/spoc/api/v1/courses/{course_key}/cohorts/")
        assert response.status_code == 200
        assert [c["name"] for c in response.json()] == ["Acme"]

    def test_a_learner_may_not_list_a_course_s_cohorts(self, make_user, course_key):
        client = APIClient()
        client.force_authenticate(make_user())
        assert client.get(f"/spoc/api/v1/courses/{course_key}/cohorts/").status_code == 403

    def test_a_malformed_course_key_is_a_400_with_the_reason(self, make_user):
        client = APIClient()
        client.force_authenticate(make_user(is_staff=True))
        response = client.get("/spoc/api/v1/courses/not-a-key/cohorts/")
        assert response.status_code == 400
        assert "not a valid course key" in response.json()["course_id"]
