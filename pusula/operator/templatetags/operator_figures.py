from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value):
    """A number grouped the reader's way (10.000 in Turkish), or "<5" for a figure about fewer than five."""
    if value is None:
        return "<5"
    return number_format(value, force_grouping=True)
