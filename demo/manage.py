#!/usr/bin/env python
"""Django's command-line utility for the demo project."""
import os
import sys

if __name__ == "__main__":
    # Run from the repository root, not from demo/ (whose modules must not shadow the standard library).
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
