"""Settings the plugin injects into the LMS and Studio (see ``plugin_app`` in apps.py)."""
