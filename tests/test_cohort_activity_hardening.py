"""The cohort activity against malformed input, parallel posts, hostile prompts and hidden threads (issue 12,
points 4, 6, 10, 12 and 13).

Every refusal of input is a 4xx with a message naming what is wrong, and writes nothing: no post, reaction,
group membership or posting row, no block field, no event.
"""
import base64
import threading
import time

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from django.db import close_old_connections, connection
from webob import Request

from spoc_plugin.cohort_activity import posts as activity_api
from spoc_plugin.models import ActivityGroupMembership, ActivityPost, PostReaction
from spoc_plugin.models.cohort_activity import ActivityPostingLock
from spoc_xblocks.cohort_activity import CohortActivityBlock
from spoc_xblocks.cohort_activity.prompt import sanitize_prompt
from tests.utils import call_handler, make_block

DEEP = "[" * 2000 + "]" * 2000
NOT_OBJECTS = [b"null", b"[]", b'"s"', b"123", b"true", DEEP.encode(), ("{\"body\": " + DEEP + "}").encode(),
               b"\xff\xfe", b"{nope"]
HANDLERS = ["wall", "create_post", "edit_post", "delete_post", "mark_helpful", "moderate", "stats", "studio_submit"]


@pytest.fixture
def people(make_user, make_cohort, grant_role, course_key):
    alice, bob, tutor, loner = (make_user(name) for name in ("alice", "bob", "tutor", "loner"))
    acme = make_cohort("Acme", members=[alice, bob])
    author = make_user("author")
    grant_role(author, CourseStaffRole, course_key)
    return {"alice": alice, "bob": bob, "tutor": tutor, "loner": loner, "acme": acme, "author": author}


def block_for(user, staff=False, **fields):
    return make_block(CohortActivityBlock, user=user, staff=staff, **fields)


def author_block(people, **fields):
    return make_block(CohortActivityBlock, user=people["author"], runtime="studio", **fields)


@pytest.fixture
def posts(people):
    """A post of Alice's (hers to edit), one of Bob's (for Alice to mark), and a reply of Alice's under Bob's."""
    _, mine = call_handler(block_for(people["alice"]), "create_post", {"body": "Alice's post"})
    _, bobs = call_handler(block_for(people["bob"]), "create_post", {"body": "Bob's post"})
    _, reply = call_handler(block_for(people["alice"]), "create_post",
                            {"body": "Alice's reply", "parent_id": bobs["post"]["id"]})
    return {"mine": mine["post"]["id"], "bobs": bobs["post"]["id"], "reply": reply["post"]["id"]}


def stored():
    """Everything the handlers could write."""
    return (
        list(ActivityPost.objects.order_by("id").values_list("id", "body", "edited", "is_hidden", "is_pinned")),
        list(PostReaction.objects.order_by("id").values_list("id", "post_id", "user_id")),
        list(ActivityGroupMembership.objects.order_by("id").values_list("id", "user_id", "group")),
        list(ActivityPostingLock.objects.order_by("id").values_list("id", "user_id", "last_post")),
    )


def fields_of(block):
    return {name: getattr(block, name) for name in block.editable_fields}


# ----- point 6: bodies that are not a JSON object -----
@pytest.mark.parametrize("handler", HANDLERS)
@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_bodies_that_are_not_a_json_object_are_a_400_and_write_nothing(people, posts, handler, body):
    if handler in ("moderate", "stats"):
        block = block_for(people["tutor"], staff=True)
    elif handler == "studio_submit":
        block = author_block(people)
    else:
        block = block_for(people["alice"], group_size=2)
    before, settings = stored(), fields_of(block)
    status, answer = call_handler(block, handler, raw_body=body)
    assert (status, answer["error"]) == (400, "Send a JSON object.")
    assert stored() == before and fields_of(block) == settings and block.runtime.events == []


