"""The plugin is wired into a project exactly as the LMS and Studio wire it (edx-django-utils plugins)."""
import sys
import types
from importlib.metadata import entry_points
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import resolve, reverse
from edx_django_utils.plugins import (
    add_plugins,
    get_plugin_apps,
    get_plugin_url_patterns,
)
from openedx_events.learning.signals import (
    COURSE_ENROLLMENT_CHANGED,
    COURSE_ENROLLMENT_CREATED,
)

from spoc_plugin.enrollment import receivers


def test_entry_points_register_the_plugin_for_lms_and_studio():
    for group in ("lms.djangoapp", "cms.djangoapp"):
        names = {ep.name: ep.value for ep in entry_points(group=group)}
        assert names["spoc_plugin"] == "spoc_plugin.apps:SpocPluginConfig"
        assert "spoc_plugin.apps.SpocPluginConfig" in get_plugin_apps(group)


def test_project_installed_the_plugin_app_through_discovery():
    assert "spoc_plugin.apps.SpocPluginConfig" in settings.INSTALLED_APPS
    assert apps.get_app_config("spoc_plugin").verbose_name.startswith("SPOC")


def test_plugin_urls_are_mounted_under_spoc_for_both_projects():
    # edx-completion's LMS URL module needs edx-platform, so the framework is run for Studio here;
    # the plugin declares the same URL configuration for both projects.
    url_config = apps.get_app_config("spoc_plugin").plugin_app["url_config"]
    for key in ("regex", "namespace", "relative_path"):
        assert url_config["lms.djangoapp"][key] == url_config["cms.djangoapp"][key]
    patterns = [p for p in get_plugin_url_patterns("cms.djangoapp") if getattr(p, "namespace", None) == "spoc"]
    assert len(patterns) == 1 and patterns[0].pattern.regex.pattern == "^spoc/"
    url = reverse("spoc:api-v1:my-cohorts")
    assert url == "/spoc/api/v1/me/cohorts/"
    assert resolve(url).url_name == "my-cohorts"
    assert resolve("/spoc/api/v1/courses/course-v1:A+B+C/cohorts/").kwargs == {"course_id": "course-v1:A+B+C"}


def _apply_plugin_settings(settings_type, **values):
    """Run the plugin framework's settings step on a fresh settings module holding ``values``."""
    module = types.ModuleType(f"fake_{settings_type}_settings")
    module.__dict__.update(values)
    sys.modules[module.__name__] = module
    try:
        add_plugins(module.__name__, "lms.djangoapp", settings_type)
    finally:
        del sys.modules[module.__name__]
    return module


def test_common_settings_apply_defaults_without_overriding_the_operator():
    module = _apply_plugin_settings("common", SPOC_MAX_BULK_ROWS=10)
    assert module.SPOC_MAX_BULK_ROWS == 10
    assert module.SPOC_PLATFORM_BACKEND == "spoc_plugin.compat.EdxPlatformBackend"


def test_production_settings_read_spoc_values_from_env_tokens():
    module = _apply_plugin_settings("production", ENV_TOKENS={"SPOC_MAX_BULK_ROWS": 42, "OTHER": 1})
    assert module.SPOC_MAX_BULK_ROWS == 42
    assert not hasattr(module, "OTHER")


def test_test_settings_were_applied_to_this_project():
    assert settings.SPOC_MAX_BULK_ROWS == 5000


def test_openedx_events_receiver_is_connected_by_the_plugin_framework():
    connected = [r for r in COURSE_ENROLLMENT_CHANGED.receivers if r[0][0] == "spoc_plugin.enrollment.receivers."
                 "deactivate_membership_on_unenroll"]
    assert connected, "the plugin's receiver is not connected to COURSE_ENROLLMENT_CHANGED"
    assert receivers.deactivate_membership_on_unenroll


GATE = "spoc_plugin.filters.PrivateCohortEnrollmentGate"
ENROLLMENT_STARTED = "org.openedx.learning.course.enrollment.started.v1"


