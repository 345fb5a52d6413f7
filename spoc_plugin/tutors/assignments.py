"""Who tutors whom: assigning course staff users to a cohort (or a small group of it), and reading a learner's
tutors or a tutor's learners in one SQL query."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from spoc_plugin.cohorts import is_course_staff
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import (
    CohortMembership,
    SpocCohort,
    TutorAssignment,
    TutorLearner,
)

from .errors import TutorError


@dataclass(frozen=True)
class TutorData:
    """A tutor as learners and staff see them; ``learner_ids`` is empty when they follow the whole cohort."""

    user_id: int
    username: str
    full_name: str
    email: str
    cohort_id: int
    learner_ids: tuple = ()

    @property
    def display_name(self):
        return self.full_name or self.username


def _cohort(course_key, cohort_id):
    cohort = SpocCohort.objects.filter(pk=cohort_id, course_key=parse_course_key(course_key)).first()
    if cohort is None:
        raise TutorError(_("No such cohort in this course."), status=404, code="unknown_cohort")
    return cohort


def find_user(identifier: str):
    """The active user with that username or email (case-insensitive email), or ``None``."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    users = get_user_model().objects.filter(is_active=True)
    field = "email__iexact" if "@" in identifier else "username"
    return users.filter(**{field: identifier}).order_by("pk").first()


def assign_tutor(course_key: CourseKeyLike, cohort_id: int, tutor: str,
                 learners: Iterable[str] | None = None) -> TutorData:
    """Assign ``tutor`` (a username or email; a course staff user) to the cohort, idempotently.

    ``learners`` (usernames or emails of active members) makes the assignment a small group, replacing the
    previous one; ``None`` keeps it as it is, an empty list makes it the whole cohort. Refusals (404 unknown
    cohort, 400 unknown user, not course staff, not a member) change nothing.
    """
    cohort = _cohort(course_key, cohort_id)
    user = find_user(tutor)
    if user is None:
        raise TutorError(_("No active user '{user}'.").format(user=tutor), code="unknown_user")
    if not is_course_staff(user, cohort.course_key):
        raise TutorError(_("Only course staff may be assigned as tutors: '{user}' is not.").format(user=tutor),
                         code="not_course_staff")
    learner_ids = None if learners is None else _member_ids(cohort, learners)
    with transaction.atomic():
        assignment, _created = TutorAssignment.objects.get_or_create(cohort=cohort, tutor=user)
        if learner_ids is not None:
            assignment.learners.exclude(learner_id__in=learner_ids).delete()
            TutorLearner.objects.bulk_create([TutorLearner(assignment=assignment, learner_id=learner_id)
                                              for learner_id in learner_ids], ignore_conflicts=True)
    return _tutor_data(user, cohort.id, assignment.learners.values_list("learner_id", flat=True))


def _member_ids(cohort, learners):
    wanted = {learner.strip() for learner in learners if learner.strip()}
    rows = CohortMembership.objects.filter(cohort=cohort, is_active=True).filter(
        Q(user__username__in=wanted) | Q(user__email__in=wanted)).values_list("user_id", "user__username",
                                                                              "user__email")
    found = {name for row in rows for name in row[1:]}
    missing = sorted(wanted - found)
    if missing:
        raise TutorError(_("Not active members of this cohort: {users}.").format(users=", ".join(missing)),
                         code="unknown_learners")
    return sorted({row[0] for row in rows})


def remove_tutor(course_key: CourseKeyLike, cohort_id: int, tutor_id: int) -> None:
    """End a tutor's assignment to the cohort (404 if they have none)."""
    deleted, _rows = TutorAssignment.objects.filter(cohort=_cohort(course_key, cohort_id), tutor_id=tutor_id).delete()
    if not deleted:
        raise TutorError(_("This user is not a tutor of this cohort."), status=404, code="unknown_tutor")


def list_tutors(course_key: CourseKeyLike, cohort_id: int) -> list[TutorData]:
    """The cohort's tutors by username, each with their small group's learner ids (two queries)."""
    cohort = _cohort(course_key, cohort_id)
    assignments = TutorAssignment.objects.filter(cohort=cohort).select_related("tutor").order_by("tutor__username")
    groups = defaultdict(list)
    for assignment_id, learner_id in TutorLearner.objects.filter(assignment__cohort=cohort).order_by(
            "learner_id").values_list("assignment_id", "learner_id"):
        groups[assignment_id].append(learner_id)
    return [_tutor_data(a.tutor, cohort.id, groups[a.id]) for a in assignments]


def _tutor_data(user, cohort_id, learner_ids=()):
    return TutorData(user_id=user.id, username=user.username, full_name=user.get_full_name().strip(),
                     email=user.email, cohort_id=cohort_id, learner_ids=tuple(learner_ids))


