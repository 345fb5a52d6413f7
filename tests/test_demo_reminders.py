"""``make demo`` (seed_demo) leaves the reminders that are due in the outbox (var/emails/ in the demo), once."""
import io
from email import message_from_string
from email.header import decode_header, make_header

from django.core.management import call_command

from tests.browser.conftest import DemoServer


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


def test_make_demo_s_steps_on_a_fresh_var_leave_the_reminders_in_var_emails(tmp_path):
    # What `make demo` runs, in the demo's own settings (ACE's Django email channel, file backend): a fresh var/.
    server = DemoServer(tmp_path)
    server.manage("migrate", "--run-syncdb", "-v", "0")
    assert "Reminders due now:" in server.manage("seed_demo")
    emails = [message_from_string(text) for text in server.emails()]
    sent = sorted((email["To"].split("@")[0], str(make_header(decode_header(email["Subject"])))) for email in emails)
    assert [name for name, subject in sent if subject.startswith("Reminder: Q&A with the safety engineer")] == [
        "alice", "bob", "dan"]
    [alice] = [email for email in emails if email["To"] == "alice@example.com" and "Reminder" in email["Subject"]]
    text = alice.get_payload()[0].get_payload(decode=True).decode()
    assert "https://meet.example.com/spoc-qa" in text and "/spoc/calendar/" in text
    assert len([name for name, subject in sent if subject.startswith("Due ")]) == 6
    server.manage("seed_demo")  # `make demo` again on the same var/: nothing sent twice
    assert len(server.emails()) == len(emails)


def test_the_demo_s_emails_are_read_one_message_each_also_when_a_file_holds_two(tmp_path):
    """Django's file backend appends every message of a connection (or of two connections that get the same file
    name) to one file: the demo's outbox still gives one string per message."""
    from django.core.mail import EmailMessage
    from django.core.mail.backends.filebased import EmailBackend

    server = DemoServer(tmp_path)
    EmailBackend(file_path=str(tmp_path / "emails")).send_messages(
        [EmailMessage(subject, "Body", "spoc@example.com", ["alice@example.com"]) for subject in ("One", "Two")])
    assert len(list((tmp_path / "emails").glob("*.log"))) == 1
    assert [message_from_string(text)["Subject"] for text in server.emails()] == ["One", "Two"]
