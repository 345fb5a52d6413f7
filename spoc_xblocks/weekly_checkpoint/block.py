"""The weekly checkpoint block: a learner's end-of-week check, and the tutor's follow-up of the cohort.

Learners tick the author's checklist (linked items tick themselves from real activity), answer
reflection questions, rate their confidence and may ask for help. Course staff see a per-cohort
follow-up table, answer help requests and nudge learners by email. Data lives in the plugin
(``spoc_plugin.api``); the block holds only its content.
"""
from django.utils import timezone
from opaque_keys import InvalidKeyError
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Date, Integer, List, Scope, String
from xblock.validation import ValidationMessage

from ..base import STATIC, SpocXBlock, json_handler
from ..i18n import gettext_noop
from .content import (
    ContentError,
    demo_scenarios,
    editor_fields,
    parse_content,
)
from .inputs import (
    CohortInput,
    EditorInput,
    HelpReplyInput,
    HelpRequestInput,
    NudgeInput,
    SubmissionInput,
)

CONFIDENCE_LEVELS = range(1, 6)


class WeeklyCheckpointBlock(SpocXBlock):
    """End-of-week checkpoint with tutor follow-up (block type ``spoc_weekly_checkpoint``)."""

    display_name = String(display_name=gettext_noop("Display name"), default="Weekly checkpoint",
                          scope=Scope.settings)
    week = Integer(display_name=gettext_noop("Week"), default=1, scope=Scope.content)
    title = String(display_name=gettext_noop("Title"), default="", scope=Scope.content)
    # The platform's own field name and type: in the LMS an unset due date is the subsection's (see due_datetime).
    due = Date(display_name=gettext_noop("Due date"), default=None, scope=Scope.settings,
               help=gettext_noop("Empty: the due date of the subsection holding the checkpoint."))
    checklist = List(display_name=gettext_noop("Checklist"), default=[], scope=Scope.content,
                     help=gettext_noop('[{"id": "...", "text": "..."}]'))
    links = List(display_name=gettext_noop("Linked items"), default=[], scope=Scope.content,
                 help=gettext_noop('[{"id": "...", "kind": "session|activity|completion", "usage_key": "...", '
                                   '"label": "..."}]'))
    questions = List(display_name=gettext_noop("Reflection questions"), default=[], scope=Scope.content,
                     help=gettext_noop('[{"id": "...", "text": "...", "min_length": 0}]'))
    max_answer_length = Integer(display_name=gettext_noop("Maximum answer length"), default=3000,
                                scope=Scope.content)
    allow_help = Boolean(display_name=gettext_noop("Offer \"I need help\""), default=True, scope=Scope.content)
    accept_after_cohort_end = Boolean(display_name=gettext_noop("Accept submissions after the cohort has ended"),
                                      default=True, scope=Scope.settings)

    EDITABLE = ("display_name", "week", "title", "due", "checklist", "links", "questions", "max_answer_length",
                "allow_help", "accept_after_cohort_end")

    # ----- content helpers -----
    def _link_key(self, kind):
        return next((link["usage_key"] for link in self.links if link["kind"] == kind), None)

    def validate(self):
        """Studio's warning on the unit page for a completion link to a container (imported OLX): the platform
        keeps no completion of its own for a unit or subsection, so the item would never tick."""
        validation = super().validate()
        for link in self.links:
            try:
                block_type = self.spoc_api.parse_usage_key(link["usage_key"]).block_type
            except (InvalidKeyError, KeyError, TypeError):
                continue
            if link.get("kind") == "completion" and not self.spoc_api.is_completable(block_type):
                validation.add(ValidationMessage(ValidationMessage.WARNING, self._(
                    "The linked item \"{label}\" is a container: it never ticks. Link one of its components.")
                    .format(label=link.get("label", ""))))
        return validation

    def student_view_data(self, context=None):
        """The checkpoint's content for the mobile apps."""
        return {
            "week": self.week, "title": self.title, "due": self.due_datetime.isoformat() if self.due_datetime else None,
            "checklist": [dict(item) for item in self.checklist],
            "links": [{"id": link["id"], "kind": link["kind"], "label": link["label"]} for link in self.links],
            "questions": [dict(question) for question in self.questions],
            "confidence_levels": list(CONFIDENCE_LEVELS), "allow_help": self.allow_help,
            "max_answer_length": self.max_answer_length,
        }

    def _learner_state(self, user_id):
        submission = self.spoc_api.get_submission(user_id, self.usage_key) if user_id else None
        links = self.spoc_api.linked_item_states(user_id, self.course_key, self.links) if user_id else {}
        help_requests = self.spoc_api.list_help_requests(self.usage_key, user_id=user_id) if user_id else []
        return {
            "submission": None if submission is None else {
                "checked_items": submission.checked_items, "answers": submission.answers,
                "confidence": submission.confidence, "is_late": submission.is_late,
                "submitted_at": submission.submitted_at.isoformat(), "modified": submission.modified.isoformat(),
            },
            "links": links,
            "help_requests": [{"id": item.id, "message": item.message, "status": item.status, "reply": item.reply,
                               "created": item.created.isoformat()} for item in help_requests],
        }

    # ----- views -----
    def fragment(self, template, context, js_name=None, init_args=None):
        """The shared fragment plus the block's own stylesheet."""
        frag = super().fragment(template, context, js_name, init_args)
        frag.add_css(STATIC.load_unicode("css/weekly-checkpoint.css"))
        return frag

    def student_view(self, context=None):
        user_id = self.user_id
        in_course = self.in_course
        state = self._learner_state(user_id) if in_course else {"submission": None, "links": {}, "help_requests": []}
        submission = state["submission"] or {"checked_items": [], "answers": {}, "confidence": None}
        unavailable = self.unavailable_reason()
        due = self.due_datetime
        past_due = due is not None and timezone.now() > due
        staff = self.is_course_staff and in_course
        cohorts = self.spoc_api.list_cohorts(self.course_key) if staff else []
        ctx = {
            "block": self, "user_id": user_id, "state": state, "due": due, "past_due": past_due,
            "can_submit": not unavailable and not (past_due and state["submission"]), "unavailable": unavailable,
            "checklist": [{**item, "checked": item["id"] in submission["checked_items"]} for item in self.checklist],
            "links": [{**link, "done": state["links"].get(link["id"], False)} for link in self.links],
            "questions": [{**q, "answer": submission["answers"].get(q["id"], "")} for q in self.questions],
            "confidence": submission["confidence"], "levels": CONFIDENCE_LEVELS,
            "staff": staff, "cohorts": cohorts,
        }
        return self.fragment("weekly_checkpoint.html", ctx, "weekly-checkpoint", {
            "strings": self._js_strings(), "reasons": self._reason_labels(),
        })

    def author_view(self, context=None):
        return self.fragment("weekly_checkpoint_author.html", {"block": self, "links": self.links})

    def studio_view(self, context=None):
        inherited = self.due_datetime if self.own_due is None else None
        return self.fragment("weekly_checkpoint_studio.html", {"block": self}, "weekly-checkpoint-studio", {
            "fields": editor_fields(self), "inherited_due": inherited.isoformat() if inherited else "",
        })

    def _js_strings(self):
        return {key: self._(text) for key, text in {
            "saved": "Your checkpoint is saved.", "saveChanges": "Save my changes",
            "helpSent": "Your tutor has your help request and will answer here and by email.",
            "late": "Saved and marked late (the due date has passed).",
            "submitted": "Submitted", "missing": "Missing", "lateStatus": "Late", "none": "None",
            "learner": "Learner", "status": "Status", "confidence": "Confidence", "reasons": "At risk because",
            "lastNudged": "Last nudged", "replied": "Reply sent.", "resolved": "Marked resolved.",
            "nudged": "Nudged: {nudged}. Skipped (nudged recently): {skipped}.", "select": "Select",
            "noHelp": "No open help requests.", "reply": "Reply", "replyResolve": "Reply and resolve",
            "resolve": "Mark resolved", "nothingSelected": "Select at least one learner.",
            "counts": "Submitted: {submitted}, late: {late}, missing: {missing}.",
            "distribution": "Confidence (1-5): {levels}", "askedBy": "{user} asks:",
        }.items()}

    def _reason_labels(self):
        return {
            "missed_checkpoint": self._("missed this checkpoint"),
            "missed_previous_checkpoint": self._("missed the previous checkpoint"),
            "missed_session": self._("missed the week's session"),
            "never_posted": self._("never posted in the cohort activity"),
        }

    # ----- learner handlers -----
    @json_handler(SubmissionInput, access="require_learner")
    def submit(self, data, suffix=""):
        """Save the learner's checkpoint: checked items, answers, confidence, optional help request."""
        user_id = self.require_learner()
        checked, answers, help_message = self._check_submission(data)
        try:
            submission, created = self.spoc_api.submit_checkpoint(
                user_id, self.course_key, self.usage_key, self.week, checked, answers, data["confidence"],
                due=self.due_datetime, help_message=help_message,
                accept_after_cohort_end=self.accept_after_cohort_end,
            )
        except self.spoc_api.CheckpointError as exc:
            raise self.refusal(exc) from exc
        self.publish_event("checkpoint.submitted", week=self.week, created=created, is_late=submission.is_late,
                           confidence=data["confidence"], checked_items=checked, need_help=bool(help_message))
        if help_message:
            self.publish_event("checkpoint.help_requested", week=self.week)
        self.publish_completion()
        return {"is_late": submission.is_late, "created": created, "state": self._learner_state(user_id)}

    def _check_submission(self, data):
        """``(checked item ids, answers by question id, help message)`` against the block's content; a 400 else."""
        checked = sorted(set(data["checked_items"]))
        unknown = set(checked) - {item["id"] for item in self.checklist}
        if unknown:
            raise JsonHandlerError(400, self._("Unknown checklist item: {items}.").format(
                items=", ".join(sorted(unknown))))
        unknown = set(data["answers"]) - {question["id"] for question in self.questions}
        if unknown:
            raise JsonHandlerError(400, self._("Unknown question: {ids}.").format(ids=", ".join(sorted(unknown))))
        answers = {}
        for question in self.questions:
            answer = data["answers"].get(question["id"], "")
            if len(answer) < question.get("min_length", 0):
                raise JsonHandlerError(400, self._("Your answer to \"{question}\" is too short ({count} characters, "
                                                   "at least {min} needed).").format(
                    question=question["text"], count=len(answer), min=question["min_length"]))
            if len(answer) > self.max_answer_length:
                raise JsonHandlerError(400, self._("Your answer to \"{question}\" is too long (at most {max} "
                                                   "characters).").format(question=question["text"],
                                                                          max=self.max_answer_length))
            answers[question["id"]] = answer
        help_message = ""
        if data["need_help"]:
            if not self.allow_help:
                raise JsonHandlerError(400, self._("This checkpoint does not take help requests."))
            help_message = data["help_message"]
            if not help_message:
                raise JsonHandlerError(400, self._("Tell your tutor what you need help with."))
        return checked, answers, help_message

    # ----- staff handlers -----
    def _staff_call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except self.spoc_api.CheckpointError as exc:
            raise self.refusal(exc) from exc

    @json_handler(CohortInput, access="require_staff_in_course")
    def followup(self, data, suffix=""):
        """The follow-up table of one cohort (course staff)."""
        table = self._table(data["cohort_id"])
        return {
            "cohort": {"id": table.cohort_id, "name": table.cohort_name}, "counts": table.counts,
            "confidence": table.confidence,
            "learners": [{"user_id": row.user_id, "username": row.username, "full_name": row.full_name,
                          "status": row.status, "confidence": row.confidence, "reasons": row.reasons,
                          "last_nudged": row.last_nudged.isoformat() if row.last_nudged else None}
                         for row in table.learners],
            "help_requests": [{"id": item.id, "username": item.username, "message": item.message,
                               "created": item.created.isoformat(), "reply": item.reply}
                              for item in table.help_requests],
        }

    def _table(self, cohort_id):
        return self._staff_call(
            self.spoc_api.follow_up_table, self.course_key, self.usage_key, self.week, cohort_id,
            due=self.due_datetime, session_key=self._link_key("session"), activity_key=self._link_key("activity"),
        )

    @json_handler(HelpReplyInput, access="require_staff_in_course")
    def reply_help(self, data, suffix=""):
        """Answer a help request (shown in the learner's block and emailed), optionally resolving it."""
        item = self._staff_call(self.spoc_api.reply_to_help_request, self.user_id, self.usage_key,
                                data["help_request_id"], data["reply"], resolve=data["resolve"])
        self.publish_event("checkpoint.help_replied", week=self.week, help_request_id=item.id,
                           learner_id=item.user_id, resolved=data["resolve"])
        return {"id": item.id, "status": item.status}

    @json_handler(HelpRequestInput, access="require_staff_in_course")
    def resolve_help(self, data, suffix=""):
        """Mark a help request resolved."""
        item = self._staff_call(self.spoc_api.resolve_help_request, self.usage_key, data["help_request_id"])
        self.publish_event("checkpoint.help_resolved", week=self.week, help_request_id=item.id,
                           learner_id=item.user_id)
        return {"id": item.id, "status": item.status}

    @json_handler(NudgeInput, access="require_staff_in_course")
    def nudge(self, data, suffix=""):
        """Email a selection of learners of a cohort, naming what they missed; recently nudged ones are skipped."""
        table = self._table(data["cohort_id"])
        reasons = {row.user_id: row.reasons for row in table.learners}
        if set(data["user_ids"]) - set(reasons):
            raise JsonHandlerError(400, self._("Some selected learners are not in this cohort."))
        context = {"title": self.title or self.display_name, "note": data["note"], "usage_key": str(self.usage_key),
                   "url": data["url"]}
        result = self._staff_call(
            self.spoc_api.nudge_learners, self.user_id, self.course_key, self.usage_key, self.week,
            sorted(set(data["user_ids"])), reasons, context, insist=data["insist"],
        )
        self.publish_event("checkpoint.nudged", week=self.week, cohort_id=table.cohort_id,
                           nudged=result.nudged, skipped=result.skipped, insist=data["insist"])
        names = {row.user_id: row.username for row in table.learners}
        return {"nudged": [names[i] for i in result.nudged], "skipped": [names[i] for i in result.skipped]}

    # ----- Studio -----
    @json_handler(EditorInput, access="require_author")
    def studio_submit(self, data, suffix=""):
        """Save the author's settings; every error is a 400 and nothing is saved."""
        try:
            values = parse_content(data, self, self.course_key, self.spoc_api.validate_link)
        except ContentError as exc:
            raise JsonHandlerError(400, self._(exc.message).format(**exc.params)) from exc
        self.save_settings(values)
        return {"ok": True}

    @staticmethod
    def workbench_scenarios():
        return demo_scenarios()
