"""The demo's user service: the workbench's student id is a username, and blocks get what the LMS gives."""
from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser


class DemoUserService(UserService):
    """Maps the workbench student id to the Django user of that username (``runtime`` is set by the workbench)."""

    runtime = None

    def __init__(self):
        super().__init__(user=None)

    def get_current_user(self):
        from spoc_plugin.api import is_course_staff

        from .runtime import DemoRuntime

        username = getattr(self.runtime, "user_id", None)
        if isinstance(self.runtime, DemoRuntime):
            user = self.runtime.user
        else:
            user = get_user_model().objects.filter(username=username).first() if username else None
        if user is None or not user.is_active:
            return XBlockUser(is_current_user=True)
        xblock_user = XBlockUser(is_current_user=True, emails=[user.email], full_name=user.get_full_name())
        course_key = getattr(self.runtime, "course_id", None)
        is_staff = bool(course_key and is_course_staff(user, course_key))
        xblock_user.opt_attrs.update({
            "edx-platform.user_id": user.id,
            "edx-platform.username": user.username,
            "edx-platform.user_is_staff": is_staff,
            "edx-platform.user_role": "staff" if is_staff else "student",
        })
        return xblock_user
