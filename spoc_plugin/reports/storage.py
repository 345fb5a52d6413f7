"""Where report files are written, and under which names.

A report file holds every learner's email: it must only ever be served by the plugin's download view
(``/spoc/api/v1/reports/exports/{id}/file/``), which checks the caller's rights again. So:

- the storage is ``SPOC_REPORT_STORAGE``: an alias of ``settings.STORAGES`` (Django 4.2+) or the dotted
  path of a storage class; empty (the default): Django's default storage. An operator whose default
  storage is public (``MEDIA_ROOT`` served by the web server, a public bucket) names a private one here;
- each file sits in a folder named by a random 128-bit token (:func:`new_file_name`), so that its name
  cannot be guessed from the course and the time even where the storage is public;
- the storage's own URL is never handed out (not by the task, not by the API): the plugin serves the file.
"""
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.utils.module_loading import import_string

#: Bits of randomness in the folder of each report file.
TOKEN_BYTES = 16


def report_storage():
    """The storage report files are written to and read from (see the module's docstring)."""
    name = getattr(settings, "SPOC_REPORT_STORAGE", "") or ""
    if not name or name == "default":
        return default_storage
    if name in (getattr(settings, "STORAGES", None) or {}):
        from django.core.files.storage import storages  # Django 4.2+

        return storages[name]
    if "." in name:
        try:
            storage_class = import_string(name)
        except ImportError as exc:
            raise ImproperlyConfigured(f"SPOC_REPORT_STORAGE: cannot import {name!r}: {exc}") from exc
        return storage_class()
    raise ImproperlyConfigured(
        f"SPOC_REPORT_STORAGE: {name!r} is neither an alias of settings.STORAGES nor a dotted class path.")


def new_file_name(course_key, fmt, now):
    """``<SPOC_REPORT_STORAGE_DIR>/<128-bit token>/completion-<org>-<course>-<run>-<time>.<fmt>``.

    The token makes the name unguessable; the rest names the file for the person who downloads it.
    """
    token = secrets.token_hex(TOKEN_BYTES)
    return (f"{settings.SPOC_REPORT_STORAGE_DIR}/{token}/"
            f"completion-{course_key.org}-{course_key.course}-{course_key.run}-{now:%Y%m%dT%H%M%S}.{fmt}")
