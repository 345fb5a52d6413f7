"""Course staff side of the weekly checkpoint block: the cohort's follow-up table, help requests, nudges."""
from datetime import UTC

from xblock.exceptions import JsonHandlerError

from ..handlers import json_handler
from .inputs import FollowUpInput, HelpReplyInput, HelpRequestInput, NudgeInput


class WeeklyCheckpointStaffMixin:
    """Staff handlers of :class:`~spoc_xblocks.weekly_checkpoint.WeeklyCheckpointBlock`."""

    def _link_key(self, kind):
        return next((link["usage_key"] for link in self.links if link["kind"] == kind), None)

    @json_handler(FollowUpInput, access="require_staff_in_course")
    def followup(self, data, suffix=""):
        """The follow-up table of one cohort (course staff): by default only their learners for a tutor assigned
        to it, all with ``mine: false``."""
        mine, due = data["mine"], self.cohort_due(data["cohort_id"])
        table = self._table(data["cohort_id"], due, tutor_id=None if mine is False else self.user_id,
                            if_assigned=mine is None)
        return {
            "cohort": {"id": table.cohort_id, "name": table.cohort_name}, "mine": table.mine, "counts": table.counts,
            "due": due.astimezone(UTC).isoformat() if due else None,
            "confidence": table.confidence,
            "learners": [{"user_id": row.user_id, "username": row.username, "full_name": row.full_name,
                          "status": row.status, "confidence": row.confidence, "reasons": row.reasons,
                          "last_nudged": row.last_nudged.isoformat() if row.last_nudged else None}
                         for row in table.learners],
            "help_requests": [{"id": item.id, "username": item.username, "message": item.message,
                               "created": item.created.isoformat(), "reply": item.reply}
                              for item in table.help_requests],
        }

    def cohort_due(self, cohort_id):
        """The due date of the checkpoint for a cohort: the end of its week of the cohort's calendar when the
        author chose so and the cohort has a start date, else the block's own."""
        return self.week_due(self.week if self.due_in_cohort_week else None, cohort_id=cohort_id)

    def _table(self, cohort_id, due, tutor_id=None, if_assigned=False):
        return self.spoc_api.follow_up_table(
            self.course_key, self.usage_key, self.week, cohort_id,
            due=due, session_key=self._link_key("session"),
            activity_key=self._link_key("activity"), tutor_id=tutor_id, if_assigned=if_assigned,
        )

    @json_handler(HelpReplyInput, access="require_staff_in_course")
    def reply_help(self, data, suffix=""):
        """Answer a help request (shown in the learner's block and emailed), optionally resolving it."""
        item = self.spoc_api.reply_to_help_request(self.user_id, self.usage_key, data["help_request_id"],
                                                   data["reply"], resolve=data["resolve"])
        self.publish_event("checkpoint.help_replied", week=self.week, help_request_id=item.id,
                           learner_id=item.user_id, resolved=data["resolve"])
        return {"id": item.id, "status": item.status}

    @json_handler(HelpRequestInput, access="require_staff_in_course")
    def resolve_help(self, data, suffix=""):
        """Mark a help request resolved."""
        item = self.spoc_api.resolve_help_request(self.usage_key, data["help_request_id"])
        self.publish_event("checkpoint.help_resolved", week=self.week, help_request_id=item.id,
                           learner_id=item.user_id)
        return {"id": item.id, "status": item.status}

    @json_handler(NudgeInput, access="require_staff_in_course")
    def nudge(self, data, suffix=""):
        """Email a selection of learners of a cohort, naming what they missed; recently nudged ones are skipped."""
        table = self._table(data["cohort_id"], self.cohort_due(data["cohort_id"]))
        reasons = {row.user_id: row.reasons for row in table.learners}
        if set(data["user_ids"]) - set(reasons):
            raise JsonHandlerError(400, self._("Some selected learners are not in this cohort."))
        context = {"title": self.title or self.display_name, "note": data["note"], "usage_key": str(self.usage_key),
                   "url": data["url"]}
        result = self.spoc_api.nudge_learners(
            self.user_id, self.course_key, self.usage_key, self.week,
            sorted(set(data["user_ids"])), reasons, context, insist=data["insist"],
        )
        self.publish_event("checkpoint.nudged", week=self.week, cohort_id=table.cohort_id,
                           nudged=result.nudged, skipped=result.skipped, insist=data["insist"])
        names = {row.user_id: row.username for row in table.learners}
        return {"nudged": [names[i] for i in result.nudged], "skipped": [names[i] for i in result.skipped]}
