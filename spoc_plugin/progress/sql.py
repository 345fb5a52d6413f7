"""Small helpers for the reports' raw SQL: quoted table and column names, datetimes read back from aggregates
or as text."""
from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def column(model, field):
    return connection.ops.quote_name(model._meta.get_field(field).column)


def datetime_text(expression):
    """SQL reading the datetime ``expression`` as text on SQLite, where the driver would parse each value in Python
    (three calls a value): :func:`as_datetime` parses the text in one."""
    return f"CAST({expression} AS TEXT)" if connection.vendor == "sqlite" else expression


def as_datetime(value):
    """An aware UTC datetime from a database value (SQLite returns aggregated datetimes as text, and those read
    through :func:`datetime_text`)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:  # fast path: SQLite's naive UTC "YYYY-MM-DD HH:MM:SS[.ffffff]"
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
