"""Who may see which part of a course's report.

Course staff (global staff included) see every cohort of their course; a client manager sees only
the cohorts of the organizations they manage; anyone else is refused. A tutor asking for their own learners
(``mine``; the default of the report page and the filtered endpoints for an assigned tutor) sees the cohorts
they tutor, narrowed to their learners (``tutor_id``). A course is known to the
reports when it has a SPOC cohort or a report configuration.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _
from opaque_keys import InvalidKeyError
from rest_framework.exceptions import ValidationError

from spoc_plugin.cohorts import is_course_staff
from spoc_plugin.keys import parse_course_key
from spoc_plugin.models import ClientManager, CourseReportConfig, SpocCohort
from spoc_plugin.tutors.assignments import tutored_cohort_ids
from spoc_plugin.validation import Integer

from .errors import BadFilter, Forbidden, NotFound


@dataclass(frozen=True)
class ReportScope:
    """A course and the cohorts (``SpocCohort`` rows, by name) a report covers for one user."""

    course_key: object
    cohorts: tuple
    is_staff: bool
    all_cohorts: bool
    tutor_id: int | None = None

    @property
    def cohort_ids(self):
        return [cohort.id for cohort in self.cohorts]


def managed_organizations(user):
    """The client organizations ``user`` manages."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(ClientManager.objects.filter(user=user).values_list("client_organization", flat=True))


#: A cohort id as query strings and command options give it: ASCII digits, within the id range.
COHORT_ID = Integer(min_value=1, digits_ok=True)


def parse_cohort_ids(values):
    """Cohort ids from query values ("3", "3,4") or ids; anything else is a ``BadFilter``.

    Only ASCII digits within the id range are ids: not ``"²"`` (which ``str.isdigit`` accepts and ``int``
    refuses), not ``"٣"``, not 30 digits.
    """
    ids = []
    for value in values:
        for part in (value.split(",") if isinstance(value, str) else [value]):
            try:
                ids.append(COHORT_ID.run_validation(part.strip() if isinstance(part, str) else part))
            except ValidationError as exc:
                shown = part.strip() if isinstance(part, str) else part
                raise BadFilter(_("'{value}' is not a cohort id (a positive integer).").format(value=shown)) from exc
    return ids


def resolve_scope(user, course_id, cohort_ids=(), organization=None, trusted=False, mine=False):
    """The report scope of ``user`` on a course, narrowed to cohorts (ids, or their text) and/or one organization.

    ``mine``: only the learners course staff tutor (``None``: so if they are an assigned tutor of the course).

    ``trusted`` (management command, server-side code) sees what course staff see, without a user.
    Raises ``BadFilter`` (400), ``Forbidden`` (403) or ``NotFound`` (404) with the reason.
    """
    try:
        course_key = parse_course_key(course_id)
    except InvalidKeyError as exc:
        raise BadFilter(_("'{key}' is not a valid course key.").format(key=course_id)) from exc
    is_staff = trusted or is_course_staff(user, course_key)
    organizations = set() if is_staff else managed_organizations(user)
    if not is_staff and not organizations:
        raise Forbidden(_("Only course staff and client managers may see completion reports."))
    cohorts = list(SpocCohort.objects.filter(course_key=course_key).prefetch_related("calendar_weeks").order_by("name"))
    if not cohorts and not CourseReportConfig.objects.filter(course_key=course_key).exists():
        raise NotFound(_("No SPOC cohort in course {key}.").format(key=course_key))
    visible = cohorts if is_staff else [c for c in cohorts if c.client_organization in organizations]
    if not visible and not is_staff:
        raise Forbidden(_("You manage no cohort of this course."))
    selected = visible
    cohort_ids = parse_cohort_ids(cohort_ids)
    if cohort_ids:
        by_id = {cohort.id: cohort for cohort in cohorts}
        for cohort_id in cohort_ids:
            if cohort_id not in by_id:
                raise NotFound(_("No cohort {id} in this course.").format(id=cohort_id))
            if by_id[cohort_id] not in visible:
                raise Forbidden(_("Cohort {id} belongs to another client organization.").format(id=cohort_id))
        selected = [cohort for cohort in visible if cohort.id in set(cohort_ids)]
    if organization is not None:
        organization = organization.strip()
        if not organization:
            raise BadFilter(_("The organization filter is empty."))
        if not is_staff and organization not in organizations:
            raise Forbidden(_("You do not manage the organization '{name}'.").format(name=organization))
        if not any(cohort.client_organization == organization for cohort in cohorts):
            raise NotFound(_("No cohort of the organization '{name}' in this course.").format(name=organization))
        selected = [cohort for cohort in selected if cohort.client_organization == organization]
    tutor_id = None
    if is_staff and user is not None and mine is not False:
        tutored = set(tutored_cohort_ids(user.id, course_key))
        if mine or tutored:
            tutor_id = user.id
            selected = [cohort for cohort in selected if cohort.id in tutored]
    return ReportScope(course_key=course_key, cohorts=tuple(selected), is_staff=is_staff,
                       all_cohorts=tutor_id is None and len(selected) == len(cohorts), tutor_id=tutor_id)
