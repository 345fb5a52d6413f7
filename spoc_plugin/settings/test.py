"""Test settings: the common defaults, nothing more."""
from .common import plugin_settings as common_settings


def plugin_settings(settings):
    """Apply the common defaults."""
    common_settings(settings)
