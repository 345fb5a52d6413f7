"""One validation layer for everything people send: block handlers, REST endpoints, pages.

DRF serializers built from the strict fields below turn malformed input into a 400 with a clear message
(:class:`InvalidInput`) before anything is written. Text is valid Unicode without NUL or other control
characters XML and databases refuse (a lone surrogate, for instance), within a length; numbers are whole
and within a range (never ``True``, never ``"²"``); dates are within the years people plan in; web
addresses are absolute http(s) addresses without markup characters.
"""
import re
from datetime import UTC, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from spoc_plugin.errors import SpocError

#: What no stored text may hold: NUL and the other C0 controls but tab, newline and carriage return, lone
#: surrogates, and the two non-characters XML forbids.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Characters with a meaning in HTML, or that end an address in a page: never in a web address.
MARKUP = re.compile(r"[\s<>\"'`\\{}|^]")
#: The range of whole numbers any field accepts unless it says less (a signed 32-bit integer).
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
#: The years a date may fall in.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class InvalidInput(SpocError):
    """Input that does not fit: a 400 whose message names the field and says what is expected."""

    status = 400
    code = "invalid_input"


def clean_text(value):
    """``value`` if it is text that can be stored and shown, else ``None``."""
    return value if isinstance(value, str) and not FORBIDDEN.search(value) else None


def printable(value):
    """Stored text as it can always be shown: each forbidden character (from data older than this layer, or
    written behind it) replaced by U+FFFD; anything but text becomes ``""``."""
    return FORBIDDEN.sub("\ufffd", value) if isinstance(value, str) else ""


class Text(serializers.CharField):
    """Text (a JSON string, nothing else), trimmed, without forbidden characters, at most ``max_length`` long."""

    default_error_messages = {
        "invalid": gettext_lazy("Send text."),
        "forbidden": gettext_lazy("Remove the control characters or invalid Unicode from this text."),
    }

    def __init__(self, max_length, **kwargs):
        kwargs.setdefault("trim_whitespace", True)
        super().__init__(max_length=max_length, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if FORBIDDEN.search(data):
            self.fail("forbidden")
        return super().to_internal_value(data)


class Integer(serializers.IntegerField):
    """A whole number within ``min_value``..``max_value`` (32-bit by default); a JSON number, or with
    ``digits_ok`` (query strings, forms) ASCII digits. Booleans, floats and other digits are refused."""

    default_error_messages = {"invalid": gettext_lazy("Send a whole number.")}

    def __init__(self, min_value=INT_MIN, max_value=INT_MAX, digits_ok=False, **kwargs):
        self.digits_ok = digits_ok
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and self.digits_ok and re.fullmatch(r"-?[0-9]{1,12}", data.strip()):
            data = int(data.strip())
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class Flag(serializers.BooleanField):
    """``true`` or ``false`` (JSON), nothing else."""

    default_error_messages = {"invalid": gettext_lazy("Send true or false.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class Moment(serializers.DateTimeField):
    """An ISO 8601 date and time (UTC when it has no offset), between ``FIRST_YEAR`` and ``LAST_YEAR``."""

    default_error_messages = {"range": gettext_lazy("Give a date between {first} and {last}.")}

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str | datetime) or (isinstance(value, str) and FORBIDDEN.search(value)):
            value = "?"  # DRF's own "wrong format" answer, whatever was sent
        moment = super().to_internal_value(value)
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            self.fail("range", first=FIRST_YEAR, last=LAST_YEAR)
        return moment


class WebAddress(Text):
    """An absolute http(s) address with a host, without spaces or markup characters; ``""`` when blank is allowed."""

    default_error_messages = {"address": gettext_lazy("Give an address starting with http:// or https://.")}

    def __init__(self, max_length=2000, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def to_internal_value(self, data):
        address = super().to_internal_value(data)
        if address and not is_web_address(address):
            self.fail("address")
        return address


def is_web_address(value):
    """Whether ``value`` is an absolute http(s) address with a host and no character that could end it in a page."""
    if not isinstance(value, str) or MARKUP.search(value) or FORBIDDEN.search(value):
        return False
    scheme, _sep, rest = value.partition("://")
    return scheme.lower() in ("http", "https") and bool(rest) and not rest.startswith("/")


class IdList(serializers.ListField):
    """A non-empty list of ids (whole numbers within the id range), at most ``max_length`` of them."""

    def __init__(self, max_length=5000, **kwargs):
        super().__init__(child=Integer(min_value=1), allow_empty=False, max_length=max_length, **kwargs)


def validated(serializer_class, data, **context):
    """The validated data of ``data`` (a JSON object) through ``serializer_class``; :class:`InvalidInput` else."""
    if not isinstance(data, dict):
        raise InvalidInput(_("Send a JSON object."))
    serializer = serializer_class(data=data, context=context)
    if not serializer.is_valid():
        label, problem = first_error(serializer)
        message = _("{field}: {problem}").format(field=label, problem=problem) if label else problem
        raise InvalidInput(message, label=label, problem=problem)
    return serializer.validated_data


def first_error(serializer):
    """The first problem of an invalid serializer: ``(field label, message)``; the label is ``""`` for a
    problem of the whole input. The label is as declared (blocks translate theirs), the message translated."""
    name, message = next(iter(serializer.errors.items()))
    while isinstance(message, list | dict):  # list items and nested serializers hold their own errors
        message = next(iter(message.values())) if isinstance(message, dict) else message[0]
    field = serializer.fields.get(name)
    if name == "non_field_errors" or field is None:
        return "", str(message)
    return str(field.label or name), str(message)
