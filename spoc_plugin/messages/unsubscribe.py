"""Unsubscribe links of optional messages: a signed token naming the learner and the course, no login needed."""
from django.core import signing
from django.urls import reverse
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.emails import site_root

SALT = "spoc_plugin.messages.unsubscribe"


def unsubscribe_token(user_id, course_key):
    """A token that lets whoever holds it (the learner's mailbox) stop the learner's optional messages of a course."""
    return signing.dumps([user_id, str(course_key)], salt=SALT, compress=True)


def unsubscribe_url(user_id, course_key):
    """The page where the learner confirms they want no more optional messages of the course."""
    return site_root() + reverse("spoc:unsubscribe", kwargs={"token": unsubscribe_token(user_id, course_key)})


def read_unsubscribe_token(token):
    """``(user_id, course_key)`` of a token, or ``None`` when it was not made by :func:`unsubscribe_token`."""
    try:
        user_id, course_id = signing.loads(token, salt=SALT)
        return int(user_id), CourseKey.from_string(course_id)
    except (signing.BadSignature, ValueError, TypeError, InvalidKeyError):
        return None
