"""The cohort activity block through make_block: walls by cohort, posting rules, staff tools, views, OLX."""
import csv
import io
from datetime import timedelta

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from webob import Request

from spoc_plugin.models import ActivityPost, PostReaction
from spoc_xblocks.cohort_activity import CohortActivityBlock
from tests.utils import call_handler, make_block

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


@pytest.fixture
def people(make_user, make_cohort):
    alice, bob, dan, tutor, loner = (make_user(name) for name in ("alice", "bob", "dan", "tutor", "loner"))
    acme = make_cohort("Acme", members=[alice, bob])
    globex = make_cohort("Globex", members=[dan])
    return {"alice": alice, "bob": bob, "dan": dan, "tutor": tutor, "loner": loner, "acme": acme, "globex": globex}


def block_for(user, staff=False, **fields):
    return make_block(CohortActivityBlock, user=user, staff=staff, **fields)


def post(user, body, staff=False, **data):
    return call_handler(block_for(user, staff), "create_post", {"body": body, **data})


def wall(user, staff=False, fields=None, **data):
    status, answer = call_handler(block_for(user, staff, **(fields or {})), "wall", data)
    assert status == 200, answer
    return answer


def bodies(answer):
    return [p["body"] for p in answer["posts"]]


def test_learners_of_one_cohort_see_each_other_and_no_other_cohort(people):
    assert post(people["alice"], "Hello from Alice")[0] == 200
    assert post(people["dan"], "Hello from Dan")[0] == 200
    assert post(people["loner"], "Hello from nobody's cohort")[0] == 200
    assert bodies(wall(people["bob"])) == ["Hello from Alice"]
    assert wall(people["bob"])["wall"]["name"] == "Acme"
    assert bodies(wall(people["dan"])) == ["Hello from Dan"]
    assert bodies(wall(people["loner"])) == ["Hello from nobody's cohort"]


def test_a_learner_cannot_choose_another_cohort_by_parameters(people):
    post(people["dan"], "Globex secret")
    answer = wall(people["alice"], cohort_id=people["globex"].id, group=0)
    assert answer["posts"] == [] and answer["wall"]["cohort_id"] == people["acme"].id
    status, _ = post(people["alice"], "Sneaky", cohort_id=people["globex"].id)
    assert status == 200
    assert ActivityPost.objects.get(body="Sneaky").cohort_id == people["acme"].id


def test_learners_cannot_reply_to_edit_or_mark_posts_of_another_cohort(people):
    _, answer = post(people["dan"], "Globex post")
    globex_post = answer["post"]["id"]
    before = list(ActivityPost.objects.values_list("id", "body", "is_hidden"))
    alice = block_for(people["alice"])
    assert call_handler(alice, "create_post", {"body": "hi", "parent_id": globex_post})[0] == 404
    assert call_handler(alice, "mark_helpful", {"post_id": globex_post})[0] == 404
    assert call_handler(alice, "edit_post", {"post_id": globex_post, "body": "x"})[0] == 404
    assert call_handler(alice, "delete_post", {"post_id": globex_post})[0] == 404
    assert list(ActivityPost.objects.values_list("id", "body", "is_hidden")) == before
    assert PostReaction.objects.count() == 0


def test_replies_are_one_level_deep_and_shown_under_their_post(people):
    _, first = post(people["alice"], "Question")
    status, reply = post(people["bob"], "Answer", parent_id=first["post"]["id"])
    assert status == 200
    status, body = post(people["alice"], "Deeper", parent_id=reply["post"]["id"])
    assert status == 400 and "one level" in body["error"]
    answer = wall(people["alice"])
    assert bodies(answer) == ["Question"]
    assert [r["body"] for r in answer["posts"][0]["replies"]] == ["Answer"]


def test_progress_and_completion_are_published_when_minimums_are_met(people):
    block = block_for(people["alice"], min_posts=1, min_replies=1)
    _, answer = call_handler(block, "create_post", {"body": "Mine"})
    assert answer["progress"] == {"posts": 1, "replies": 0, "min_posts": 1, "min_replies": 1, "complete": False,
                                  "summary": "You have written 1 post. To complete this activity: 1 post and 1 reply."}
    assert block.runtime.events_named("completion") == []
    _, other = post(people["bob"], "Bob's")
    _, answer = call_handler(block, "create_post", {"body": "Reply", "parent_id": other["post"]["id"]})
    assert answer["progress"]["complete"] is True
    assert block.runtime.events_named("completion") == [{"completion": 1.0}]
    created = block.runtime.events_named("edx.spoc.cohort_activity.post_created")
    assert created[1]["parent_id"] == other["post"]["id"] and created[1]["cohort_id"] == people["acme"].id
    assert set(created[0]) == {"course_id", "usage_key", "post_id", "parent_id", "cohort_id", "group", "is_tutor",
                               "length"}


