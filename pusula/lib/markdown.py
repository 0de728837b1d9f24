"""Markdown → safe HTML for prescriptions and area descriptions.

markdown-it-py renders (inline HTML allowed, since the content wraps link texts in <u>), then nh3 keeps
only harmless tags and links whose address passes `is_allowed_url`, and marks links rel="noopener
noreferrer". This is the one place content becomes HTML, so the page and the PDF get the same links.
"""

import re
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

# Absolute http(s) with a host, mailto with an address, or an anchor in the same document. Nothing
# relative: a browser resolves it against the site, but a PDF viewer against the file's own folder.
_ALLOWED_URL = re.compile(r"(?:https?://[^/\\\s?#]|mailto:[^\s]|#[\w-])", re.IGNORECASE)


def is_allowed_url(url):
    return bool(_ALLOWED_URL.match(url or ""))


def _keep_allowed_links(tag, attribute, value):
    if attribute == "href":
        return value if is_allowed_url(value) else None
    return value


@lru_cache(maxsize=4096)
def render_markdown(text):
    html = _md.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_allowed_links,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template"},
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above


# What an author may write: the renderer drops the rest silently, so the content check reports it.
_author_md = MarkdownIt("commonmark", {"html": True})
_author_md.validateLink = lambda url: True  # see every link, even those markdown-it would leave as text
_PLAIN_TAG = re.compile(r"</?(?:u|b|i|em|strong|s|sub|sup|mark|small)>|<br\s*/?>", re.IGNORECASE)
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def authoring_problems(text):
    """(line, message) for each thing in `text` the renderer would not show as written: raw HTML other than
    plain formatting tags, images, and links that are not absolute http(s) or mailto. Line 1 is the text's
    first line."""
    problems = []
    for token in _author_md.parse(text):
        line = token.map[0] + 1 if token.map else 1
        if token.type == "html_block":
            problems.append((line, f"raw HTML is not allowed: {token.content.strip().splitlines()[0][:60]!r}"))
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline" and not _PLAIN_TAG.fullmatch(child.content):
                problems.append((line, f"raw HTML is not allowed: {child.content[:60]!r}"))
            elif child.type == "image":
                problems.append((line, "images are not shown in reports; link to the page instead"))
            elif child.type == "link_open":
                href = child.attrGet("href") or ""
                if is_allowed_url(href) and not href.startswith("#"):
                    continue
                scheme = _SCHEME.match(href)
                if scheme:
                    reason = f"the scheme '{scheme.group(1)}:' is not allowed"
                else:
                    reason = "a relative address"
                problems.append((line, f"link {href[:80]!r}: {reason}; use a full https:// (or mailto:) address"))
    return problems


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
