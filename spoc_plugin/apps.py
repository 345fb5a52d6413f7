"""Django app configuration, wired into the LMS and Studio by edx-django-utils' plugin framework."""
from django.apps import AppConfig

try:
    from edx_django_utils.plugins.constants import (
        PluginSettings,
        PluginSignals,
        PluginURLs,
    )
except ImportError:  # pragma: no cover - edx-django-utils is a hard dependency
    PluginSettings = PluginSignals = PluginURLs = None

LMS = "lms.djangoapp"
CMS = "cms.djangoapp"
#: The module of the openedx-events receivers.
RECEIVERS = "spoc_plugin.enrollment.receivers"

_URLS = {
    PluginURLs.NAMESPACE: "spoc",
    PluginURLs.REGEX: r"^spoc/",
    PluginURLs.RELATIVE_PATH: "urls",
}
_SETTINGS = {
    "common": {PluginSettings.RELATIVE_PATH: "settings.common"},
    "production": {PluginSettings.RELATIVE_PATH: "settings.production"},
    "test": {PluginSettings.RELATIVE_PATH: "settings.test"},
}


class SpocPluginConfig(AppConfig):
    """The SPOC plugin: private cohort enrollment, shared block data, completion reports."""

    name = "spoc_plugin"
    label = "spoc_plugin"
    verbose_name = "SPOC (private cohort courses)"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginURLs.CONFIG: {LMS: dict(_URLS), CMS: dict(_URLS)},
        PluginSettings.CONFIG: {LMS: _SETTINGS, CMS: _SETTINGS},
        PluginSignals.CONFIG: {
            LMS: {
                PluginSignals.RELATIVE_PATH: RECEIVERS.removeprefix("spoc_plugin."),
                PluginSignals.RECEIVERS: [
                    {
                        PluginSignals.RECEIVER_FUNC_NAME: "add_membership_on_enroll",
                        PluginSignals.SIGNAL_PATH: "openedx_events.learning.signals.COURSE_ENROLLMENT_CREATED",
                        PluginSignals.DISPATCH_UID: f"{RECEIVERS}.add_membership_on_enroll",
                    },
                    {
                        PluginSignals.RECEIVER_FUNC_NAME: "deactivate_membership_on_unenroll",
                        PluginSignals.SIGNAL_PATH: "openedx_events.learning.signals.COURSE_ENROLLMENT_CHANGED",
                        PluginSignals.DISPATCH_UID: f"{RECEIVERS}.deactivate_membership_on_unenroll",
                    },
                ],
            },
        },
    }

    def ready(self):
        from django.apps import apps

        # Every process that loads the apps (celery workers included) registers the plugin's shared tasks.
        from . import checks
        from .calendars import tasks as calendar_tasks  # noqa: F401 pylint: disable=unused-import
        from .checkpoints import tasks as checkpoint_tasks  # noqa: F401 pylint: disable=unused-import
        from .enrollment import tasks as enrollment_tasks  # noqa: F401 pylint: disable=unused-import
        from .live_sessions import tasks as live_session_tasks  # noqa: F401 pylint: disable=unused-import
        from .reminders import receivers as reminder_receivers
        from .reports import tasks as report_tasks  # noqa: F401 pylint: disable=unused-import
        from .tutors import tasks as tutor_tasks  # noqa: F401 pylint: disable=unused-import

        reminder_receivers.connect()
        if apps.is_installed("completion"):  # edx-completion: the LMS has it; the progress rows are fed there
            from .progress import signals as progress_signals

            progress_signals.connect()
        if apps.is_installed("edx_when"):  # the LMS has it: learners' dates follow their cohort's calendar
            from .calendars import receivers as calendar_receivers

            calendar_receivers.connect()
        checks.log_configuration_problems()