@pytest.mark.parametrize("body, message", [
    ("", "Write something"), ("   ", "Write something"), (None, "Write something"), (42, "Your post: Send text."),
    ("x" * 11, "limit is 10"),
])
def test_empty_oversized_and_malformed_posts_are_400(people, body, message):
    status, answer = call_handler(block_for(people["alice"], max_length=10), "create_post", {"body": body})
    assert status == 400 and message in answer["error"]
    assert ActivityPost.objects.count() == 0


@pytest.mark.parametrize("data", [{"parent_id": "abc"}, {"parent_id": [1]}, {"parent_id": True}])
def test_malformed_parent_ids_are_400(people, data):
    status, _ = call_handler(block_for(people["alice"]), "create_post", {"body": "ok", **data})
    assert status == 400 and ActivityPost.objects.count() == 0


def test_malformed_json_and_cursors_are_400(people):
    block = block_for(people["alice"])
    assert call_handler(block, "create_post", raw_body=b"{nope")[0] == 400
    assert call_handler(block, "wall", {"cursor": "not-a-cursor"})[0] == 400
    assert call_handler(block, "wall", {"cursor": 12})[0] == 400


def test_posting_is_rate_limited_with_a_clear_429(people, settings):
    settings.SPOC_ACTIVITY_POSTS_PER_MINUTE = 2
    assert post(people["alice"], "one")[0] == 200
    assert post(people["alice"], "two")[0] == 200
    status, answer = post(people["alice"], "three")
    assert status == 429 and "at most 2 posts a minute" in answer["error"]
    assert ActivityPost.objects.filter(author=people["alice"]).count() == 2
    ActivityPost.objects.update(created=timezone.now() - timedelta(minutes=2))
    assert post(people["alice"], "later")[0] == 200


def test_own_posts_are_editable_within_the_window_only(people):
    _, answer = post(people["alice"], "Typo")
    post_id = answer["post"]["id"]
    assert answer["post"]["can_edit"] is True
    assert call_handler(block_for(people["bob"]), "edit_post", {"post_id": post_id, "body": "Bob"})[0] == 403
    assert call_handler(block_for(people["bob"]), "delete_post", {"post_id": post_id})[0] == 403
    status, edited = call_handler(block_for(people["alice"]), "edit_post", {"post_id": post_id, "body": "Fixed"})
    assert status == 200 and edited["post"]["body"] == "Fixed" and edited["post"]["edited"]
    ActivityPost.objects.filter(pk=post_id).update(created=timezone.now() - timedelta(minutes=31))
    status, _ = call_handler(block_for(people["alice"]), "edit_post", {"post_id": post_id, "body": "Late"})
    assert status == 403 and ActivityPost.objects.get(pk=post_id).body == "Fixed"
    ActivityPost.objects.filter(pk=post_id).update(created=timezone.now())
    assert call_handler(block_for(people["alice"]), "delete_post", {"post_id": post_id})[0] == 200
    assert not ActivityPost.objects.filter(pk=post_id).exists()


def test_helpful_marks_are_counted_once_per_learner(people):
    _, answer = post(people["alice"], "Useful")
    post_id = answer["post"]["id"]
    bob = block_for(people["bob"])
    assert call_handler(bob, "mark_helpful", {"post_id": post_id, "helpful": True})[1]["helpful_count"] == 1
    assert call_handler(bob, "mark_helpful", {"post_id": post_id, "helpful": True})[1]["helpful_count"] == 1
    assert wall(people["bob"])["posts"][0]["helpful_by_me"] is True
    assert wall(people["alice"])["posts"][0]["helpful_count"] == 1
    assert call_handler(bob, "mark_helpful", {"post_id": post_id, "helpful": "yes"})[0] == 400
    assert call_handler(block_for(people["alice"]), "mark_helpful", {"post_id": post_id})[0] == 400
    assert call_handler(bob, "mark_helpful", {"post_id": post_id, "helpful": False})[1]["helpful_count"] == 0


def test_staff_handlers_refuse_learners_and_change_nothing(people):
    _, answer = post(people["alice"], "Keep me")
    post_id = answer["post"]["id"]
    bob = block_for(people["bob"])
    for action in ("hide", "pin"):
        status, body = call_handler(bob, "moderate", {"post_id": post_id, "action": action})
        assert status == 403 and body["error"] == "Only course staff may do this."
    assert call_handler(bob, "stats")[0] == 403
    response = bob.handle("export_csv", Request.blank("/"))
    assert response.status_code == 403
    assert ActivityPost.objects.filter(is_hidden=False, is_pinned=False).count() == 1
    assert bob.runtime.events == []


