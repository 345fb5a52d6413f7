"""Opaque keys from what callers pass: keys or their strings."""
from __future__ import annotations

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from spoc_plugin.errors import SpocError

#: What the API takes for a course key or a usage key: the key or its string.
CourseKeyLike = CourseKey | str
UsageKeyLike = UsageKey | str


class InvalidKey(SpocError, InvalidKeyError):
    """Not a course or usage key: a ``SpocError`` (400), and an ``InvalidKeyError`` for callers that catch that."""

    code = "invalid_key"

    def __init__(self, key_class, value):
        InvalidKeyError.__init__(self, key_class, value)
        self.message, self.details = f"'{value}' is not a valid {key_class.__name__}.", {}


def parse_course_key(course_key: CourseKeyLike) -> CourseKey:
    """A ``CourseKey`` from a key or its string; raises :class:`InvalidKey` on anything else."""
    return _parse(CourseKey, course_key)


def parse_usage_key(usage_key: UsageKeyLike) -> UsageKey:
    """A ``UsageKey`` from a key or its string; raises :class:`InvalidKey` on anything else."""
    return _parse(UsageKey, usage_key)


def _parse(key_class, value):
    if isinstance(value, key_class):
        return value
    if not isinstance(value, str):
        raise InvalidKey(key_class, value)
    try:
        return key_class.from_string(value)
    except InvalidKeyError:
        raise InvalidKey(key_class, value) from None
