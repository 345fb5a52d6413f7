"""The demo app: connects the plugins' signal receivers and puts the demo runtime in the workbench."""
from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    label = "demo"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from edx_django_utils.plugins import connect_plugin_receivers
        from workbench import views

        from .runtime import DemoRuntime

        # As the LMS does at start-up: every plugin's openedx-events receivers.
        connect_plugin_receivers("lms.djangoapp")
        # The workbench views build their runtime by this name; the demo's records completion and events.
        views.WorkbenchRuntime = DemoRuntime
