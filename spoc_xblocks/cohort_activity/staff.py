"""Course staff side of the cohort activity block: moderation, counts per cohort, CSV export."""
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from ..exports import csv_response
from ..handlers import json_handler, text_response
from .inputs import ModerateInput

# Staff moderation actions: the flags they set and the tracking event they publish.
MODERATION = {
    "hide": ({"is_hidden": True}, "post_hidden"),
    "unhide": ({"is_hidden": False}, "post_unhidden"),
    "pin": ({"is_pinned": True}, "post_pinned"),
    "unpin": ({"is_pinned": False}, "post_unpinned"),
}


class CohortActivityStaffMixin:
    """Staff handlers of :class:`~spoc_xblocks.cohort_activity.CohortActivityBlock`."""

    def require_moderator(self):
        """Moderate: course staff acting as themselves, in a course."""
        self.require_learner()
        self.require_staff()

    @json_handler(ModerateInput, access="require_moderator")
    def moderate(self, data, suffix=""):
        """Staff: ``action`` hide, unhide, pin or unpin (pin: tutor posts only) a post of the activity."""
        user_id, action = self.user_id, data["action"]
        flags, event = MODERATION[action]
        post = self._visible_post(data)
        if action == "pin" and (not post.is_tutor or post.parent_id is not None):
            raise JsonHandlerError(400, self._("Only tutor posts (not replies) can be pinned."))
        post = self.spoc_api.set_flags(self.usage_key, post.id, **flags)
        self.publish_event(f"cohort_activity.{event}", post_id=post.id, author_id=post.author_id,
                           cohort_id=post.cohort_id, group=post.group)
        return {"post": self._post_json(post, user_id, self.is_course_staff)}

    @json_handler(access="require_staff_in_course")
    def stats(self, data, suffix=""):
        """Staff: posts, replies, distinct posters and learners not yet posted, per cohort (no input)."""
        rows = self.spoc_api.activity_stats(self.course_key, self.usage_key)
        return {"cohorts": [{
            "cohort_id": row.cohort_id, "name": row.cohort_name or self._("Course-wide wall (learners in no cohort)"),
            "posts": row.posts, "replies": row.replies, "posters": row.posters, "learners": row.learners,
            "not_posted": row.not_posted} for row in rows]}

    @XBlock.handler
    def export_csv(self, request, suffix=""):
        """Staff: every post and reply of the activity as a CSV file (cells safe against formula injection).

        A download (GET): it takes no parameter, and ignores the query string (runtimes add their own, such as the
        workbench's ``?student=``); any other method is a 405.
        """
        if request.method not in ("GET", "HEAD"):
            return text_response(405, self._("Use GET."), allow=("GET", "HEAD"))
        if self.user_id is None or not self.in_course:
            return text_response(403, self._("You must be signed in to do this."))
        if not self.is_course_staff:
            return text_response(403, self._("Only course staff may do this."))
        rows = iter(self.spoc_api.export_rows(self.usage_key))
        self.publish_event("cohort_activity.posts_exported")
        return csv_response("cohort-activity-posts.csv", next(rows), rows)
