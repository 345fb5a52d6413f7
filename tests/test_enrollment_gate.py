"""The enrollment gate (a real openedx-filters step) and the enrollment receivers (real openedx-events signals)."""
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.signals import (
    COURSE_ENROLLMENT_CHANGED,
    COURSE_ENROLLMENT_CREATED,
)
from openedx_filters.filters import PipelineStep
from openedx_filters.learning.filters import CourseEnrollmentStarted

from demo.platform_backend import STAFF_GROUP
from spoc_plugin import compat
from spoc_plugin.enrollment import errors, gate, joining
from spoc_plugin.models import CodeRedemption, CohortMembership, Invitation
from spoc_plugin.settings.common import add_enrollment_gate
from tests.enrollment_fixtures import enrollment_event

OPEN_COURSE = CourseKey.from_string("course-v1:SPOC+Open+2026")


class EndsThePipeline(PipelineStep):
    """An operator's step that stops the pipeline (openedx-filters stops at a step returning no dict)."""

    def run_filter(self, user, course_key, mode):  # pylint: disable=arguments-differ
        return None


def run_gate(user, course_key):
    return CourseEnrollmentStarted.run_filter(user=user, course_key=course_key, mode="audit")


def refusal(user, course_key):
    with pytest.raises(CourseEnrollmentStarted.PreventEnrollment) as caught:
        run_gate(user, course_key)
    return caught.value


class TestGate:
    def test_a_course_without_private_cohort_is_open_to_anyone(self, make_user, make_cohort):
        make_cohort("Public group", course_key=OPEN_COURSE, is_private=False)
        user = make_user()
        assert run_gate(user, OPEN_COURSE) == (user, OPEN_COURSE, "audit")

    def test_an_uninvited_learner_is_refused_with_a_message_and_the_join_page(self, make_user, acme, course_key,
                                                                               tracked):
        stranger = make_user()
        error = refusal(stranger, course_key)
        assert "private" in error.message and "invitation" in error.message
        assert error.redirect_to == f"/spoc/join/course/{course_key}/"
        assert error.status_code == 403
        assert tracked() == [("edx.spoc.enrollment.refused",
                              {"course_id": str(course_key), "user_id": stranger.id, "reason": "not_invited"})]

    def test_a_pending_invitation_lets_the_learner_in(self, make_user, acme, make_invitation, course_key):
        grace = make_user("grace")
        make_invitation(acme, " Grace@Example.com ")
        assert run_gate(grace, course_key)[0] == grace

    def test_revoked_expired_or_other_course_invitations_do_not(self, make_user, acme, make_invitation, make_cohort,
                                                                course_key):
        hugo, ines, jo = make_user("hugo"), make_user("ines"), make_user("jo")
        make_invitation(acme, hugo.email, status=Invitation.Status.REVOKED)
        make_invitation(acme, ines.email, expires=timezone.now() - timedelta(minutes=1))
        make_invitation(make_cohort("Elsewhere", course_key=OPEN_COURSE), jo.email)
        for user in (hugo, ines, jo):
            assert "private" in refusal(user, course_key).message

    def test_a_redeemed_code_lets_the_learner_in(self, make_user, acme, make_code, course_key):
        kim = make_user()
        CodeRedemption.objects.create(code=make_code(acme), user=kim)
        assert run_gate(kim, course_key)[0] == kim

    def test_members_staff_and_the_allow_list_get_in(self, make_user, acme, course_key, settings):
        member, admin, tutor, listed = make_user(), make_user(is_staff=True), make_user(), make_user("listed")
        CohortMembership.objects.create(user=member, cohort=acme)
        Group.objects.create(name=STAFF_GROUP.format(course_key=course_key)).user_set.add(tutor)
        settings.SPOC_ENROLLMENT_ALLOWLIST = ["LISTED@example.com"]
        for user in (member, admin, tutor, listed):
            assert run_gate(user, course_key)[0] == user
        settings.SPOC_ENROLLMENT_ALLOWLIST = ["listed"]
        assert run_gate(listed, course_key)[0] == listed
        settings.SPOC_ENROLLMENT_ALLOWLIST = []
        refusal(listed, course_key)

    def test_a_full_cohort_refuses_even_an_invited_learner(self, make_user, acme, make_invitation, course_key):
        for _ in range(2):
            CohortMembership.objects.create(user=make_user(), cohort=acme)
        late = make_user()
        make_invitation(acme, late.email)
        error = refusal(late, course_key)
        assert "full" in error.message and acme.name in error.message
        assert error.status_code == 409

    def test_a_closed_or_not_yet_open_window_refuses(self, make_user, acme, make_invitation, course_key):
        now = timezone.now()
        early = make_user()
        make_invitation(acme, early.email)
        acme.enrollment_opens = now + timedelta(days=2)
        acme.save()
        assert "opens on" in refusal(early, course_key).message
        acme.enrollment_opens, acme.enrollment_closes = now - timedelta(days=9), now - timedelta(days=1)
        acme.save()
        assert "closed" in refusal(early, course_key).message

    def test_anonymous_users_are_asked_to_sign_in(self, acme, course_key):
        from django.contrib.auth.models import AnonymousUser

        assert "sign in" in refusal(AnonymousUser(), course_key).message

    def test_the_refusal_message_carries_the_join_page_the_platform_drops_redirect_to(self, make_user, acme,
                                                                                      course_key):
        message = refusal(make_user(), course_key).message
        assert message.endswith(f"Join with your invitation or company code at "
                                f"http://127.0.0.1:8000/spoc/join/course/{course_key}/")

    @pytest.mark.parametrize("fail_silently", [True, False])
    def test_the_gate_fails_closed_whatever_the_pipeline_s_fail_silently(self, make_user, acme, course_key,
                                                                         monkeypatch, settings, fail_silently,
                                                                         caplog):
        def broken(*args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(gate, "check_enrollment", broken)
        settings.OPEN_EDX_FILTERS_CONFIG = {
            "org.openedx.learning.course.enrollment.started.v1": {
                "pipeline": ["spoc_plugin.filters.PrivateCohortEnrollmentGate"], "fail_silently": fail_silently}}
        error = refusal(make_user(), course_key)
        assert error.status_code == 503 and "not possible right now" in error.message
        assert "SPOC enrollment gate failed" in caplog.text

    def test_a_step_ending_the_pipeline_early_cannot_skip_the_gate(self, make_user, acme, course_key, settings):
        settings.OPEN_EDX_FILTERS_CONFIG = {"org.openedx.learning.course.enrollment.started.v1": {
            "pipeline": ["tests.test_enrollment_gate.EndsThePipeline"]}}
        add_enrollment_gate(settings)
        assert "private" in refusal(make_user(), course_key).message

    def test_the_demo_platform_enrollment_runs_the_gate(self, make_user, acme, course_key, enrolled):
        newcomer = make_user()
        with pytest.raises(CourseEnrollmentStarted.PreventEnrollment):
            compat.enroll(newcomer, course_key)
        assert not enrolled(newcomer, course_key)


class TestReceivers:
    def test_enrollment_turns_the_invitation_into_a_membership_once(self, make_user, acme, make_invitation,
                                                                   course_key, tracked):
        grace = make_user("grace")
        invitation = make_invitation(acme, grace.email)
        for _ in range(2):
            COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment_event(grace, course_key))
        assert tracked() == [("edx.spoc.cohort.joined", {"course_id": str(course_key), "user_id": grace.id,
                                                         "cohort_id": acme.id, "source": "invitation"})]
        membership = CohortMembership.objects.get(user=grace)
        assert membership.cohort == acme and membership.is_active
        assert membership.source == CohortMembership.Source.INVITATION
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by == grace

    def test_enrollment_with_a_redeemed_code_makes_a_code_membership(self, make_user, acme, make_code, course_key):
        kim = make_user()
        CodeRedemption.objects.create(code=make_code(acme), user=kim)
        COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment_event(kim, course_key))
        assert CohortMembership.objects.get(user=kim).source == CohortMembership.Source.CODE

    def test_enrollment_without_invitation_or_code_creates_nothing(self, make_user, acme, course_key):
        COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment_event(make_user(is_staff=True), course_key))
        assert not CohortMembership.objects.exists()

    def test_unenrollment_deactivates_and_re_enrollment_with_the_code_reactivates(self, make_user, acme, make_code,
                                                                               course_key):
        kim = make_user()
        CodeRedemption.objects.create(code=make_code(acme), user=kim)
        COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment_event(kim, course_key))
        COURSE_ENROLLMENT_CHANGED.send_event(enrollment=enrollment_event(kim, course_key, is_active=False))
        assert not CohortMembership.objects.get(user=kim).is_active
        COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment_event(kim, course_key))
        assert CohortMembership.objects.get(user=kim).is_active
        assert CohortMembership.objects.count() == 1

    def test_the_learner_is_added_to_the_named_edx_cohort(self, make_user, acme, make_invitation, course_key,
                                                          monkeypatch):
        calls = []
        monkeypatch.setattr(compat, "add_to_edx_cohort", lambda *args: calls.append(args))
        acme.edx_cohort_name = "Acme (edX)"
        acme.save()
        grace = make_user()
        make_invitation(acme, grace.email)
        COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment_event(grace, course_key))
        assert calls == [(grace, course_key, "Acme (edX)")]


