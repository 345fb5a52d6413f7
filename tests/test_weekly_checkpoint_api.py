"""The checkpoint API: linked items from real activity, the follow-up table and at-risk rule, help replies, nudges."""
from datetime import UTC, datetime, timedelta

import pytest
from completion.models import BlockCompletion
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from opaque_keys.edx.keys import UsageKey

from spoc_plugin import api
from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    HelpRequest,
    Nudge,
    SessionRegistration,
)

CHECKPOINT = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2")
PREVIOUS = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w1")
SESSION = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_live_session+block@s2")
ACTIVITY = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_cohort_activity+block@a2")
QUIZ = UsageKey.from_string("block-v1:SPOC+Test+2026+type@problem+block@q2")
LINKS = [{"id": "link-1", "kind": "session", "usage_key": str(SESSION)},
         {"id": "link-2", "kind": "activity", "usage_key": str(ACTIVITY)},
         {"id": "link-3", "kind": "completion", "usage_key": str(QUIZ)}]
PAST = datetime.now(UTC) - timedelta(hours=1)
FUTURE = datetime.now(UTC) + timedelta(days=2)


def submit(user, course_key, usage_key=CHECKPOINT, week=2, confidence=3, **kwargs):
    return api.submit_checkpoint(user.id, course_key, usage_key, week, [], {}, confidence, **kwargs)


def attend(user, course_key, attended=True):
    SessionRegistration.objects.create(course_key=course_key, usage_key=SESSION, slot_id="s", user=user,
                                       attended=attended)


def post(user, course_key, parent=None):
    return ActivityPost.objects.create(course_key=course_key, usage_key=ACTIVITY, author=user, body="hi",
                                       parent=parent)


@pytest.fixture
def acme(make_user, make_cohort):
    learners = [make_user(name, first_name=name.capitalize()) for name in ("alice", "bob", "carla")]
    return make_cohort("Acme", members=learners), learners


def test_linked_items_tick_from_attendance_posts_and_completion(acme, course_key, make_user):
    _cohort, (alice, bob, _carla) = acme
    assert api.linked_item_states(alice.id, course_key, LINKS) == {"link-1": False, "link-2": False, "link-3": False}
    attend(alice, course_key)
    attend(bob, course_key, attended=False)  # registered but absent
    root = post(bob, course_key)
    post(alice, course_key, parent=root)  # a reply is not a post of one's own
    for user, completion in ((alice, 1.0), (bob, 0.5)):
        BlockCompletion.objects.create(user=user, context_key=course_key, block_key=QUIZ, block_type="problem",
                                       completion=completion)
    assert api.linked_item_states(alice.id, course_key, LINKS) == {"link-1": True, "link-2": False, "link-3": True}
    assert api.linked_item_states(bob.id, course_key, LINKS) == {"link-1": False, "link-2": True, "link-3": False}


def test_follow_up_table_counts_statuses_confidence_and_reasons(acme, course_key, make_user, make_cohort):
    cohort, (alice, bob, carla) = acme
    outsider = make_user("dan")
    make_cohort("Globex", members=[outsider])
    for user in (alice, bob, carla):
        submit(user, course_key, PREVIOUS, week=1) if user is not carla else None
    submit(alice, course_key, confidence=5, due=FUTURE)
    submit(bob, course_key, confidence=2, due=PAST, help_message="Lost")
    submit(outsider, course_key, confidence=1, help_message="Globex question")
    attend(alice, course_key)
    post(alice, course_key)
    table = api.follow_up_table(course_key, CHECKPOINT, 2, cohort.id, due=PAST, session_key=SESSION,
                                activity_key=ACTIVITY)
    assert table.cohort_name == "Acme"
    assert table.counts == {"submitted": 1, "late": 1, "missing": 1}
    assert table.confidence == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    rows = {row.username: row for row in table.learners}
    assert set(rows) == {"alice", "bob", "carla"}  # never another cohort's learners
    assert rows["alice"].reasons == [] and rows["alice"].status == "submitted"
    assert rows["bob"].status == "late" and rows["bob"].reasons == ["missed_session", "never_posted"]
    assert rows["carla"].reasons == ["missed_checkpoint", "missed_previous_checkpoint", "missed_session",
                                     "never_posted"]
    assert [item.message for item in table.help_requests] == ["Lost"]
    assert [row.username for row in table.at_risk] == ["bob", "carla"]


def test_checkpoint_is_not_missed_before_its_due_date_nor_a_previous_week_that_had_no_checkpoint(acme, course_key):
    cohort, _learners = acme
    table = api.follow_up_table(course_key, CHECKPOINT, 2, cohort.id, due=FUTURE)
    assert table.at_risk == [] and table.counts["missing"] == 3


