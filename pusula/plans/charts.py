"""The prioritisation matrix, drawn by pygal as an XY chart and delivered like the report's charts."""

from collections import defaultdict

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from pusula.plans.models import HIGH_RATING, Quadrant
from pusula.reports.charts import STYLE, _data_uri

MAX_NAMES_PER_POINT = 4
_MIDDLE = HIGH_RATING - 0.5
# Room on the right for a point's label, above and below the points for the quadrants' names.
_LOW, _RIGHT, _BOTTOM, _TOP = 0.5, 6.2, -0.2, 6.1


def matrix_points(candidates):
    """Rated candidates grouped by their (feasibility, importance): one labelled point per place.

    Candidates rated alike share a point labelled with all their question numbers (the first four, then
    "+n"), so coinciding candidates stay readable instead of hiding one another.
    """
    groups = defaultdict(list)
    for candidate in candidates:
        if candidate.importance is not None and candidate.feasibility is not None:
            groups[(candidate.feasibility, candidate.importance)].append(candidate.question.number)
    points = []
    for (feasibility, importance), numbers in sorted(groups.items()):
        numbers.sort()
        label = ", ".join(f"S{n}" for n in numbers[:MAX_NAMES_PER_POINT])
        if len(numbers) > MAX_NAMES_PER_POINT:
            label += f" +{len(numbers) - MAX_NAMES_PER_POINT}"
        points.append({"value": (feasibility, importance), "label": label, "count": len(numbers)})
    return points


def priority_matrix(candidates):
    """SVG data URI of the 2×2 matrix: feasibility across, importance up, quadrants named in their corners."""
    style = Style(
        **{
            **STYLE.__dict__,
            "colors": ("#1f5f8b", "#1f5f8b", "#1f5f8b", "#1f5f8b", "#9aa6b2", "#9aa6b2", "#174a6d"),
            "value_label_font_size": 15,
            "label_font_size": 14,
            "title_font_size": 15,
        }
    )
    chart = pygal.XY(
        style=style,
        width=460,
        height=480,
        range=(_BOTTOM, _TOP),
        xrange=(_LOW, _RIGHT),
        show_legend=False,
        print_labels=True,
        stroke=False,
        show_x_guides=False,
        show_y_guides=False,
        x_labels=[1, 2, 3, 4, 5],
        y_labels=[1, 2, 3, 4, 5],
        x_title=_("Uygulanabilirlik (1–5)"),
        y_title=_("Önem / etki (1–5)"),
        js=[],
        disable_xml_declaration=True,
        margin=6,
    )
    points = matrix_points(candidates)
    # One series per point size, so a point that groups several candidates is drawn larger.
    by_size = defaultdict(list)
    for point in points:
        by_size[min(point["count"], 4)].append({"value": point["value"], "label": point["label"]})
    for size in (1, 2, 3, 4):
        chart.add("", by_size.get(size, []), dots_size=7 + 2 * size)
    chart.add("", [(_MIDDLE, _BOTTOM), (_MIDDLE, _TOP)], stroke=True, show_dots=False)
    chart.add("", [(_LOW, _MIDDLE), (_RIGHT, _MIDDLE)], stroke=True, show_dots=False)
    # Quadrant names above the top row and below the bottom row of points, where no point or point
    # label can reach, on two lines where a name is long, so that they fit a phone screen readably.
    names = []
    for x, top, quadrant in (  # a label starts at its point: the quadrants' left edges
        (_MIDDLE + 0.15, True, Quadrant.QUICK_WIN),
        (_LOW + 0.15, True, Quadrant.MAJOR_PROJECT),
        (_MIDDLE + 0.15, False, Quadrant.SMALL_IMPROVEMENT),
        (_LOW + 0.15, False, Quadrant.LATER),
    ):
        lines = _two_lines(str(quadrant.label))
        y = _TOP - 0.15 if top else 0.45
        names += [{"value": (x, y - 0.28 * i), "label": line} for i, line in enumerate(lines)]
    chart.add("", names, dots_size=0.01)
    return _data_uri(chart)


def _two_lines(text, limit=14):
    if len(text) <= limit or " " not in text:
        return [text]
    middle = len(text) // 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]
