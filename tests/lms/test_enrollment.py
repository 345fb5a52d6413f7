"""Private cohort enrollment in a real Open edX: invitation, join page, REST and the LMS's own Enroll button.

Every path ends in the platform's ``CourseEnrollment.enroll`` (its own checks, the filter pipeline with the
gate first, the openedx-events receivers), run by the real ``EdxPlatformBackend`` over the platform double.
"""
import threading
import time
from datetime import timedelta

import pytest
from common.djangoapps.student.models import CourseEnrollment, CourseEnrollmentAllowed
from common.djangoapps.student.roles import CourseStaffRole, OrgInstructorRole
from django.db import connection
from django.utils import timezone
from openedx.core.djangoapps.content.course_overviews.models import CourseOverview
from openedx.core.djangoapps.course_groups import cohorts
from openedx.core.djangoapps.enrollments.data import create_course_enrollment
from openedx_events.learning.signals import COURSE_ENROLLMENT_CREATED
from openedx_filters.filters import PipelineStep
from openedx_filters.learning.filters import CourseUnenrollmentStarted

from spoc_plugin.enrollment import gate, invitations, joining
from spoc_plugin.models import CohortMembership, EnrollmentCode, Invitation
from tests.test_enrollment_join import post_form, signed_in

from .conftest import PRIVATE_COURSE

API = "/spoc/api/v1"
JOIN_PAGE = f"http://127.0.0.1:8000/spoc/join/course/{PRIVATE_COURSE}/"


@pytest.fixture
def acme(make_cohort):
    """A private cohort of the private course with two seats."""
    return make_cohort("Acme Lyon", course_key=PRIVATE_COURSE, client_organization="Acme", is_private=True,
                       seat_limit=2)


def invite(cohort, *emails):
    return [row.invitation_id for row in invitations.invite(cohort.course_key, cohort.id, list(emails), send=False)]


@pytest.mark.parametrize("invitation_only", [True, False])
class TestInvitedLearnersJoin:
    def test_through_the_join_page(self, lms_course, acme, make_user, enrolled, invitation_only,
                                   django_capture_on_commit_callbacks, mailoutbox):
        lms_course(invitation_only=invitation_only)
        grace = make_user("grace", email="Grace@Example.com")
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invite(PRIVATE_COURSE, acme.id, [grace.email])
        assert "Safety culture" in mailoutbox[0].body  # the course's title, from its CourseOverview
        token = Invitation.objects.get().token
        response = post_form(signed_in(grace), f"/spoc/join/{token}/")
        assert response.status_code == 200 and "welcome to the cohort" in response.content.decode()
        assert enrolled(grace, PRIVATE_COURSE)
        assert CohortMembership.objects.get(user=grace).cohort == acme
        assert CourseEnrollmentAllowed.objects.filter(course_id=PRIVATE_COURSE, user=grace).exists()  # now used

    def test_through_the_rest_api(self, lms_course, acme, make_user, client_for, enrolled, invitation_only):
        lms_course(invitation_only=invitation_only)
        grace = make_user("grace")
        invite(acme, grace.email)
        response = client_for(grace).post(f"{API}/me/invitations/accept/", {"token": Invitation.objects.get().token},
                                          format="json")
        assert response.status_code == 200 and response.json()["cohort"]["id"] == acme.id
        assert enrolled(grace, PRIVATE_COURSE) and CohortMembership.objects.get(user=grace).is_active

    def test_with_the_lms_enroll_button(self, lms_course, acme, make_user, enroll_button, enrolled,
                                        invitation_only):
        lms_course(invitation_only=invitation_only)
        grace = make_user("grace")
        invite(acme, grace.email)
        assert enroll_button(grace, PRIVATE_COURSE) == (200, "")
        assert enrolled(grace, PRIVATE_COURSE) and CohortMembership.objects.get(user=grace).cohort == acme
        assert Invitation.objects.get().status == Invitation.Status.ACCEPTED

    def test_with_a_company_code(self, lms_course, acme, make_user, client_for, enrolled, invitation_only):
        lms_course(invitation_only=invitation_only)
        EnrollmentCode.objects.create(cohort=acme, code="ACME-2026")
        kim = make_user("kim")
        response = client_for(kim).post(f"{API}/courses/{PRIVATE_COURSE}/codes/redeem/", {"code": "acme-2026"},
                                        format="json")
        assert response.status_code == 200
        assert enrolled(kim, PRIVATE_COURSE) and CohortMembership.objects.get(user=kim).source == "code"


