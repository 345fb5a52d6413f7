"""Cohort activity: one prompt in a unit, answered on a wall only the learner's cohort (or small group) sees.

Learners post, reply one level deep, mark posts helpful and edit or delete their own posts for a while;
completion is published when they reach the author's minimums. Course staff read any cohort or group,
post as tutor, pin, hide, see counts per cohort and export the posts as CSV. All data lives in the
plugin (``spoc_plugin.api``); the wall of a learner is always derived there from their membership.
"""
from datetime import timedelta

import nh3
from django.utils import timezone
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Date, Integer, Scope, String

from .base import STATIC, SpocXBlock, aware_datetime
from .csv_export import csv_response
from .i18n import gettext_noop

KINDS = {
    "introductions": gettext_noop("Introductions"),
    "discussion": gettext_noop("Discussion prompt"),
    "share_case": gettext_noop("Share a case"),
    "peer_feedback": gettext_noop("Peer feedback"),
}
AUTHOR_DISPLAYS = {
    "name": gettext_noop("Learners' names"),
    "anonymous": gettext_noop("\"A learner from your cohort\""),
}
# Staff moderation actions: the flags they set and the tracking event they publish.
MODERATION = {
    "hide": ({"is_hidden": True}, "post_hidden"),
    "unhide": ({"is_hidden": False}, "post_unhidden"),
    "pin": ({"is_pinned": True}, "post_pinned"),
    "unpin": ({"is_pinned": False}, "post_unpinned"),
}
PAGE_SIZE = 20
MAX_LENGTH_LIMIT = 10000
INTEGER_SETTINGS = {
    # name: (smallest, largest)
    "min_posts": (0, 100), "min_replies": (0, 100), "max_length": (1, MAX_LENGTH_LIMIT), "group_size": (0, 10000),
    "edit_window_minutes": (0, 60 * 24 * 30),
}


def sanitize_prompt(html):
    """The author's rich text with only harmless markup left (scripts, event handlers, styles removed)."""
    return nh3.clean(html or "")