def test_tutor_hides_a_post_and_learners_no_longer_see_it(people):
    _, answer = post(people["alice"], "Off topic")
    post_id = answer["post"]["id"]
    tutor = block_for(people["tutor"], staff=True)
    status, body = call_handler(tutor, "moderate", {"post_id": post_id, "action": "hide"})
    assert status == 200 and body["post"]["is_hidden"] is True
    assert tutor.runtime.events_named("edx.spoc.cohort_activity.post_hidden")[0]["post_id"] == post_id
    assert wall(people["bob"])["posts"] == []
    assert call_handler(block_for(people["bob"]), "create_post", {"body": "x", "parent_id": post_id})[0] == 404
    assert bodies(wall(people["tutor"], staff=True, cohort_id=people["acme"].id)) == ["Off topic"]
    assert call_handler(tutor, "moderate", {"post_id": post_id, "action": "unhide"})[0] == 200
    assert bodies(wall(people["bob"])) == ["Off topic"]
    assert call_handler(tutor, "moderate", {"post_id": post_id, "action": "explode"})[0] == 400


def test_tutor_posts_pinned_on_top_of_the_chosen_cohort_only(people):
    status, answer = post(people["tutor"], "Welcome, Acme!", staff=True, cohort_id=people["acme"].id)
    assert status == 200 and answer["post"]["is_tutor"] is True
    tutor_post = answer["post"]["id"]
    post(people["alice"], "Newer learner post")
    tutor = block_for(people["tutor"], staff=True)
    assert call_handler(tutor, "moderate", {"post_id": tutor_post, "action": "pin"})[0] == 200
    learner_post = ActivityPost.objects.get(body="Newer learner post").id
    assert call_handler(tutor, "moderate", {"post_id": learner_post, "action": "pin"})[0] == 400
    answer = wall(people["bob"])
    assert [p["body"] for p in answer["pinned"]] == ["Welcome, Acme!"]
    assert bodies(answer) == ["Newer learner post"]
    assert answer["pinned"][0]["author"] == "tutor" and answer["pinned"][0]["is_tutor"]
    assert wall(people["dan"])["pinned"] == []
    assert call_handler(tutor, "wall", {"cohort_id": 999999})[0] == 404


def test_post_first_hides_the_wall_until_the_learner_posted(people):
    _, answer = post(people["alice"], "Alice's case")
    locked = call_handler(block_for(people["bob"], post_first=True), "wall", {})[1]
    assert locked["locked"] is True and locked["posts"] == []
    status, _ = call_handler(block_for(people["bob"], post_first=True), "create_post",
                             {"body": "reply", "parent_id": answer["post"]["id"]})
    assert status == 403
    call_handler(block_for(people["bob"], post_first=True), "create_post", {"body": "Bob's case"})
    unlocked = call_handler(block_for(people["bob"], post_first=True), "wall", {})[1]
    assert unlocked["locked"] is False and bodies(unlocked) == ["Bob's case", "Alice's case"]


def test_anonymous_author_display_hides_names_from_other_learners(people):
    post(people["alice"], "Anonymous case")
    answer = call_handler(block_for(people["bob"], author_display="anonymous"), "wall", {})[1]
    assert answer["posts"][0]["author"] == "A learner from your cohort"
    mine = call_handler(block_for(people["alice"], author_display="anonymous"), "wall", {})[1]
    assert mine["posts"][0]["author"] == "alice" and mine["posts"][0]["is_mine"]


def test_after_the_due_date_learners_cannot_post(people):
    status, answer = call_handler(block_for(people["alice"], due=timezone.now() - timedelta(hours=1)),
                                  "create_post", {"body": "Too late"})
    assert status == 403 and "closed" in answer["error"]
    assert ActivityPost.objects.count() == 0


