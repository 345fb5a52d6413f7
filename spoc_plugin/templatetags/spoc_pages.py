"""Template filters of the plugin's pages."""
from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value):
    """A rate as the pages show it, in the page's language ("33.3%", "33,3 %"); "—" when there is none."""
    if value is None or value == "":
        return "—"
    return _("{value}%").format(value=formats.number_format(value))