class CohortActivityBlock(SpocXBlock):
    """An engineered exchange between the learners of a cohort."""

    display_name = String(display_name=gettext_noop("Display name"), default=gettext_noop("Cohort activity"),
                          scope=Scope.settings)
    prompt = String(display_name=gettext_noop("Prompt"), default="", scope=Scope.content, multiline_editor="html",
                    help=gettext_noop("The question learners answer (rich text)."))
    activity_kind = String(display_name=gettext_noop("Activity kind"), default="discussion", scope=Scope.settings,
                           values=[{"value": key, "display_name": label} for key, label in KINDS.items()])
    min_posts = Integer(display_name=gettext_noop("Minimum posts for completion"), default=1, scope=Scope.settings)
    min_replies = Integer(display_name=gettext_noop("Minimum replies for completion"), default=0,
                          scope=Scope.settings)
    post_first = Boolean(display_name=gettext_noop("Post first to see the others"), default=False,
                         scope=Scope.settings)
    author_display = String(display_name=gettext_noop("Show authors as"), default="name", scope=Scope.settings,
                            values=[{"value": key, "display_name": label} for key, label in AUTHOR_DISPLAYS.items()])
    max_length = Integer(display_name=gettext_noop("Maximum post length"), default=2000, scope=Scope.settings)
    # The platform's own field name and type: in the LMS an unset due date is the subsection's (see due_datetime).
    due = Date(display_name=gettext_noop("Due date"), default=None, scope=Scope.settings,
               help=gettext_noop("After this date learners can no longer post. Empty: the subsection's due date."))
    group_size = Integer(display_name=gettext_noop("Small-group size"), default=0, scope=Scope.settings,
                         help=gettext_noop("0: one wall per cohort. Otherwise a cohort bigger than this is split "
                                           "into balanced, stable groups of about this size."))
    edit_window_minutes = Integer(display_name=gettext_noop("Edit window (minutes)"), default=30,
                                  scope=Scope.settings,
                                  help=gettext_noop("How long learners may edit or delete their own posts."))

    editable_fields = ("display_name", "prompt", "activity_kind", "min_posts", "min_replies", "post_first",
                       "author_display", "max_length", "due", "group_size", "edit_window_minutes")

    # ----- state helpers -----
    def is_closed(self):
        due = self.due_datetime
        return due is not None and timezone.now() >= due

    def _wall(self, data=None):
        """The wall the caller reads or writes: staff may choose one, learners get theirs from their membership."""
        api = self.spoc_api
        if self.is_course_staff:
            data = data or {}
            cohort_id = _optional_int(data.get("cohort_id"), self._("Unknown cohort."))
            group = _optional_int(data.get("group"), self._("Unknown group."))
            try:
                wall = api.staff_wall(self.course_key, self.usage_key, cohort_id, group)
            except api.ActivityError as exc:
                raise self.refusal(exc, {"unknown_cohort": self._("Unknown cohort.")}) from exc
            if group is not None and group not in api.list_groups(self.usage_key, cohort_id):
                raise JsonHandlerError(404, self._("Unknown group."))
            return wall
        wall = api.learner_wall(self.user_id, self.course_key, self.usage_key, self.group_size,
                                assign=not self.masquerading)
        if wall.joined:
            self.publish_event("cohort_activity.group_joined", cohort_id=wall.cohort_id, group=wall.group)
        return wall

    def _progress(self, user_id):
        progress = self.spoc_api.learner_progress(self.course_key, self.usage_key, user_id)
        complete = progress.posts >= self.min_posts and progress.replies >= self.min_replies
        return {"posts": progress.posts, "replies": progress.replies, "min_posts": self.min_posts,
                "min_replies": self.min_replies, "complete": complete}

    def _author_label(self, post, viewer_id, staff):
        if post.author_id == viewer_id or post.is_tutor or staff or self.author_display == "name":
            return post.author_name
        return self._("A learner from your cohort")

    def _can_edit(self, post, viewer_id):
        if post.author_id != viewer_id or self.is_closed() or self.masquerading:
            return False
        return timezone.now() - post.created < timedelta(minutes=self.edit_window_minutes)

    def _post_json(self, post, viewer_id, staff=False):
        """A post for the page; ``staff``: the viewer is course staff (asked once per request, not per post)."""
        return {
            "id": post.id, "author": self._author_label(post, viewer_id, staff), "is_mine": post.author_id == viewer_id,
            "body": post.body, "created": post.created.isoformat(),
            "edited": post.edited.isoformat() if post.edited else None, "is_tutor": post.is_tutor,
            "is_hidden": post.is_hidden, "is_pinned": post.is_pinned, "group": post.group,
            "helpful_count": post.helpful_count, "helpful_by_me": post.helpful_by_me,
            "can_edit": self._can_edit(post, viewer_id),
            "replies": [self._post_json(reply, viewer_id, staff) for reply in post.replies],
        }

    def _wall_json(self, wall):
        if wall.cohort_name is None:
            name = self._("Course-wide wall (learners in no cohort)")
        else:
            name = wall.cohort_name
        if wall.group is not None:
            name = self._("{cohort}, group {number}").format(cohort=name, number=wall.group + 1)
        elif wall.all_groups and self.group_size:
            name = self._("{cohort}, all groups").format(cohort=name)
        return {"cohort_id": wall.cohort_id, "group": wall.group, "name": name}

    def _body(self, data):
        body = data.get("body")
        if not isinstance(body, str) or not body.strip():
            raise JsonHandlerError(400, self._("Write something before posting."))
        body = body.strip()
        if len(body) > self.max_length:
            raise JsonHandlerError(400, self._("Your post is {length} characters long; the limit is {limit}.").format(
                length=len(body), limit=self.max_length))
        return body

    def _visible_post(self, data):
        """The post named in ``data`` if it is on the caller's wall (staff: anywhere in the activity)."""
        post_id = _optional_int(data.get("post_id"), self._("Unknown post."))
        if post_id is None:
            raise JsonHandlerError(400, self._("Unknown post."))
        api = self.spoc_api
        try:
            if self.is_course_staff:
                return api.get_post(self.usage_key, post_id)
            post = api.get_post(self.usage_key, post_id, wall=self._wall())
        except api.PostNotFound as exc:
            raise self.refusal(exc, {"unknown_post": self._("Unknown post.")}) from exc
        if post.is_hidden:  # learners never see hidden posts
            raise JsonHandlerError(404, self._("Unknown post."))
        return post

    def _require_open(self):
        if self.is_closed() and not self.is_course_staff:
            raise JsonHandlerError(403, self._("This activity is closed."))

    def _require_posted_first(self, user_id):
        if self.post_first and not self.is_course_staff and self._progress(user_id)["posts"] == 0:
            raise JsonHandlerError(403, self._("Post your own answer first to see the others'."))

    # ----- views -----
    def student_view(self, context=None):
        can_use = self.user_id is not None and self.in_course
        is_staff = can_use and self.is_course_staff
        api = self.spoc_api if can_use else None
        cohorts = [{"id": c.id, "name": c.name} for c in api.list_cohorts(self.course_key)] if is_staff else []
        ctx = {
            "block": self, "prompt_html": sanitize_prompt(self.prompt), "kind_label": self._(KINDS.get(
                self.activity_kind, KINDS["discussion"])), "can_use": can_use, "is_staff": is_staff,
            "cohorts": cohorts, "closed": self.is_closed(), "group_size": self.group_size,
            "unavailable": self.unavailable_reason(), "read_only": self.masquerading,
        }
        frag = self.fragment("cohort_activity.html", ctx, "cohort-activity", {
            "enabled": can_use, "read_only": self.masquerading, "is_staff": is_staff, "max_length": self.max_length,
            "strings": self._js_strings(),
        })
        frag.add_css(STATIC.load_unicode("css/cohort-activity.css"))
        return frag

    def author_view(self, context=None):
        ctx = {"block": self, "prompt_html": sanitize_prompt(self.prompt),
               "kind_label": self._(KINDS.get(self.activity_kind, KINDS["discussion"])),
               "author_label": self._(AUTHOR_DISPLAYS.get(self.author_display, AUTHOR_DISPLAYS["name"]))}
        frag = self.fragment("cohort_activity_author.html", ctx)
        frag.add_css(STATIC.load_unicode("css/cohort-activity.css"))
        return frag

    def studio_view(self, context=None):
        ctx = {"block": self, "kinds": [(key, self._(label)) for key, label in KINDS.items()],
               "author_displays": [(key, self._(label)) for key, label in AUTHOR_DISPLAYS.items()],
               "due_value": self.own_due.strftime("%Y-%m-%dT%H:%M") if self.own_due else "",
               "inherited_due": self.due_datetime if self.own_due is None else None}
        frag = self.fragment("cohort_activity_studio.html", ctx, "cohort-activity-studio",
                             {"saved": self._("Saved."), "error_title": self._("Not saved")})
        frag.add_css(STATIC.load_unicode("css/cohort-activity.css"))
        return frag

    def student_view_data(self, context=None):
        """The activity's settings for the mobile apps (the wall itself comes from the ``wall`` handler)."""
        return {
            "display_name": self.display_name, "prompt": sanitize_prompt(self.prompt),
            "activity_kind": self.activity_kind, "min_posts": self.min_posts, "min_replies": self.min_replies,
            "post_first": self.post_first, "author_display": self.author_display, "max_length": self.max_length,
            "due": self.due_datetime.isoformat() if self.due_datetime else None, "group_size": self.group_size,
            "edit_window_minutes": self.edit_window_minutes,
        }

    def _js_strings(self):
        return {name: self._(text) for name, text in {
            "reply": "Reply", "replyPlaceholder": "Write a reply", "edit": "Edit", "save": "Save",
            "cancel": "Cancel", "delete": "Delete", "confirmDelete": "Delete this post and its replies?",
            "helpful": "Helpful", "markedHelpful": "Marked helpful", "hide": "Hide", "unhide": "Unhide",
            "pin": "Pin", "unpin": "Unpin", "tutor": "Tutor", "pinned": "Pinned", "hidden": "Hidden",
            "edited": "edited", "you": "you", "posted": "Posted.", "empty": "No post yet: be the first.",
            "locked": "Post your own answer first to see the others'.", "loadMore": "Load more",
            "progress": "Your progress: {posts}/{min_posts} posts, {replies}/{min_replies} replies.",
            "complete": "Activity complete.", "group": "Group {number}", "allGroups": "All groups",
            "statsCohort": "Cohort", "statsPosts": "Posts", "statsReplies": "Replies", "statsPosters": "Posters",
            "statsLearners": "Learners", "statsNotPosted": "Not posted yet",
            "courseWide": "Course-wide wall (learners in no cohort)", "wall": "Wall: {name}",
            "error": "Something went wrong; please try again.",
        }.items()}

    # ----- learner handlers -----
    @XBlock.json_handler
    def wall(self, data, suffix=""):
        """One page of the caller's wall (staff: of the cohort and group they choose)."""
        user_id = self.require_learner(read_only=True)
        wall = self._wall(data)
        progress = self._progress(user_id)
        answer = {"wall": self._wall_json(wall), "progress": progress, "closed": self.is_closed(),
                  "locked": False, "posts": [], "pinned": [], "next_cursor": None, "groups": []}
        staff = self.is_course_staff
        if staff and wall.cohort_id is not None and self.group_size:
            answer["groups"] = self.spoc_api.list_groups(self.usage_key, wall.cohort_id)
        if self.post_first and not staff and progress["posts"] == 0:
            answer["locked"] = True
            return answer
        cursor = data.get("cursor")
        if cursor is not None and not isinstance(cursor, str):
            raise JsonHandlerError(400, self._("Invalid page cursor."))
        try:
            page = self.spoc_api.list_wall(self.usage_key, wall, user_id, cursor=cursor, page_size=PAGE_SIZE,
                                           include_hidden=staff)
        except ValueError as exc:
            raise JsonHandlerError(400, self._("Invalid page cursor.")) from exc
        answer.update(posts=[self._post_json(post, user_id, staff) for post in page.posts],
                      pinned=[self._post_json(post, user_id, staff) for post in page.pinned],
                      next_cursor=page.next_cursor)
        return answer

    @XBlock.json_handler
    def create_post(self, data, suffix=""):
        """Post on the wall, or reply (``parent_id``) to a post on it; staff post as tutor."""
        user_id = self.require_learner()
        self._require_open()
        body = self._body(data)
        parent_id = _optional_int(data.get("parent_id"), self._("Unknown post."))
        if parent_id is not None:
            self._require_posted_first(user_id)
        api = self.spoc_api
        limit = api.post_rate_limit()
        if limit and not self.is_course_staff and api.recent_post_count(self.course_key, user_id) >= limit:
            raise JsonHandlerError(429, self._(
                "You are posting too fast: at most {limit} posts a minute. Wait a moment and try again.").format(
                limit=limit))
        wall = self._wall(data)
        try:
            post = api.create_post(self.course_key, self.usage_key, wall, user_id, body, parent_id=parent_id,
                                   is_tutor=self.is_course_staff)
        except api.ActivityError as exc:
            raise self.refusal(exc, {
                "unknown_post": self._("Unknown post."),
                "reply_to_reply": self._("Replies are one level deep: reply to the post instead."),
            }) from exc
        self.publish_event("cohort_activity.post_created", post_id=post.id, parent_id=post.parent_id,
                           cohort_id=post.cohort_id, group=post.group, is_tutor=post.is_tutor, length=len(body))
        progress = self._progress(user_id)
        if progress["complete"] and not self.is_course_staff:
            self.publish_completion(1.0)
        return {"post": self._post_json(post, user_id, post.is_tutor), "progress": progress}

    @XBlock.json_handler
    def edit_post(self, data, suffix=""):
        """Change one's own post while the edit window is open."""
        user_id = self.require_learner()
        self._require_open()
        post = self._visible_post(data)
        if not self._can_edit(post, user_id):
            raise JsonHandlerError(403, self._("You can only edit your own posts, shortly after writing them."))
        body = self._body(data)
        post = self.spoc_api.edit_post(self.usage_key, post.id, body)
        self.publish_event("cohort_activity.post_edited", post_id=post.id, length=len(body))
        return {"post": self._post_json(post, user_id, self.is_course_staff)}

    @XBlock.json_handler
    def delete_post(self, data, suffix=""):
        """Delete one's own post (and its replies) while the edit window is open."""
        user_id = self.require_learner()
        self._require_open()
        post = self._visible_post(data)
        if not self._can_edit(post, user_id):
            raise JsonHandlerError(403, self._("You can only delete your own posts, shortly after writing them."))
        self.spoc_api.delete_post(self.usage_key, post.id)
        self.publish_event("cohort_activity.post_deleted", post_id=post.id, parent_id=post.parent_id)
        return {"deleted": post.id, "progress": self._progress(user_id)}

    @XBlock.json_handler
    def mark_helpful(self, data, suffix=""):
        """Mark (``helpful``: true) or unmark a post of the caller's wall as helpful."""
        user_id = self.require_learner()
        self._require_posted_first(user_id)
        helpful = data.get("helpful", True)
        if not isinstance(helpful, bool):
            raise JsonHandlerError(400, self._("'{field}' must be true or false.").format(field="helpful"))
        post = self._visible_post(data)
        if post.author_id == user_id:
            raise JsonHandlerError(400, self._("You cannot mark your own post as helpful."))
        count = self.spoc_api.set_helpful(post.id, user_id, helpful)
        event = "post_marked_helpful" if helpful else "post_unmarked_helpful"
        self.publish_event(f"cohort_activity.{event}", post_id=post.id, author_id=post.author_id)
        return {"post_id": post.id, "helpful_count": count, "helpful_by_me": helpful}

    # ----- staff handlers -----
    @XBlock.json_handler
    def moderate(self, data, suffix=""):
        """Staff: ``action`` hide, unhide, pin or unpin (pin: tutor posts only) a post of the activity."""
        user_id = self.require_learner()
        self.require_staff()
        action = data.get("action")
        if action not in MODERATION:
            raise JsonHandlerError(400, self._("Unknown action."))
        flags, event = MODERATION[action]
        post = self._visible_post(data)
        if action == "pin" and (not post.is_tutor or post.parent_id is not None):
            raise JsonHandlerError(400, self._("Only tutor posts (not replies) can be pinned."))
        post = self.spoc_api.set_flags(self.usage_key, post.id, **flags)
        self.publish_event(f"cohort_activity.{event}", post_id=post.id, author_id=post.author_id,
                           cohort_id=post.cohort_id, group=post.group)
        return {"post": self._post_json(post, user_id, self.is_course_staff)}

    @XBlock.json_handler
    def stats(self, data, suffix=""):
        """Staff: posts, replies, distinct posters and learners not yet posted, per cohort."""
        self.require_learner(read_only=True)
        self.require_staff()
        rows = self.spoc_api.activity_stats(self.course_key, self.usage_key)
        return {"cohorts": [{
            "cohort_id": row.cohort_id, "name": row.cohort_name or self._("Course-wide wall (learners in no cohort)"),
            "posts": row.posts, "replies": row.replies, "posters": row.posters, "learners": row.learners,
            "not_posted": row.not_posted} for row in rows]}

    @XBlock.handler
    def export_csv(self, request, suffix=""):
        """Staff: every post and reply of the activity as a CSV file (cells safe against formula injection)."""
        if self.user_id is None or not self.in_course:
            return _text_response(403, self._("You must be signed in to do this."))
        if not self.is_course_staff:
            return _text_response(403, self._("Only course staff may do this."))
        rows = iter(self.spoc_api.export_rows(self.usage_key))
        self.publish_event("cohort_activity.posts_exported")
        return csv_response("cohort-activity-posts.csv", next(rows), rows)

    # ----- Studio -----
    @XBlock.json_handler
    def studio_submit(self, data, suffix=""):
        """Save the editor's settings; nothing is saved if one of them is invalid."""
        self.require_author()
        if not isinstance(data, dict):
            raise JsonHandlerError(400, self._("Send the editor's values as an object."))
        values = {}
        for name in ("display_name", "prompt"):
            if not isinstance(data.get(name, ""), str):
                raise JsonHandlerError(400, self._("'{field}' must be text.").format(field=name))
            values[name] = data.get(name, "")
        values["display_name"] = values["display_name"].strip() or self.fields["display_name"].default
        values["prompt"] = sanitize_prompt(values["prompt"])
        if data.get("activity_kind") not in KINDS:
            raise JsonHandlerError(400, self._("Unknown activity kind."))
        if data.get("author_display") not in AUTHOR_DISPLAYS:
            raise JsonHandlerError(400, self._("Unknown author display."))
        values["activity_kind"], values["author_display"] = data["activity_kind"], data["author_display"]
        for name, (low, high) in INTEGER_SETTINGS.items():
            value = data.get(name)
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise JsonHandlerError(400, self._("'{field}' must be a whole number from {low} to {high}.").format(
                    field=self._(self.fields[name].display_name), low=low, high=high))
            values[name] = value
        if not isinstance(data.get("post_first", False), bool):
            raise JsonHandlerError(400, self._("'{field}' must be true or false.").format(field="post_first"))
        values["post_first"] = data.get("post_first", False)
        values["due"] = self._parse_due(data.get("due"))
        self.save_settings(values)
        return {"ok": True}

    def _parse_due(self, raw):
        """The author's due date (UTC when no offset), or ``None`` for none of its own; a 400 otherwise."""
        if raw in (None, ""):
            return None
        due = aware_datetime(raw) if isinstance(raw, str) else None
        if due is None:
            raise JsonHandlerError(400, self._("The due date must look like 2026-12-31T18:00."))
        return due

    @staticmethod
    def workbench_scenarios():
        return [
            ("Cohort activity: introductions (one wall per cohort)", """
                <spoc_cohort_activity display_name="Introduce yourself" activity_kind="introductions"
                    min_posts="1" min_replies="1"
                    prompt="&lt;p&gt;Who are you, which &lt;strong&gt;site&lt;/strong&gt; do you work on, and what
                    do you expect from this course?&lt;/p&gt;"/>
            """),
            ("Cohort activity: share a case (small groups of 2, post first)", """
                <spoc_cohort_activity display_name="Share a case from your plant" activity_kind="share_case"
                    min_posts="1" min_replies="0" group_size="2" post_first="true" author_display="anonymous"
                    prompt="&lt;p&gt;Describe a near miss you saw at work and what was changed after it.&lt;/p&gt;"/>
            """),
        ]


def _optional_int(value, message):
    """``None`` or a whole number (digits in a string accepted); anything else is a 400 with ``message``."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise JsonHandlerError(400, message)
    return value


def _text_response(status, message):
    return Response(body=message.encode("utf-8"), status=status, content_type="text/plain", charset="utf-8")
