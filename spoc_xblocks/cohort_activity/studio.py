"""Authoring of the cohort activity block: Studio views and the editor's save handler."""
from ..handlers import json_handler
from .inputs import AUTHOR_DISPLAYS, INTEGER_SETTINGS, KINDS, EditorInput
from .prompt import sanitize_prompt


class CohortActivityStudioMixin:
    """Studio side of :class:`~spoc_xblocks.cohort_activity.CohortActivityBlock`."""

    def author_view(self, context=None):
        ctx = {"block": self, "prompt_html": sanitize_prompt(self.prompt),
               "kind_label": self._(KINDS.get(self.activity_kind, KINDS["discussion"])),
               "author_label": self._(AUTHOR_DISPLAYS.get(self.author_display, AUTHOR_DISPLAYS["name"]))}
        return self.fragment("author", ctx)

    def studio_view(self, context=None):
        ctx = {"block": self, "kinds": [(key, self._(label)) for key, label in KINDS.items()],
               "author_displays": [(key, self._(label)) for key, label in AUTHOR_DISPLAYS.items()],
               "due_value": self.own_due.strftime("%Y-%m-%dT%H:%M") if self.own_due else "",
               "inherited_due": self.due_datetime if self.own_due is None else None}
        return self.fragment("studio", ctx, {"saved": self._("Saved."), "error_title": self._("Not saved")})

    @json_handler(EditorInput, access="require_author")
    def studio_submit(self, data, suffix=""):
        """Save the editor's settings; nothing is saved if one of them is invalid."""
        values = {name: data[name] for name in (
            "activity_kind", "author_display", "post_first", "due", "cohort_week", *INTEGER_SETTINGS)}
        values["display_name"] = data["display_name"] or self.fields["display_name"].default
        values["prompt"] = sanitize_prompt(data["prompt"])
        self.save_settings(values)
        return {"ok": True}
