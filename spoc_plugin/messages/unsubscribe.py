"""Unsubscribe links of optional messages: a signed token naming the person, the courses and the audience (a
learner's reminders and nudges, a tutor's digest and notices), no login needed."""
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.emails import site_root

from .base import LEARNERS, TUTORS

SALT = "spoc_plugin.messages.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    """What a token stops: ``audience``'s optional messages of ``course_keys`` for ``user_id``."""

    user_id: int
    course_keys: tuple
    audience: str


def unsubscribe_token(user_id, *course_keys, audience=LEARNERS):
    """A token that lets whoever holds it (the person's mailbox) stop their optional messages of ``audience`` in
    these courses."""
    return signing.dumps([user_id, [str(key) for key in course_keys], audience], salt=SALT, compress=True)


def unsubscribe_url(user_id, *course_keys, audience=LEARNERS):
    """The page where the person confirms they want no more optional messages of ``audience`` in these courses."""
    token = unsubscribe_token(user_id, *course_keys, audience=audience)
    return site_root() + reverse("spoc:unsubscribe", kwargs={"token": token})


def read_unsubscribe_token(token):
    """The :class:`Unsubscribe` of a token, or ``None`` when it was not made by :func:`unsubscribe_token`."""
    try:
        user_id, course_ids, audience = signing.loads(token, salt=SALT)
        if audience not in (LEARNERS, TUTORS) or not course_ids:
            return None
        return Unsubscribe(int(user_id), tuple(CourseKey.from_string(course_id) for course_id in course_ids),
                           audience)
    except (signing.BadSignature, ValueError, TypeError, InvalidKeyError):
        return None
