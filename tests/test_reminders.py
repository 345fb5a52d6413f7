"""Session and due-date reminders: who gets them, when, once, and the notices of moved or cancelled slots."""
import re
import smtplib
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar

from spoc_plugin import api
from spoc_plugin.messages.preferences import set_messages_preference
from spoc_plugin.models import CheckpointSubmission, ReminderLog, SessionRegistration, TutorAssignment
from spoc_plugin.reminders import schedule
from spoc_plugin.reminders.tasks import queue_due_reminders
from spoc_xblocks.live_session.slots import utc_iso

SESSION = "block-v1:SPOC+Test+2026+type@spoc_live_session+block@webinar"
CHECKPOINT = "block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2"
NOW = datetime.now(UTC).replace(second=0, microsecond=0)
START = NOW + timedelta(days=2)


def slot(slot_id="s1", start=START, duration=90, join_url="https://meet.example.com/room"):
    return {"id": slot_id, "start": utc_iso(start), "duration": duration, "capacity": 0, "join_url": join_url,
            "timezone": "Europe/Paris"}


def paris(moment):
    return moment.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")


def scan(at):
    """Run the periodic scan as the beat would at ``at`` (batches sent in this process, as celery runs eagerly)."""
    return queue_due_reminders(now=at)


def subjects():
    return sorted((email.to[0].split("@")[0], email.subject) for email in mail.outbox)


@pytest.fixture
def session(course_key, make_user, make_cohort, mailoutbox):
    """A published slot starting in two days; alice and dan registered, bob waitlisted, carl cancelled."""
    alice, bob, carl, dan = (make_user(name, first_name=name.title()) for name in ("alice", "bob", "carl", "dan"))
    make_cohort("Acme", members=[alice, bob, carl, dan])
    api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot()])
    for user in (alice, carl, dan):
        api.register_for_session(course_key, SESSION, "s1", user.id, capacity=3)
    api.cancel_session_registration(course_key, SESSION, "s1", carl.id, capacity=3)
    assert api.register_for_session(course_key, SESSION, "s1", bob.id, capacity=2).status == "waitlisted"
    return {"alice": alice, "bob": bob, "carl": carl, "dan": dan}


def test_registered_learners_are_reminded_a_day_and_an_hour_before_once_each(session, mailoutbox, course_key):
    set_messages_preference(session["dan"].id, course_key, False)  # dan opted out of optional messages
    assert scan(START - timedelta(days=1, minutes=10)) == 0  # not yet
    assert scan(START - timedelta(days=1)) == 1
    [email] = mailoutbox
    assert email.to == [session["alice"].email]
    assert email.subject.startswith("Reminder: Expert webinar, ")
    assert f"{paris(START)} to {paris(START + timedelta(minutes=90))} (Europe/Paris)" in email.body  # the slot's zone
    assert "Join the session: https://meet.example.com/room" in email.body
    assert "https://calendar.google.com/calendar/render?" in email.body and "outlook.office.com" in email.body
    assert f"http://127.0.0.1:8000/courses/{course_key}/jump_to/{SESSION}" in email.body
    html = email.alternatives[0][0]
    assert 'href="https://meet.example.com/room"' in html
    # The scan runs again (every 10 minutes, or twice at once): nothing more.
    assert scan(START - timedelta(days=1)) == 0 and scan(START - timedelta(hours=23, minutes=30)) == 0
    assert scan(START - timedelta(hours=1)) == 1
    assert [email.to for email in mailoutbox] == [[session["alice"].email]] * 2
    assert scan(START - timedelta(minutes=30)) == 0 and len(mailoutbox) == 2
    # dan's reminders were skipped, not failed: never taken again.
    assert sorted(ReminderLog.objects.values_list("user__username", "offset", "status")) == [
        ("alice", 60, "sent"), ("alice", 1440, "sent"), ("dan", 60, "skipped"), ("dan", 1440, "skipped")]


def test_a_reminder_whose_moment_is_past_the_window_is_skipped_not_sent_late(session, mailoutbox):
    assert scan(START - timedelta(hours=22)) == 0  # the scan was down 2 hours after the 24-hour mark
    assert mailoutbox == []
    assert scan(START - timedelta(minutes=59)) == 1 and len(mailoutbox) == 2  # alice and dan


