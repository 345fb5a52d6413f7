"""Production settings: operators may override every SPOC_* value through the environment tokens."""
from .common import plugin_settings as common_settings


def plugin_settings(settings):
    """Read SPOC_* overrides from ``settings.ENV_TOKENS`` (Tutor / edx-platform YAML), then apply defaults."""
    env_tokens = getattr(settings, "ENV_TOKENS", {}) or {}
    for name, value in env_tokens.items():
        if name.startswith("SPOC_"):
            setattr(settings, name, value)
    common_settings(settings)