# ----- point 6 and 10: values that do not fit -----
BIG = 2**64
LEARNER_CASES = [
    # (handler, data, start of the message)
    ("create_post", {"body": "Hi\x00there"}, "Your post: Remove the control characters or invalid Unicode"),
    ("create_post", {"body": "Bell\x07"}, "Your post: Remove the control characters"),
    ("create_post", {"body": "Half \ud800 a character"}, "Your post: Remove the control characters"),
    ("create_post", {"body": "Not a character \ufffe"}, "Your post: Remove the control characters"),
    ("create_post", {"body": ["a list"]}, "Your post: Send text."),
    ("create_post", {"body": {"text": "x"}}, "Your post: Send text."),
    ("create_post", {"body": "x" * 10001}, "Your post: Ensure this field has no more than 10000 characters."),
    ("create_post", {"body": "ok", "parent_id": "²"}, "Post replied to: Send a whole number."),
    ("create_post", {"body": "ok", "parent_id": BIG}, "Post replied to: Ensure this value is less than or equal to"),
    ("create_post", {"body": "ok", "parent_id": -BIG}, "Post replied to: Ensure this value is greater than or equal"),
    ("create_post", {"body": "ok", "parent_id": 1.5}, "Post replied to: Send a whole number."),
    ("create_post", {"body": "ok", "parent_id": True}, "Post replied to: Send a whole number."),
    ("create_post", {"body": "ok", "parent_id": ["1"]}, "Post replied to: Send a whole number."),
    ("create_post", {"body": "ok", "cohort_id": "²"}, "Cohort: Send a whole number."),
    ("create_post", {"body": "ok", "group": "\ud800"}, "Group: Send a whole number."),
    ("edit_post", {"post_id": "mine", "body": "Fixed\x00"}, "Your post: Remove the control characters"),
    ("edit_post", {"post_id": "mine", "body": "Fixed \udfff"}, "Your post: Remove the control characters"),
    ("edit_post", {"post_id": "mine", "body": ["Fixed"]}, "Your post: Send text."),
    ("edit_post", {"post_id": "mine", "body": "   "}, "Your post: Write something before posting."),
    ("edit_post", {"post_id": "²", "body": "Fixed"}, "Post: Send a whole number."),
    ("edit_post", {"post_id": BIG, "body": "Fixed"}, "Post: Ensure this value is less than or equal to"),
    ("edit_post", {"body": "Fixed"}, "Post: This field is required."),
    ("delete_post", {"post_id": "²"}, "Post: Send a whole number."),
    ("delete_post", {"post_id": 2**100}, "Post: Ensure this value is less than or equal to"),
    ("delete_post", {"post_id": "\ud800"}, "Post: Send a whole number."),
    ("delete_post", {"post_id": [1]}, "Post: Send a whole number."),
    ("delete_post", {"post_id": None}, "Post: This field may not be null."),
    ("mark_helpful", {"post_id": "bobs", "helpful": "yes"}, "Helpful: Send true or false."),
    ("mark_helpful", {"post_id": "bobs", "helpful": 1}, "Helpful: Send true or false."),
    ("mark_helpful", {"post_id": "³"}, "Post: Send a whole number."),
    ("mark_helpful", {"post_id": -1}, "Post: Ensure this value is greater than or equal to 1."),
    ("wall", {"cursor": 12}, "Page: Send text."),
    ("wall", {"cursor": ["a"]}, "Page: Send text."),
    ("wall", {"cursor": "\ud800"}, "Page: Remove the control characters"),
    ("wall", {"cursor": "x" * 201}, "Page: Ensure this field has no more than 200 characters."),
    ("wall", {"cursor": base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|99999999999999999999999").decode()},
     "Invalid page cursor."),
    ("wall", {"cursor": base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|\xb2").decode()}, "Invalid page cursor."),
    ("wall", {"cursor": base64.urlsafe_b64encode("2026-01-01T00:00:00+00:00|²".encode()).decode()},
     "Invalid page cursor."),
]


@pytest.mark.parametrize("handler, data, message", LEARNER_CASES)
def test_learner_values_that_do_not_fit_are_a_400_naming_the_field_and_write_nothing(people, posts, handler, data,
                                                                                     message):
    data = {key: posts.get(value, value) if key == "post_id" and isinstance(value, str) else value
            for key, value in data.items()}
    block = block_for(people["alice"], group_size=2)
    before = stored()
    status, answer = call_handler(block, handler, data)
    assert status == 400 and answer["error"].startswith(message), answer
    assert stored() == before and block.runtime.events == []


STAFF_CASES = [
    ("wall", {"cohort_id": "²"}, "Cohort: Send a whole number."),
    ("wall", {"cohort_id": BIG}, "Cohort: Ensure this value is less than or equal to"),
    ("wall", {"cohort_id": [1]}, "Cohort: Send a whole number."),
    ("wall", {"group": "٣"}, "Group: Send a whole number."),
    ("wall", {"group": -1}, "Group: Ensure this value is greater than or equal to 0."),
    ("wall", {"group": BIG}, "Group: Ensure this value is less than or equal to"),
    ("create_post", {"body": "To all", "cohort_id": "1²"}, "Cohort: Send a whole number."),
    ("create_post", {"body": "To all", "group": 2**70}, "Group: Ensure this value is less than or equal to"),
    ("moderate", {"post_id": "bobs", "action": "explode"}, "Action: Unknown action."),
    ("moderate", {"post_id": "bobs", "action": ["hide"]}, "Action: Unknown action."),
    ("moderate", {"post_id": "bobs", "action": "\ud800"}, "Action: Unknown action."),
    ("moderate", {"post_id": "bobs"}, "Action: Unknown action."),
    ("moderate", {"post_id": "²", "action": "hide"}, "Post: Send a whole number."),
    ("moderate", {"post_id": BIG, "action": "hide"}, "Post: Ensure this value is less than or equal to"),
]


@pytest.mark.parametrize("handler, data, message", STAFF_CASES)
def test_staff_values_that_do_not_fit_are_a_400_naming_the_field_and_write_nothing(people, posts, handler, data,
                                                                                   message):
    data = {key: posts.get(value, value) if key == "post_id" and isinstance(value, str) else value
            for key, value in data.items()}
    block = block_for(people["tutor"], staff=True, group_size=2)
    before = stored()
    status, answer = call_handler(block, handler, data)
    assert status == 400 and answer["error"].startswith(message), answer
    assert stored() == before and block.runtime.events == []


def test_ids_sent_as_digits_or_empty_choices_still_work(people, posts):
    """What the page's selects send (text) keeps working: ids as ASCII digits, ``""`` for none."""
    tutor = block_for(people["tutor"], staff=True)
    status, answer = call_handler(tutor, "wall", {"cohort_id": str(people["acme"].id), "group": ""})
    assert status == 200 and {post["body"] for post in answer["posts"]} == {"Alice's post", "Bob's post"}
    status, answer = call_handler(tutor, "wall", {"cohort_id": ""})
    assert status == 200 and answer["wall"]["cohort_id"] is None
    status, answer = call_handler(block_for(people["bob"]), "create_post",
                                  {"body": " Thanks ", "parent_id": str(posts["mine"])})
    assert status == 200 and answer["post"]["body"] == "Thanks"
    assert ActivityPost.objects.get(body="Thanks").parent_id == posts["mine"]


@pytest.mark.parametrize("handler, data, status", [
    ("create_post", {"body": "Hi", "parent_id": 999999}, 404),
    ("create_post", {"body": "Hi", "parent_id": "reply"}, 400),  # a reply to a reply
    ("edit_post", {"post_id": 999999, "body": "Hi"}, 404),
    ("delete_post", {"post_id": 999999}, 404),
    ("mark_helpful", {"post_id": 999999}, 404),
    ("mark_helpful", {"post_id": "mine"}, 400),  # one's own post
])
def test_refused_calls_put_nobody_in_a_small_group(people, posts, handler, data, status):
    """In an activity split in small groups, a learner not in one yet is put in one by their first wall or post;
    a refused call leaves them out (and publishes nothing)."""
    data = {key: posts.get(value, value) if isinstance(value, str) else value for key, value in data.items()}
    block = block_for(people["alice"], group_size=2)
    before = stored()
    assert call_handler(block, handler, data)[0] == status
    assert stored() == before and block.runtime.events == []


def test_a_refused_first_post_leaves_no_posting_row(people, posts):
    block = block_for(people["loner"])
    assert call_handler(block, "create_post", {"body": "Hi", "parent_id": posts["bobs"]})[0] == 404
    assert not ActivityPostingLock.objects.filter(user=people["loner"]).exists() and block.runtime.events == []


def test_a_post_beyond_the_rate_limit_puts_nobody_in_a_small_group(people, settings):
    settings.SPOC_ACTIVITY_POSTS_PER_MINUTE = 1
    assert call_handler(block_for(people["alice"]), "create_post", {"body": "First"})[0] == 200
    block = block_for(people["alice"], group_size=2)
    assert call_handler(block, "create_post", {"body": "Second"})[0] == 429
    assert not ActivityGroupMembership.objects.exists() and block.runtime.events == []
    settings.SPOC_ACTIVITY_POSTS_PER_MINUTE = 5
    assert call_handler(block, "create_post", {"body": "Second"})[0] == 200
    assert ActivityGroupMembership.objects.get().user == people["alice"]
    assert block.runtime.events_named("edx.spoc.cohort_activity.group_joined")


# ----- point 10: forbidden characters never reach the posts -----
@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b", "\x7f\x00", "\ud800", "\udc00", "\uffff"])
def test_posts_and_edits_with_forbidden_characters_are_refused(people, posts, bad):
    before = stored()
    for handler, data in (("create_post", {"body": f"Hello {bad} world"}),
                          ("create_post", {"body": f"Reply {bad}", "parent_id": posts["bobs"]}),
                          ("edit_post", {"post_id": posts["mine"], "body": f"Edited {bad}"})):
        block = block_for(people["alice"])
        status, answer = call_handler(block, handler, data)
        assert status == 400 and answer["error"].startswith("Your post: Remove the control characters"), answer
        assert block.runtime.events == []
    assert stored() == before


def test_tabs_and_new_lines_are_kept_in_posts(people):
    status, answer = call_handler(block_for(people["alice"]), "create_post", {"body": "Line 1\n\tLine 2\r\nEnd"})
    assert status == 200 and answer["post"]["body"] == "Line 1\n\tLine 2\r\nEnd"


# ----- rights come before input -----
@pytest.mark.parametrize("handler", ["moderate", "stats"])
def test_learners_calling_staff_handlers_get_the_403_whatever_they_send(people, handler):
    block = block_for(people["alice"])
    status, answer = call_handler(block, handler, raw_body=DEEP.encode())
    assert (status, answer["error"]) == (403, "Only course staff may do this.")


@pytest.mark.parametrize("handler", ["wall", "create_post", "edit_post", "delete_post", "mark_helpful"])
def test_anonymous_callers_get_the_403_whatever_they_send(db, handler):
    block = make_block(CohortActivityBlock)
    status, answer = call_handler(block, handler, raw_body=b"\xff")
    assert (status, answer["error"]) == (403, "You must be signed in to do this.")


def test_handlers_answer_405_to_anything_but_post(people):
    status, _ = call_handler(block_for(people["alice"]), "create_post", {"body": "x"}, method="GET")
    assert status == 405 and not ActivityPost.objects.exists()


# ----- studio_submit -----
GOOD_EDITOR = {"display_name": "Intro", "prompt": "<p>Hello</p>", "activity_kind": "introductions",
               "min_posts": "2", "min_replies": 1, "post_first": True, "author_display": "anonymous",
               "max_length": 500, "due": "2026-12-31T18:00", "group_size": 25, "edit_window_minutes": 10}
EDITOR_CASES = [
    ({"min_posts": "²"}, "Minimum posts for completion: must be a whole number from 0 to 100."),
    ({"min_posts": BIG}, "Minimum posts for completion: must be a whole number from 0 to 100."),
    ({"min_posts": -1}, "Minimum posts for completion: must be a whole number from 0 to 100."),
    ({"min_posts": True}, "Minimum posts for completion: must be a whole number from 0 to 100."),
    ({"min_posts": None}, "Minimum posts for completion: must be a whole number from 0 to 100."),
    ({"min_posts": 1.5}, "Minimum posts for completion: must be a whole number from 0 to 100."),
    ({"max_length": 0}, "Maximum post length: must be a whole number from 1 to 10000."),
    ({"max_length": 10001}, "Maximum post length: must be a whole number from 1 to 10000."),
    ({"max_length": "9" * 50}, "Maximum post length: must be a whole number from 1 to 10000."),
    ({"group_size": "many"}, "Small-group size: must be a whole number from 0 to 10000."),
    ({"edit_window_minutes": 2**70}, "Edit window (minutes): must be a whole number from 0 to 43200."),
    ({"display_name": "Intro\ud800"}, "Display name: Remove the control characters"),
    ({"display_name": ["Intro"]}, "Display name: Send text."),
    ({"display_name": "x" * 256}, "Display name: Ensure this field has no more than 255 characters."),
    ({"prompt": "<p>\x00</p>"}, "Prompt: Remove the control characters"),
    ({"prompt": 3}, "Prompt: Send text."),
    ({"prompt": "x" * 20001}, "Prompt: Ensure this field has no more than 20000 characters."),
    ({"activity_kind": "poll"}, "Activity kind: Unknown activity kind."),
    ({"activity_kind": ["discussion"]}, "Activity kind: Unknown activity kind."),
    ({"author_display": None}, "Show authors as: Unknown author display."),
    ({"post_first": "yes"}, "Post first to see the others: Send true or false."),
    ({"due": "tomorrow"}, "Due date: The due date must look like 2026-12-31T18:00."),
    ({"due": "9999-12-31T23:00:00Z"}, "Due date: Give a date between 2000 and 2100."),
    ({"due": "0001-01-01T00:00"}, "Due date: Give a date between 2000 and 2100."),
    ({"due": 20261231}, "Due date: The due date must look like 2026-12-31T18:00."),
    ({"due": "2026-12-31T18:00\x00"}, "Due date: The due date must look like 2026-12-31T18:00."),
]


@pytest.mark.parametrize("change, message", EDITOR_CASES)
def test_studio_submit_refuses_values_that_do_not_fit_and_saves_nothing(people, change, message):
    block = author_block(people)
    before = fields_of(block)
    status, answer = call_handler(block, "studio_submit", {**GOOD_EDITOR, **change})
    assert status == 400 and answer["error"].startswith(message), answer
    assert fields_of(block) == before and not block.fields["due"].is_set_on(block)


def test_studio_submit_checks_the_author_before_the_input(people):
    for user, staff in ((None, False), (people["alice"], False), (people["alice"], True)):
        block = make_block(CohortActivityBlock, user=user, staff=staff)
        status, answer = call_handler(block, "studio_submit", raw_body=DEEP.encode())
        assert (status, answer["error"]) == (403, "Only the course's authors may change this block.")


def test_studio_submit_saves_good_values(people):
    block = author_block(people)
    assert call_handler(block, "studio_submit", {**GOOD_EDITOR, "display_name": "  "}) == (200, {"ok": True})
    assert block.display_name == "Cohort activity" and block.min_posts == 2 and block.edit_window_minutes == 10
    assert block.due.isoformat() == "2026-12-31T18:00:00+00:00"


# ----- export_csv: a download, whatever the query string -----
QUERIES = ["", "?student=1", "?%ff%fe=%00", "?a=%ED%A0%80", "?cohort_id=%C2%B2", "?" + "a=1&" * 5000,
           "?x=" + "%5B" * 2000, "?=&&=="]


@pytest.mark.parametrize("query", QUERIES)
def test_export_csv_answers_any_query_string_without_a_5xx(people, posts, query):
    staff = block_for(people["tutor"], staff=True)
    response = staff.handle("export_csv", Request.blank("/" + query))
    assert response.status_code == 200 and response.content_type == "text/csv"
    for block in (block_for(people["alice"]), make_block(CohortActivityBlock)):
        assert block.handle("export_csv", Request.blank("/" + query)).status_code == 403
    assert staff.runtime.events_named("edx.spoc.cohort_activity.posts_exported")


def test_export_csv_is_a_download_only(people, posts):
    response = block_for(people["tutor"], staff=True).handle("export_csv", Request.blank("/", method="POST"))
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


# ----- point 12: the prompt keeps only what an author needs -----
@pytest.mark.parametrize("html, kept, removed", [
    ('<a href="//evil.example/x">x</a>', "<a rel=\"noopener noreferrer\">x</a>", "evil.example"),
    ('<a href="https:evil.example">x</a>', "<a rel=\"noopener noreferrer\">x</a>", "evil.example"),
    ('<a href="https:///evil.example">x</a>', "<a rel=\"noopener noreferrer\">x</a>", "evil.example"),
    ('<a href="/\\evil.example">x</a>', "<a rel=\"noopener noreferrer\">x</a>", "evil.example"),
    ('<a href="javascript:alert(1)">x</a>', "<a rel=\"noopener noreferrer\">x</a>", "javascript"),
    ('<a href="data:text/html,hi">x</a>', "<a rel=\"noopener noreferrer\">x</a>", "data:"),
    ('<a href="/courses/x">x</a>', "<a rel=\"noopener noreferrer\">x</a>", "/courses"),
    ('<p>Look<img src="https://tracker.example/pixel.gif"></p>', "<p>Look</p>", "tracker"),
    ('<img src="//tracker.example/p.gif" width="1">', "", "tracker"),
    ('<p style="background:url(https://tracker.example/p)">Hi</p>', "<p>Hi</p>", "tracker"),
    ('<picture><source srcset="https://tracker.example/p"></picture>Hi', "Hi", "tracker"),
    ('<svg><image href="https://tracker.example/p"/></svg>Hi', "Hi", "tracker"),
    ('<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="opener">Read</a>',
     '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">Read</a>', "opener\""),
    ('<a href="mailto:tutor@example.org">Mail</a>', '<a href="mailto:tutor@example.org" rel="noopener noreferrer">Mail'
                                                    '</a>', "\x00"),
    ('<h2>Title</h2><ul><li><em>one</em></li></ul><ol><li><strong>two</strong></li></ol><blockquote>q</blockquote>',
     '<h2>Title</h2><ul><li><em>one</em></li></ul><ol><li><strong>two</strong></li></ol><blockquote>q</blockquote>',
     "\x00"),
    ('<p class="x" id="y" onclick="z()">Hi<br>there</p><script>alert(1)</script><style>p{}</style>',
     "<p>Hi<br>there</p>", "alert"),
    ("<p>Half \ud800 a character\x00</p>", "<p>Half  a character</p>", "\ud800"),
])
def test_the_prompt_keeps_only_what_an_author_needs(html, kept, removed):
    cleaned = sanitize_prompt(html)
    assert cleaned == kept and removed not in cleaned


def test_the_prompt_is_cleaned_when_saved_and_when_shown(people):
    hostile = '<p>Hi <a href="//evil.example/x">there</a><img src="https://tracker.example/p.gif"></p>'
    block = author_block(people)
    assert call_handler(block, "studio_submit", {**GOOD_EDITOR, "prompt": hostile})[0] == 200
    assert block.prompt == '<p>Hi <a rel="noopener noreferrer">there</a></p>'
    stored_before = block_for(people["alice"], prompt=hostile)  # e.g. imported, or saved before this version
    for html in (stored_before.student_view().content, stored_before.author_view().content,
                 stored_before.student_view_data()["prompt"]):
        assert "evil.example" not in html and "tracker.example" not in html and "noopener noreferrer" in html


def test_a_stored_prompt_or_setting_that_cannot_be_shown_no_longer_breaks_the_block(people):
    block = block_for(people["alice"], prompt="<p>Broken \ud800</p>", edit_window_minutes=10**20, group_size=-5,
                      max_length=10**9, min_posts="many")
    assert "Broken " in block.student_view().content
    status, answer = call_handler(block, "create_post", {"body": "Still works"})
    assert status == 200 and answer["post"]["can_edit"] is True and answer["progress"]["min_posts"] == 1
    assert call_handler(block, "wall")[0] == 200


# ----- point 13: a reply under a hidden post is as unknown as the post -----
def test_a_reply_under_a_hidden_post_is_unknown_to_learners(people, posts):
    tutor = block_for(people["tutor"], staff=True)
    assert call_handler(tutor, "moderate", {"post_id": posts["bobs"], "action": "hide"})[0] == 200
    # Bob marks, and Alice edits, deletes or replies to, Alice's reply under Bob's hidden post.
    calls = [(people["bob"], "mark_helpful", {"post_id": posts["reply"]}),
             (people["bob"], "mark_helpful", {"post_id": posts["reply"], "helpful": False}),
             (people["alice"], "edit_post", {"post_id": posts["reply"], "body": "Edited"}),
             (people["alice"], "delete_post", {"post_id": posts["reply"]}),
             (people["bob"], "create_post", {"body": "Sub-reply", "parent_id": posts["reply"]})]
    before = stored()
    for user, handler, data in calls:
        block = block_for(user)
        status, answer = call_handler(block, handler, data)
        assert (status, answer["error"]) == (404, "Unknown post."), (handler, answer)
        assert block.runtime.events == []
    assert stored() == before
    # Staff still see and moderate it; once the post is shown again, so is its reply.
    assert call_handler(tutor, "moderate", {"post_id": posts["reply"], "action": "hide"})[0] == 200
    assert call_handler(tutor, "moderate", {"post_id": posts["reply"], "action": "unhide"})[0] == 200
    assert call_handler(tutor, "moderate", {"post_id": posts["bobs"], "action": "unhide"})[0] == 200
    assert call_handler(block_for(people["bob"]), "mark_helpful", {"post_id": posts["reply"]})[0] == 200
    status, _ = call_handler(block_for(people["alice"]), "edit_post", {"post_id": posts["reply"], "body": "Edited"})
    assert status == 200


def test_a_hidden_reply_is_unknown_to_learners_too(people, posts):
    tutor = block_for(people["tutor"], staff=True)
    assert call_handler(tutor, "moderate", {"post_id": posts["reply"], "action": "hide"})[0] == 200
    assert call_handler(block_for(people["bob"]), "mark_helpful", {"post_id": posts["reply"]})[0] == 404
    assert call_handler(block_for(people["alice"]), "delete_post", {"post_id": posts["reply"]})[0] == 404


# ----- point 4: the rate limit holds under parallel posts -----
def test_the_rate_limit_counts_and_writes_in_one_turn(people, settings):
    """The count and the insert are one transaction that starts by writing the learner's posting row."""
    settings.SPOC_ACTIVITY_POSTS_PER_MINUTE = 2
    statuses = [call_handler(block_for(people["loner"]), "create_post", {"body": f"p{i}"})[0] for i in range(3)]
    assert statuses == [200, 200, 429]
    lock = ActivityPostingLock.objects.get(user=people["loner"])
    assert str(lock.course_key) == "course-v1:SPOC+Test+2026" and lock.last_post is not None
    assert ActivityPost.objects.filter(author=people["loner"]).count() == 2


@pytest.fixture
def slow_count(monkeypatch):
    """Counting takes 50 ms: without a lock held from the count to the insert, parallel posts would all count
    the same few posts."""
    real_count = activity_api.recent_post_count

    def slow(*args, **kwargs):
        count = real_count(*args, **kwargs)
        time.sleep(0.05)
        return count

    monkeypatch.setattr(activity_api, "recent_post_count", slow)
    monkeypatch.setattr("spoc_plugin.api.recent_post_count", slow)


@pytest.mark.skipif(connection.vendor == "sqlite", reason=(
    "SQLite has no row locks and its test database is one in-memory connection shared by threads: concurrent "
    "transactions cannot be exercised there (the race runs on MariaDB)"))
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who, group_size", [("alice", 0), ("loner", 0), ("alice", 2)])  # cohort, course, group
def test_twenty_parallel_posts_write_exactly_the_limit(people, settings, slow_count, who, group_size):
    settings.SPOC_ACTIVITY_POSTS_PER_MINUTE = 5
    user = people[who]
    barrier, outcomes = threading.Barrier(20), []

    def post(index):
        try:
            block = block_for(user, group_size=group_size)
            barrier.wait()
            outcomes.append(call_handler(block, "create_post", {"body": f"post {index}"}))
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes.append((500, repr(error)))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [200] * 5 + [429] * 15, outcomes
    assert ActivityPost.objects.filter(author=user).count() == 5
    assert all("at most 5 posts a minute" in answer["error"] for status, answer in outcomes if status == 429)
    assert ActivityGroupMembership.objects.filter(user=user).count() == (1 if group_size else 0)


RACE_ON_A_FILE = """
import threading
from collections import Counter

import django

django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import close_old_connections

from spoc_plugin.models import ActivityPost, CohortMembership, SpocCohort
from spoc_xblocks.cohort_activity import CohortActivityBlock
from tests.conftest import COURSE_KEY
from tests.utils import call_handler, make_block

call_command("migrate", verbosity=0)
settings.SPOC_ACTIVITY_POSTS_PER_MINUTE = 5
for name, group_size in (("member", 0), ("loner", 0), ("grouped", 2)):
    user = get_user_model().objects.create_user(username=name, email=f"{name}@example.com", password="pw")
    if name != "loner":
        CohortMembership.objects.create(user=user, cohort=SpocCohort.objects.create(course_key=COURSE_KEY, name=name))
    barrier, statuses = threading.Barrier(20), []

    def post(index, user=user, group_size=group_size, barrier=barrier, statuses=statuses):
        try:
            block = make_block(CohortActivityBlock, user=user, block_id=name, group_size=group_size)
            barrier.wait()
            statuses.append(call_handler(block, "create_post", {"body": f"post {index}"})[0])
        except Exception as error:
            statuses.append(repr(error))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(name, sorted(Counter(statuses).items(), key=str), ActivityPost.objects.filter(author=user).count())
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the race on MariaDB is the threaded test above")
def test_twenty_parallel_posts_on_a_sqlite_file_write_the_limit_without_a_500(tmp_path):
    """The demo's SQLite file, with real connections per thread (the test database is one in-memory connection):
    the posting transactions wait for each other instead of failing with "database is locked"."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SPOC_SQLITE_PATH": str(tmp_path / "race.sqlite3"), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env.pop("SPOC_DB", None)
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", RACE_ON_A_FILE], env=env, capture_output=True,
                          text=True, timeout=300, check=False, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[:3] == [f"{name} [(200, 5), (429, 15)] 5" for name in ("member", "loner", "grouped")]