def test_compute_at_risk_is_reusable_on_any_learner_list(acme, course_key):
    _cohort, (alice, bob, _carla) = acme
    submit(alice, course_key)
    past = datetime.now(UTC) - timedelta(hours=1)
    assert api.compute_at_risk(course_key, CHECKPOINT, 2, [alice.id, bob.id], due=past) == {
        bob.id: ["missed_checkpoint"]}
    # No due date known (staff of a self-paced run, where each learner has their own): nobody missed it yet.
    assert api.compute_at_risk(course_key, CHECKPOINT, 2, [alice.id, bob.id]) == {}


def test_follow_up_table_query_count_does_not_grow_with_the_cohort(make_user, make_cohort, course_key):
    def count(size):
        learners = [make_user() for _ in range(size)]
        cohort = make_cohort(members=learners)
        for user in learners[::2]:
            submit(user, course_key, help_message="help")
            attend(user, course_key)
            post(user, course_key)
        with CaptureQueriesContext(connection) as queries:
            table = api.follow_up_table(course_key, CHECKPOINT, 2, cohort.id, due=PAST, session_key=SESSION,
                                        activity_key=ACTIVITY)
        assert len(table.learners) == size
        return len(queries)

    assert count(3) == count(40)


def test_unknown_or_foreign_cohort_is_404(course_key, make_cohort):
    other = make_cohort(course_key=api.parse_course_key("course-v1:Other+X+1"))
    with pytest.raises(api.CheckpointError) as error:
        api.follow_up_table(course_key, CHECKPOINT, 2, other.id)
    assert error.value.status == 404


def test_reply_is_emailed_and_resolving_closes_the_request(acme, course_key, make_user,
                                                           django_capture_on_commit_callbacks):
    _cohort, (alice, _bob, _carla) = acme
    tutor = make_user("tutor", first_name="Tess", last_name="Tutor")
    submit(alice, course_key, help_message="How do I report?")
    request = HelpRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        reply = api.reply_to_help_request(tutor.id, CHECKPOINT, request.id, "Use the <b>form</b>.")
    assert reply.status == "open" and reply.reply == "Use the <b>form</b>."
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    assert "Tess Tutor answered" in mail.outbox[0].body and "Use the <b>form</b>." in mail.outbox[0].body
    assert "Use the &lt;b&gt;form&lt;/b&gt;." in mail.outbox[0].alternatives[0][0]
    assert api.resolve_help_request(CHECKPOINT, request.id).status == "resolved"
    assert api.list_help_requests(CHECKPOINT, user_id=alice.id)[0].reply == "Use the <b>form</b>."


def test_reply_to_another_checkpoints_request_is_404_and_changes_nothing(acme, course_key, make_user):
    _cohort, (alice, _bob, _carla) = acme
    submit(alice, course_key, PREVIOUS, week=1, help_message="?")
    request = HelpRequest.objects.get()
    with pytest.raises(api.CheckpointError) as error:
        api.reply_to_help_request(make_user().id, CHECKPOINT, request.id, "no")
    assert error.value.status == 404 and HelpRequest.objects.get().reply == ""


def test_a_second_help_message_updates_the_open_request(acme, course_key):
    _cohort, (alice, _bob, _carla) = acme
    submit(alice, course_key, help_message="first")
    submit(alice, course_key, help_message="second")
    assert list(HelpRequest.objects.values_list("message", flat=True)) == ["second"]