def test_a_learner_who_registers_after_the_24_hour_mark_gets_only_the_1_hour_reminder(course_key, make_user,
                                                                                          mailoutbox):
    start = NOW + timedelta(hours=20)
    api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot(start=start)])
    late = make_user("late")
    api.register_for_session(course_key, SESSION, "s1", late.id, capacity=0)  # registers 20 hours before
    # Even a scan within the window of the 24-hour moment does not send it: she registered after it.
    assert [found for found in schedule.due_reminders(start - timedelta(hours=24) + timedelta(minutes=5))] == []
    assert scan(start - timedelta(hours=23, minutes=55)) == 0
    assert scan(start - timedelta(hours=1)) == 1
    [email] = mailoutbox
    assert email.to == [late.email] and ReminderLog.objects.get().offset == 60


def test_cancelled_slots_and_past_slots_get_no_reminder(session, mailoutbox, course_key):
    api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot("other")])
    mailoutbox.clear()
    assert scan(START - timedelta(days=1)) == 0 and scan(START - timedelta(hours=1)) == 0
    assert mailoutbox == []


class FailingOnce:
    """An SMTP server that refuses the first message it is given, then works (the locmem outbox)."""

    calls = 0

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.backend = EmailBackend(*args, **kwargs)

    def open(self):
        return True

    def close(self):
        return None

    def send_messages(self, messages):
        FailingOnce.calls += 1
        if FailingOnce.calls == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return self.backend.send_messages(messages)


def test_a_failed_send_is_sent_by_the_next_run_and_only_once(session, mailoutbox, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnce"
    FailingOnce.calls = 0
    moment = START - timedelta(days=1)
    assert scan(moment) == 1
    # alice's send failed (the row says so), dan's went out.
    assert dict(ReminderLog.objects.values_list("user__username", "status")) == {"alice": "failed", "dan": "sent"}
    assert [email.to for email in mailoutbox] == [[session["dan"].email]]
    assert scan(moment + timedelta(minutes=10)) == 1  # the retry: only alice
    assert scan(moment + timedelta(minutes=20)) == 0
    assert sorted(email.to[0] for email in mailoutbox) == [session["alice"].email, session["dan"].email]
    assert ReminderLog.objects.get(user=session["alice"]).attempts == 2


def test_a_claim_left_by_a_dead_worker_is_taken_again_after_the_claim_timeout(session, mailoutbox):
    from spoc_plugin.reminders import claims

    [(reminder, users)] = schedule.due_reminders(START - timedelta(days=1))
    held = claims.claim(reminder, users)  # a worker claims, then dies before sending
    scan(START - timedelta(days=1))  # another run finds them, but they are held
    assert len(held.held) == 2 and mailoutbox == []
    ReminderLog.objects.update(claimed_at=NOW - timedelta(hours=1))
    assert scan(START - timedelta(days=1) + timedelta(minutes=10)) == 1 and len(mailoutbox) == 2


def test_learners_of_a_moved_or_cancelled_slot_are_told_once(session, mailoutbox, course_key,
                                                             django_capture_on_commit_callbacks):
    later = START + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot(start=later), slot("s2")])
    assert subjects() == [("alice", mailoutbox[0].subject), ("dan", mailoutbox[1].subject)]
    assert mailoutbox[0].subject.startswith("New time for Expert webinar: ")
    assert f"{paris(later)} to {paris(later + timedelta(minutes=90))} (Europe/Paris)" in mailoutbox[0].body
    assert f"It was: {START.astimezone(ZoneInfo('Europe/Paris')):%A %-d %B %Y, %H:%M}." in mailoutbox[0].body
    # Reminders follow the new time, not the old one.
    mailoutbox.clear()
    assert scan(START - timedelta(days=1)) == 0 and scan(later - timedelta(days=1)) == 1 and len(mailoutbox) == 2
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot("s2")])
        api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot("s2")])
    assert [email.to for email in mailoutbox] == [[session["alice"].email], [session["dan"].email]]
    assert mailoutbox[0].subject.startswith("Cancelled: Expert webinar, ")
    assert "is cancelled" in mailoutbox[0].body and "meet.example.com" not in mailoutbox[0].body
    assert scan(later - timedelta(hours=1)) == 0


