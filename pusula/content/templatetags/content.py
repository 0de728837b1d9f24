from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from pusula.content.pack import SOURCE_LANGUAGE
from pusula.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Content Markdown as sanitized HTML."""
    return render_markdown(text or "")


@register.filter
def untranslated_notice(row):
    """A visible notice on a content text shown in Turkish because it has no translation yet."""
    if not getattr(row, "untranslated", False):
        return ""
    return format_html(
        ' <span class="untranslated" lang="{}">{}</span>',
        (get_language() or SOURCE_LANGUAGE).split("-")[0],
        _("(henüz çevrilmedi, Türkçe gösteriliyor)"),
    )


@register.filter
def fallback_lang(row):
    """A lang attribute for a text shown in Turkish on a page in another language (screen readers switch voice)."""
    if not getattr(row, "untranslated", False):
        return ""
    return format_html(' lang="{}"', SOURCE_LANGUAGE)


@register.filter
def language_note(resource):
    """'(Turkish)' after a resource in another language than the reader's, from the catalogue's column."""
    language = (resource.language or "").lower()
    current = (get_language() or "tr").split("-")[0]
    if not language or language == current:
        return ""
    try:
        name = get_language_info(language)["name_translated"]
    except KeyError:
        name = language
    return format_html(' <span class="language-note">({})</span>', name)