def test_pages_are_cursor_paginated_newest_first_with_constant_queries(people):
    now = timezone.now()
    ActivityPost.objects.bulk_create([
        ActivityPost(course_key=block_for(None).course_key, usage_key=block_for(None).usage_key,
                     cohort=people["acme"], author=people["bob"], body=f"post {i}", created=now - timedelta(minutes=i))
        for i in range(45)
    ])
    parents = list(ActivityPost.objects.order_by("-created")[:3])
    for parent in parents:
        ActivityPost.objects.create(course_key=parent.course_key, usage_key=parent.usage_key, cohort=parent.cohort,
                                    author=people["alice"], parent=parent, body="reply")
        PostReaction.objects.create(post=parent, user=people["alice"])
    seen, cursor, queries = [], None, []
    while True:
        with CaptureQueriesContext(connection) as captured:
            answer = wall(people["alice"], **({"cursor": cursor} if cursor else {}))
        queries.append(len(captured))
        seen += bodies(answer)
        cursor = answer["next_cursor"]
        if not cursor:
            break
    assert seen == [f"post {i}" for i in range(45)]
    assert len(queries) == 3 and len(set(queries[1:])) == 1 and queries[0] <= queries[1] + 1
    first = wall(people["alice"])
    assert len(first["posts"]) == 20 and first["posts"][0]["helpful_count"] == 1
    assert [r["body"] for r in first["posts"][0]["replies"]] == ["reply"]


def test_stats_count_posts_posters_and_learners_not_yet_posted(people):
    post(people["alice"], "a1")
    _, answer = post(people["alice"], "a2")
    post(people["bob"], "b reply", parent_id=answer["post"]["id"])
    post(people["tutor"], "tutor", staff=True, cohort_id=people["acme"].id)
    status, stats = call_handler(block_for(people["tutor"], staff=True), "stats")
    assert status == 200
    rows = {row["name"]: row for row in stats["cohorts"]}
    assert rows["Acme"] == {"cohort_id": people["acme"].id, "name": "Acme", "posts": 2, "replies": 1, "posters": 1,
                            "learners": 2, "not_posted": 1}
    assert rows["Globex"]["posts"] == 0 and rows["Globex"]["not_posted"] == 1


def test_csv_export_escapes_formulas_and_keeps_text(people):
    post(people["alice"], "=HYPERLINK(\"http://evil\")")
    post(people["bob"], "@SUM(1)")
    post(people["dan"], XSS)
    response = block_for(people["tutor"], staff=True).handle("export_csv", Request.blank("/"))
    assert response.status_code == 200 and response.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.body.decode())))
    assert {row["body"] for row in rows} == {"'=HYPERLINK(\"http://evil\")", "'@SUM(1)", XSS}
    assert {row["cohort"] for row in rows} == {"Acme", "Globex"}


def test_student_view_escapes_nothing_from_learners_and_sanitizes_the_prompt(people):
    block = block_for(people["alice"], prompt='<p>Hi <strong>all</strong></p><script>alert(1)</script>'
                                              '<img src=x onerror="alert(2)">')
    html = block.student_view().content
    assert "<strong>all</strong>" in html and "<script>alert" not in html and "onerror" not in html
    assert "spoc-cohort-activity-form" in html


@pytest.mark.parametrize("user_kwargs", [{"user": None}, {"services": {"user": None}}])
def test_views_render_without_a_user(db, user_kwargs):
    block = make_block(CohortActivityBlock, **user_kwargs)
    assert "Sign in to take part." in block.student_view().content
    assert "Completion" in block.author_view().content
    assert 'name="min_posts"' in block.studio_view().content
    assert call_handler(block, "wall")[0] == 403


def test_renders_in_a_learning_core_library_explains_and_writes_nothing(db, make_user):
    block = make_block(CohortActivityBlock, user=make_user(), runtime="library")
    assert "here it is a preview, and nothing is recorded" in block.student_view().content
    assert call_handler(block, "wall")[0] == 400
    assert call_handler(block, "create_post", {"body": "Hello"})[0] == 400
    assert not ActivityPost.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "learner", "staff flag only"])
def test_only_authors_may_change_the_settings(people, who):
    user = {"anonymous": None, "learner": people["alice"], "staff flag only": people["alice"]}[who]
    block = make_block(CohortActivityBlock, user=user, staff=who == "staff flag only")
    status, body = call_handler(block, "studio_submit", {"display_name": "Hacked", "activity_kind": "discussion",
                                                         "author_display": "name", "min_posts": 0})
    assert status == 403 and body["error"] == "Only the course's authors may change this block."
    assert block.display_name == "Cohort activity" and block.min_posts == 1


