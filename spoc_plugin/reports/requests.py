"""Reading a report request's filters (query string or command options) into a scope."""
from django.utils.translation import gettext as _

from .errors import BadFilter
from .scope import resolve_scope

TRUE, FALSE = ("1", "true", "yes"), ("0", "false", "no")


def parse_flag(name, value):
    """``True``/``False`` from a query value, ``None`` when absent; anything else is a ``BadFilter``."""
    if value is None:
        return None
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise BadFilter(_("'{name}' must be true or false, not '{value}'.").format(name=name, value=value))


def scope_from_query(user, course_id, query):
    """The scope named by a request's ``cohort`` (repeatable or comma-separated) and ``organization`` filters."""
    return resolve_scope(user, course_id, cohort_ids=query.getlist("cohort"), organization=query.get("organization"))
