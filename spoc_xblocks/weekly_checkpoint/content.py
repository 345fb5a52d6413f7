"""The weekly checkpoint's authored content: what the Studio editor sends, and its validation.

The editor sends its lists as lists (see :func:`parse_content`); older editors and scripts may send text, one entry
per line: checklist ``text``; linked items ``kind | usage key | label`` (kind: session, activity, completion);
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


def parse_content(data, block, course_key, validate_link, errors):
    """The block field values from the editor's ``data``, checked by ``inputs.EditorInput`` (absent or invalid
    values keep the block's). Each problem of the list fields is added to ``errors`` (``{key: InputError}``) under
    its field (the text formats) or its entry (``links[1].usage_key``, ``questions[0].min_length``...).

    The list fields come as lists from the editor: checklist items as text, links as ``{kind, usage_key, label}``,
    questions as ``{text, min_length}``; or as text, one entry per line (older editors, scripts)."""
    values = {name: data.get(name, getattr(block, name)) for name in (
        "display_name", "title", "week", "max_answer_length", "allow_help", "accept_after_cohort_end",
        "due_in_cohort_week")}
    values["due"] = data["due"] if "due" in data else block.own_due
    for name, read in (("checklist", _checklist), ("links", _links), ("questions", _questions)):
        if name not in data:
            continue
        try:
            entries = read(data[name], values, course_key, validate_link, errors)
        except InputError as error:
            errors.setdefault(name, error)
            continue
        if entries is not None:
            values[name] = _keep_ids(entries, getattr(block, name), _PREFIXES[name], _SAME[name])
    return values


_PREFIXES = {"checklist": "item", "links": "link", "questions": "q"}
_SAME = {
    "checklist": lambda old, new: old["text"] == new["text"],
    "links": lambda old, new: (old["kind"], old["usage_key"]) == (new["kind"], new["usage_key"]),
    "questions": lambda old, new: old["text"] == new["text"],
}


def _text(value):
    """An entry's text, trimmed, when it is text of 1 to ``MAX_TEXT`` characters; else ``None``."""
    value = value.strip() if isinstance(value, str) else ""
    return value if 0 < len(value) <= MAX_TEXT else None


def _checklist(value, values, course_key, validate_link, errors):
    if isinstance(value, str):
        return [{"text": line} for line in _lines(value, "checklist")]
    entries = []
    for index, item in enumerate(value):
        text = _text(item)
        if text is None:
            errors[f"checklist[{index}]"] = InputError(gettext_noop(
                "Item {number}: write its text ({max} characters at most)."), number=index + 1, max=MAX_TEXT)
        entries.append({"text": text})
    return None if any(key.startswith("checklist[") for key in errors) else entries


def _links(value, values, course_key, validate_link, errors):
    if isinstance(value, str):
        entries = []
        for line in _lines(value, "links"):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not parts[2]:
                raise InputError(gettext_noop("Linked item \"{line}\": write kind | usage key | label."), line=line)
            try:
                key = validate_link(parts[0], parts[1], course_key)
            except SpocError as exc:
                raise InputError(gettext_noop("Linked item \"{line}\": {reason}."), line=line,
                                 reason=str(exc)) from exc
            entries.append({"kind": parts[0], "usage_key": str(key), "label": parts[2]})
        return entries
    entries, failed = [], False
    for index, link in enumerate(value):
        link = link if isinstance(link, dict) else {}
        number, label = index + 1, _text(link.get("label"))
        if label is None:
            failed = errors[f"links[{index}].label"] = InputError(gettext_noop(
                "Linked item {number}: give it a label ({max} characters at most)."), number=number, max=MAX_TEXT)
        kind, usage_key = link.get("kind"), link.get("usage_key")
        if not isinstance(usage_key, str) or not usage_key.strip():
            failed = errors[f"links[{index}].usage_key"] = InputError(gettext_noop(
                "Linked item {number}: choose an item of the course."), number=number)
            continue
        try:
            key = validate_link(kind if isinstance(kind, str) else "", usage_key.strip(), course_key)
        except SpocError as exc:
            where = "kind" if "kind" in str(exc) else "usage_key"
            failed = errors[f"links[{index}].{where}"] = InputError(gettext_noop(
                "Linked item {number}: {reason}."), number=number, reason=str(exc))
            continue
        entries.append({"kind": kind, "usage_key": str(key), "label": label})
    return None if failed else entries


def _questions(value, values, course_key, validate_link, errors):
    if isinstance(value, str):
        entries = []
        for line in _lines(value, "questions"):
            minimum, _bar, text = line.partition("|")
            if not _bar or not MIN_LENGTH.fullmatch(minimum.strip()) or not text.strip():
                raise InputError(gettext_noop("Question \"{line}\": write minimum length | question."), line=line)
            if int(minimum) > values["max_answer_length"]:
                raise InputError(gettext_noop("Question \"{line}\": the minimum length exceeds the maximum."),
                                 line=line)
            entries.append({"text": text.strip(), "min_length": int(minimum)})
        return entries
    entries, failed = [], False
    for index, question in enumerate(value):
        question = question if isinstance(question, dict) else {}
        text, minimum = _text(question.get("text")), question.get("min_length")
        if text is None:
            failed = errors[f"questions[{index}].text"] = InputError(gettext_noop(
                "Question {number}: write the question ({max} characters at most)."), number=index + 1, max=MAX_TEXT)
        if minimum in (None, ""):
            minimum = 0
        if isinstance(minimum, str) and MIN_LENGTH.fullmatch(minimum.strip()):
            minimum = int(minimum)
        if isinstance(minimum, bool) or not isinstance(minimum, int) or not 0 <= minimum <= values["max_answer_length"]:
            failed = errors[f"questions[{index}].min_length"] = InputError(gettext_noop(
                "Question {number}: give a minimum length from 0 to the maximum answer length ({max})."),
                number=index + 1, max=values["max_answer_length"])
            continue
        entries.append({"text": text, "min_length": minimum})
    return None if failed else entries
