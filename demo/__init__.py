"""A standalone Django project: the xblock-sdk workbench and the SPOC plugin together, on real users.

Used by ``make demo`` and by the test suite. Settings are built the way edx-platform builds the LMS's.
"""
from .celery import app as celery_app

__all__ = ["celery_app"]
