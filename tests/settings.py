"""Test settings: the demo project's, then the plugins' test settings, as lms/envs/test.py does."""
from edx_django_utils.plugins import add_plugins

from demo.settings import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

add_plugins(__name__, "lms.djangoapp", "test")
