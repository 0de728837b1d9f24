from django import template

from pusula.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Content Markdown as sanitized HTML."""
    return render_markdown(text or "")
