"""The operator's dashboard figures: computed in the database from the round summaries, stored, and read back.

Every figure carries the number of organizations behind it; `stats.shown` turns any figure about fewer
than five into None, which the page, the CSV and the API all show as "<5".
"""

import time
from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Sum
from django.utils import timezone, translation

from pusula.assessments.models import Round
from pusula.content.models import ContentVersion
from pusula.content.questionnaire import questionnaire_for
from pusula.operator.models import AreaScore, QuestionScore, RoundSummary, SectorFigures
from pusula.operator.stats import MIN_ORGANIZATIONS, PROBABILITIES, quantiles, shown
from pusula.organizations.models import Organization, SizeBand
from pusula.organizations.profile import CITY_CHOICES, FIELDS_OF_WORK
from pusula.reports import charts

MAX_AGE = timedelta(minutes=10)
MONTHS = 12
TOP = 10
BREAKDOWNS = (
    ("size_band", SizeBand.choices),
    ("field_of_work", FIELDS_OF_WORK),
    ("city", CITY_CHOICES),
)


def stored_figures(key, compute, refresh=False):
    """Figures under `key`: the stored ones while fresh, else `compute()`d now and stored with when and how long."""
    if not refresh:
        stored = SectorFigures.objects.filter(key=key, computed_at__gte=timezone.now() - MAX_AGE).first()
        if stored is not None:
            return stored.data
    started = time.perf_counter()
    data = compute()
    seconds = time.perf_counter() - started
    data["computed_at"] = timezone.now().isoformat()
    data["seconds"] = round(seconds, 3)
    SectorFigures.objects.update_or_create(
        key=key, defaults={"data": data, "computed_at": timezone.now(), "seconds": seconds}
    )
    return data


def sector_figures(refresh=False):
    """The dashboard's figures: the stored ones while fresh, else computed now and stored."""
    # Area and question titles are in the reader's language.
    return stored_figures(f"sector:{translation.get_language()}", _charted_sector_figures, refresh=refresh)


def _charted_sector_figures():
    data = compute_sector_figures()
    for area in data["areas"]:
        area["chart"] = charts.histogram(area["histogram"]) if area["histogram"] else None
    return data


SUPPRESSED = "<5"


def _cell(value):
    return SUPPRESSED if value is None else value


def csv_rows(figures):
    """The dashboard as one table: section, item, organizations, quantiles (p10, q1, median, q3, p90), value."""
    blank = [""] * len(PROBABILITIES)
    yield ["section", "item", "label", "organizations", "p10", "q1", "median", "q3", "p90", "value"]
    for name, value in figures["totals"].items():
        yield ["totals", name, "", "", *blank, _cell(value)]
    for month in figures["months"]:
        for name in ("organizations", "rounds_opened", "rounds_completed", "respondents"):
            yield ["month", month["month"], name, "", *blank, _cell(month[name])]
    spreads = [("area", area["area"], area["title"], area) for area in figures["areas"]]
    spreads += [
        (field, row["value"], row["label"], row) for field, rows in figures["breakdowns"].items() for row in rows
    ]
    for section, item, label, row in spreads:
        quantile_cells = row["quantiles"] or [SUPPRESSED] * len(PROBABILITIES)
        yield [section, item, label, _cell(row["organizations"]), *quantile_cells, ""]
    for row in figures["weakest_questions"]:
        yield ["weakest_question", row["question"], row["text"], row["organizations"], *blank, row["mean"]]
    for row in figures["resources"]:
        yield ["resource", row["resource"], row["title"], "", *blank, row["times"]]
    for row in figures["disagreements"]:
        yield ["disagreement", row["question"], row["text"], row["organizations"], *blank, row["spread"]]


def compute_sector_figures():
    latest = RoundSummary.objects.filter(latest=True)
    organizations = Organization.objects.count()
    return {
        "totals": {
            "organizations": shown(organizations),
            "rounds_opened": shown(organizations, Round.objects.count()),
            "rounds_completed": shown(
                RoundSummary.objects.filter(completed=True).values("organization").distinct().count(),
                RoundSummary.objects.filter(completed=True).count(),
            ),
            "respondents": shown(latest.count(), RoundSummary.objects.aggregate(n=Sum("respondents"))["n"]),
            "summarised_organizations": shown(latest.count()),
        },
        "months": _months(),
        "areas": _areas(),
        "breakdowns": {field: _breakdown(field, choices) for field, choices in BREAKDOWNS},
        "weakest_questions": _weakest_questions(),
        "resources": _resources(),
        "disagreements": _disagreements(),
    }


