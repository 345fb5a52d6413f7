"""The tutors' emails: a learner's new help request, and the weekly digest, each in the tutor's language."""
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from spoc_plugin import compat
from spoc_plugin.emails import block_url
from spoc_plugin.messages import deliver

from .message_types import TutorDigest, TutorHelpRequest


def send_help_request_notice(help_request, tutor):
    """Tell ``tutor`` that one of their learners asked for help; ``True`` when sent."""
    name = help_request.user.get_full_name() or help_request.user.username
    context = {"subject": format_lazy(gettext_lazy("{learner} asks for your help"), learner=name),
               "tutor": tutor, "learner": help_request.user, "help_request": help_request,
               "course": compat.course_title(help_request.course_key),
               "url": block_url(help_request.course_key, help_request.usage_key)}
    return deliver(TutorHelpRequest(), tutor, context, course_key=help_request.course_key)


def send_weekly_digest(tutor, digest):
    """Send ``tutor`` their weekly digest (``digest``: a :class:`~spoc_plugin.reports.tutor_digest.Digest`): optional
    for each of its courses, so it goes unless the tutor opted out of all of them."""
    context = {"subject": gettext_lazy("Your learners this week"), "tutor": tutor, "digest": digest}
    return deliver(TutorDigest(), tutor, context, course_keys=[course.course_key for course in digest.courses])
