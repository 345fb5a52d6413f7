"""Test settings: the demo project's, then the plugins' test settings, as lms/envs/test.py does."""
import os
import sys

# The test double of edx-platform (tests/edx_platform_fixtures.py) is importable from its upstream paths.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "edx_platform"))

from edx_django_utils.plugins import add_plugins  # noqa: E402

from demo.settings import *  # noqa: E402,F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

INSTALLED_APPS = [  # noqa: F405
    *INSTALLED_APPS,  # noqa: F405
    "common.djangoapps.student.apps.StudentConfig",
    "openedx.core.djangoapps.course_groups.apps.CourseGroupsConfig",
    "openedx.core.djangoapps.content.course_overviews.apps.CourseOverviewsConfig",
    "openedx.core.djangoapps.user_api.apps.UserAPIConfig",
    "lms.djangoapps.bulk_email.apps.BulkEmailConfig",
]
# As in the LMS: the platform's course email opt-out (its entry point in tests/edx_platform/Open_edX-0.0.dist-info)
# and the plugin's policy.
ACE_ENABLED_POLICIES = ["bulk_email_optout", "spoc_optional_messages"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

add_plugins(__name__, "lms.djangoapp", "test")

# edx-completion records nothing until its waffle switch is on, as on a new platform (the demo turns it on).
WAFFLE_SWITCH_DEFAULT = False
