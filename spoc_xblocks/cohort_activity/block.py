"""Cohort activity: one prompt in a unit, answered on a wall only the learner's cohort (or small group) sees.

Learners post, reply one level deep, mark posts helpful and edit or delete their own posts for a while;
completion is published when they reach the author's minimums. Course staff read any cohort or group,
post as tutor, pin, hide, see counts per cohort and export the posts as CSV. All data lives in the
plugin (``spoc_plugin.api``); the wall of a learner is always derived there from their membership.

Every JSON handler checks the caller's rights, then its input (``inputs``), before it runs:
malformed input is a 400 naming the field, and nothing is written. The author's prompt keeps only the
markup of ``prompt.PROMPT_TAGS``, when saved and when shown. This module holds the learner side; ``studio``
the authoring side, ``staff`` the course staff handlers, ``inputs`` what each handler accepts.
"""
from datetime import timedelta

from django.utils import timezone
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Integer, Scope, String

from ..base import SpocXBlock
from ..handlers import json_handler
from ..i18n import gettext_noop
from .inputs import (
    AUTHOR_DISPLAYS,
    INTEGER_SETTINGS,
    KINDS,
    CreatePostInput,
    EditPostInput,
    HelpfulInput,
    PostInput,
    WallInput,
)
from .prompt import sanitize_prompt
from .scenarios import demo_scenarios
from .staff import CohortActivityStaffMixin
from .studio import CohortActivityStudioMixin

PAGE_SIZE = 20