def feed_in(email):
    """The learner's calendar feed linked in ``email`` (text and HTML), read as a calendar app reads it."""
    [url] = re.findall(r"https?://\S+/spoc/calendar/[0-9a-f]{64}\.ics", email.body)
    assert f'href="{url}"' in email.alternatives[0][0]
    response = Client().get(urlsplit(url).path)  # no login
    assert response.status_code == 200
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_session_emails_link_the_learner_s_calendar_feed_which_follows_the_changes(
        session, mailoutbox, course_key, django_capture_on_commit_callbacks):
    # ACE's Django email channel attaches no file: reminders and notices link the learner's own feed instead.
    assert scan(START - timedelta(days=1)) == 1
    reminded = {email.to[0]: feed_in(email) for email in mailoutbox}
    assert set(reminded) == {session["alice"].email, session["dan"].email}
    [event] = reminded[session["alice"].email]
    assert (event.decoded("DTSTART"), str(event["STATUS"])) == (START, "CONFIRMED")
    mailoutbox.clear()
    later = START + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot(start=later)])
    [moved] = feed_in(mailoutbox[0])
    assert (moved.decoded("DTSTART"), str(moved["UID"])) == (later, str(event["UID"]))
    assert moved["SEQUENCE"] > event.get("SEQUENCE", 0)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [])
    [cancelled] = feed_in(mailoutbox[0])
    assert (str(cancelled["UID"]), str(cancelled["STATUS"])) == (str(event["UID"]), "CANCELLED")
    # A learner's feed link in her email is hers: the same as the block gives her.
    assert api.calendar_feed_url(session["alice"].id).https_url in [
        email.body for email in mailoutbox if email.to == [session["alice"].email]][0]


# ----- checkpoints -----
DUE = NOW + timedelta(days=5)


@pytest.fixture
def cohort(course_key, make_user, make_cohort):
    """Initech (no calendar): ann, ben, cid; tina tutors it; ben has submitted the checkpoint."""
    ann, ben, cid, tina = (make_user(name) for name in ("ann", "ben", "cid", "tina"))
    acme = make_cohort("Initech", members=[ann, ben, cid])
    TutorAssignment.objects.create(cohort=acme, tutor=tina)
    api.publish_checkpoint(course_key, CHECKPOINT, "Week 2: hazards", None, DUE)
    CheckpointSubmission.objects.create(course_key=course_key, usage_key=CHECKPOINT, week=2, user=ben)
    return {"ann": ann, "ben": ben, "cid": cid, "tina": tina, "acme": acme}


def test_learners_who_have_not_submitted_are_reminded_48_hours_before_the_due_date(cohort, mailoutbox):
    assert scan(DUE - timedelta(hours=49)) == 0
    assert scan(DUE - timedelta(hours=48)) == 1
    assert subjects() == [("ann", mailoutbox[0].subject), ("cid", mailoutbox[1].subject)]
    assert mailoutbox[0].subject.startswith("Due ") and mailoutbox[0].subject.endswith(": Week 2: hazards")
    assert "you have not submitted it yet" in mailoutbox[0].body
    assert scan(DUE - timedelta(hours=47)) == 0 and len(mailoutbox) == 2


def test_a_missed_checkpoint_tells_the_learner_and_their_tutor_a_day_after(cohort, mailoutbox):
    assert scan(DUE + timedelta(hours=23)) == 0
    assert scan(DUE + timedelta(days=1)) == 1
    assert sorted(email.to[0].split("@")[0] for email in mailoutbox) == ["ann", "cid", "tina"]
    [notice] = [email for email in mailoutbox if email.to == [cohort["tina"].email]]
    assert notice.subject == "2 learners missed Week 2: hazards"
    assert "- ann (ann) <ann@example.com>" in notice.body and "ben" not in notice.body
    assert f"/jump_to/{CHECKPOINT}" in notice.body
    assert scan(DUE + timedelta(days=1, minutes=10)) == 0 and len(mailoutbox) == 3


