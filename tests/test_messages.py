"""Every message through edx-ace: recipients, languages, links, the learners' opt-out (block, API, unsubscribe link,
admin) and the platform's course email opt-out; the message types' templates."""
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from opaque_keys.edx.keys import UsageKey

from spoc_plugin import api
from spoc_plugin.checkpoints import tasks as checkpoint_tasks
from spoc_plugin.messages.unsubscribe import unsubscribe_token, unsubscribe_url
from spoc_plugin.models import HelpRequest, MessagePreference
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.utils import call_handler, make_block

CHECKPOINT = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2")
SESSION = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_live_session+block@s1")
SLOT = {"title": "Expert webinar", "start": "2026-12-01T17:00:00Z", "duration": 90, "timezone": "Europe/Paris"}


@pytest.fixture
def people(make_user, make_cohort):
    """Alice and Bob, learners of the cohort Acme; Tom, Alice's assigned tutor."""
    alice, bob = make_user("alice", first_name="Alice"), make_user("bob", first_name="Bob")
    tom = make_user("tom", first_name="Tom", last_name="Tutor")
    acme = make_cohort("Acme", members=[alice, bob])
    return {"alice": alice, "bob": bob, "tom": tom, "acme": acme}


def nudge(course_key, people, django_capture_on_commit_callbacks, language="en", learners=("alice", "bob")):
    mail.outbox.clear()
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        api.nudge_learners(people["tom"].id, course_key, CHECKPOINT, 2, [people[name].id for name in learners],
                           {people["alice"].id: ["never_posted"]}, {"title": "Near misses", "url": ""}, insist=True)
    return {message.to[0]: message for message in mail.outbox}


