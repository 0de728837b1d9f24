"""Markdown → safe HTML for prescriptions and area descriptions.

markdown-it-py renders (inline HTML allowed, since the content wraps link texts in <u>), then nh3 keeps
only harmless tags and http(s)/mailto links, and marks links rel="noopener noreferrer".
"""

from functools import lru_cache

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": True})

ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
    "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=4096)
def render_markdown(text):
    html = _md.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template"},
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above


@lru_cache(maxsize=4096)
def link_targets(text):
    """(href, link text) of every Markdown link, in order, for collecting resources."""
    links = []
    for token in _md.parse(text):
        children = token.children or []
        for index, child in enumerate(children):
            if child.type == "link_open":
                href = child.attrGet("href") or ""
                label = []
                for inner in children[index + 1 :]:
                    if inner.type == "link_close":
                        break
                    if inner.type == "text":
                        label.append(inner.content)
                links.append((href, "".join(label).strip()))
    return tuple(links)