class TestRefusals:
    def test_the_enroll_button_shows_the_gate_s_message_with_the_join_link(self, lms_course, acme, make_user,
                                                                          enroll_button, enrolled):
        lms_course()
        status, text = enroll_button(make_user(), PRIVATE_COURSE)
        assert status == 400 and "private" in text and text.endswith(JOIN_PAGE)
        assert not CourseEnrollment.objects.exists()

    def test_the_gate_records_the_platform_s_allowance_of_the_learners_it_admits_and_of_no_one_else(
            self, lms_course, acme, make_user, enroll_button, enrolled):
        lms_course(invitation_only=True)
        grace, hugo, ines = make_user("grace"), make_user("hugo"), make_user("ines")
        Invitation.objects.create(cohort=acme, email=grace.email)  # as the Django admin makes it: no allowance yet
        Invitation.objects.create(cohort=acme, email=hugo.email, status=Invitation.Status.REVOKED)
        assert enroll_button(grace, PRIVATE_COURSE) == (200, "") and enrolled(grace, PRIVATE_COURSE)
        for user in (hugo, ines):
            status, text = enroll_button(user, PRIVATE_COURSE)
            assert status == 400 and "private" in text and not enrolled(user, PRIVATE_COURSE)
        assert list(CourseEnrollmentAllowed.objects.values_list("email", "user")) == [(grace.email, grace.id)]

    def test_a_course_closed_by_the_platform_is_a_clear_403_not_a_500(self, lms_course, make_cohort, make_user,
                                                                      enrolled):
        lms_course(enrollment_end=timezone.now() - timedelta(days=1))
        make_cohort("Public", course_key=PRIVATE_COURSE, is_private=False)
        learner = make_user()
        response = post_form(signed_in(learner), f"/spoc/join/course/{PRIVATE_COURSE}/")
        assert response.status_code == 403 and "Enrollment in this course is closed." in response.content.decode()
        assert not enrolled(learner, PRIVATE_COURSE)

    def test_an_invited_learner_still_joins_after_the_course_s_enrollment_end(self, lms_course, acme, make_user,
                                                                            client_for, enrolled):
        lms_course(enrollment_end=timezone.now() - timedelta(days=1))  # the cohort's own window rules
        grace = make_user("grace")
        invite(acme, grace.email)
        client_for(grace).post(f"{API}/me/invitations/accept/", {"token": Invitation.objects.get().token},
                               format="json")
        assert enrolled(grace, PRIVATE_COURSE)

    def test_a_course_full_by_the_platform_s_own_limit_is_a_409(self, lms_course, acme, make_user, client_for,
                                                                enrolled):
        lms_course(max_student_enrollments_allowed=1)
        first, second = make_user("first"), make_user("second")
        invite(acme, first.email, second.email)
        tokens = dict(Invitation.objects.values_list("email", "token"))
        assert client_for(first).post(f"{API}/me/invitations/accept/", {"token": tokens[first.email]},
                                      format="json").status_code == 200
        response = client_for(second).post(f"{API}/me/invitations/accept/", {"token": tokens[second.email]},
                                           format="json")
        assert response.status_code == 409 and response.json()["code"] == "course_full"
        assert not enrolled(second, PRIVATE_COURSE) and not CohortMembership.objects.filter(user=second).exists()
        assert Invitation.objects.get(email=second.email).status == Invitation.Status.PENDING

    def test_a_course_unknown_to_the_platform_is_a_404(self, acme, make_user, client_for):
        grace = make_user("grace")
        invite(acme, grace.email)
        response = client_for(grace).post(f"{API}/me/invitations/accept/", {"token": Invitation.objects.get().token},
                                          format="json")
        assert response.status_code == 404 and response.json()["code"] == "unknown_course"
        assert not CohortMembership.objects.exists()


