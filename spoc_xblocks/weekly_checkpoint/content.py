"""The weekly checkpoint's authored content: the Studio editor's text formats and their validation.

The editor shows lists one entry per line:
checklist ``text``; linked items ``kind | usage key | label`` (kind: session, activity, completion);
questions ``minimum length | question``. Ids stay stable when an entry keeps its text (or key).
"""
import re

from spoc_plugin.errors import SpocError

from ..i18n import gettext_noop
from ..inputs import InputError

MAX_WEEK = 60
MAX_ENTRIES = 30
MAX_TEXT = 500
MAX_ANSWER_LIMIT = 20000
#: A question's minimum answer length, as authors type it (ASCII digits).
MIN_LENGTH = re.compile(r"[0-9]{1,5}")

def _lines(text, name):
    if not isinstance(text, str):
        raise InputError(gettext_noop("{field} must be text, one entry per line."), field=name)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_ENTRIES:
        raise InputError(gettext_noop("{field}: at most {max} entries."), field=name, max=MAX_ENTRIES)
    for line in lines:
        if len(line) > MAX_TEXT:
            raise InputError(gettext_noop("{field}: an entry is longer than {max} characters."), field=name,
                               max=MAX_TEXT)
    return lines


def _keep_ids(entries, existing, prefix, same):
    """Give each new entry the id of the existing entry it matches (``same``), or a fresh ``prefix-N`` id."""
    used = {item["id"] for item in existing}
    free = list(existing)
    counter = len(used)
    result = []
    for entry in entries:
        match = next((item for item in free if same(item, entry)), None)
        if match is not None:
            free.remove(match)
            result.append({"id": match["id"], **entry})
            continue
        counter += 1
        while f"{prefix}-{counter}" in used:
            counter += 1
        used.add(f"{prefix}-{counter}")
        result.append({"id": f"{prefix}-{counter}", **entry})
    return result


def parse_content(data, block, course_key, validate_link):
    """The block field values from the editor's ``data``, checked by ``inputs.EditorInput`` (absent
    values keep the block's); raises an :class:`~spoc_xblocks.inputs.InputError` on a bad entry of the list formats."""
    values = {name: data.get(name, getattr(block, name)) for name in (
        "display_name", "title", "week", "max_answer_length", "allow_help", "accept_after_cohort_end",
        "due_in_cohort_week")}
    values["due"] = data["due"] if "due" in data else block.own_due
    if "checklist" in data:
        items = [{"text": line} for line in _lines(data["checklist"], "checklist")]
        values["checklist"] = _keep_ids(items, block.checklist, "item", lambda old, new: old["text"] == new["text"])
    if "links" in data:
        links = []
        for line in _lines(data["links"], "links"):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not parts[2]:
                raise InputError(gettext_noop("Linked item \"{line}\": write kind | usage key | label."), line=line)
            try:
                key = validate_link(parts[0], parts[1], course_key)
            except SpocError as exc:
                raise InputError(gettext_noop("Linked item \"{line}\": {reason}."), line=line,
                                   reason=str(exc)) from exc
            links.append({"kind": parts[0], "usage_key": str(key), "label": parts[2]})
        values["links"] = _keep_ids(links, block.links, "link", lambda old, new: (
            old["kind"], old["usage_key"]) == (new["kind"], new["usage_key"]))
    if "questions" in data:
        questions = []
        for line in _lines(data["questions"], "questions"):
            minimum, _bar, text = line.partition("|")
            if not _bar or not MIN_LENGTH.fullmatch(minimum.strip()) or not text.strip():
                raise InputError(gettext_noop("Question \"{line}\": write minimum length | question."), line=line)
            if int(minimum) > values["max_answer_length"]:
                raise InputError(gettext_noop("Question \"{line}\": the minimum length exceeds the maximum."),
                                   line=line)
            questions.append({"text": text.strip(), "min_length": int(minimum)})
        values["questions"] = _keep_ids(questions, block.questions, "q", lambda old, new: old["text"] == new["text"])
    return values


def editor_fields(block):
    """The block's settings in the editor's formats."""
    return {
        "display_name": block.display_name, "week": block.week, "title": block.title, "due": editor_due(block),
        "max_answer_length": block.max_answer_length, "allow_help": block.allow_help,
        "accept_after_cohort_end": block.accept_after_cohort_end, "due_in_cohort_week": block.due_in_cohort_week,
        "checklist": "\n".join(item["text"] for item in block.checklist),
        "links": "\n".join(f"{link['kind']} | {link['usage_key']} | {link['label']}" for link in block.links),
        "questions": "\n".join(f"{q['min_length']} | {q['text']}" for q in block.questions),
    }


def editor_due(block):
    """The due date set on the block itself, as the editor shows it ("" when the subsection's applies)."""
    return block.own_due.isoformat() if block.own_due else ""
