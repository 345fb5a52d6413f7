"""The plugin's pages (join, report) rendered inside the platform's page: see ``compat.page_base_template``."""
from django.shortcuts import render

from spoc_plugin import compat


def render_page(request, template, context, status=200):
    """``render`` with ``page_base``, the template the page extends, in the context."""
    return render(request, template, {"page_base": compat.page_base_template(), **context}, status=status)
