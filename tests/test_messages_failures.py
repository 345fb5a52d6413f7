"""When the mail server fails: a batch task still sends to the others, and retries only the failed recipients.

A small SMTP server (below) stands for the operator's: it refuses the recipients it is told to refuse (a 550, as a
full mailbox or an unknown domain), or is down. Django's SMTP backend talks to it through edx-ace's channel.
"""
import socket
import socketserver
import threading

import pytest
from django.test import override_settings
from opaque_keys.edx.keys import UsageKey

from spoc_plugin import api
from spoc_plugin.checkpoints import tasks as checkpoint_tasks
from spoc_plugin.live_sessions import tasks as live_session_tasks
from spoc_plugin.messages import MessageNotSent
from spoc_plugin.models import HelpRequest

CHECKPOINT = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2")
SESSION = {"title": "Expert webinar", "start": "2026-12-01T17:00:00Z", "duration": 90, "timezone": "UTC"}


class SmtpServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend: accepts mail, but answers 550 to the addresses in ``refused``
    (``{address: times}``: refused that many times, then accepted; ``None``: always refused)."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.refused, self.delivered, self.refusals = {}, [], []


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test SMTP")
        recipients = []
        while line := self.rfile.readline().decode().strip():
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test")
            elif verb == "RCPT":
                address = line.split(":", 1)[1].strip().strip("<>")
                if address in self.server.refused and self.server.refused[address] != 0:
                    if self.server.refused[address]:
                        self.server.refused[address] -= 1
                    self.server.refusals.append(address)
                    self.reply("550 mailbox unavailable")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.server.delivered.extend(recipients)
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RSET, NOOP
                self.reply("250 OK")


@pytest.fixture
def smtp():
    server = SmtpServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=server.server_address[1], EMAIL_USE_TLS=False, EMAIL_TIMEOUT=5):
        yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def learners(make_user, make_cohort):
    users = [make_user(name) for name in ("ann", "ben", "cat")]
    make_cohort("Acme", members=users)
    return users


def test_a_refused_recipient_stops_no_one_else_and_is_retried_alone(smtp, learners, course_key):
    ann, ben, cat = learners
    smtp.refused[ben.email] = 2  # his mailbox refuses twice, then accepts
    result = live_session_tasks.send_seat_emails.delay([ann.id, ben.id, cat.id], str(course_key), SESSION, "en")
    assert result.get() == 1  # the last retry's count: Ben's seat email
    assert smtp.delivered == [ann.email, cat.email, ben.email] and smtp.refusals == [ben.email] * 2


def test_nudges_retry_only_the_failed_learners_then_give_up(smtp, learners, course_key):
    from spoc_plugin.messages.batches import MAX_RETRIES

    ann, _ben, cat = learners
    smtp.refused[cat.email] = None
    context = {"title": "t", "note": "", "url": "", "week": 2, "course_key": str(course_key)}
    result = checkpoint_tasks.send_nudge_emails.delay([[ann.id, []], [cat.id, ["never_posted"]]], context, "en")
    assert result.failed()
    assert smtp.delivered == [ann.email] and smtp.refusals == [cat.email] * (MAX_RETRIES + 1)


def test_deliver_raises_when_the_server_refuses_or_is_down(smtp, learners, course_key):
    from spoc_plugin.live_sessions.emails import send_seat

    ann = learners[0]
    smtp.refused[ann.email] = None
    with pytest.raises(MessageNotSent):  # edx-ace's channel turns the SMTP refusal into a report
        send_seat(ann, course_key, SESSION, "en")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with override_settings(EMAIL_PORT=port), pytest.raises(OSError):  # nobody listens: the connection fails
        send_seat(ann, course_key, SESSION, "en")


def test_a_help_reply_is_retried_then_given_up_without_touching_the_saved_reply(smtp, learners, course_key,
                                                                               django_capture_on_commit_callbacks):
    from spoc_plugin.messages.batches import MAX_RETRIES

    ann = learners[0]
    help_request = HelpRequest.objects.create(course_key=course_key, usage_key=CHECKPOINT, user=ann, message="?")
    smtp.refused[ann.email] = None
    with django_capture_on_commit_callbacks(execute=True):  # eager tasks: the retries run at once
        api.reply_to_help_request(ann.id, CHECKPOINT, help_request.id, "Try this")
    assert smtp.delivered == [] and smtp.refusals == [ann.email] * (MAX_RETRIES + 1)
    assert HelpRequest.objects.get().reply == "Try this"  # the reply itself is saved, shown in the block


def test_a_digest_the_server_refused_is_sent_by_the_next_run(smtp, make_user, make_cohort, course_key):
    from datetime import UTC, datetime, timedelta

    from spoc_plugin.models import TutorDigestLog
    from spoc_plugin.reports import tutor_digest as digest

    monday_9 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    learner = make_user("lea")
    cohort = make_cohort("Acme", members=[learner])
    HelpRequest.objects.create(course_key=course_key, usage_key=CHECKPOINT, user=learner, message="Stuck")
    tina = make_user("tina", is_staff=True)
    api.assign_tutor(course_key, cohort.id, "tina")
    smtp.refused[tina.email] = 1
    assert digest.send_digests(monday_9) == 0 and not TutorDigestLog.objects.exists()  # the claim rolled back
    assert digest.send_digests(monday_9 + timedelta(hours=1)) == 1 and smtp.delivered == [tina.email]
    assert TutorDigestLog.objects.filter(tutor=tina).count() == 1
