"""Double of edx-platform's common/djangoapps/student/models/user.py: course access roles and the user lookup.

Left out: UserProfile (the double's enrollment events carry an empty name and its XBlock user service a ``None``
full name), registration and activation (so no auto-enrollment from CourseEnrollmentAllowed rows), retirement.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from opaque_keys.edx.django.models import CourseKeyField

__all__ = ["CourseAccessRole", "get_user_by_username_or_email"]


class CourseAccessRole(models.Model):
    """Mirrors upstream's CourseAccessRole: a role held in a course, or org-wide when ``course_id`` is blank.

    Upstream's manager turns ``course_id=None`` filters into the empty key; here pass ``CourseKeyField.Empty``.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    org = models.CharField(max_length=64, db_index=True, blank=True)
    course_id = CourseKeyField(max_length=255, db_index=True, blank=True)
    role = models.CharField(max_length=64, db_index=True)

    class Meta:
        unique_together = ("user", "org", "course_id", "role")

    def __str__(self):
        return f"[CourseAccessRole] user: {self.user_id} role: {self.role} org: {self.org} course: {self.course_id}"


def get_user_by_username_or_email(username_or_email):
    """Mirrors upstream: the one user whose username or email is the (stripped) value; ``User.DoesNotExist`` else."""
    if isinstance(username_or_email, str):
        username_or_email = username_or_email.strip()
    return get_user_model().objects.get(Q(email=username_or_email) | Q(username=username_or_email))
