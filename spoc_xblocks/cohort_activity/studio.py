"""Authoring of the cohort activity block: Studio views and the editor's save handler."""
from ..handlers import json_handler
from ..i18n import gettext_noop
from .inputs import AUTHOR_DISPLAYS, INTEGER_SETTINGS, KINDS, EditorInput
from .prompt import PROMPT_TAGS, sanitize_prompt

#: The editor's plain fields (``xblock.utils``' standard controls); the prompt and the due date are structured.
PLAIN_FIELDS = ("display_name", "activity_kind", "min_posts", "min_replies", "post_first", "author_display",
                "max_length", "group_size", "edit_window_minutes", "cohort_week")
EDITOR_STRINGS = {text: text for text in (
    gettext_noop("Bold"), gettext_noop("Italic"), gettext_noop("Heading"), gettext_noop("Bulleted list"),
    gettext_noop("Numbered list"), gettext_noop("Quote"), gettext_noop("Link"),
    gettext_noop("Address of the link (https://… or mailto:…)"), gettext_noop("Preview"),
)}


class CohortActivityStudioMixin:
    """Studio side of :class:`~spoc_xblocks.cohort_activity.CohortActivityBlock`."""

    def author_view(self, context=None):
        ctx = {"block": self, "prompt_html": sanitize_prompt(self.prompt),
               "kind_label": self._(KINDS.get(self.activity_kind, KINDS["discussion"])),
               "author_label": self._(AUTHOR_DISPLAYS.get(self.author_display, AUTHOR_DISPLAYS["name"]))}
        return self.fragment("author", ctx)

    def studio_view(self, context=None):
        return self.studio_fragment(PLAIN_FIELDS, {
            "prompt": self.stored("prompt", "") or "", "prompt_tags": sorted(PROMPT_TAGS),
            "strings": self.translated(EDITOR_STRINGS),
        }, choices={"activity_kind": [(key, self._(label)) for key, label in KINDS.items()],
                    "author_display": [(key, self._(label)) for key, label in AUTHOR_DISPLAYS.items()]}, due=True)

    @json_handler(EditorInput, access="require_author", per_field=True)
    def studio_submit(self, submission, suffix=""):
        """Save the editor's settings; every problem is answered at once (400) and nothing is saved."""
        submission.check()
        data = submission.values
        values = {name: data[name] for name in (
            "activity_kind", "author_display", "post_first", "due", "cohort_week", *INTEGER_SETTINGS)}
        values["display_name"] = data["display_name"] or self.fields["display_name"].default
        values["prompt"] = sanitize_prompt(data["prompt"])
        self.save_settings(values)
        return {"ok": True}