class TestLastSeatLostAfterTheGate:
    """The LMS's Enroll button passes the gate without a lock: the seat is counted again when recorded."""

    @pytest.fixture
    def stale_gate(self, monkeypatch):
        """The gate saw a seat left (another learner took it before the enrollment was recorded)."""
        monkeypatch.setattr(gate, "check_enrollment", lambda user, course_key, lock=False: None)

    def test_the_learner_who_lost_the_last_seat_is_unenrolled_after_the_commit(
            self, make_user, acme, make_invitation, course_key, enrolled, stale_gate, tracked,
            django_capture_on_commit_callbacks):
        for name in ("ann", "ben"):
            CohortMembership.objects.create(user=make_user(name), cohort=acme)
        grace = make_user("grace")
        invitation = make_invitation(acme, grace.email)
        with django_capture_on_commit_callbacks(execute=True) as undo:
            compat.enroll(grace, course_key)  # the Enroll button
            assert enrolled(grace, course_key)  # the platform may still save its copy in this transaction
        assert len(undo) == 1 and not enrolled(grace, course_key)
        assert not CohortMembership.objects.filter(user=grace).exists()
        assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.PENDING
        assert ("edx.spoc.enrollment.refused", {"course_id": str(course_key), "user_id": grace.id,
                                                "reason": "cohort_full"}) in tracked()
        with pytest.raises(errors.EnrollmentError) as error:  # the plugin's own enroll says why
            joining.enroll_in_course(grace, course_key)
        assert error.value.code == "cohort_full" and not enrolled(grace, course_key)

    def test_course_staff_are_placed_all_the_same(self, make_user, acme, make_invitation, course_key, enrolled,
                                                  stale_gate):
        for name in ("ann", "ben"):
            CohortMembership.objects.create(user=make_user(name), cohort=acme)
        tutor = make_user("tutor")
        Group.objects.create(name=STAFF_GROUP.format(course_key=course_key)).user_set.add(tutor)
        make_invitation(acme, tutor.email)
        compat.enroll(tutor, course_key)
        assert enrolled(tutor, course_key) and CohortMembership.objects.get(user=tutor).cohort == acme