def free_a_seat(course_key, people, django_capture_on_commit_callbacks, waiting="alice"):
    """Someone else takes the only seat, ``waiting`` waits, the seat frees up: ``waiting`` is told."""
    taker = people["bob"] if waiting == "alice" else people["alice"]
    api.register_for_session(course_key, SESSION, "s1", taker.id, capacity=1)
    api.register_for_session(course_key, SESSION, "s1", people[waiting].id, capacity=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.cancel_session_registration(course_key, SESSION, "s1", taker.id, 1, session=SLOT)
    return list(mail.outbox)


def test_a_nudge_goes_through_ace_in_the_learner_s_language_signed_and_answered_by_the_tutor(
        course_key, people, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    from demo.platform_backend import STAFF_GROUP
    from spoc_plugin.messages.unsubscribe import Unsubscribe, read_unsubscribe_token

    Group.objects.create(name=STAFF_GROUP.format(course_key=course_key)).user_set.add(people["tom"])
    api.assign_tutor(course_key, people["acme"].id, "tom", learners=["alice"])
    sent = nudge(course_key, people, django_capture_on_commit_callbacks, language="fr")
    assert set(sent) == {"alice@example.com", "bob@example.com"}
    email = sent["alice@example.com"]
    assert email.subject == "Semaine 2 : votre tuteur pense à vous"
    assert "une première publication dans l'activité de cohorte" in email.body
    assert "Bonjour Alice," in email.body and "Tom Tutor" in email.body
    assert email.reply_to == ["tom@example.com"] and sent["bob@example.com"].reply_to == []
    [link] = re.findall(r"http://127\.0\.0\.1:8000/spoc/messages/unsubscribe/[^/\s]+/", email.body)
    assert f'href="{link}"' in email.alternatives[0][0] and email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert read_unsubscribe_token(link.split("/")[-2]) == Unsubscribe(people["alice"].id, (course_key,), "learners")


def test_a_learner_who_opted_out_gets_no_nudge_but_still_gets_her_seat(course_key, people,
                                                                        django_capture_on_commit_callbacks):
    alice = people["alice"]
    assert api.messages_preference(alice.id, course_key) is True
    assert api.set_messages_preference(alice.id, str(course_key), False) is False
    assert set(nudge(course_key, people, django_capture_on_commit_callbacks)) == {"bob@example.com"}
    [seat] = free_a_seat(course_key, people, django_capture_on_commit_callbacks)  # transactional
    assert seat.to == [alice.email] and "List-Unsubscribe" not in seat.extra_headers
    assert api.set_messages_preference(alice.id, course_key, True) is True  # back in
    assert set(nudge(course_key, people, django_capture_on_commit_callbacks)) == {"alice@example.com",
                                                                                  "bob@example.com"}


def test_the_opt_out_is_per_course(course_key, people, django_capture_on_commit_callbacks):
    api.set_messages_preference(people["alice"].id, "course-v1:SPOC+Other+2026", False)
    assert api.messages_preference(people["alice"].id, course_key) is True
    assert "alice@example.com" in nudge(course_key, people, django_capture_on_commit_callbacks)


def test_the_platform_s_course_email_opt_out_stops_nudges_not_seats(course_key, people,
                                                                    django_capture_on_commit_callbacks):
    from lms.djangoapps.bulk_email.models import Optout

    Optout.objects.create(user=people["alice"], course_id=course_key)
    assert set(nudge(course_key, people, django_capture_on_commit_callbacks)) == {"bob@example.com"}
    assert [email.to for email in free_a_seat(course_key, people, django_capture_on_commit_callbacks)] == [
        ["alice@example.com"]]


def test_the_nudge_task_counts_only_what_was_sent(course_key, people):
    api.set_messages_preference(people["alice"].id, course_key, False)
    context = {"title": "t", "note": "", "url": "", "week": 2, "course_key": str(course_key)}
    assert checkpoint_tasks.send_nudge_emails([[people["alice"].id, []], [people["bob"].id, []]], context, "en") == 1


def test_the_help_reply_links_to_the_checkpoint_and_ignores_the_opt_out(course_key, people,
                                                                        django_capture_on_commit_callbacks):
    alice = people["alice"]
    api.set_messages_preference(alice.id, course_key, False)
    help_request = HelpRequest.objects.create(course_key=course_key, usage_key=CHECKPOINT, user=alice,
                                              message="Stuck <here>")
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        api.reply_to_help_request(people["tom"].id, CHECKPOINT, help_request.id, "Try <b>this</b>")
    [email] = mail.outbox
    assert email.subject == "Votre tuteur a répondu à votre question"
    url = f"http://127.0.0.1:8000/courses/{course_key}/jump_to/{CHECKPOINT}"
    assert url in email.body and f'href="{url}"' in email.alternatives[0][0]
    assert "Try <b>this</b>" in email.body and "Try &lt;b&gt;this&lt;/b&gt;" in email.alternatives[0][0]


def test_the_seat_email_links_to_the_session(course_key, people, django_capture_on_commit_callbacks):
    [seat] = free_a_seat(course_key, people, django_capture_on_commit_callbacks)
    assert f"http://127.0.0.1:8000/courses/{course_key}/jump_to/{SESSION}" in seat.body
    assert "18:00 to 19:30 (Europe/Paris)" in seat.body


def test_every_message_type_renders_in_text_and_html_with_its_platform_name():
    from django.template.loader import get_template

    from spoc_plugin.checkpoints.message_types import CheckpointNudge, HelpReply
    from spoc_plugin.enrollment.message_types import Invitation
    from spoc_plugin.live_sessions.message_types import SessionSeat
    from spoc_plugin.tutors.message_types import TutorDigest, TutorHelpRequest

    for message_type in (CheckpointNudge, HelpReply, Invitation, SessionSeat, TutorDigest, TutorHelpRequest):
        name = message_type().name
        for part in ("subject.txt", "body.txt", "body.html", "head.html", "from_name.txt"):
            get_template(f"spoc_plugin/edx_ace/{name}/email/{part}")  # where edx-ace's renderer looks
        assert message_type.APP_LABEL == "spoc_plugin"
    assert CheckpointNudge().options == {"transactional": False, "spoc_optional": "learners"}
    assert TutorDigest().options == {"transactional": False, "spoc_optional": "tutors"}
    assert TutorHelpRequest().options == {"transactional": True, "spoc_optional": ""}  # a learner is waiting
    assert SessionSeat().options == {"transactional": True, "spoc_optional": ""}


# ----- the unsubscribe link -----

def test_the_unsubscribe_link_asks_then_unsubscribes_with_csrf_and_without_login(course_key, people):
    alice = people["alice"]
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe_url(alice.id, course_key).removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200 and b"Stop reminders and nudges" in page.content
    assert api.messages_preference(alice.id, course_key) is True  # a GET (a mail scanner) changes nothing
    assert client.post(path).status_code == 403  # no CSRF token: refused, nothing changed
    assert api.messages_preference(alice.id, course_key) is True
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    done = client.post(path, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200 and b'id="spoc-unsubscribe-done"' in done.content
    assert api.messages_preference(alice.id, course_key) is False
    assert api.messages_preference(people["bob"].id, course_key) is True


@pytest.mark.parametrize("token", ["garbage", "1:abc:def", "x" * 200, "tampered"])
def test_a_bad_unsubscribe_token_is_a_400_and_changes_nothing(course_key, people, token):
    from django.core import signing

    alice = people["alice"]
    if token == "tampered":  # a real token for Bob, with Alice's id in its payload
        good = unsubscribe_token(people["bob"].id, course_key)
        token = signing.dumps([alice.id, str(course_key)], salt="another", compress=True).rsplit(":", 1)[0] + \
            ":" + good.rsplit(":", 1)[1]
    client = Client()
    for method in (client.get, client.post):
        response = method(f"/spoc/messages/unsubscribe/{token}/")
        assert response.status_code == 400 and b'id="spoc-unsubscribe-error"' in response.content
    assert not MessagePreference.objects.exists()


def test_unsubscribing_twice_is_harmless(course_key, people):
    client = Client()
    path = unsubscribe_url(people["alice"].id, course_key).removeprefix("http://127.0.0.1:8000")
    assert client.post(path).status_code == 200 and client.post(path).status_code == 200
    assert MessagePreference.objects.get().optional_emails is False
    assert client.put(path).status_code == 405


# ----- the blocks' checkbox -----

@pytest.mark.parametrize("block_class", [LiveSessionBlock, WeeklyCheckpointBlock])
def test_a_learner_turns_reminders_off_and_on_in_the_block(block_class, course_key, people):
    alice = people["alice"]
    block = make_block(block_class, user=alice)
    html = block.render("student_view").content
    assert 'class="spoc-messages-optional" checked' in html and "Email me reminders and nudges" in html
    assert call_handler(block, "message_preference", {"optional_emails": False}) == (200, {"optional_emails": False})
    assert api.messages_preference(alice.id, course_key) is False
    html = make_block(block_class, user=alice).render("student_view").content
    assert 'class="spoc-messages-optional" >' in html and "Off: no reminders" in html
    assert call_handler(block, "message_preference", {"optional_emails": True}) == (200, {"optional_emails": True})
    assert api.messages_preference(alice.id, course_key) is True


@pytest.mark.parametrize("block_class", [LiveSessionBlock, WeeklyCheckpointBlock])
def test_the_checkbox_refuses_bad_input_anonymous_and_masquerading_callers(block_class, course_key, people):
    alice = people["alice"]
    block = make_block(block_class, user=alice)
    for body in ({}, {"optional_emails": "no"}, {"optional_emails": 0}, {"optional_emails": None}):
        status, answer = call_handler(block, "message_preference", body)
        assert status == 400 and answer["error"].startswith("Email me reminders and nudges for this course:"), body
    assert call_handler(block, "message_preference", raw_body=b"[")[0] == 400
    assert call_handler(block, "message_preference", method="GET")[0] == 405
    anonymous = make_block(block_class)
    assert call_handler(anonymous, "message_preference", {"optional_emails": False})[0] == 403
    assert "spoc-messages-optional" not in anonymous.render("student_view").content
    masquerading = make_block(block_class, user=alice, masquerade_by=people["tom"])
    assert call_handler(masquerading, "message_preference", {"optional_emails": False})[0] == 403
    assert "spoc-messages-optional" not in masquerading.render("student_view").content
    library = make_block(block_class, user=alice, runtime="library")
    assert call_handler(library, "message_preference", {"optional_emails": False})[0] == 400
    assert not MessagePreference.objects.exists()


def test_staff_see_and_change_the_choices_in_the_admin(admin_client, course_key, people):
    api.set_messages_preference(people["alice"].id, course_key, False)
    page = admin_client.get("/admin/spoc_plugin/messagepreference/")
    assert page.status_code == 200 and b"alice" in page.content
    preference = MessagePreference.objects.get()
    assert admin_client.get(f"/admin/spoc_plugin/messagepreference/{preference.id}/change/").status_code == 200
