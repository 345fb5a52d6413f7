"""Tutors' opt-out of their optional emails, per course: the weekly digest (a course left out of it, none when every
course is off) and the missed-checkpoint notice; the help-request notice always goes. The policy, the unsubscribe
link, the checkpoint block's checkbox in the follow-up area."""
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from opaque_keys.edx.keys import CourseKey

from spoc_plugin import api
from spoc_plugin.messages import deliver
from spoc_plugin.messages.unsubscribe import Unsubscribe, read_unsubscribe_token, unsubscribe_url
from spoc_plugin.models import (
    CheckpointSubmission,
    CohortMembership,
    HelpRequest,
    MessagePreference,
    ReminderLog,
)
from spoc_plugin.reminders.claims import MISSED_TUTOR
from spoc_plugin.reminders.message_types import CheckpointMissedTutor
from spoc_plugin.reminders.tasks import queue_due_reminders
from spoc_plugin.reports import tutor_digest
from spoc_plugin.tutors.message_types import TutorDigest
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.utils import call_handler, make_block

OTHER = CourseKey.from_string("course-v1:SPOC+Other+2026")
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CHECKPOINT = "block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/spoc/messages/unsubscribe/[^/\s]+/)")


@pytest.fixture
def tina(make_user, make_cohort, course_key):
    """Tina (staff) tutors ann and ben in this course and olga in another one; all of them idle (at risk)."""
    ann, ben, olga = make_user("ann"), make_user("ben"), make_user("olga")
    here = make_cohort("Acme", members=[ann, ben], starts=MONDAY_9 - timedelta(days=30))
    there = make_cohort("Globex", course_key=OTHER, members=[olga], starts=MONDAY_9 - timedelta(days=30))
    CohortMembership.objects.update(joined=datetime.now(UTC) - timedelta(days=30))
    tutor = make_user("tina", first_name="Tina", is_staff=True)
    api.assign_tutor(course_key, here.id, "tina")
    api.assign_tutor(OTHER, there.id, "tina")
    return tutor


def digest_email():
    mail.outbox.clear()
    sent = tutor_digest.send_digests(MONDAY_9)
    assert sent == len(mail.outbox)
    return mail.outbox[0] if mail.outbox else None


