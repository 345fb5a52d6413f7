"""Authoring of the weekly checkpoint block: Studio views, the unit page's warnings and the editor's save handler."""
from xblock.exceptions import JsonHandlerError
from xblock.validation import ValidationMessage

from spoc_plugin.errors import SpocError

from ..handlers import json_handler
from ..inputs import InputError
from .content import editor_fields, parse_content
from .inputs import EditorInput


class WeeklyCheckpointStudioMixin:
    """Studio side of :class:`~spoc_xblocks.weekly_checkpoint.WeeklyCheckpointBlock`."""

    def author_view(self, context=None):
        return self.fragment("author", {"block": self, "links": self.links})

    def studio_view(self, context=None):
        inherited = self.due_datetime if self.own_due is None else None
        return self.fragment("studio", {"block": self}, {
            "fields": editor_fields(self), "inherited_due": inherited.isoformat() if inherited else "",
            "error_title": self._("Not saved"),
        })

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

    @json_handler(EditorInput, access="require_author")
    def studio_submit(self, data, suffix=""):
        """Save the author's settings; every error is a 400 and nothing is saved."""
        try:
            values = parse_content(data, self, self.course_key, self.spoc_api.validate_link)
        except InputError as exc:
            raise JsonHandlerError(400, exc.text(self._)) from exc
        self.save_settings(values)
        self.publish_dates()
        return {"ok": True}
