"""Stub of an edx-platform package for the standalone demo (see demo/settings.py)."""
