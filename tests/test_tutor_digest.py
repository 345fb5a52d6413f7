"""The tutors' weekly digest: Monday morning in the tutor's time zone, their at-risk learners, open help requests
and the past week's sessions, exactly once per tutor and week."""
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from opaque_keys.edx.keys import UsageKey

from spoc_plugin import api
from spoc_plugin.models import CohortMembership, HelpRequest, SessionRegistration, TutorDigestLog
from spoc_plugin.reports import tasks
from spoc_plugin.reports import tutor_digest as digest

MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SESSION = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_live_session+block@s2")
CHECKPOINT = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2")


@pytest.fixture
def tutored(make_user, make_cohort, course_key):
    alice, bob, carl = make_user("alice"), make_user("bob"), make_user("carl")
    cohort = make_cohort("Acme", members=[alice, bob, carl], starts=MONDAY_9 - timedelta(days=30))
    CohortMembership.objects.filter(cohort=cohort).update(joined=datetime.now(UTC) - timedelta(days=30))  # idle
    tina = make_user("tina", first_name="Tina", is_staff=True)
    api.assign_tutor(course_key, cohort.id, "tina", learners=["alice", "carl"])
    HelpRequest.objects.create(course_key=course_key, usage_key=CHECKPOINT, user=alice, message="Stuck <here>")
    HelpRequest.objects.create(course_key=course_key, usage_key=CHECKPOINT, user=bob, message="Not Tina's")
    SessionRegistration.objects.create(course_key=course_key, usage_key=SESSION, slot_id="mon-10", user=alice,
                                       attended=True, attended_at=MONDAY_9 - timedelta(days=2))
    return tina


def test_the_digest_lists_the_tutor_s_learners_only_and_goes_out_once_a_week(tutored):
    assert digest.send_digests(MONDAY_9) == 1
    assert digest.send_digests(MONDAY_9 + timedelta(hours=1)) == 0  # the task ran again: nothing more
    assert TutorDigestLog.objects.filter(tutor=tutored).count() == 1
    (message,) = mail.outbox
    assert message.to == ["tina@example.com"] and message.subject == "Your learners this week"
    assert "Stuck <here>" in message.body and "Not Tina's" not in message.body
    assert "Stuck &lt;here&gt;" in message.alternatives[0][0]
    assert "- carl (Acme): " in message.body and "No activity since joining" in message.body  # alice attended
    assert "- bob" not in message.body and "- alice (Acme)" not in message.body
    assert "mon-10" in message.body
    assert digest.send_digests(MONDAY_9 + timedelta(days=7)) == 1  # next week's


@pytest.mark.parametrize("now", [MONDAY_9 - timedelta(hours=3),  # Monday 6:00, before the hour
                                 MONDAY_9 + timedelta(days=1)])  # Tuesday
def test_no_digest_outside_monday_morning(tutored, now):
    assert digest.send_digests(now) == 0 and mail.outbox == []


def test_the_task_sends_the_digests_due_now(tutored):
    assert tasks.send_weekly_digests.apply().get() in (0, 1)  # the real clock: Monday morning or not
