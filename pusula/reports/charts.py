"""Charts drawn server-side by pygal, delivered as <img> data URIs.

The same SVG goes into the page and the PDF; as an image it carries its own styles, so the page's
Content-Security-Policy can forbid inline styles and scripts.
"""

import base64

import pygal
from pygal.style import Style

PALETTE = ("#1f5f8b", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#2c3e50")
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#bbb",
    font_family="DejaVu Sans, Arial, sans-serif",
    colors=PALETTE,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=12,
    opacity=0.25,
    opacity_hover=0.4,
)


def _data_uri(chart):
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _short(text, limit=24):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def radar(area_titles, series, title=""):
    """series: [(name, [score or None per area])]. Scores 0–100."""
    chart = pygal.Radar(
        style=STYLE,
        width=720,
        height=560,
        range=(0, 100),
        fill=True,
        dots_size=3,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        js=[],
        disable_xml_declaration=True,
        title=title or None,
        y_labels=[0, 25, 50, 75, 100],
    )
    chart.x_labels = [_short(t) for t in area_titles]
    for name, values in series:
        chart.add(str(name), [0 if v is None else v for v in values])
    return _data_uri(chart)


def area_bars(area_titles, scores):
    """Horizontal bars of area scores, for a single respondent's report."""
    chart = pygal.HorizontalBar(
        style=STYLE,
        width=720,
        height=60 + 36 * len(area_titles),
        range=(0, 100),
        show_legend=False,
        print_values=True,
        js=[],
        disable_xml_declaration=True,
        y_labels=[0, 25, 50, 75, 100],
    )
    chart.x_labels = [_short(t, 34) for t in area_titles]
    chart.add("", [0 if s is None else s for s in scores])
    return _data_uri(chart)