def test_the_enrollment_gate_runs_first_and_the_operator_s_settings_stay_theirs():
    operator_config = {
        ENROLLMENT_STARTED: {"pipeline": ["operator.steps.First"], "fail_silently": True, "log_level": "debug"},
        "org.openedx.learning.student.login.requested.v1": {"pipeline": ["operator.steps.Login"]},
    }
    module = _apply_plugin_settings("common", OPEN_EDX_FILTERS_CONFIG=operator_config)
    config = module.OPEN_EDX_FILTERS_CONFIG
    assert config[ENROLLMENT_STARTED] == {
        "pipeline": [GATE, "operator.steps.First"], "fail_silently": True, "log_level": "debug",
    }
    assert config["org.openedx.learning.student.login.requested.v1"] == {"pipeline": ["operator.steps.Login"]}
    # Applying the settings again (common, then test or production) does not add the step twice.
    again = _apply_plugin_settings("production", OPEN_EDX_FILTERS_CONFIG=config)
    assert again.OPEN_EDX_FILTERS_CONFIG[ENROLLMENT_STARTED]["pipeline"] == [GATE, "operator.steps.First"]


def test_a_gate_configured_after_other_steps_is_moved_first():
    config = {ENROLLMENT_STARTED: {"pipeline": ["operator.Step", GATE], "fail_silently": False}}
    moved = _apply_plugin_settings("common", OPEN_EDX_FILTERS_CONFIG=config).OPEN_EDX_FILTERS_CONFIG
    assert moved[ENROLLMENT_STARTED] == {"pipeline": [GATE, "operator.Step"], "fail_silently": False}


def test_the_gate_is_added_to_an_empty_or_short_form_configuration():
    assert _apply_plugin_settings("common").OPEN_EDX_FILTERS_CONFIG == {ENROLLMENT_STARTED: {"pipeline": [GATE]}}
    short = _apply_plugin_settings("common", OPEN_EDX_FILTERS_CONFIG={ENROLLMENT_STARTED: ["operator.Step"]})
    assert short.OPEN_EDX_FILTERS_CONFIG[ENROLLMENT_STARTED]["pipeline"] == [GATE, "operator.Step"]
    single = _apply_plugin_settings("common", OPEN_EDX_FILTERS_CONFIG={ENROLLMENT_STARTED: "operator.Step"})
    assert single.OPEN_EDX_FILTERS_CONFIG[ENROLLMENT_STARTED]["pipeline"] == [GATE, "operator.Step"]


def test_this_project_runs_the_gate_once_and_connects_the_enrollment_receiver():
    assert settings.OPEN_EDX_FILTERS_CONFIG[ENROLLMENT_STARTED]["pipeline"].count(GATE) == 1
    connected = [r for r in COURSE_ENROLLMENT_CREATED.receivers
                 if r[0][0] == "spoc_plugin.enrollment.receivers.add_membership_on_enroll"]
    assert connected, "the plugin's receiver is not connected to COURSE_ENROLLMENT_CREATED"


def test_join_pages_are_mounted_under_spoc():
    assert reverse("spoc:join", kwargs={"token": "abc_-1"}) == "/spoc/join/abc_-1/"
    assert reverse("spoc:join-course", kwargs={"course_id": "course-v1:A+B+C"}) == "/spoc/join/course/course-v1:A+B+C/"


def test_start_up_checks_say_loudly_when_the_gate_was_dropped_or_moved(settings, caplog):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from spoc_plugin import checks

    assert checks.check_enrollment_gate() == []
    settings.OPEN_EDX_FILTERS_CONFIG = {ENROLLMENT_STARTED: {"pipeline": ["operator.Step", GATE]}}  # a Tutor patch
    assert [problem.id for problem in checks.check_enrollment_gate()] == ["spoc_plugin.W002"]
    settings.OPEN_EDX_FILTERS_CONFIG = {ENROLLMENT_STARTED: {"pipeline": [GATE], "fail_silently": True}}
    with mock.patch("spoc_plugin.checks.import_string", side_effect=ImportError("No module named 'nh3'")):
        assert [error.id for error in checks.check_enrollment_gate()] == ["spoc_plugin.E003"]
    settings.OPEN_EDX_FILTERS_CONFIG = {ENROLLMENT_STARTED: ["operator.Step"]}
    assert [error.id for error in checks.check_enrollment_gate()] == ["spoc_plugin.E001"]
    with pytest.raises(SystemCheckError, match="private SPOC courses are open to anyone"):
        call_command("check")
    checks.log_configuration_problems()
    assert "SPOC plugin misconfigured" in caplog.text and "private SPOC courses are open" in caplog.text