def test_the_learner_s_own_due_date_comes_from_their_cohort_s_calendar(cohort, course_key, make_user, make_cohort,
                                                                       mailoutbox):
    # Globex started a week ago: week 2 closes in a week; Acme has no calendar: the checkpoint's own due date.
    starts = NOW - timedelta(days=7)
    globex = make_cohort("Globex", members=[make_user("gus")], starts=starts)
    api.publish_checkpoint(course_key, CHECKPOINT, "Week 2: hazards", 2, DUE)
    week_closes = api.cohort_week(course_key, globex.id, 2).closes
    assert week_closes == starts + timedelta(days=14)
    assert scan(DUE - timedelta(hours=48)) == 1
    assert sorted(email.to[0] for email in mailoutbox) == ["ann@example.com", "cid@example.com"]
    mailoutbox.clear()
    assert scan(week_closes - timedelta(hours=48)) == 1
    assert [email.to for email in mailoutbox] == [["gus@example.com"]]


def test_the_command_sends_what_is_due_for_cron_users(course_key, make_user, mailoutbox, capsys):
    start = datetime.now(UTC) + timedelta(minutes=55)
    api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot(start=start.replace(microsecond=0))])
    for name in ("ann", "ben"):
        api.register_for_session(course_key, SESSION, "s1", make_user(name).id, capacity=0)
    SessionRegistration.objects.update(created=NOW - timedelta(days=1))  # they registered yesterday
    call_command("spoc_send_reminders")
    assert capsys.readouterr().out.strip() == "2 sent, 0 skipped, 0 failed"
    call_command("spoc_send_reminders")
    assert capsys.readouterr().out.strip() == "0 sent, 0 skipped, 0 failed"
    assert len(mailoutbox) == 2


# ----- the checkpoint block publishes its dates -----
def test_the_checkpoint_block_publishes_its_week_and_due_date(make_user, make_cohort, grant_role, course_key):
    from common.djangoapps.student.roles import CourseStaffRole

    from spoc_plugin.models import PublishedCheckpoint
    from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
    from tests.utils import call_handler, make_block

    author, learner = make_user("author"), make_user("lea")
    grant_role(author, CourseStaffRole, course_key)
    make_cohort("Acme", members=[learner])
    content = {"week": 3, "title": "Near misses", "checklist": [{"id": "item-1", "text": "Worksheet"}]}
    studio = make_block(WeeklyCheckpointBlock, user=author, runtime="studio", **content)
    editor = {"display_name": "Checkpoint", "week": 4, "title": "Audits", "due": "2030-12-04T17:00",
              "checklist": "Worksheet", "links": "", "questions": "", "max_answer_length": 800, "allow_help": True,
              "accept_after_cohort_end": True, "due_in_cohort_week": True}
    assert call_handler(studio, "studio_submit", {**editor, "week": "nope"})[0] == 400
    assert PublishedCheckpoint.objects.count() == 0  # a refused save publishes nothing
    assert call_handler(studio, "studio_submit", editor)[0] == 200
    row = PublishedCheckpoint.objects.get()
    assert (str(row.usage_key), row.title, row.week, row.due) == (
        str(studio.usage_key), "Audits", 4, datetime(2030, 12, 4, 17, tzinfo=UTC))
    # A block saved before this release is published when a learner views it (no user, no write).
    PublishedCheckpoint.objects.all().delete()
    make_block(WeeklyCheckpointBlock, services={"user": None}, **content).student_view()
    assert PublishedCheckpoint.objects.count() == 0
    make_block(WeeklyCheckpointBlock, user=learner, **content).student_view()
    assert PublishedCheckpoint.objects.values_list("title", "week", "due").get() == ("Near misses", None, None)


def test_the_scan_reads_in_nine_queries(session, cohort, django_assert_num_queries, make_user, make_cohort):
    # Session and checkpoint reminders due at the same moment, three cohorts: nine queries (and as many with 2,500
    # learners: tests/bench/test_reminders.py).
    api.publish_checkpoint(cohort["acme"].course_key, CHECKPOINT, "Week 2: hazards", None,
                           START - timedelta(days=1) + timedelta(hours=48))
    make_cohort("Globex", members=[make_user(f"g{number}") for number in range(5)])
    with django_assert_num_queries(9):
        found = schedule.due_reminders(START - timedelta(days=1))
    assert sorted((reminder.kind, len(users)) for reminder, users in found) == [
        ("checkpoint_due", 2), ("checkpoint_due", 4), ("checkpoint_due", 5), ("session", 2)]
