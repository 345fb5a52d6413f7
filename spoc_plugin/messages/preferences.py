"""Opt-outs of a course's optional messages: a learner's reminders and nudges, a tutor's digest and notices."""
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import MessagePreference

from .base import LEARNERS, TUTORS

#: The ``MessagePreference`` field holding each audience's choice.
FIELDS = {LEARNERS: "optional_emails", TUTORS: "tutor_emails"}


def messages_preference(user_id: int, course_key: CourseKeyLike, audience: str = LEARNERS) -> bool:
    """Whether the person gets the course's optional messages of ``audience`` by email (``True`` unless they
    opted out)."""
    return not MessagePreference.objects.filter(user_id=user_id, course_key=parse_course_key(course_key),
                                                **{FIELDS[audience]: False}).exists()


def set_messages_preference(user_id: int, course_key: CourseKeyLike, optional_emails: bool,
                            audience: str = LEARNERS) -> bool:
    """Opt the person in (``True``) or out of the course's optional messages of ``audience``; returns the choice
    now stored."""
    MessagePreference.objects.update_or_create(user_id=user_id, course_key=parse_course_key(course_key),
                                               defaults={FIELDS[audience]: bool(optional_emails)})
    return bool(optional_emails)


def tutor_messages_preference(user_id: int, course_key: CourseKeyLike) -> bool:
    """Whether the tutor gets the course's part of the weekly digest and its missed-checkpoint notices."""
    return messages_preference(user_id, course_key, TUTORS)


def set_tutor_messages_preference(user_id: int, course_key: CourseKeyLike, optional_emails: bool) -> bool:
    """Opt the tutor in (``True``) or out of the course's part of the weekly digest and its missed-checkpoint
    notices; returns the choice now stored."""
    return set_messages_preference(user_id, course_key, optional_emails, TUTORS)


def opted_out_courses(user_id, course_keys, audience: str = LEARNERS) -> set:
    """Those of ``course_keys`` (keys or their strings) whose optional messages of ``audience`` the person turned
    off (one query)."""
    keys = {parse_course_key(key) for key in course_keys}
    return set(MessagePreference.objects.filter(user_id=user_id, course_key__in=keys, **{FIELDS[audience]: False})
               .values_list("course_key", flat=True))
