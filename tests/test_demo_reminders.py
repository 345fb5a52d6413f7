"""``make demo`` (seed_demo) leaves the reminders that are due in the outbox (var/emails/ in the demo), once."""
import io

from django.core.management import call_command


def test_the_demo_seeds_reminders_that_are_due_and_sends_them_once(db, mailoutbox):
    call_command("seed_demo", stdout=io.StringIO())
    sent = sorted((email.to[0].split("@")[0], email.subject.split(":")[0]) for email in mailoutbox)
    assert sent.count(("alice", "Reminder")) == 1 and ("dan", "Reminder") in sent  # tomorrow's and the hour's
    assert {name for name, subject in sent if subject == "Not submitted yet"} == {
        "alice", "bob", "carla", "dan", "erin", "farid"}
    assert ("theo", "2 learners missed Induction") in sent  # dan's and erin's tutor
    assert len([subject for _name, subject in sent if subject.startswith("Due ")]) == 6
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: nothing sent twice
    assert len(mailoutbox) == len(sent)
