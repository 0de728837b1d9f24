"""Where an organization stands among similar ones: same field of work, same size band.

Per area, the quartiles of the organizations' own area scores, from the stored round summaries (each
organization's latest), aggregated in the database by `stats.quantiles`. Privacy rules:

- only organizations that opted in (`counted_in_comparisons`) are counted, and an area's figures are
  shown only when at least five of them have a score there (`stats.shown`);
- the group is the same for everyone who looks at it: an opted-in organization is counted in its own
  group, and only opted-in organizations see the comparison. Were an organization left out of the group
  it looks at, every member would see a different set of organizations, and two members (or one that
  switches its opt-in on and off) could set their figures side by side to learn a score that is in one
  set and not the other;
- scores are whole numbers, as the report shows them, and the figures are kept for a few minutes like
  the dashboard's, so they do not move with every single round that closes.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from pusula.operator.models import AreaScore
from pusula.operator.sector import stored_figures
from pusula.operator.stats import MIN_ORGANIZATIONS, quantiles, shown
from pusula.organizations.profile import OTHER

QUARTILES = (0.25, 0.5, 0.75)
GROUPS = ("field_of_work", "size_band")  # the profile fields a comparison group is formed on

POSITIONS = {
    "lowest_quarter": _("Grubun en düşük çeyreğinde"),
    "below_median": _("Ortancanın altında"),
    "median": _("Ortancada"),
    "above_median": _("Ortancanın üstünde"),
    "highest_quarter": _("Grubun en yüksek çeyreğinde"),
}


def whole(value):
    """A score as the report prints it (floatformat:0, halves up)."""
    return None if value is None else int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def group_figures(field_name, value, refresh=False):
    """{"areas": {area slug: [organizations, [q1, median, q3] or None]}} for one group, stored a few minutes."""

    def compute():
        scores = AreaScore.objects.filter(
            latest=True,
            summary__organization__counted_in_comparisons=True,
            **{f"summary__organization__{field_name}": value},
        )
        spread = quantiles(scores, "area", "score", probabilities=QUARTILES, ndigits=None)
        return {
            "areas": {area: [n, [whole(v) for v in values] if values else None] for area, (n, values) in spread.items()}
        }

    return stored_figures(f"similar:{field_name}:{value}", compute, refresh=refresh)


def position(score, q1, median, q3):
    if score < q1:
        return "lowest_quarter"
    if score < median:
        return "below_median"
    if score == median:
        return "median"
    return "above_median" if score <= q3 else "highest_quarter"


@dataclass
class Standing:
    """One area's figures in one group, and where the organization's own score falls."""

    organizations: int | None  # None: fewer than five, nothing shown
    q1: int | None = None
    median: int | None = None
    q3: int | None = None
    position: str | None = None

    @property
    def shown(self):
        return self.median is not None

    @property
    def position_label(self):
        return POSITIONS.get(self.position, "")


@dataclass
class Group:
    field: str  # "field_of_work" or "size_band"
    value: str
    label: str
    standings: list = field(default_factory=list)  # one per area, in the report's order

    @property
    def shown(self):
        return any(s.shown for s in self.standings)

    @property
    def organizations(self):
        """How many organizations the group's figures rest on (the most in any area), None under five."""
        return max((s.organizations for s in self.standings if s.organizations), default=None)


@dataclass
class Row:
    area: object
    score: int | None
    cells: list  # (group, standing) per group


@dataclass
class Similar:
    counted: bool  # the organization opted in; only then does it see the comparison
    groups: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    minimum: int = MIN_ORGANIZATIONS
    other_field: bool = False  # field of work "Diğer": too mixed a group to compare with


def similar_organizations(organization, areas):
    """The report's comparison with similar organizations, for `areas` (the report's `comparison.areas`,
    each with `.area` and the organization's own `.score` in this round): two stored reads at most."""
    similar = Similar(counted=organization.counted_in_comparisons)
    if not similar.counted:
        return similar
    for field_name in GROUPS:
        value = getattr(organization, field_name)
        if not value or value == OTHER:
            similar.other_field = similar.other_field or (field_name == "field_of_work" and value == OTHER)
            continue
        figures = group_figures(field_name, value)["areas"]
        group = Group(field_name, value, getattr(organization, f"get_{field_name}_display")())
        for area in areas:
            n, values = figures.get(area.area.slug, (0, None))
            standing = Standing(organizations=shown(n))
            score = whole(area.score)
            if values and standing.organizations:
                standing.q1, standing.median, standing.q3 = values
                standing.position = position(score, *values) if score is not None else None
            group.standings.append(standing)
        similar.groups.append(group)
    similar.rows = [
        Row(area.area, whole(area.score), [(g, g.standings[i]) for g in similar.groups]) for i, area in enumerate(areas)
    ]
    return similar


def similar_state(organization):
    """What the comparison depends on besides the round: for the PDF's fingerprint."""
    if not organization.counted_in_comparisons:
        return None
    return [
        (name, getattr(organization, name), group_figures(name, getattr(organization, name))["areas"])
        for name in GROUPS
        if getattr(organization, name) and getattr(organization, name) != OTHER
    ]


def similar_data(similar):
    """The comparison as plain data: in the API's report and the JSON export."""
    return {
        "counted": similar.counted,
        "minimum": similar.minimum,
        "groups": [
            {
                "group": g.field,
                "value": g.value,
                "label": str(g.label),
                "areas": [
                    {
                        "area_id": row.area.slug,
                        "organizations": s.organizations,
                        "q1": s.q1,
                        "median": s.median,
                        "q3": s.q3,
                        "position": s.position,
                    }
                    for row, s in zip(similar.rows, g.standings, strict=True)
                ],
            }
            for g in similar.groups
        ],
    }
