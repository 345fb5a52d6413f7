"""Reminders in the learner's language and time zone (account preferences, through the platform's double)."""
from datetime import UTC, datetime, timedelta

from django.utils import translation
from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

from spoc_plugin import api
from spoc_plugin.reminders.tasks import queue_due_reminders

SESSION = "block-v1:SPOC+Private+2026+type@spoc_live_session+block@live"
START = datetime(2030, 3, 5, 17, 0, tzinfo=UTC)  # a Tuesday


def test_a_french_learner_gets_her_reminder_in_french_in_her_time_zone(make_user, lms_course, mailoutbox):
    course_key = lms_course()
    ann, ben = make_user("ann", first_name="Ann"), make_user("ben", first_name="Ben")
    set_user_preference(ann, LANGUAGE_KEY, "fr")
    set_user_preference(ann, "time_zone", "America/Montreal")
    api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [{
        "id": "s1", "start": "2030-03-05T17:00:00Z", "duration": 90, "join_url": "https://meet.example.com/r",
        "timezone": "Europe/Paris"}])
    for user in (ann, ben):
        api.register_for_session(course_key, SESSION, "s1", user.id, capacity=0)
    from spoc_plugin.models import SessionRegistration

    SessionRegistration.objects.update(created=START - timedelta(days=3))
    assert queue_due_reminders(now=START - timedelta(days=1)) == 1
    french, english = sorted(mailoutbox, key=lambda email: email.to[0])
    # Her language (the date, the greeting) and her zone: 12:00 in Montreal; his: the slot's zone.
    assert "mardi 5 mars, 12:00" in french.subject and "Bonjour Ann," in french.body
    assert "mardi 5 mars 2030, 12:00" in french.body and "(America/Montreal)" in french.body
    assert english.subject == "Reminder: Expert webinar, Tuesday 5 March, 18:00"
    assert "18:00 to 19:30 (Europe/Paris)" in english.body
    with translation.override("fr"):
        translated = translation.gettext("Reminder: %(title)s, %(when)s")
    if translated != "Reminder: %(title)s, %(when)s":  # the French catalogue has the reminders' strings
        # edx-ace writes subjects on one line, every space (the narrow no-break one before ":" too) as " ".
        expected = translated % {"title": "Expert webinar", "when": "mardi 5 mars, 12:00"}
        assert french.subject == " ".join(expected.split())