def test_nudges_are_logged_emailed_and_skipped_within_the_cooldown(acme, course_key, make_user, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.SPOC_NUDGE_COOLDOWN_HOURS = 24
    _cohort, (alice, bob, _carla) = acme
    tutor = make_user("tutor")
    reasons = {alice.id: ["missed_session"], bob.id: ["missed_checkpoint", "never_posted"]}
    context = {"title": "Near misses", "note": "We miss you!", "url": "http://example.com/c"}
    with django_capture_on_commit_callbacks(execute=True):
        result = api.nudge_learners(tutor.id, course_key, CHECKPOINT, 2, [alice.id, bob.id], reasons, context)
    assert result.nudged == [alice.id, bob.id] and result.skipped == []
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "this week's live session" in bodies["alice@example.com"]
    assert "this week's checkpoint" in bodies["bob@example.com"] and "We miss you!" in bodies["bob@example.com"]
    assert "week 2 (Near misses)" in bodies["bob@example.com"]
    assert sorted(Nudge.objects.values_list("user_id", "reasons")) == sorted(reasons.items())

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = api.nudge_learners(tutor.id, course_key, CHECKPOINT, 2, [alice.id], reasons, context)
    assert again.nudged == [] and again.skipped == [alice.id] and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        insisted = api.nudge_learners(tutor.id, course_key, CHECKPOINT, 2, [alice.id], reasons, context, insist=True)
    assert insisted.nudged == [alice.id] and len(mail.outbox) == 1
    assert Nudge.objects.filter(user=alice).count() == 2

    Nudge.objects.update(sent_at=datetime.now(UTC) - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        later = api.nudge_learners(tutor.id, course_key, CHECKPOINT, 2, [alice.id], reasons, context)
    assert later.nudged == [alice.id]


def test_nudging_someone_outside_the_course_cohorts_writes_nothing(acme, course_key, make_user):
    _cohort, (alice, _bob, _carla) = acme
    with pytest.raises(api.CheckpointError) as error:
        api.nudge_learners(make_user().id, course_key, CHECKPOINT, 2, [alice.id, make_user().id], {}, {"title": "t"})
    assert error.value.status == 400 and not Nudge.objects.exists() and mail.outbox == []


def test_nudge_email_is_translated(acme, course_key, make_user, django_capture_on_commit_callbacks):
    _cohort, (alice, _bob, _carla) = acme
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        api.nudge_learners(make_user().id, course_key, CHECKPOINT, 2, [alice.id], {alice.id: ["never_posted"]},
                           {"title": "Quasi-accidents"})
    assert mail.outbox[0].subject == "Semaine 2 : votre tuteur pense à vous"
    assert "une première publication dans l'activité de cohorte" in mail.outbox[0].body


def test_submission_rules_edit_late_and_cohort_end(acme, course_key, make_cohort, make_user):
    _cohort, (alice, _bob, _carla) = acme
    data, created = submit(alice, course_key, due=PAST)
    assert created and data.is_late
    with pytest.raises(api.CheckpointError) as error:
        submit(alice, course_key, confidence=1, due=PAST)
    assert error.value.status == 409 and CheckpointSubmission.objects.get().confidence == 3
    ended = make_user()
    make_cohort(members=[ended], ends=PAST)
    with pytest.raises(api.CheckpointError):
        submit(ended, course_key, accept_after_cohort_end=False)
    assert CheckpointSubmission.objects.count() == 1


def test_admin_lists_checkpoint_data_and_keeps_the_nudge_log_read_only(admin_client, acme, course_key, make_user):
    _cohort, (alice, _bob, _carla) = acme
    submit(alice, course_key, help_message="Stuck")
    api.nudge_learners(make_user().id, course_key, CHECKPOINT, 2, [alice.id], {}, {"title": "t"})
    for model in ("checkpointsubmission", "helprequest", "nudge"):
        assert b"alice" in admin_client.get(f"/admin/spoc_plugin/{model}/").content, model
    assert admin_client.get("/admin/spoc_plugin/nudge/add/").status_code == 403


def test_celery_workers_know_the_checkpoint_tasks():
    from demo.celery import app

    assert {"spoc_plugin.checkpoints.tasks.send_nudge_emails",
            "spoc_plugin.checkpoints.tasks.send_help_reply_email"} <= set(app.tasks)


def test_task_arguments_survive_the_json_broker(acme, course_key, make_user, monkeypatch,
                                                django_capture_on_commit_callbacks):
    """A real broker serializes arguments to JSON: the tasks get and handle exactly what JSON gives back."""
    import json

    from spoc_plugin.checkpoints import tasks as checkpoint_tasks

    _cohort, (alice, _bob, _carla) = acme
    queued = []
    monkeypatch.setattr(checkpoint_tasks.send_nudge_emails, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        api.nudge_learners(make_user().id, course_key, CHECKPOINT, 2, [alice.id], {alice.id: ["missed_session"]},
                           {"title": "t", "note": "", "url": ""})
    wire = json.loads(json.dumps(queued[0]))
    assert wire == list(queued[0])
    assert checkpoint_tasks.send_nudge_emails(*wire) == 1
    assert "this week's live session" in mail.outbox[0].body


@pytest.mark.parametrize("usage_key, reason", [
    ("block-v1:SPOC+Test+2026+type@vertical+block@u1", "a vertical block has no completion of its own"),
    ("block-v1:SPOC+Test+2026+type@sequential+block@s1", "a sequential block has no completion of its own"),
])
def test_completion_links_go_to_components_not_containers(usage_key, reason, course_key):
    with pytest.raises(ValueError, match=reason):
        api.validate_link("completion", usage_key, course_key)
    assert api.validate_link("completion", "block-v1:SPOC+Test+2026+type@problem+block@p1", course_key)
    assert api.validate_link("completion", "block-v1:SPOC+Test+2026+type@spoc_live_session+block@l1", course_key)
