"""A learner's edx-when dates follow their membership: written when they join a cohort, removed when they leave.

Connected when the app is ready and edx-when is installed (``apps.py``); the task runs after the commit.
"""
from django.db import transaction
from django.db.models.signals import post_save

from spoc_plugin.models import CohortMembership

from .tasks import write_learner_dates_task


def membership_saved(sender, instance, **kwargs):  # pylint: disable=unused-argument
    user_id, course_id = instance.user_id, str(instance.course_key)
    transaction.on_commit(lambda: write_learner_dates_task.delay(user_id, course_id))


def connect():
    post_save.connect(membership_saved, sender=CohortMembership, dispatch_uid="spoc_calendars.membership.save")
