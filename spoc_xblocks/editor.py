"""What the three Studio editors share: the plain fields as ``xblock.utils``' standard editor describes them, and
a submission checked as a whole, so that every problem is answered at once, each under the key of its field.

An editor's answer to a refused save is ``{"error": every problem in one text, "errors": {key: problem}}`` (400),
where a key is a field name or a path in a structured field (``slots[1].duration``, ``links[0].usage_key``).
"""
import copy
import functools
import re
from dataclasses import dataclass, field

from opaque_keys.edx.keys import UsageKey
from xblock.exceptions import NoSuchUsage
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from spoc_plugin.validation import printable

from .i18n import gettext_noop
from .inputs import InputError

#: The field types of ``StudioEditableXBlockMixin._make_field_info`` this editor shows as its template does.
PLAIN_TYPES = ("string", "text", "html", "integer", "float", "boolean")


#: At most this many components are listed for an author to choose from.
MAX_ITEMS = 2000
#: The texts every editor's JS shows, by their English wording.
EDITOR_STRINGS = {text: text for text in (
    gettext_noop("Saving…"), gettext_noop("Saved."), gettext_noop("Not saved"),
    gettext_noop("Not saved: fix the fields marked below."), gettext_noop("Times in {zone} (your browser's zone)"),
    gettext_noop("Remove"), gettext_noop("Empty: the subsection's due date"),
    gettext_noop("Empty: the subsection's due date, when it has one"),
)}


class FieldErrors(InputError):
    """Problems of several fields of a submission at once: ``errors`` maps a field's key to its ``InputError``."""

    def __init__(self, errors):
        super().__init__("{problems}")
        self.errors = errors
        self.args = (self.text(),)

    def text(self, translate=str, with_label=True):
        return " ".join(error.text(translate, with_label) for error in self.errors.values())

    def texts(self, translate=str):
        """Each problem worded for people, by key, without the field's label (it is shown next to its field)."""
        return {key: error.text(translate, with_label=False) for key, error in self.errors.items()}


@dataclass
class Submission:
    """An editor's JSON object: ``raw`` as sent, ``values`` (the serializer's output, complete only when every
    field is valid) and the ``errors`` found so far, by key."""

    raw: dict
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    @classmethod
    def of(cls, serializer_class, data):
        """``data`` through ``serializer_class``, every field's problem kept (not only the first)."""
        submission = cls(raw=data)
        serializer = serializer_class(data=data)
        if serializer.is_valid():
            submission.values = dict(serializer.validated_data)
            return submission
        for name, messages in serializer.errors.items():
            while isinstance(messages, list | dict):  # list items and nested serializers hold their own errors
                messages = next(iter(messages.values())) if isinstance(messages, dict) else messages[0]
            declared = serializer.fields.get(name)
            label = str(declared.label or name) if declared is not None and name != "non_field_errors" else ""
            submission.errors[name if label else ""] = InputError(str(messages), label=label)
        return submission

    def add(self, key, error):
        """Keep ``error`` (an ``InputError``, or a ``FieldErrors`` whose keys are kept) for ``key``."""
        if isinstance(error, FieldErrors):
            self.errors.update(error.errors)
        else:
            self.errors.setdefault(key, error)

    def check(self):
        """Raise the ``FieldErrors`` of every problem found, if any."""
        if self.errors:
            raise FieldErrors(self.errors)


def plain_fields(block, names, choices=None):
    """The fields ``names`` of ``block`` as ``xblock.utils``' standard editor describes them (name, label, help,
    value, default, type, options), with the block's translated ``choices`` (``{name: [(value, label)]}``) as a
    field's options; the template ``html/studio_fields.html`` shows them as its ``studio_edit.html`` does."""
    infos = []
    for name in names:
        field = copy.copy(block.fields[name])
        # What is stored is read safely (older data, imported OLX): a value of the wrong type reads as the default.
        field.read_from = functools.partial(_stored, name=name, default=field.default)
        # pylint: disable-next=protected-access
        info = StudioEditableXBlockMixin._make_field_info(block, name, field)
        if name in (choices or {}):
            info["values"] = [{"value": value, "display_name": label} for value, label in choices[name]]
            info["has_values"] = True
        if info["type"] not in PLAIN_TYPES:
            raise ValueError(f"{name}: a structured field has its own control")
        infos.append(info)
    return infos


def _stored(block, name, default):
    value = block.stored(name, default)
    return printable(value) if isinstance(value, str) else value


def dom_id(block):
    """A prefix for the ids of an editor's elements, unique on a page that shows several blocks' editors."""
    return "spoc-" + "".join(char if char.isalnum() else "-" for char in str(block.scope_ids.usage_id))



def course_items(block):
    """The components of the course holding ``block`` (in the workbench, of its scenario), as an author chooses
    one to link: ``[{"usage_key", "label", "block_type"}]`` in course order, ``label`` the path of display names
    from the section down. Found through the runtime: ``get_parent()`` up to the root, then its children down."""
    root = block
    while (parent := _parent(root)) is not None:
        root = parent
    items, course_key = [], block.course_key
    pending = [(root, ())]
    while pending and len(items) < MAX_ITEMS:
        node, path = pending.pop(0)
        children = []
        for child_id in getattr(node, "children", None) or () if getattr(node, "has_children", False) else ():
            try:
                children.append(node.runtime.get_block(child_id))
            except (NoSuchUsage, KeyError, ValueError):  # a child the runtime cannot load: not offered
                continue
        if not children and node is not root and node.scope_ids.usage_id != block.scope_ids.usage_id:
            key = block_usage_key(node, course_key)
            if key is not None:
                items.append({"usage_key": str(key), "label": " › ".join(path),
                              "block_type": node.scope_ids.block_type})
        pending[0:0] = [(child, (*path, _name(child))) for child in children]
    return items


def _parent(node):
    try:
        return node.get_parent()
    except (NoSuchUsage, KeyError, ValueError):
        return None


def _name(node):
    name = getattr(node, "display_name", None)
    return name if isinstance(name, str) and name.strip() else node.scope_ids.block_type


def block_usage_key(node, course_key):
    """The usage key of ``node``; a runtime with plain string ids (the workbench) gets one made in ``course_key``."""
    usage_id = node.scope_ids.usage_id
    if isinstance(usage_id, UsageKey):
        return usage_id
    if course_key is None or not hasattr(course_key, "make_usage_key"):
        return None
    return course_key.make_usage_key(node.scope_ids.block_type, re.sub(r"[^\w-]", "_", str(usage_id)))
