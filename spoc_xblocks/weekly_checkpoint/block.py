"""The weekly checkpoint block: a learner's end-of-week check, and the tutor's follow-up of the cohort.

Learners tick the author's checklist (linked items tick themselves from real activity), answer
reflection questions, rate their confidence and may ask for help. Course staff see a per-cohort
follow-up table, answer help requests and nudge learners by email. Data lives in the plugin
(``spoc_plugin.api``); the block holds only its content. This module holds the learner side; ``studio`` the
authoring side, ``staff`` the course staff handlers, ``content`` the editor's formats, ``inputs`` what each handler
accepts.
"""
from django.utils import timezone
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Integer, List, Scope, String

from ..base import SpocXBlock
from ..handlers import json_handler
from ..i18n import gettext_noop
from ..messages import MessagePreferenceMixin, TutorMessagePreferenceMixin
from .inputs import SubmissionInput
from .scenarios import demo_scenarios
from .staff import WeeklyCheckpointStaffMixin
from .studio import WeeklyCheckpointStudioMixin

CONFIDENCE_LEVELS = range(1, 6)


class WeeklyCheckpointBlock(WeeklyCheckpointStudioMixin, WeeklyCheckpointStaffMixin, MessagePreferenceMixin,
                            TutorMessagePreferenceMixin, SpocXBlock):
    """End-of-week checkpoint with tutor follow-up (block type ``spoc_weekly_checkpoint``)."""

    static_name = "weekly_checkpoint"

    display_name = String(display_name=gettext_noop("Display name"), default="Weekly checkpoint",
                          scope=Scope.settings)
    week = Integer(display_name=gettext_noop("Week"), default=1, scope=Scope.content)
    title = String(display_name=gettext_noop("Title"), default="", scope=Scope.content)
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
    due_in_cohort_week = Boolean(
        display_name=gettext_noop("Due at the end of the week of the learner's cohort"), default=False,
        scope=Scope.settings,
        help=gettext_noop("Each learner's due date is the end of this week of their cohort's calendar; "
                          "learners in no cohort keep the due date below."))
    accept_after_cohort_end = Boolean(display_name=gettext_noop("Accept submissions after the cohort has ended"),
                                      default=True, scope=Scope.settings)

    editable_fields = ("display_name", "week", "title", "due", "checklist", "links", "questions", "max_answer_length",
                       "allow_help", "accept_after_cohort_end", "due_in_cohort_week")

    # ----- learner data -----
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

    def learner_due(self, user_id):
        """The learner's due date: the end of the checkpoint's week of their cohort's calendar when the author
        chose so and the learner has one, else the block's own (or inherited) due date."""
        return self.week_due(self.week if self.due_in_cohort_week else None, user_id=user_id)

    def publish_dates(self):
        """Give the plugin the checkpoint's week and due date (due-date reminders read them there)."""
        if self.in_course:
            self.spoc_api.publish_checkpoint(self.course_key, self.usage_key, self.title or self.display_name,
                                             self.week if self.due_in_cohort_week else None, self.due_datetime)

    def _learner_state(self, user_id, submission=None):
        """What the learner view shows; ``submission``: the learner's, when the caller has just written it."""
        if submission is None and user_id:
            submission = self.spoc_api.get_submission(user_id, self.usage_key)
        links = self.spoc_api.linked_item_states(user_id, self.course_key, self.links) if user_id else {}
        help_requests = self.spoc_api.list_help_requests(self.usage_key, user_id=user_id) if user_id else []
        tutors = self.spoc_api.learner_tutors(user_id, self.course_key) if user_id else []
        return {
            "submission": None if submission is None else {
                "checked_items": submission.checked_items, "answers": submission.answers,
                "confidence": submission.confidence, "is_late": submission.is_late,
                "submitted_at": submission.submitted_at.isoformat(), "modified": submission.modified.isoformat(),
            },
            "links": links,
            "help_requests": [{"id": item.id, "message": item.message, "status": item.status, "reply": item.reply,
                               "created": item.created.isoformat()} for item in help_requests],
            "tutors": [tutor.display_name for tutor in tutors],
        }

    # ----- views -----
    def student_view(self, context=None):
        user_id = self.user_id
        in_course = self.in_course
        state = self._learner_state(user_id) if in_course else {"submission": None, "links": {}, "help_requests": [],
                                                                 "tutors": []}
        submission = state["submission"] or {"checked_items": [], "answers": {}, "confidence": None}
        if user_id is not None:
            self.publish_dates()
        unavailable = self.unavailable_reason()
        due = self.learner_due(user_id) if in_course else self.due_datetime
        past_due = due is not None and timezone.now() > due
        staff = self.is_course_staff and in_course
        cohorts = self.spoc_api.list_cohorts(self.course_key) if staff else []
        tutored = set(self.spoc_api.tutored_cohort_ids(user_id, self.course_key)) if staff else set()
        ctx = {
            "block": self, "user_id": user_id, "state": state, "due": due, "past_due": past_due,
            "can_submit": not unavailable and not (past_due and state["submission"]), "unavailable": unavailable,
            "checklist": [{**item, "checked": item["id"] in submission["checked_items"]} for item in self.checklist],
            "links": [{**link, "done": state["links"].get(link["id"], False)} for link in self.links],
            "questions": [{**q, "answer": submission["answers"].get(q["id"], "")} for q in self.questions],
            "confidence": submission["confidence"], "levels": CONFIDENCE_LEVELS,
            "staff": staff, "cohorts": sorted(cohorts, key=lambda cohort: cohort.id not in tutored),
            "message_preference": self.message_preference_html(),
            "tutor_message_preference": self.tutor_message_preference_html() if tutored else "",
        }
        return self.fragment("student", ctx, {
            "strings": self._js_strings(), "reasons": self._reason_labels(),
        })

    def refusal_messages(self, error):
        """The block's wording of the weekly checkpoint API's refusals."""
        return {
            "unknown_cohort": self._("No such cohort in this course."),
            "unknown_learners": self._("Some of these learners are not in a cohort of this course."),
            "unknown_help_request": self._("No such help request for this checkpoint."),
            "cohort_ended": self._("Your cohort has ended: this checkpoint no longer accepts submissions."),
            "past_due": self._("The due date has passed: your submission can no longer be changed."),
            "conflict": self._("Your submission was just saved from elsewhere: reload and try again."),
        }

    def _js_strings(self):
        return self.translated({
            "saved": gettext_noop("Your checkpoint is saved."),
            "saveChanges": gettext_noop("Save my changes"),
            "helpSent": gettext_noop("Your tutor has your help request and will answer here and by email."),
            "late": gettext_noop("Saved and marked late (the due date has passed)."),
            "submitted": gettext_noop("Submitted"),
            "missing": gettext_noop("Missing"),
            "lateStatus": gettext_noop("Late"),
            "none": gettext_noop("None"),
            "learner": gettext_noop("Learner"),
            "status": gettext_noop("Status"),
            "confidence": gettext_noop("Confidence"),
            "reasons": gettext_noop("At risk because"),
            "lastNudged": gettext_noop("Last nudged"),
            "replied": gettext_noop("Reply sent."),
            "resolved": gettext_noop("Marked resolved."),
            "nudged": gettext_noop("Nudged: {nudged}. Skipped (nudged recently): {skipped}."),
            "select": gettext_noop("Select"),
            "noHelp": gettext_noop("No open help requests."),
            "reply": gettext_noop("Reply"),
            "replyResolve": gettext_noop("Reply and resolve"),
            "resolve": gettext_noop("Mark resolved"),
            "nothingSelected": gettext_noop("Select at least one learner."),
            "counts": gettext_noop("Submitted: {submitted}, late: {late}, missing: {missing}."),
            "cohortDue": gettext_noop("Due for this cohort: {due}."),
            "distribution": gettext_noop("Confidence (1-5): {levels}"),
            "askedBy": gettext_noop("{user} asks:"),
            "showAll": gettext_noop("Show all the cohort's learners"),
            "showMine": gettext_noop("Show only my learners"),
            "showingMine": gettext_noop("Your learners in {cohort}."),
            "showingAll": gettext_noop("All the learners of {cohort}."),
            "submittedLate": gettext_noop("Submitted late"),
            "editUntilDue": gettext_noop("You may edit your answers until the due date."),
            "myHelp": gettext_noop("Your help requests"),
            "youAsked": gettext_noop("You asked:"),
            "tutorReplied": gettext_noop("Your tutor replied:"),
            "notReplied": gettext_noop("Your tutor has not replied yet."),
            "waitingReply": gettext_noop("Waiting for a reply"),
            "repliedOpen": gettext_noop("Replied, not resolved yet"),
            "repliedBadge": gettext_noop("Replied"),
            "level": gettext_noop("{level}: {count}"),
        })

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
        user_id = self.user_id
        checked, answers, help_message = self._check_submission(data)
        submission, created = self.spoc_api.submit_checkpoint(
            user_id, self.course_key, self.usage_key, self.week, checked, answers, data["confidence"],
            due=self.learner_due(user_id), help_message=help_message,
            accept_after_cohort_end=self.accept_after_cohort_end,
        )
        self.publish_event("checkpoint.submitted", week=self.week, created=created, is_late=submission.is_late,
                           confidence=data["confidence"], checked_items=checked, need_help=bool(help_message))
        if help_message:
            self.publish_event("checkpoint.help_requested", week=self.week)
        self.publish_completion()
        self.publish_dates()
        return {"is_late": submission.is_late, "created": created, "state": self._learner_state(user_id, submission)}

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

    @staticmethod
    def workbench_scenarios():
        return demo_scenarios()
