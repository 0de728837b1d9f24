"""Prescriptions are Markdown written by people: harmless inline HTML stays, anything active goes."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pusula.lib.markdown import is_allowed_url, link_targets, render_markdown

HOSTILE = {
    "script tag": "Önce <script>alert('x')</script> sonra",
    "event handler": 'Resim <img src="x.png" onerror="alert(1)"> ve <u onclick="alert(2)">altı çizili</u>',
    "javascript link": '[tıkla](javascript:alert(1)) ve <a href="javascript:alert(2)">bu</a>',
    "data link": "[veri](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "iframe": '<iframe src="https://example.org/kotu"></iframe> metin',
    "style": '<style>body{display:none}</style> metin <p style="position:fixed">p</p>',
    "svg with script": '<svg onload="alert(1)"><script>alert(2)</script><a href="javascript:x">a</a></svg>',
    "entity-encoded javascript": '<a href="&#106;avascript:alert(1)">gizli</a> [x](&#106;avascript:alert(1))',
    "reference link trick": "[tıkla][k]\n\n[k]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://example.org"><input name="p"><button>gönder</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://example.org">',
    # Relative addresses: inert in a browser, but a PDF viewer resolves them against the file's own place.
    "tab-split javascript": "[x](jav&#x09;ascript:window.__pwned='entity')",
    "protocol-relative host": "[a](//127.0.0.1:9/x)",
    "absolute path": '[b](/etc/passwd) ve <a href="../../gizli">c</a>',
    "unknown scheme": "[s](smb://sunucu/pay) [f](file:///etc/passwd) [v](vbscript:msgbox)",
}

# Tags that only format text; nothing here can run code, load anything or take input.
SAFE_TAGS = {"p", "a", "u", "b", "i", "s", "strong", "em", "small", "mark", "sub", "sup", "ul", "ol", "li", "br", "hr", "code",
             "pre", "blockquote", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


SAFE_HREF = re.compile(r"(https?://[^/\s]|mailto:[^\s]|#[\w-])")


def assert_inert(html):
    """Only harmless tags; no attribute but a link's address, and every address absolute http(s), mailto or an
    anchor in the same document (a relative one would point at local files once the HTML is a PDF)."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag in SAFE_TAGS, f"<{tag}> in {html!r}"
        assert set(attrs) <= {"href", "title", "rel", "scope"}, f"{attrs} in {html!r}"
        if "href" in attrs:
            assert SAFE_HREF.match(attrs["href"]), f"href={attrs['href']!r} in {html!r}"
    assert "<script" not in html.lower() and "<style" not in html.lower()


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_content_renders_inert(case):
    assert_inert(render_markdown(HOSTILE[case]))


def test_harmless_inline_html_and_turkish_suffix_survive():
    html = render_markdown(
        "[<u>STOK Öğrenme Platformu</u>](https://www.stgm.org.tr/stok-ogrenme-platformu)ndaki dersler"
    )
    assert html == (
        '<p><a href="https://www.stgm.org.tr/stok-ogrenme-platformu" rel="noopener noreferrer">'
        "<u>STOK Öğrenme Platformu</u></a>ndaki dersler</p>\n"
    )


def test_only_allowed_addresses_stay_links():
    html = render_markdown(
        "[w](https://www.stgm.org.tr/) [m](mailto:bilgi@stgm.org.tr) [k](#alan-planlama) [r](/etc/passwd)"
    )
    assert 'href="https://www.stgm.org.tr/"' in html
    assert 'href="mailto:bilgi@stgm.org.tr"' in html
    assert 'href="#alan-planlama"' in html
    assert "/etc/passwd" not in html and ">r</a>" in html  # the text stays, the address goes


@pytest.mark.parametrize(
    "href, allowed",
    [
        ("https://a.example/x", True),
        ("HTTP://A.EXAMPLE", True),
        ("mailto:a@b.example", True),
        ("#alan-1", True),
        ("//127.0.0.1:9/x", False),
        ("/etc/passwd", False),
        ("jav%09ascript:x", False),
        ("file:///etc/passwd", False),
        ("https:/etc", False),
        ("#", False),
        ("", False),
    ],
)
def test_allowed_url(href, allowed):
    assert is_allowed_url(href) is allowed


def test_bullets_and_emphasis():
    html = render_markdown("Örnekler:\n\n- **bir**\n- *iki*\n")
    assert "<ul>\n<li><strong>bir</strong></li>\n<li><em>iki</em></li>\n</ul>" in html


def test_link_targets_lists_addresses_and_texts():
    assert link_targets("[<u>A</u>](https://a.example) ve [B](https://b.example)") == (
        ("https://a.example", "A"),
        ("https://b.example", "B"),
    )


MARKUP = st.sampled_from(
    [
        "<",
        ">",
        "[",
        "](",
        ")",
        "javascript:",
        "data:",
        "<script>",
        "<a href=",
        "onerror=",
        '"',
        "\n\n",
        "- ",
        "<u>",
        "</u>",
        "&#",
    ]
)


@given(st.lists(st.one_of(st.text(max_size=20), MARKUP), max_size=40).map("".join))
def test_any_mix_of_markup_renders_inert(text):
    assert_inert(render_markdown(text))
