"""Authoring of the weekly checkpoint block: Studio views, the unit page's warnings and the editor's save handler."""
from xblock.validation import ValidationMessage

from spoc_plugin.errors import SpocError

from ..editor import course_items
from ..handlers import json_handler
from ..i18n import gettext_noop
from .content import parse_content
from .inputs import EditorInput

#: The editor's plain fields (``xblock.utils``' standard controls); the others are structured.
PLAIN_FIELDS = ("display_name", "week", "title", "max_answer_length", "allow_help", "accept_after_cohort_end",
                "due_in_cohort_week")
LIST_FIELDS = ("checklist", "links", "questions")
#: The kinds of linked items, and the block type each kind links to (``None``: any block with a completion).
LINK_KINDS = {
    "session": (gettext_noop("Attended a live session"), "spoc_live_session"),
    "activity": (gettext_noop("Posted in a cohort activity"), "spoc_cohort_activity"),
    "completion": (gettext_noop("Completed a component"), None),
}


class WeeklyCheckpointStudioMixin:
    """Studio side of :class:`~spoc_xblocks.weekly_checkpoint.WeeklyCheckpointBlock`."""

    def author_view(self, context=None):
        return self.fragment("author", {"block": self, "links": self.links})

    def studio_view(self, context=None):
        return self.studio_fragment(PLAIN_FIELDS, {
            "checklist": [item["text"] for item in self.checklist],
            "links": [{key: link.get(key, "") for key in ("kind", "usage_key", "label")} for link in self.links],
            "questions": [{"text": q["text"], "min_length": q["min_length"]} for q in self.questions],
            "items": course_items(self),
            "kinds": [{"value": kind, "label": self._(label), "block_type": block_type}
                      for kind, (label, block_type) in LINK_KINDS.items()],
            "strings": self.translated(EDITOR_STRINGS),
        }, due=True)

    def validate(self):
        """Studio's warning on the unit page for a completion link to a container (imported OLX): the platform
        keeps no completion of its own for a unit or subsection, so the item would never tick."""
        validation = super().validate()
        for link in self.links:
            try:
                block_type = self.spoc_api.parse_usage_key(link["usage_key"]).block_type
            except (SpocError, KeyError, TypeError):
                continue
            if link.get("kind") == "completion" and not self.spoc_api.is_completable(block_type):
                validation.add(ValidationMessage(ValidationMessage.WARNING, self._(
                    "The linked item \"{label}\" is a container: it never ticks. Link one of its components.")
                    .format(label=link.get("label", ""))))
        return validation

    @json_handler(EditorInput, access="require_author", per_field=True)
    def studio_submit(self, submission, suffix=""):
        """Save the author's settings; every problem is answered at once (400) and nothing is saved."""
        data = {name: submission.raw[name] for name in LIST_FIELDS
                if name in submission.raw and name not in submission.errors}
        data.update(submission.values)
        values = parse_content(data, self, self.course_key, self.spoc_api.validate_link, submission.errors)
        submission.check()
        self.save_settings(values)
        self.publish_dates()
        return {"ok": True}


EDITOR_STRINGS = {name: name for name in (
    gettext_noop("Add an item"), gettext_noop("Remove"), gettext_noop("Item {number}"),
    gettext_noop("Linked item {number}"), gettext_noop("Question {number}"), gettext_noop("Kind of item"),
    gettext_noop("Item of the course"), gettext_noop("Another item: paste its usage key"), gettext_noop("Usage key"),
    gettext_noop("Label shown to learners"), gettext_noop("Add a linked item"), gettext_noop("Question"),
    gettext_noop("Minimum answer length"), gettext_noop("Add a question"),
)}