def post_link(path):
    """Confirm an unsubscribe link as from the mailbox: the page, then its form with the CSRF token."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    return page, client.post(path, {"csrfmiddlewaretoken": token})


# ----- the policy -----

def test_the_policy_drops_a_tutor_message_only_when_every_course_of_it_is_off(tina, course_key):
    context = {"tutor": tina, "digest": tutor_digest.Digest(MONDAY_9.date(), []), "subject": "Digest"}
    notice = {"tutor": tina, "learners": [], "title": "W2", "due": MONDAY_9, "zone": "UTC", "course_title": "T"}
    api.set_messages_preference(tina.id, course_key, False)  # as a learner: nothing to do with her tutor emails
    assert deliver(CheckpointMissedTutor(), tina, notice, course_key=course_key) is True
    assert api.set_tutor_messages_preference(tina.id, course_key, False) is False
    assert api.tutor_messages_preference(tina.id, course_key) is False
    assert api.tutor_messages_preference(tina.id, OTHER) is True
    assert api.messages_preference(tina.id, OTHER) is True
    assert deliver(CheckpointMissedTutor(), tina, notice, course_key=course_key) is False
    assert deliver(CheckpointMissedTutor(), tina, notice, course_key=OTHER) is True
    assert deliver(TutorDigest(), tina, context, course_keys=[course_key, OTHER]) is True  # one course still on
    api.set_tutor_messages_preference(tina.id, OTHER, False)
    assert deliver(TutorDigest(), tina, context, course_keys=[course_key, OTHER]) is False
    assert len(mail.outbox) == 3


def test_a_learner_s_opt_out_and_a_tutor_s_are_apart(tina, course_key):
    api.set_tutor_messages_preference(tina.id, course_key, False)
    assert api.messages_preference(tina.id, course_key) is True
    api.set_messages_preference(tina.id, course_key, False)
    api.set_tutor_messages_preference(tina.id, course_key, True)
    preference = MessagePreference.objects.get()
    assert (preference.optional_emails, preference.tutor_emails) == (False, True)


# ----- the digest -----

def test_the_digest_leaves_out_the_course_the_tutor_turned_off_and_links_each_course(tina, course_key):
    both = digest_email()
    assert f"== {course_key} ==" in both.body and f"== {OTHER} ==" in both.body
    header = read_unsubscribe_token(both.extra_headers["List-Unsubscribe"].strip("<>").split("/")[-2])
    assert header == Unsubscribe(tina.id, (OTHER, course_key), "tutors")  # the courses in the digest's order
    per_course = [read_unsubscribe_token(path.split("/")[-2]) for path in LINK.findall(both.body)]
    assert per_course == [Unsubscribe(tina.id, (OTHER,), "tutors"), Unsubscribe(tina.id, (course_key,), "tutors"),
                          header]
    assert f'href="http://127.0.0.1:8000{LINK.findall(both.body)[0]}"' in both.alternatives[0][0]

    api.set_tutor_messages_preference(tina.id, OTHER, False)
    tutor_digest.TutorDigestLog.objects.all().delete()  # the same Monday again
    one = digest_email()
    assert f"== {course_key} ==" in one.body and str(OTHER) not in one.body and "olga" not in one.body
    assert "- ann (Acme)" in one.body
    assert read_unsubscribe_token(one.extra_headers["List-Unsubscribe"].strip("<>").split("/")[-2]).course_keys == (
        course_key,)


def test_no_digest_when_the_tutor_turned_every_course_off(tina, course_key):
    api.set_tutor_messages_preference(tina.id, course_key, False)
    api.set_tutor_messages_preference(tina.id, OTHER, False)
    assert digest_email() is None
    api.set_tutor_messages_preference(tina.id, OTHER, True)
    assert digest_email() is None  # this week's digest was decided: next Monday's has the course back
    assert tutor_digest.send_digests(MONDAY_9 + timedelta(days=7)) == 1 and str(OTHER) in mail.outbox[0].body


# ----- the missed-checkpoint notice, the help-request notice -----

def test_the_missed_checkpoint_notice_is_skipped_for_a_tutor_who_turned_the_course_off(tina, course_key):
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=1)
    api.publish_checkpoint(course_key, CHECKPOINT, "Week 2: hazards", None, due)
    CheckpointSubmission.objects.create(course_key=course_key, usage_key=CHECKPOINT, week=2,
                                        user=CohortMembership.objects.get(user__username="ben").user)
    api.set_tutor_messages_preference(tina.id, OTHER, False)  # another course: no effect here
    api.set_tutor_messages_preference(tina.id, course_key, False)
    assert queue_due_reminders(now=due + timedelta(days=1)) == 1
    assert [email.to for email in mail.outbox] == [["ann@example.com"]]  # the learner's own "missed"
    assert ReminderLog.objects.get(kind=MISSED_TUTOR).status == ReminderLog.Status.SKIPPED


def test_the_missed_checkpoint_notice_links_its_course_s_unsubscribe_page(tina, course_key):
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=1)
    api.publish_checkpoint(course_key, CHECKPOINT, "Week 2: hazards", None, due)
    queue_due_reminders(now=due + timedelta(days=1))
    [notice] = [email for email in mail.outbox if email.to == [tina.email]]
    [path] = LINK.findall(notice.body)
    assert notice.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{path}>"
    assert f"You receive this email because you tutor learners of {course_key}." in notice.body
    assert read_unsubscribe_token(path.split("/")[-2]) == Unsubscribe(tina.id, (course_key,), "tutors")


def test_the_help_request_notice_goes_whatever_the_tutor_chose(tina, course_key, django_capture_on_commit_callbacks):
    from lms.djangoapps.bulk_email.models import Optout

    api.set_tutor_messages_preference(tina.id, course_key, False)
    api.set_messages_preference(tina.id, course_key, False)
    Optout.objects.create(user=tina, course_id=course_key)  # and the platform's course email opt-out
    ann = CohortMembership.objects.get(user__username="ann").user
    with django_capture_on_commit_callbacks(execute=True):
        api.submit_checkpoint(ann.id, course_key, CHECKPOINT, 2, [], {}, 3, help_message="Lost")
    [notice] = mail.outbox
    assert notice.to == [tina.email] and "List-Unsubscribe" not in notice.extra_headers
    assert HelpRequest.objects.count() == 1


# ----- the unsubscribe link -----

def test_a_tutor_unsubscribes_from_one_course_by_the_link_without_login(tina, course_key):
    path = unsubscribe_url(tina.id, course_key, audience="tutors").removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200 and b"Stop your weekly digest and missed-checkpoint notices" in page.content
    assert b"Tutor emails" in page.content
    assert client.post(path).status_code == 403  # no CSRF token
    assert api.tutor_messages_preference(tina.id, course_key) is True  # neither the GET nor that POST changed it
    _page, done = post_link(path)
    assert done.status_code == 200 and b'id="spoc-unsubscribe-done"' in done.content
    assert b"You will no longer receive your weekly digest or missed-checkpoint notices" in done.content
    assert api.tutor_messages_preference(tina.id, course_key) is False
    assert api.tutor_messages_preference(tina.id, OTHER) is True
    assert api.messages_preference(tina.id, course_key) is True  # her learner's choice untouched


def test_the_digest_s_own_link_stops_it_for_all_its_courses(tina, course_key):
    email = digest_email()
    path = LINK.search(email.extra_headers["List-Unsubscribe"]).group(1)
    page, done = post_link(path)
    assert f"{OTHER}, {course_key}".encode() in page.content and done.status_code == 200
    assert not api.tutor_messages_preference(tina.id, course_key) and not api.tutor_messages_preference(tina.id, OTHER)
    tutor_digest.TutorDigestLog.objects.all().delete()
    assert digest_email() is None


@pytest.mark.parametrize("payload", [[1, [], "tutors"], [1, ["course-v1:SPOC+Test+2026"], "staff"],
                                     [1, "course-v1:SPOC+Test+2026"], [1, ["not a key"], "tutors"]])
def test_a_signed_token_that_says_nothing_valid_is_a_400(tina, payload):
    from django.core import signing

    from spoc_plugin.messages.unsubscribe import SALT

    token = signing.dumps(payload, salt=SALT, compress=True)
    for method in (Client().get, Client().post):
        assert method(f"/spoc/messages/unsubscribe/{token}/").status_code == 400
    assert not MessagePreference.objects.exists()


# ----- the checkbox in the checkpoint's follow-up area -----

def test_a_tutor_turns_the_course_off_and_on_in_the_follow_up_area(tina, course_key):
    block = make_block(WeeklyCheckpointBlock, user=tina, staff=True)
    html = block.render("student_view").content
    followup = html[html.index("spoc-weekly-checkpoint-followup"):]
    assert 'data-handler="tutor_message_preference"' in followup
    assert "Email me the weekly digest and missed-checkpoint notices for this course" in followup
    assert 'class="spoc-messages-optional" checked' in followup
    assert call_handler(block, "tutor_message_preference", {"optional_emails": False}) == (
        200, {"optional_emails": False})
    assert api.tutor_messages_preference(tina.id, course_key) is False
    assert [event["optional_emails"] for event in block.runtime.events_named(
        "edx.spoc.messages.tutor_preference_changed")] == [False]
    html = make_block(WeeklyCheckpointBlock, user=tina, staff=True).render("student_view").content
    assert "Off: no weekly digest or missed-checkpoint notices for this course" in html
    assert call_handler(block, "tutor_message_preference", {"optional_emails": True}) == (
        200, {"optional_emails": True})
    assert api.tutor_messages_preference(tina.id, course_key) is True


def test_the_tutor_checkbox_refuses_bad_input_and_callers_who_tutor_nobody_here(tina, course_key, make_user):
    block = make_block(WeeklyCheckpointBlock, user=tina, staff=True)
    for body in ({}, {"optional_emails": "no"}, {"optional_emails": 0}, {"optional_emails": None},
                 {"optional_emails": [False]}):
        status, answer = call_handler(block, "tutor_message_preference", body)
        assert status == 400 and answer["error"].startswith(
            "Email me the weekly digest and missed-checkpoint notices for this course:"), body
    assert call_handler(block, "tutor_message_preference", raw_body=b"[")[0] == 400
    assert call_handler(block, "tutor_message_preference", method="GET")[0] == 405
    ann = CohortMembership.objects.get(user__username="ann").user
    walt = make_user("walt", is_staff=True)  # course staff who tutors nobody in this course
    forbidden = {
        "anonymous": make_block(WeeklyCheckpointBlock),
        "learner": make_block(WeeklyCheckpointBlock, user=ann),
        "staff, no tutor": make_block(WeeklyCheckpointBlock, user=walt, staff=True),
        "tutor elsewhere": make_block(WeeklyCheckpointBlock, user=tina, staff=True,
                                      course_key=CourseKey.from_string("course-v1:SPOC+Third+2026")),
        "masquerading": make_block(WeeklyCheckpointBlock, user=ann, staff=True, masquerade_by=tina),
    }
    for who, other in forbidden.items():
        status, answer = call_handler(other, "tutor_message_preference", {"optional_emails": False})
        assert status == 403, who
        assert "tutor_message_preference" not in other.render("student_view").content, who
    assert forbidden["staff, no tutor"].render("student_view").content.count("spoc-messages-optional") == 1
    library = make_block(WeeklyCheckpointBlock, user=tina, staff=True, runtime="library")
    assert call_handler(library, "tutor_message_preference", {"optional_emails": False})[0] == 400
    assert not MessagePreference.objects.exists()


def test_staff_see_the_tutors_choices_in_the_admin(admin_client, tina, course_key):
    api.set_tutor_messages_preference(tina.id, course_key, False)
    page = admin_client.get("/admin/spoc_plugin/messagepreference/?tutor_emails__exact=0")
    assert page.status_code == 200 and b"tina" in page.content and b"column-tutor_emails" in page.content