def _month_starts():
    """The first day of each of the last twelve months, oldest first, and the first of next month."""
    first = timezone.localdate().replace(day=1)
    starts = [first]
    while len(starts) <= MONTHS:
        starts.insert(0, (starts[0] - timedelta(days=1)).replace(day=1))
    return starts[1:] + [(first + timedelta(days=32)).replace(day=1)]


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _months():
    """Per month of the last twelve: organizations new, rounds opened and completed, respondents in them.

    One indexed range count per month and table: portable, where truncating dates row by row is not
    (SQLite does it in Python).
    """
    starts = _month_starts()
    months = []
    for start, end in zip(starts, starts[1:], strict=False):
        created = {"created_at__gte": _midnight(start), "created_at__lt": _midnight(end)}
        organizations = Organization.objects.filter(**created).count()
        opened = Round.objects.filter(**created).aggregate(n=Count("pk"), by=Count("organization", distinct=True))
        completed = RoundSummary.objects.filter(completed=True, summarised_on__gte=start, summarised_on__lt=end)
        completed = completed.aggregate(
            n=Count("pk"), by=Count("organization", distinct=True), people=Sum("respondents")
        )
        months.append(
            {
                "month": start.isoformat()[:7],
                "organizations": shown(organizations),
                "rounds_opened": shown(opened["by"], opened["n"]),
                "rounds_completed": shown(completed["by"], completed["n"]),
                "respondents": shown(completed["by"], completed["people"] or 0),
            }
        )
    return months


def _current_questionnaire():
    version = ContentVersion.objects.current()
    return questionnaire_for(version) if version else None


def _areas():
    """Per area: how many organizations, their scores' quantiles, and a histogram by tenths."""
    questionnaire = _current_questionnaire()
    titles = {area.slug: area.title for area in questionnaire.areas} if questionnaire else {}
    order = list(titles)
    latest = AreaScore.objects.filter(latest=True)
    spread = quantiles(latest, "area", "score")
    bands = Counter()
    for row in latest.values("area", "band").annotate(n=Count("pk")).order_by():
        bands[(row["area"], row["band"])] = row["n"]
    areas = []
    for slug in sorted(spread, key=lambda s: (order.index(s) if s in order else len(order), s)):
        n, values = spread[slug]
        areas.append(
            {
                "area": slug,
                "title": titles.get(slug, slug),
                "organizations": shown(n),
                "quantiles": values,
                "histogram": [shown(bands[(slug, b)]) for b in range(10)] if shown(n) else None,
            }
        )
    return areas


def _breakdown(field, choices):
    """The overall score's quartiles per city, field of work or size band."""
    labels = {value: str(label) for value, label in choices}
    spread = quantiles(
        RoundSummary.objects.filter(latest=True, overall__isnull=False), f"organization__{field}", "overall"
    )
    rows = [
        {"value": value, "label": labels.get(value, value), "organizations": shown(n), "quantiles": values}
        for value, (n, values) in spread.items()
    ]
    rows.sort(key=lambda r: (r["organizations"] is None, -(r["organizations"] or 0), r["label"]))
    return rows


def _question_texts():
    questionnaire = _current_questionnaire()
    if questionnaire is None:
        return {}, None
    return {q.number: (q.text, q.area.title) for q in questionnaire.questions.values()}, questionnaire


def _weakest_questions():
    """The questions organizations score lowest on (their own answer: consensus, else most common)."""
    texts, _questionnaire = _question_texts()
    rows = (
        QuestionScore.objects.filter(latest=True, score__isnull=False)
        .values("question")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .filter(n__gte=MIN_ORGANIZATIONS)
        .order_by("mean", "question")[:TOP]
    )
    return [_question_row(row, texts, mean=round(row["mean"], 1)) for row in rows]


def _question_row(row, texts, **figures):
    text, area = texts.get(row["question"], ("", ""))
    return {"question": row["question"], "text": text, "area": area, "organizations": row["n"], **figures}


def _resources():
    """The learning resources whose prescriptions organizations were given most often: what to teach next.

    Counted per (question, answer) in the database; the current content tells which resources each
    answer's prescription recommends.
    """
    _texts, questionnaire = _question_texts()
    if questionnaire is None:
        return []
    choices = {(c.question.number, c.number): c for c in questionnaire.choices.values()}
    given = Counter()
    for row in (
        QuestionScore.objects.filter(latest=True).values("question", "choice").annotate(n=Count("pk")).order_by()
    ):
        choice = choices.get((row["question"], row["choice"]))
        for resource in questionnaire.resources_of(choice) if choice else ():
            given[resource.slug] += row["n"]
    return [
        {
            "resource": slug,
            "title": questionnaire.resources[slug].title,
            "code": questionnaire.resources[slug].code,
            "url": questionnaire.resources[slug].url,
            "times": n,
        }
        for slug, n in given.most_common(TOP)
        if shown(n)
    ]


def _disagreements():
    """Questions whose members, within one organization, answered furthest apart: the mean spread over every
    summarised round of every organization (not only the latest), shown when five organizations or more
    are behind it."""
    texts, _questionnaire = _question_texts()
    rows = (
        QuestionScore.objects.filter(spread__isnull=False)
        .values("question")
        .annotate(n=Count("summary__organization", distinct=True), rounds=Count("pk"), mean=Avg("spread"))
        .filter(n__gte=MIN_ORGANIZATIONS)
        .order_by("-mean", "question")[:TOP]
    )
    return [_question_row(row, texts, rounds=row["rounds"], spread=round(row["mean"], 1)) for row in rows]
