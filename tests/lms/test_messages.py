"""Messages through edx-ace (its Django email channel) with the platform's preferences and opt-outs (the double)."""
import pytest
from django.core import mail
from edx_ace.signals import ACE_MESSAGE_SENT
from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

from spoc_plugin.messages import MessageNotSent, SpocMessageType, deliver

SESSION = {"title": "Expert webinar", "start": "2026-12-01T17:00:00Z", "duration": 90, "timezone": "Europe/Paris",
           "usage_key": "block-v1:SPOC+Private+2026+type@spoc_live_session+block@live"}


@pytest.fixture
def sent_through_ace():
    """The ACE messages sent during the test, as edx-ace reports them (``ACE_MESSAGE_SENT``)."""
    sent = []

    def record(sender, message, **kwargs):
        sent.append((sender.__class__.__name__, message))

    ACE_MESSAGE_SENT.connect(record)
    yield sent
    ACE_MESSAGE_SENT.disconnect(record)


def test_a_message_goes_through_ace_s_django_channel_in_the_learner_s_language(make_user, lms_course, mailoutbox,
                                                                               sent_through_ace):
    from spoc_plugin.live_sessions.emails import send_seat

    course_key = lms_course()
    ann = make_user("ann", first_name="Ann")
    set_user_preference(ann, LANGUAGE_KEY, "fr")
    set_user_preference(ann, "time_zone", "America/Montreal")
    assert send_seat(ann, course_key, SESSION, "en") is True
    [email] = mailoutbox
    assert email.to == [ann.email] and email.from_email == "spoc-demo@example.com"
    assert email.subject == "Vous avez une place : Expert webinar"
    assert "Bonjour Ann," in email.body
    assert "mardi 1 décembre 2026, 12:00 à 13:30 (America/Montreal)" in email.body  # her zone, named
    assert f"http://127.0.0.1:8000/courses/{course_key}/jump_to/{SESSION['usage_key']}" in email.body
    html = email.alternatives[0][0]
    assert html.startswith("<!DOCTYPE html>") and "Safety culture" in html
    [(channel, message)] = sent_through_ace
    assert channel == "DjangoEmailChannel"
    assert message["app_label"] == "spoc_plugin" and message["name"] == "sessionseat"
    assert message["message_language"] == "fr" and message["options"]["transactional"] is True


def test_without_a_language_preference_the_sender_s_language_then_the_site_s(make_user, lms_course, mailoutbox):
    from spoc_plugin.live_sessions.emails import send_seat

    course_key = lms_course()
    ann, ben = make_user("ann"), make_user("ben")
    assert send_seat(ann, course_key, SESSION, "fr") and send_seat(ben, course_key, SESSION, None)
    assert [email.subject for email in mailoutbox] == ["Vous avez une place : Expert webinar",
                                                       "You have a seat: Expert webinar"]
    assert "18:00 to 19:30 (Europe/Paris)" in mailoutbox[1].body  # no zone chosen: the slot's


def test_a_user_without_email_gets_nothing(make_user, lms_course, mailoutbox, sent_through_ace):
    from spoc_plugin.live_sessions.emails import send_seat

    nobody = make_user("nobody", email="")
    assert send_seat(nobody, lms_course(), SESSION, "en") is False
    assert mailoutbox == [] and sent_through_ace == []


class Unrendered(SpocMessageType):
    """A message type whose templates do not exist."""


def test_a_message_ace_could_not_send_raises_so_that_the_task_retries(make_user, lms_course):
    ann = make_user("ann")
    with pytest.raises(MessageNotSent):
        deliver(Unrendered(), ann, {}, course_key=lms_course())
    assert mail.outbox == []


def test_tutors_get_the_help_request_notice_and_the_digest_in_their_own_language(make_user, make_cohort, lms_course,
                                                                                 mailoutbox, grant_role):
    from datetime import UTC, datetime, timedelta

    from common.djangoapps.student.roles import CourseStaffRole

    from spoc_plugin import api
    from spoc_plugin.models import HelpRequest
    from spoc_plugin.reports import tutor_digest as digest
    from spoc_plugin.tutors import tasks

    course_key = lms_course()
    lea = make_user("lea", first_name="Léa", last_name="Martin")
    cohort = make_cohort("Acme", course_key=course_key, members=[lea],
                         starts=datetime(2026, 11, 1, tzinfo=UTC))
    tina = make_user("tina")
    grant_role(tina, CourseStaffRole, course_key)
    set_user_preference(tina, LANGUAGE_KEY, "fr")
    api.assign_tutor(course_key, cohort.id, "tina")
    usage_key = course_key.make_usage_key("spoc_weekly_checkpoint", "w2")
    help_request = HelpRequest.objects.create(course_key=course_key, usage_key=usage_key, user=lea, message="Stuck")
    assert tasks.send_help_request_notice(help_request.id) == 1
    [notice] = mailoutbox
    assert notice.to == [tina.email] and notice.subject == "Léa Martin vous demande de l'aide"
    assert f"/courses/{course_key}/jump_to/{usage_key}" in notice.body
    assert digest.send_digests(datetime(2026, 12, 7, 9, 0, tzinfo=UTC) + timedelta(minutes=1)) == 1
    assert mailoutbox[1].subject == "Vos apprenants cette semaine"
