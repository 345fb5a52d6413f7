"""The tutors' emails: a learner's new help request, and the weekly digest, each in the tutor's language."""
from django.utils.translation import gettext as _

from spoc_plugin import compat
from spoc_plugin.emails import recipient_language, site_root, template_message


def checkpoint_url(course_key, usage_key):
    """The LMS address that opens the checkpoint (``jump_to``)."""
    return f"{site_root()}/courses/{course_key}/jump_to/{usage_key}"


def help_request_notice(help_request, tutor):
    """The email telling ``tutor`` that one of their learners asked for help."""
    context = {"tutor": tutor, "learner": help_request.user, "help_request": help_request,
               "course": compat.course_title(help_request.course_key),
               "url": checkpoint_url(help_request.course_key, help_request.usage_key)}
    name = help_request.user.get_full_name() or help_request.user.username
    return template_message("tutor_help_request", lambda: _("{learner} asks for your help").format(learner=name),
                            context, tutor.email, recipient_language(tutor, None))


def weekly_digest(tutor, digest):
    """The weekly digest email of ``tutor`` (``digest``: a :class:`~spoc_plugin.tutors.digest.Digest`)."""
    return template_message("tutor_digest", lambda: _("Your learners this week"), {"tutor": tutor, "digest": digest},
                            tutor.email, recipient_language(tutor, None))