class TestComingBack:
    def test_joining_twice_answers_the_cohort_again(self, lms_course, acme, make_user, client_for,
                                                    enrolled):
        lms_course(invitation_only=True)
        grace = make_user("grace")
        invite(acme, grace.email)
        token = Invitation.objects.get().token
        client = client_for(grace)
        for _ in range(2):
            response = client.post(f"{API}/me/invitations/accept/", {"token": token}, format="json")
            assert response.status_code == 200 and response.json()["cohort"]["id"] == acme.id
        assert post_form(signed_in(grace), f"/spoc/join/{token}/").status_code == 200
        assert CohortMembership.objects.get(user=grace).is_active and CourseEnrollment.objects.count() == 1

    def test_an_enrolled_learner_coming_back_after_the_enrollment_end_is_welcome(self, lms_course, make_cohort,
                                                                                  make_user):
        lms_course()
        make_cohort("Public", course_key=PRIVATE_COURSE, is_private=False)
        learner = make_user()
        CourseEnrollment.enroll(learner, PRIVATE_COURSE, check_access=True)
        CourseOverview.objects.filter(id=PRIVATE_COURSE).update(enrollment_end=timezone.now() - timedelta(days=1))
        assert post_form(signed_in(learner), f"/spoc/join/course/{PRIVATE_COURSE}/").status_code == 200

    def test_unenrolling_and_joining_again_keeps_the_edx_cohort(self, lms_course, acme, make_user, client_for,
                                                               enroll_button, enrolled):
        lms_course()
        cohorts.set_course_cohorted(PRIVATE_COURSE, True)
        acme.edx_cohort_name = "Acme (edX)"
        acme.save()
        EnrollmentCode.objects.create(cohort=acme, code="ACME-2026")
        kim = make_user("kim")
        client = client_for(kim)
        assert client.post(f"{API}/courses/{PRIVATE_COURSE}/codes/redeem/", {"code": "ACME-2026"},
                           format="json").status_code == 200
        edx_cohort = cohorts.get_cohort_by_name(PRIVATE_COURSE, "Acme (edX)")
        assert list(edx_cohort.users.all()) == [kim]
        assert enroll_button(kim, PRIVATE_COURSE, "unenroll")[0] == 200
        assert not CohortMembership.objects.get(user=kim).is_active
        assert enroll_button(kim, PRIVATE_COURSE) == (200, "")  # still in the edX cohort: no ValueError, no 500
        assert enrolled(kim, PRIVATE_COURSE) and CohortMembership.objects.get(user=kim).is_active
        assert list(edx_cohort.users.all()) == [kim]


class TestStaff:
    def test_course_and_organization_staff_enroll_and_use_the_staff_api(self, lms_course, acme, make_user,
                                                                       grant_role, enroll_button, client_for):
        lms_course(invitation_only=True)
        tutor, manager = make_user("tutor"), make_user("manager")
        grant_role(tutor, CourseStaffRole, PRIVATE_COURSE)
        grant_role(manager, OrgInstructorRole, PRIVATE_COURSE.org)
        assert enroll_button(tutor, PRIVATE_COURSE) == (200, "")
        for user in (tutor, manager):
            assert client_for(user).get(f"{API}/courses/{PRIVATE_COURSE}/cohorts/").status_code == 200
        assert client_for(make_user()).get(f"{API}/courses/{PRIVATE_COURSE}/cohorts/").status_code == 403


