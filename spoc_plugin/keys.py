"""Opaque keys from what callers pass: keys or their strings."""
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey


def parse_course_key(course_key):
    """A ``CourseKey`` from a key or its string; raises ``InvalidKeyError`` on anything else."""
    return _parse(CourseKey, course_key)


def parse_usage_key(usage_key):
    """A ``UsageKey`` from a key or its string; raises ``InvalidKeyError`` on anything else."""
    return _parse(UsageKey, usage_key)


def _parse(key_class, value):
    if isinstance(value, key_class):
        return value
    if not isinstance(value, str):
        raise InvalidKeyError(key_class, value)
    return key_class.from_string(value)
