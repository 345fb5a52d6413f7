"""A learner's opt-out of the optional messages (reminders, nudges) of a course."""
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import MessagePreference


def messages_preference(user_id: int, course_key: CourseKeyLike) -> bool:
    """Whether the learner gets the course's optional messages by email (``True`` unless they opted out)."""
    return not MessagePreference.objects.filter(user_id=user_id, course_key=parse_course_key(course_key),
                                                optional_emails=False).exists()


def set_messages_preference(user_id: int, course_key: CourseKeyLike, optional_emails: bool) -> bool:
    """Opt the learner in (``True``) or out of the course's optional messages; returns the choice now stored."""
    MessagePreference.objects.update_or_create(user_id=user_id, course_key=parse_course_key(course_key),
                                               defaults={"optional_emails": bool(optional_emails)})
    return bool(optional_emails)


def opted_out(user_id, course_keys):
    """Whether the learner opted out of optional messages for any of ``course_keys`` (key strings)."""
    keys = [parse_course_key(key) for key in course_keys]
    return MessagePreference.objects.filter(user_id=user_id, course_key__in=keys, optional_emails=False).exists()