def tutors_by_learner(course_key: CourseKeyLike, learner_ids: Iterable[int]) -> dict[int, list[TutorData]]:
    """The assigned tutors of each of these learners in the course, in one SQL query (learners without any are
    absent)."""
    rows = CohortMembership.objects.filter(
        Q(course_key=parse_course_key(course_key), is_active=True, user_id__in=list(learner_ids))
        & (Q(cohort__tutor_assignments__learners__isnull=True)
           | Q(cohort__tutor_assignments__learners__learner_id=F("user_id"))),
        cohort__tutor_assignments__isnull=False,
    ).order_by("user_id", "cohort__tutor_assignments__tutor__username").values_list(
        "user_id", "cohort_id", "cohort__tutor_assignments__tutor_id", "cohort__tutor_assignments__tutor__username",
        "cohort__tutor_assignments__tutor__first_name", "cohort__tutor_assignments__tutor__last_name",
        "cohort__tutor_assignments__tutor__email").distinct()
    tutors = defaultdict(list)
    for learner_id, cohort_id, tutor_id, username, first, last, email in rows:
        tutors[learner_id].append(TutorData(user_id=tutor_id, username=username,
                                            full_name=f"{first} {last}".strip(), email=email, cohort_id=cohort_id))
    return dict(tutors)


def learner_tutors(user_id: int | None, course_key: CourseKeyLike) -> list[TutorData]:
    """The learner's assigned tutors in the course (one SQL query; none outside a cohort)."""
    if user_id is None:
        return []
    return tutors_by_learner(course_key, [user_id]).get(user_id, [])


def tutors_cohort(tutor_id: int) -> Exists:
    """An annotation of ``SpocCohort`` rows: whether ``tutor_id`` is assigned to the cohort (whole or a group)."""
    return Exists(TutorAssignment.objects.filter(cohort_id=OuterRef("pk"), tutor_id=tutor_id))


def follows_whole_cohort(tutor_id: int) -> Exists:
    """An annotation of ``SpocCohort`` rows: whether ``tutor_id`` follows the whole cohort (no small group)."""
    return Exists(TutorAssignment.objects.filter(cohort_id=OuterRef("pk"), tutor_id=tutor_id, learners__isnull=True))


def tutor_member_ids(course_key: CourseKeyLike, cohort_id: int, tutor_id: int, whole_cohort: bool) -> QuerySet:
    """The ids of the cohort's active members the tutor follows (``whole_cohort``: see
    :func:`follows_whole_cohort`), as a subquery (one SQL query wherever used)."""
    if whole_cohort:
        return CohortMembership.objects.filter(cohort_id=cohort_id, is_active=True).values_list("user_id", flat=True)
    # Read from the small group, each learner's membership found by its unique (user, course) key: the cost
    # follows the group's size, not the cohort's.
    membership = CohortMembership.objects.filter(
        user_id=OuterRef("learner_id"), course_key=parse_course_key(course_key), cohort_id=cohort_id, is_active=True)
    return TutorLearner.objects.filter(assignment__cohort_id=cohort_id, assignment__tutor_id=tutor_id).filter(
        Exists(membership)).values_list("learner_id", flat=True)


def tutor_group_ids(cohort_id: int, tutor_id: int) -> QuerySet:
    """The learner ids listed in the tutor's small group of the cohort, members or not any more (a subquery)."""
    return TutorLearner.objects.filter(assignment__cohort_id=cohort_id, assignment__tutor_id=tutor_id).values_list(
        "learner_id", flat=True)


def is_assigned_tutor(user_id: int | None, course_key: CourseKeyLike, cohort_id: int | None = None) -> bool:
    """Whether the user tutors a cohort of the course (that cohort, if given)."""
    if user_id is None:
        return False
    assignments = TutorAssignment.objects.filter(tutor_id=user_id, cohort__course_key=parse_course_key(course_key))
    if cohort_id is not None:
        assignments = assignments.filter(cohort_id=cohort_id)
    return assignments.exists()


def import_tutors(course_key: CourseKeyLike, cohort_id: int, lines: Iterable[str]) -> list[TutorData]:
    """Assign every tutor named in ``lines`` (a username or email per line; blank lines and ``#`` comments are
    skipped) to the whole cohort, all or none: one refused line refuses the file, naming its line number."""
    assigned = []
    with transaction.atomic():
        for number, line in enumerate(lines, start=1):
            name = line.strip().strip(",").strip()
            if not name or name.startswith("#"):
                continue
            try:
                assigned.append(assign_tutor(course_key, cohort_id, name))
            except TutorError as error:
                raise TutorError(_("Line {number}: {reason}").format(number=number, reason=error.message),
                                 status=error.status, code=error.code) from error
    return assigned


def tutored_cohort_ids(user_id: int | None, course_key: CourseKeyLike) -> list[int]:
    """The ids of the course's cohorts the user is assigned to as a tutor."""
    if user_id is None:
        return []
    return list(TutorAssignment.objects.filter(tutor_id=user_id, cohort__course_key=parse_course_key(course_key))
                .order_by("cohort_id").values_list("cohort_id", flat=True))


def followed_memberships(memberships: QuerySet, tutor_id: int) -> QuerySet:
    """The ``CohortMembership`` rows of ``memberships`` whose learner ``tutor_id`` follows (any cohort)."""
    whole_cohort = TutorAssignment.objects.filter(cohort_id=OuterRef("cohort_id"), tutor_id=tutor_id,
                                                  learners__isnull=True)
    listed = TutorLearner.objects.filter(assignment__cohort_id=OuterRef("cohort_id"), assignment__tutor_id=tutor_id,
                                         learner_id=OuterRef("user_id"))
    return memberships.filter(Exists(whole_cohort) | Exists(listed))
