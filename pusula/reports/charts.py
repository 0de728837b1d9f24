"""Charts drawn server-side by pygal, delivered as <img> data URIs.

The same SVG goes into the page and the PDF; as an image it carries its own styles, so the page's
Content-Security-Policy can forbid inline styles and scripts.
"""

import base64
from functools import lru_cache

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

PALETTE = ("#1f5f8b", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#2c3e50")
COLOURS = {
    "background": "white",
    "plot_background": "white",
    "foreground": "#222",
    "foreground_strong": "#111",
    "foreground_subtle": "#bbb",
    "font_family": "DejaVu Sans, Arial, sans-serif",
    "colors": PALETTE,
    "opacity_hover": 0.4,
}
STYLE = Style(
    **COLOURS, label_font_size=13, major_label_font_size=13, legend_font_size=14, value_font_size=12, opacity=0.25
)
# Drawn at 620 px and shown at down to 350 px on a phone: large type, so it stays readable when shrunk.
RADAR_STYLE = Style(
    **COLOURS, label_font_size=24, major_label_font_size=24, legend_font_size=22, value_font_size=18, opacity=0.2
)


def _data_uri(chart):
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _short(text, limit=24):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# A chart is a function of its labels and values alone, and drawing one costs pygal 5–35 ms: a report
# draws a radar and a trend line per area, so each process keeps the last few hundred it drew.
CHARTS_KEPT = 512


def radar(axis_labels, series, title=""):
    """series: [(name, [score or None per axis])]. Scores 0–100.

    Axis labels are short (area numbers): pygal draws them around the circle, where long titles are cut
    at the edges; the table beside the chart names the areas in full.
    """
    return _radar(tuple(map(str, axis_labels)), tuple((str(n), tuple(v)) for n, v in series), str(title))


@lru_cache(maxsize=CHARTS_KEPT)
def _radar(axis_labels, series, title):
    chart = pygal.Radar(
        style=RADAR_STYLE,
        width=620,
        height=620,
        range=(0, 100),
        fill=True,
        dots_size=4,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        js=[],
        disable_xml_declaration=True,
        title=title or None,
        y_labels=[0, 25, 50, 75, 100],
        show_y_labels=False,  # large enough to read on a phone, they would cover the first axis's label
    )
    chart.x_labels = list(axis_labels)
    for name, values in series:
        chart.add(str(name), [0 if v is None else v for v in values])
    return _data_uri(chart)


def round_chart(comparison):
    """The round report's radar: the organization's score per area and, when roles are compared, each
    group's mean answer; axes numbered as the area table is."""
    series = [(_("Örgüt puanı"), [a.score for a in comparison.areas])]
    series += [
        (_("%(group)s (yanıtların ortalaması)") % {"group": g.label}, [a.group_means[i][1] for a in comparison.areas])
        for i, g in enumerate(comparison.groups)
    ]
    return radar([str(n) for n in range(1, len(comparison.areas) + 1)], series)


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


def trend_line(round_labels, scores):
    """One area's organization score (0–100) across rounds; gaps where the area was not asked.

    Drawn small (400 px) with large type, so that it stays readable when a phone shrinks it.
    """
    return _trend_line(tuple(map(str, round_labels)), tuple(scores))


@lru_cache(maxsize=CHARTS_KEPT)
def _trend_line(round_labels, scores):
    chart = pygal.Line(
        style=Style(**{**STYLE.__dict__, "stroke_width": 4, "stroke_width_hover": 4, "value_font_size": 14}),
        width=400,
        height=230,
        range=(0, 100),
        show_legend=False,
        print_values=True,
        formatter=lambda value: f"{value:.0f}",
        dots_size=5,
        allow_interruptions=True,
        js=[],
        disable_xml_declaration=True,
        y_labels=[0, 50, 100],
        margin=8,
        margin_left=40,
        margin_right=48,
        truncate_label=-1,
    )
    chart.x_labels = [_short(label, 16) for label in round_labels]
    chart.add("", list(scores))
    return _data_uri(chart)


def histogram(counts, width=240, height=100):
    """Bars of how many organizations fall in each tenth of the 0–100 scale; a None count is not drawn."""
    chart = pygal.Bar(
        style=STYLE,
        width=width,
        height=height,
        show_legend=False,
        show_y_guides=False,
        show_y_labels=False,
        js=[],
        disable_xml_declaration=True,
        margin=4,
    )
    chart.x_labels = [str(tenth * 10) if tenth % 2 == 0 else "" for tenth in range(10)]
    chart.add("", [None if n is None else n for n in counts])
    return _data_uri(chart)