class CohortActivityBlock(CohortActivityStudioMixin, CohortActivityStaffMixin, SpocXBlock):
    """An engineered exchange between the learners of a cohort."""

    static_name = "cohort_activity"

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
    group_size = Integer(display_name=gettext_noop("Small-group size"), default=0, scope=Scope.settings,
                         help=gettext_noop("0: one wall per cohort. Otherwise a cohort bigger than this is split "
                                           "into balanced, stable groups of about this size."))
    edit_window_minutes = Integer(display_name=gettext_noop("Edit window (minutes)"), default=30,
                                  scope=Scope.settings,
                                  help=gettext_noop("How long learners may edit or delete their own posts."))

    cohort_week = Integer(display_name=gettext_noop("Closes at the end of week (of the learner's cohort)"), default=0,
                          scope=Scope.settings,
                          help=gettext_noop("0: at the due date. Otherwise the activity closes for each learner at the "
                                            "end of this week of their cohort's calendar (learners in no cohort: the "
                                            "due date)."))

    editable_fields = ("display_name", "prompt", "activity_kind", "min_posts", "min_replies", "post_first",
                       "author_display", "max_length", "due", "group_size", "edit_window_minutes", "cohort_week")

    # ----- state helpers -----
    def closes(self):
        """When the activity closes for the current user: the end of week ``cohort_week`` of their cohort's
        calendar when the author set one and they have one, else the due date (``None``: never)."""
        return self.week_due(self.cohort_week, user_id=self.user_id)

    def is_closed(self):
        closes = self.closes()
        return closes is not None and timezone.now() >= closes

    def _wall(self, data=None, assign=True):
        """The wall the caller reads or writes: staff may choose one, learners get theirs from their membership.

        Without ``assign``, a learner not yet in a small group is put in none (nothing is written): they see the
        cohort-wide posts only, as anyone looking through their eyes does.
        """
        api = self.spoc_api
        if self.is_course_staff:
            cohort_id, group = (data or {}).get("cohort_id"), (data or {}).get("group")
            wall = api.staff_wall(self.course_key, self.usage_key, cohort_id, group)
            if group is not None and group not in api.list_groups(self.usage_key, cohort_id):
                raise JsonHandlerError(404, self._("Unknown group."))
            return wall
        wall = api.learner_wall(self.user_id, self.course_key, self.usage_key, self._number("group_size"),
                                assign=assign and not self.masquerading)
        if wall.joined:
            self.publish_event("cohort_activity.group_joined", cohort_id=wall.cohort_id, group=wall.group)
        return wall

    def _progress(self, user_id):
        progress = self.spoc_api.learner_progress(self.course_key, self.usage_key, user_id)
        min_posts, min_replies = self._number("min_posts"), self._number("min_replies")
        complete = progress.posts >= min_posts and progress.replies >= min_replies
        return {"posts": progress.posts, "replies": progress.replies, "min_posts": min_posts,
                "min_replies": min_replies, "complete": complete,
                "summary": self._progress_text(progress.posts, progress.replies, min_posts, min_replies, complete)}

    def _counted(self, posts, replies):
        """"2 posts and 1 reply", "1 post", "3 replies": counts in words (plural forms of the learner's language);
        a zero count is left out unless both are zero."""
        ngettext = self.translator.ngettext
        post_text = ngettext("{n} post", "{n} posts", posts).format(n=posts)
        reply_text = ngettext("{n} reply", "{n} replies", replies).format(n=replies)
        if posts and replies or not posts and not replies:
            return self._("{posts} and {replies}").format(posts=post_text, replies=reply_text)
        return post_text if posts else reply_text

    def _progress_text(self, posts, replies, min_posts, min_replies, complete):
        """The learner's progress in words: what they wrote, and what completion still asks for."""
        text = self._("You have written {counts}.").format(counts=self._counted(posts, replies))
        if complete:
            return f"{text} {self._('Activity complete.')}"
        needed = self._("To complete this activity: {counts}.").format(counts=self._counted(min_posts, min_replies))
        return f"{text} {needed}"

    def _author_label(self, post, viewer_id, staff):
        if post.author_id == viewer_id or post.is_tutor or staff or self.author_display == "name":
            return post.author_name
        return self._("A learner from your cohort")

    def _can_edit(self, post, viewer_id):
        if post.author_id != viewer_id or self.is_closed() or self.masquerading:
            return False
        return timezone.now() - post.created < timedelta(minutes=self._number("edit_window_minutes"))

    def _number(self, name):
        """One of the editor's whole numbers, within its range whatever is stored (an imported course may hold
        anything)."""
        return self.stored_int(name, *INTEGER_SETTINGS[name])

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
        """The validated post text, within the block's own maximum length."""
        body, limit = data["body"], self._number("max_length")
        if len(body) > limit:
            raise JsonHandlerError(400, self._("Your post is {length} characters long; the limit is {limit}.").format(
                length=len(body), limit=limit))
        return body

    def _visible_post(self, data):
        """The post ``post_id`` if it is on the caller's wall (staff: anywhere in the activity).

        Learners never see hidden posts, nor the replies under a hidden post: those are unknown (404).
        """
        if self.is_course_staff:
            return self.spoc_api.get_post(self.usage_key, data["post_id"])
        return self.spoc_api.get_post(self.usage_key, data["post_id"], wall=self._wall(assign=False),
                                      include_hidden=False)

    def refusal_messages(self, error):
        """The block's wording of the cohort activity API's refusals."""
        return {
            "unknown_cohort": self._("Unknown cohort."),
            "unknown_post": self._("Unknown post."),
            "bad_cursor": self._("Invalid page cursor."),
            "reply_to_reply": self._("Replies are one level deep: reply to the post instead."),
            "posting_too_fast": self._(
                "You are posting too fast: at most {limit} posts a minute. Wait a moment and try again.").format(
                limit=error.details.get("limit")),
        }

    def _own_post(self, data, refused):
        """The caller's post ``post_id`` while they may still change it; a 403 saying ``refused`` else."""
        self._require_open()
        post = self._visible_post(data)
        if not self._can_edit(post, self.user_id):
            raise JsonHandlerError(403, refused)
        return post

    def _require_open(self):
        if self.is_closed() and not self.is_course_staff:
            raise JsonHandlerError(403, self._("This activity is closed."))

    def _require_posted_first(self, user_id):
        if self.post_first and not self.is_course_staff and self._progress(user_id)["posts"] == 0:
            raise JsonHandlerError(403, self._("Post your own answer first to see the others'."))

    # ----- who may call the handlers (checked before their input) -----
    def require_reader(self):
        """Read a wall: signed in, in a course (staff viewing as a learner may look)."""
        self.require_learner(read_only=True)

    # ----- views -----
    def student_view(self, context=None):
        can_use = self.user_id is not None and self.in_course
        is_staff = can_use and self.is_course_staff
        api = self.spoc_api if can_use else None
        cohorts = [{"id": c.id, "name": c.name} for c in api.list_cohorts(self.course_key)] if is_staff else []
        ctx = {
            "block": self, "prompt_html": sanitize_prompt(self.prompt), "kind_label": self._(KINDS.get(
                self.activity_kind, KINDS["discussion"])), "can_use": can_use, "is_staff": is_staff,
            "cohorts": cohorts, "closed": self.is_closed(), "closes": self.closes(), "group_size": self.group_size,
            "unavailable": self.unavailable_reason(), "read_only": self.masquerading,
        }
        return self.fragment("student", ctx, {
            "enabled": can_use, "read_only": self.masquerading, "is_staff": is_staff,
            "max_length": self._number("max_length"), "strings": self._js_strings(),
        })

    def student_view_data(self, context=None):
        """The activity's settings for the mobile apps (the wall itself comes from the ``wall`` handler)."""
        return {
            "display_name": self.display_name, "prompt": sanitize_prompt(self.prompt),
            "activity_kind": self.activity_kind, "min_posts": self.min_posts, "min_replies": self.min_replies,
            "post_first": self.post_first, "author_display": self.author_display, "max_length": self.max_length,
            "due": self.closes().isoformat() if self.closes() else None, "group_size": self.group_size,
            "edit_window_minutes": self.edit_window_minutes, "cohort_week": self.cohort_week,
        }

    def _js_strings(self):
        return self.translated({
            "reply": gettext_noop("Reply"),
            "replyPlaceholder": gettext_noop("Write a reply"),
            "edit": gettext_noop("Edit"),
            "save": gettext_noop("Save"),
            "cancel": gettext_noop("Cancel"),
            "delete": gettext_noop("Delete"),
            "confirmDelete": gettext_noop("Delete this post and its replies?"),
            "confirmHide": gettext_noop("Hide this post? Learners will no longer see it; its author is told."),
            "hiddenNotice": gettext_noop("A tutor hid this post: the other learners no longer see it."),
            "hiddenMine": gettext_noop("Your hidden posts"),
            "hiddenDone": gettext_noop("Post hidden."),
            "unhiddenDone": gettext_noop("Post shown again."),
            "pinnedDone": gettext_noop("Post pinned."),
            "unpinnedDone": gettext_noop("Post unpinned."),
            "deleted": gettext_noop("Post deleted."),
            "saved": gettext_noop("Your post is saved."),
            "editLabel": gettext_noop("Edit your post"),
            "replyLabel": gettext_noop("Your reply"),
            "replyTo": gettext_noop("Reply to {author}"),
            "replied": gettext_noop("Reply posted."),
            "helpful": gettext_noop("Helpful"),
            "markedHelpful": gettext_noop("Marked helpful"),
            "hide": gettext_noop("Hide"),
            "unhide": gettext_noop("Unhide"),
            "pin": gettext_noop("Pin"),
            "unpin": gettext_noop("Unpin"),
            "tutor": gettext_noop("Tutor"),
            "pinned": gettext_noop("Pinned"),
            "hidden": gettext_noop("Hidden"),
            "edited": gettext_noop("edited"),
            "you": gettext_noop("you"),
            "posted": gettext_noop("Posted."),
            "empty": gettext_noop("No post yet: be the first."),
            "locked": gettext_noop("Post your own answer first to see the others'."),
            "loadMore": gettext_noop("Load more"),
            "group": gettext_noop("Group {number}"),
            "allGroups": gettext_noop("All groups"),
            "statsCohort": gettext_noop("Cohort"),
            "statsPosts": gettext_noop("Posts"),
            "statsReplies": gettext_noop("Replies"),
            "statsPosters": gettext_noop("Posters"),
            "statsLearners": gettext_noop("Learners"),
            "statsNotPosted": gettext_noop("Not posted yet"),
            "courseWide": gettext_noop("Course-wide wall (learners in no cohort)"),
            "wall": gettext_noop("Wall: {name}"),
            "error": gettext_noop("Something went wrong; please try again."),
        })

    # ----- learner handlers -----
    @json_handler(WallInput, access="require_reader")
    def wall(self, data, suffix=""):
        """One page of the caller's wall (staff: of the cohort and group they choose)."""
        user_id = self.user_id
        # A learner paging on has their group already: a cursor never puts anyone in one (a bad one writes nothing).
        wall = self._wall(data, assign=not data["cursor"])
        progress = self._progress(user_id)
        answer = {"wall": self._wall_json(wall), "progress": progress, "closed": self.is_closed(),
                  "locked": False, "posts": [], "pinned": [], "next_cursor": None, "groups": []}
        staff = self.is_course_staff
        if staff and wall.cohort_id is not None and self.group_size:
            answer["groups"] = self.spoc_api.list_groups(self.usage_key, wall.cohort_id)
        if not data["cursor"]:
            answer.update(self._first_page_notes(wall, user_id, staff))
        if self.post_first and not staff and progress["posts"] == 0:
            answer["locked"] = True
            return answer
        page = self.spoc_api.list_wall(self.usage_key, wall, user_id, cursor=data["cursor"], page_size=PAGE_SIZE,
                                       include_hidden=staff)
        answer.update(posts=[self._post_json(post, user_id, staff) for post in page.posts],
                      pinned=[self._post_json(post, user_id, staff) for post in page.pinned],
                      next_cursor=page.next_cursor)
        return answer

    def _first_page_notes(self, wall, user_id, staff):
        """With a wall's first page: for staff, who in the cohort has not posted yet (by name); for a learner, their
        own posts a tutor hid (they alone, with the tutors, still see them)."""
        if staff:
            if wall.cohort_id is None:
                return {"not_posted": None}
            silent = self.spoc_api.learners_not_posted(self.course_key, self.usage_key, wall.cohort_id)
            return {"not_posted": {
                "title": self.translator.ngettext("{n} learner of this cohort has not posted yet:",
                                                  "{n} learners of this cohort have not posted yet:",
                                                  len(silent)).format(n=len(silent)) if silent else
                self._("Every learner of this cohort has posted."),
                "names": [learner.full_name or learner.username for learner in silent]}}
        hidden = self.spoc_api.hidden_posts_of(self.usage_key, wall, user_id)
        return {"hidden_mine": [self._post_json(post, user_id) for post in hidden]}

    @json_handler(CreatePostInput, access="require_learner")
    def create_post(self, data, suffix=""):
        """Post on the wall, or reply (``parent_id``) to a post on it; staff post as tutor.

        Learners write at most ``post_rate_limit()`` posts and replies a minute in the course: the plugin counts
        and writes in one transaction per learner, so parallel posts beyond the limit get a 429 and are not written.
        """
        user_id = self.user_id
        self._require_open()
        body = self._body(data)
        parent_id = data["parent_id"]
        if parent_id is not None:
            self._require_posted_first(user_id)
        api, staff = self.spoc_api, self.is_course_staff
        limit = 0 if staff else api.post_rate_limit()
        # Staff choose the wall; a learner's is found (and their small group joined) with the post, in one go.
        wall = self._wall(data) if staff else None
        post = api.create_post(self.course_key, self.usage_key, wall, user_id, body, parent_id=parent_id,
                               is_tutor=staff, rate_limit=limit, group_size=self._number("group_size"))
        if post.wall is not None and post.wall.joined:
            self.publish_event("cohort_activity.group_joined", cohort_id=post.wall.cohort_id, group=post.wall.group)
        self.publish_event("cohort_activity.post_created", post_id=post.id, parent_id=post.parent_id,
                           cohort_id=post.cohort_id, group=post.group, is_tutor=post.is_tutor, length=len(body))
        progress = self._progress(user_id)
        if progress["complete"] and not self.is_course_staff:
            self.publish_completion(1.0)
        return {"post": self._post_json(post, user_id, post.is_tutor), "progress": progress}

    @json_handler(EditPostInput, access="require_learner")
    def edit_post(self, data, suffix=""):
        """Change one's own post while the edit window is open."""
        user_id = self.user_id
        post = self._own_post(data, self._("You can only edit your own posts, shortly after writing them."))
        body = self._body(data)
        post = self.spoc_api.edit_post(self.usage_key, post.id, body)
        self.publish_event("cohort_activity.post_edited", post_id=post.id, length=len(body))
        return {"post": self._post_json(post, user_id, self.is_course_staff)}

    @json_handler(PostInput, access="require_learner")
    def delete_post(self, data, suffix=""):
        """Delete one's own post (and its replies) while the edit window is open."""
        user_id = self.user_id
        post = self._own_post(data, self._("You can only delete your own posts, shortly after writing them."))
        self.spoc_api.delete_post(self.usage_key, post.id)
        self.publish_event("cohort_activity.post_deleted", post_id=post.id, parent_id=post.parent_id)
        return {"deleted": post.id, "progress": self._progress(user_id)}

    @json_handler(HelpfulInput, access="require_learner")
    def mark_helpful(self, data, suffix=""):
        """Mark (``helpful``: true) or unmark a post of the caller's wall as helpful."""
        user_id = self.user_id
        self._require_posted_first(user_id)
        helpful = data["helpful"]
        post = self._visible_post(data)
        if post.author_id == user_id:
            raise JsonHandlerError(400, self._("You cannot mark your own post as helpful."))
        count = self.spoc_api.set_helpful(post.id, user_id, helpful)
        event = "post_marked_helpful" if helpful else "post_unmarked_helpful"
        self.publish_event(f"cohort_activity.{event}", post_id=post.id, author_id=post.author_id)
        return {"post_id": post.id, "helpful_count": count, "helpful_by_me": helpful}

    @staticmethod
    def workbench_scenarios():
        return demo_scenarios()