def test_studio_submit_validates_everything_before_saving(db, make_user, grant_role, course_key):
    author = make_user("author")
    grant_role(author, CourseStaffRole, course_key)
    block = make_block(CohortActivityBlock, user=author, runtime="studio")
    good = {"display_name": "Intro", "prompt": "<p>Hello</p><script>x()</script>", "activity_kind": "introductions",
            "min_posts": "2", "min_replies": 1, "post_first": True, "author_display": "anonymous",
            "max_length": 500, "due": "2026-12-31T18:00", "group_size": 25, "edit_window_minutes": 10}
    for bad in ({"activity_kind": "poll"}, {"min_posts": -1}, {"max_length": 0}, {"due": "tomorrow"},
                {"post_first": "yes"}, {"group_size": "many"}, {"prompt": 3}):
        status, _ = call_handler(block, "studio_submit", {**good, **bad})
        assert status == 400
        assert block.display_name == "Cohort activity" and block.min_posts == 1
    assert call_handler(block, "studio_submit", good) == (200, {"ok": True})
    assert block.prompt == "<p>Hello</p>" and block.min_posts == 2 and block.group_size == 25
    assert block.due.isoformat() == "2026-12-31T18:00:00+00:00"
    assert call_handler(block, "studio_submit", {**good, "due": ""}) == (200, {"ok": True})
    assert not block.fields["due"].is_set_on(block)  # the subsection's due date applies again


def test_student_view_data_for_mobile(db):
    block = make_block(CohortActivityBlock, prompt="<b>Q</b><script>x</script>", group_size=5)
    data = block.student_view_data()
    assert data["prompt"] == "<b>Q</b>" and data["group_size"] == 5 and data["due"] is None


def test_small_group_walls_and_cohort_wide_tutor_posts(people, make_user):
    carla = make_user("carla")
    from spoc_plugin.models import CohortMembership

    CohortMembership.objects.create(user=carla, cohort=people["acme"])
    groups = {}
    for name, user in (("alice", people["alice"]), ("bob", people["bob"]), ("carla", carla)):
        block = block_for(user, group_size=1)
        _, answer = call_handler(block, "create_post", {"body": f"{name} in a group"})
        groups[name] = answer["post"]["group"]
        assert block.runtime.events_named("edx.spoc.cohort_activity.group_joined")[0]["group"] == groups[name]
    assert sorted(groups.values()) == [0, 1, 2]
    tutor = block_for(people["tutor"], staff=True, group_size=1)
    call_handler(tutor, "create_post", {"body": "To the whole cohort", "cohort_id": people["acme"].id})
    call_handler(tutor, "create_post", {"body": "To Bob's group", "cohort_id": people["acme"].id,
                                        "group": groups["bob"]})
    assert bodies(wall(people["alice"], fields={"group_size": 1})) == ["To the whole cohort", "alice in a group"]
    assert bodies(wall(people["bob"], fields={"group_size": 1})) == [
        "To Bob's group", "To the whole cohort", "bob in a group"]
    staff_all = call_handler(tutor, "wall", {"cohort_id": people["acme"].id})[1]
    assert len(staff_all["posts"]) == 5 and staff_all["groups"] == [0, 1, 2]
    staff_one = call_handler(tutor, "wall", {"cohort_id": people["acme"].id, "group": groups["carla"]})[1]
    assert bodies(staff_one) == ["To the whole cohort", "carla in a group"]
    for bad_group, status in ((7, 404), ("two", 400), ([1], 400)):
        assert call_handler(tutor, "create_post", {"body": "lost", "cohort_id": people["acme"].id,
                                                   "group": bad_group})[0] == status
    assert not ActivityPost.objects.filter(body="lost").exists()


def test_pinned_posts_come_only_with_the_first_page(people):
    _, answer = post(people["tutor"], "Read me first", staff=True, cohort_id=people["acme"].id)
    call_handler(block_for(people["tutor"], staff=True), "moderate", {"post_id": answer["post"]["id"],
                                                                       "action": "pin"})
    for i in range(21):
        ActivityPost.objects.create(course_key=block_for(None).course_key, usage_key=block_for(None).usage_key,
                                    cohort=people["acme"], author=people["bob"], body=f"p{i}")
    first = wall(people["alice"])
    second = wall(people["alice"], cursor=first["next_cursor"])
    assert [p["body"] for p in first["pinned"]] == ["Read me first"] and second["pinned"] == []
    assert len(first["posts"]) == 20 and bodies(second) == ["p0"] and second["next_cursor"] is None


def test_french_strings_of_the_block():
    from django.utils import translation

    with translation.override("fr"):
        block = make_block(CohortActivityBlock)
        assert block._("Post your own answer first to see the others'.") != (
            "Post your own answer first to see the others'.")
        assert "Connectez-vous pour participer." in block.student_view().content
        summary = block.author_view().content
        assert "Achèvement" in summary and "(s)" not in summary  # plural forms, no "(s)" hack
    assert "Completion: 1 post, 0 replies" in make_block(CohortActivityBlock).author_view().content
