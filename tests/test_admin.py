"""The Django admin of the plugin: objects named by people and cohorts, learners' records read-only."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from spoc_plugin.models import (
    ActivityGroupMembership,
    ActivityPost,
    CalendarWeek,
    CheckpointSubmission,
    ClientManager,
    CodeRedemption,
    CohortMembership,
    EnrollmentCode,
    HelpRequest,
    Invitation,
    LearnerProgress,
    Nudge,
    PostReaction,
    SessionRegistration,
    TutorAssignment,
    TutorDigestLog,
    TutorLearner,
)
from spoc_plugin.models.cohort_activity import ActivityPostingLock
from spoc_plugin.models.live_sessions import CheckinAttempt

BLOCK = "block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@week2"
SESSION = "block-v1:SPOC+Test+2026+type@spoc_live_session+block@kickoff"
SUBMITTED = timezone.now() - timedelta(days=3)


@pytest.fixture
def people(make_user, make_cohort, course_key):
    alice, tutor = make_user("alice"), make_user("tutor", is_staff=True)
    acme = make_cohort("Acme", members=[alice], client_organization="Acme Chemicals")
    return alice, tutor, acme


@pytest.fixture
def submission(people, course_key):
    alice, _tutor, _acme = people
    return CheckpointSubmission.objects.create(
        course_key=course_key, usage_key=BLOCK, week=2, user=alice, checked_items=["video", "reading"],
        answers={"takeaway": "Lockout <b>before</b> maintenance", "next": "Ask my manager"}, confidence=3,
        submitted_at=SUBMITTED)


def test_every_model_is_named_by_people_and_cohorts_not_ids(people, submission, course_key):
    alice, tutor, acme = people
    post = ActivityPost.objects.create(course_key=course_key, usage_key=BLOCK, cohort=acme, author=alice,
                                       body="Our team checks the valves every Monday morning before the shift")
    reply = ActivityPost.objects.create(course_key=course_key, usage_key=BLOCK, cohort=acme, author=tutor,
                                        parent=post, body="Great")
    code = EnrollmentCode.objects.create(cohort=acme, code="ACME-2026")
    assignment = TutorAssignment.objects.create(cohort=acme, tutor=tutor)
    named = {
        CohortMembership.objects.get(user=alice): "alice in Acme",
        CalendarWeek.objects.create(cohort=acme, week=2, opens=SUBMITTED, closes=SUBMITTED): "Acme — week 2",
        submission: f"alice — week 2 of {course_key}",
        HelpRequest.objects.create(course_key=course_key, usage_key=BLOCK, user=alice, message="Stuck"):
            "Help request from alice (Open)",
        Nudge.objects.create(course_key=course_key, usage_key=BLOCK, user=alice, sent_by=tutor,
                             sent_at=SUBMITTED): f"Nudge to alice, {SUBMITTED:%Y-%m-%d}",
        ActivityGroupMembership.objects.create(course_key=course_key, usage_key=BLOCK, cohort=acme, user=alice,
                                               group=2): "alice in group 2",
        post: "Post by alice: Our team checks the valves every Monday…",
        reply: "Reply by tutor: Great",
        PostReaction.objects.create(post=post, user=tutor): "tutor: Helpful, on a post by alice",
        ActivityPostingLock.objects.create(course_key=course_key, user=alice):
            f"Posting lock of alice in {course_key}",
        Invitation.objects.create(cohort=acme, email="grace@example.com"): "grace@example.com → Acme (Pending)",
        CodeRedemption.objects.create(code=code, user=alice): "alice redeemed ACME-2026",
        SessionRegistration.objects.create(course_key=course_key, usage_key=SESSION, slot_id="s1", user=alice):
            f"alice: Registered ({course_key})",
        CheckinAttempt.objects.create(usage_key=SESSION, slot_id="s1", user=alice): "alice: wrong check-in code",
        LearnerProgress.objects.get(user=alice, course_key=course_key): f"Progress of alice in {course_key}",
        ClientManager.objects.create(user=tutor, client_organization="Acme Chemicals"):
            "tutor manages Acme Chemicals",
        assignment: "tutor tutors Acme",
        TutorLearner.objects.create(assignment=assignment, learner=alice): "alice followed by tutor",
        TutorDigestLog.objects.create(tutor=tutor, week_start=date(2026, 11, 30)):
            "Digest of tutor for the week of 2026-11-30",
    }
    assert {str(obj): text for obj, text in named.items()} == {text: text for text in named.values()}


def test_a_submission_shows_its_answers_as_text_and_cannot_be_changed(admin_client, submission):
    url = f"/admin/spoc_plugin/checkpointsubmission/{submission.id}/change/"
    page = admin_client.get(url).content.decode()
    assert "Lockout &lt;b&gt;before&lt;/b&gt; maintenance" in page and "Ask my manager" in page
    assert "video, reading" in page
    assert '{"takeaway"' not in page and "&quot;takeaway&quot;" not in page  # no raw JSON
    assert 'name="answers"' not in page and 'name="submitted_at' not in page  # nothing to edit
    response = admin_client.post(url, {"answers": "{}", "submitted_at_0": "2020-01-01", "submitted_at_1": "00:00",
                                       "week": "9", "confidence": "1"})
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.answers["next"] == "Ask my manager" and submission.submitted_at == SUBMITTED
    assert (submission.week, submission.confidence) == (2, 3)
    assert admin_client.get("/admin/spoc_plugin/checkpointsubmission/add/").status_code == 403


def test_a_help_request_s_status_changes_but_not_what_the_learner_wrote(admin_client, people, course_key):
    alice, tutor, _acme = people
    request = HelpRequest.objects.create(course_key=course_key, usage_key=BLOCK, user=alice, message="Stuck")
    response = admin_client.post(f"/admin/spoc_plugin/helprequest/{request.id}/change/",
                                 {"status": "resolved", "message": "Nothing", "user": tutor.id,
                                  "reply": "Fake reply", "replied_by": tutor.id})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "resolved"
    assert (request.message, request.user_id, request.reply, request.replied_by_id) == ("Stuck", alice.id, "", None)


def test_a_membership_keeps_when_and_how_the_learner_joined(admin_client, people):
    alice, _tutor, acme = people
    membership = CohortMembership.objects.get(user=alice)
    joined, source = membership.joined, membership.source
    response = admin_client.post(f"/admin/spoc_plugin/cohortmembership/{membership.id}/change/",
                                 {"user": alice.id, "cohort": acme.id, "is_active": "on", "source": "code",
                                  "joined_0": "2020-01-01", "joined_1": "00:00:00"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.joined, membership.source) == (joined, source)


def test_a_code_redemption_is_a_record(admin_client, people):
    alice, _tutor, acme = people
    redemption = CodeRedemption.objects.create(code=EnrollmentCode.objects.create(cohort=acme, code="X1"), user=alice)
    assert admin_client.get("/admin/spoc_plugin/coderedemption/add/").status_code == 403
    assert admin_client.post(f"/admin/spoc_plugin/coderedemption/{redemption.id}/change/",
                             {"user": alice.id, "code": redemption.code_id}).status_code == 403


def test_bulk_actions_say_how_many_in_proper_plurals(admin_client, people):
    _alice, _tutor, acme = people
    one = Invitation.objects.create(cohort=acme, email="one@example.com")
    two = Invitation.objects.create(cohort=acme, email="two@example.com")
    code = EnrollmentCode.objects.create(cohort=acme, code="C1")

    def act(model, action, ids):
        response = admin_client.post(f"/admin/spoc_plugin/{model}/", {"action": action, "_selected_action": ids},
                                     follow=True)
        return [str(message) for message in response.context["messages"]]

    assert act("invitation", "revoke", [one.id]) == ["1 invitation revoked."]
    assert act("invitation", "resend", [two.id]) == ["1 invitation email queued."]
    three = Invitation.objects.create(cohort=acme, email="three@example.com")
    assert act("invitation", "revoke", [two.id, three.id]) == ["2 invitations revoked."]
    assert act("enrollmentcode", "deactivate", [code.id]) == ["1 code deactivated."]