class TestLastSeat:
    def test_a_learner_who_lost_the_seat_after_the_gate_is_undone_after_the_enrollment_api_s_own_save(
            self, lms_course, acme, make_user, enrolled, monkeypatch, django_capture_on_commit_callbacks):
        """The enrollment API saves its copy of the enrollment after the events: the undo waits for the commit."""
        lms_course()
        grace = make_user("grace")
        invite(acme, grace.email)
        for name in ("ann", "ben"):  # the two seats taken after the invitation
            CohortMembership.objects.create(user=make_user(name), cohort=acme)
        monkeypatch.setattr(gate, "check_enrollment", lambda user, course_key, lock=False: None)  # stale gate
        with django_capture_on_commit_callbacks(execute=True):
            create_course_enrollment(grace.username, str(PRIVATE_COURSE), "audit", True)
            assert enrolled(grace, PRIVATE_COURSE)
        assert not enrolled(grace, PRIVATE_COURSE)
        assert not CohortMembership.objects.filter(user=grace).exists()
        assert Invitation.objects.get().status == Invitation.Status.PENDING

    @pytest.mark.skipif(connection.vendor != "mysql", reason="needs row locks (MariaDB/MySQL)")
    @pytest.mark.django_db(transaction=True)
    def test_two_enroll_buttons_for_one_last_seat_take_it_once(self, lms_course, acme, make_user, enroll_button,
                                                               enrolled):
        lms_course()
        racers = [make_user(f"racer{n}") for n in range(2)]
        invite(acme, *(user.email for user in racers))
        CohortMembership.objects.create(user=make_user("ann"), cohort=acme)  # one seat left for two invited
        answers, start = {}, threading.Barrier(2)

        def press(user):
            start.wait()
            try:
                answers[user.username] = enroll_button(user, PRIVATE_COURSE)
            finally:
                connection.close()

        threads = [threading.Thread(target=press, args=(user,)) for user in racers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(status for status, _ in answers.values()) == [200, 400]
        assert sum(enrolled(user, PRIVATE_COURSE) for user in racers) == 1
        assert CohortMembership.objects.filter(cohort=acme, is_active=True).count() == 2


@pytest.mark.skipif(connection.vendor != "mysql", reason="needs row locks (MariaDB/MySQL)")
@pytest.mark.django_db(transaction=True)
def test_a_join_page_join_and_an_enroll_button_lock_cohorts_in_one_order(lms_course, make_cohort, make_user,
                                                                         enroll_button, client_for, monkeypatch):
    """Both learners are invited to two cohorts: one accepts the invitation to the second cohort while the other
    presses Enroll (the gate locks both cohorts in id order). Neither waits on the other: no deadlock."""
    lms_course()
    first, second = (make_cohort(name, course_key=PRIVATE_COURSE, is_private=True) for name in ("A", "B"))
    ann, ben = make_user("ann"), make_user("ben")
    for cohort in (first, second):
        invite(cohort, ann.email, ben.email)
    token = Invitation.objects.get(cohort=second, email=ann.email).token
    real_check = joining._check_invitation_usable

    def slow_check(invitation, user):  # ann's join holds its locks while ben's gate starts
        real_check(invitation, user)
        time.sleep(0.5)

    monkeypatch.setattr(joining, "_check_invitation_usable", slow_check)
    answers = {}

    def join():
        try:
            answers["ann"] = client_for(ann).post(f"{API}/me/invitations/accept/", {"token": token},
                                                  format="json").status_code
        finally:
            connection.close()

    def press():
        time.sleep(0.2)
        try:
            answers["ben"] = enroll_button(ben, PRIVATE_COURSE)[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=join), threading.Thread(target=press)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {"ann": 200, "ben": 200}


def test_enrollments_from_elsewhere_are_recorded_once(lms_course, acme, make_user, enrolled):
    """The receiver is connected by the plugin framework: an enrollment the platform makes itself (an auto-enroll)
    joins the cohort, and the event a second time changes nothing."""
    lms_course()
    grace = make_user("grace")
    invite(acme, grace.email)
    CourseEnrollment.enroll(grace, PRIVATE_COURSE)
    assert CohortMembership.objects.get(user=grace).cohort == acme
    assert [r for r in COURSE_ENROLLMENT_CREATED.receivers if "add_membership_on_enroll" in r[0][0]]


def test_an_undo_the_platform_refuses_is_logged_not_raised_after_the_commit(lms_course, acme, make_user, enrolled,
                                                                          monkeypatch, caplog, settings,
                                                                          django_capture_on_commit_callbacks):
    lms_course()
    grace = make_user("grace")
    invite(acme, grace.email)
    for name in ("ann", "ben"):
        CohortMembership.objects.create(user=make_user(name), cohort=acme)
    monkeypatch.setattr(gate, "check_enrollment", lambda user, course_key, lock=False: None)  # stale gate
    settings.OPEN_EDX_FILTERS_CONFIG = {**settings.OPEN_EDX_FILTERS_CONFIG, UNENROLLMENT_STARTED: {
        "pipeline": ["tests.lms.test_enrollment.KeepsEveryone"], "fail_silently": False}}
    with django_capture_on_commit_callbacks(execute=True):
        CourseEnrollment.enroll(grace, PRIVATE_COURSE, check_access=True)
    assert enrolled(grace, PRIVATE_COURSE) and "without a seat: unenroll them by hand" in caplog.text


UNENROLLMENT_STARTED = "org.openedx.learning.course.unenrollment.started.v1"


class KeepsEveryone(PipelineStep):
    """An operator's unenrollment step that refuses every unenrollment."""

    def run_filter(self, enrollment):  # pylint: disable=arguments-differ
        raise CourseUnenrollmentStarted.PreventUnenrollment("Unenrollment is done by the training office.")
