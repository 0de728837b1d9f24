"""Progress over time: the organization's answers round by round, compared across content versions.

Each round is scored as its report scores it (scoring.compare_tally under the round's privacy policy):
the organization's answer per question, the consensus where recorded, else the most common disclosed
answer, so a trend never shows a figure the round reports would not.

Questions are matched across rounds by their number (question_id), areas by their slug (area_id). When
a question's number of choices changed between the content versions two rounds pinned, levels mean
different things, so the two are compared by score (0–100) and the change says so; questions added or
removed between versions are marked as such instead of being compared with nothing.

Everything is computed from four queries whatever the number of rounds and people (questionnaires are cached
per content version).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Max, Q, Value

from pusula.assessments.models import Answer, ConsensusAnswer, Round
from pusula.reports import charts, tallies
from pusula.reports.privacy import Policy
from pusula.reports.scoring import choice_score, compare_tally, organization_choices

SAME, SCALE_CHANGED, ADDED, REMOVED = "same", "scale_changed", "added", "removed"


@dataclass
class QuestionPoint:
    question: object
    choice: object  # the organization's answer, or None when nobody answered
    choice_count: int

    @property
    def score(self):
        return choice_score(self.choice) if self.choice is not None else None


@dataclass
class RoundPoint:
    round: object
    questionnaire: object
    areas: dict  # area slug → (area, organization score or None)
    questions: dict  # question number → QuestionPoint


@dataclass
class QuestionChange:
    number: int
    question: object  # as asked in the later round, or in the earlier one when it was removed
    kind: str  # SAME, SCALE_CHANGED, ADDED or REMOVED
    before: QuestionPoint | None
    after: QuestionPoint | None

    @property
    def delta(self):
        if self.before is None or self.after is None or self.before.score is None or self.after.score is None:
            return None
        return round(self.after.score - self.before.score, 1)


@dataclass
class AreaTrend:
    slug: str
    area: object
    scores: list  # per round of the history, score or None (None also where the area did not exist)
    questions_changed: bool = False
    removed: list = field(default_factory=list)  # QuestionChange of questions no longer asked
    actions: list = field(default_factory=list)  # plan actions of this and earlier rounds aimed at the area
    chart: str | None = None

    @property
    def before(self):
        return self.scores[-2] if len(self.scores) > 1 else None

    @property
    def after(self):
        return self.scores[-1] if self.scores else None

    @property
    def delta(self):
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


def rounds_up_to(organization, until=None):
    rounds = Round.objects.for_org(organization).select_related("version").order_by("created_at", "pk")
    if until is not None:
        rounds = rounds.filter(Q(created_at__lt=until.created_at) | Q(pk=until.pk))
    return list(rounds)


def history(organization, until=None, rounds=None, known=None):
    """RoundPoint per round of the organization with any answer, oldest first, up to `until` (a round).

    `rounds`: the rounds_up_to(organization, until) a caller already has; `known`: {round pk: its
    RoundComparison} a caller already has (a report's own round), not counted again.
    """
    if rounds is None:
        rounds = rounds_up_to(organization, until)
    known = known or {}
    rest = [r for r in rounds if r.pk not in known]
    counted = tallies.tallies(rest)
    consensus = defaultdict(list)
    for row in ConsensusAnswer.objects.filter(round_id__in=[r.pk for r in rest]):
        consensus[row.round_id].append(row)

    points = []
    for assessment_round in rounds:
        questionnaire = assessment_round.questionnaire  # for the kind of organization it asked
        if assessment_round.pk in known:
            comparison = known[assessment_round.pk]
        else:
            tally = counted[assessment_round.pk]
            if not tally.answers and assessment_round != until:
                continue
            policy = Policy.of(assessment_round)
            comparison = compare_tally(questionnaire, tally, consensus[assessment_round.pk], policy)
        chosen = organization_choices(questionnaire, comparison.questions)
        chosen = {pk: choice for pk, (choice, _source) in chosen.items()}
        points.append(
            RoundPoint(
                round=assessment_round,
                questionnaire=questionnaire,
                areas={r.area.slug: (r.area, r.score) for r in comparison.results},
                questions={
                    q.number: QuestionPoint(q, chosen.get(q.pk), len(q.scored_choices))
                    for q in questionnaire.questions.values()
                },
            )
        )
    return points


def compare(before, after):
    """QuestionChange per question of either round: the later round's in content order, then removed ones."""
    changes = {}
    for number, point in after.questions.items():
        earlier = before.questions.get(number)
        if earlier is None:
            kind = ADDED
        elif earlier.choice_count != point.choice_count:
            kind = SCALE_CHANGED
        else:
            kind = SAME
        changes[number] = QuestionChange(number, point.question, kind, earlier, point)
    for number, earlier in before.questions.items():
        if number not in after.questions:
            changes[number] = QuestionChange(number, earlier.question, REMOVED, earlier, None)
    return changes


def area_trends(points, changes=None):
    """AreaTrend per area of the latest round (in its order), over every round of `points`."""
    latest = points[-1]
    trends = []
    for slug, (area, _score) in latest.areas.items():
        trend = AreaTrend(slug=slug, area=area, scores=[point.areas.get(slug, (None, None))[1] for point in points])
        if changes:
            in_area = [c for c in changes.values() if (c.question.area.slug if c.question else None) == slug]
            trend.questions_changed = any(c.kind != SAME for c in in_area)
            trend.removed = [c for c in in_area if c.kind == REMOVED]
        trends.append(trend)
    return trends


def history_state(assessment_round):
    """What the trends and the plan in a round's report depend on, beyond the round itself, for
    recognising an unchanged PDF: count and latest change of answers, consensus, actions and progress
    notes of this and the organization's earlier rounds, in one query."""
    from pusula.plans.models import Action, ProgressEntry

    earlier = Round.objects.for_org(assessment_round.organization).filter(created_at__lte=assessment_round.created_at)
    parts = [
        ("answers", Answer.objects.filter(respondent__round__in=earlier), "answered_at"),
        ("consensus", ConsensusAnswer.objects.filter(round__in=earlier), "recorded_at"),
        ("actions", Action.objects.filter(round__in=earlier), "updated_at"),
        ("progress", ProgressEntry.objects.filter(action__round__in=earlier), "created_at"),
    ]
    queries = [
        rows.order_by()
        .annotate(kind=Value(kind, output_field=CharField()))
        .values("kind")
        .annotate(n=Count("pk"), last=Max(field))
        .values_list("kind", "n", "last")
        for kind, rows, field in parts
    ]
    return sorted(queries[0].union(*queries[1:], all=True))


def for_report(assessment_round, comparison, actions=()):
    """Adds to a round report's area results (of `comparison`, the round's RoundComparison) what changed
    since the previous round and the trend.

    Sets on each AreaResult `.trend` (AreaTrend or None) and `.actions` (plan actions aimed at the area,
    from this and earlier rounds), and on each entry `["change"]` (QuestionChange or None). Returns the
    report's summary of the change, or None for an organization's first round.
    """
    results = comparison.results
    by_area = defaultdict(list)
    for action in actions:
        by_area[action.question.area.slug].append(action)
    for result in results:
        result.actions = by_area.get(result.area.slug, [])
        result.trend = None
    rounds = rounds_up_to(assessment_round.organization, until=assessment_round)
    if len(rounds) < 2:  # an organization's first round: nothing to compare, no more queries
        return None
    known = {assessment_round.pk: comparison}
    points = history(assessment_round.organization, until=assessment_round, rounds=rounds, known=known)
    if len(points) < 2:
        return None
    changes = compare(points[-2], points[-1])
    labels = [point.round.name for point in points]
    trends = {trend.slug: trend for trend in area_trends(points, changes)}
    for result in results:
        trend = trends.get(result.area.slug)
        if trend is not None:
            trend.chart = charts.trend_line(labels, trend.scores)
        result.trend = trend
        for entry in getattr(result, "entries", []):
            entry["change"] = changes.get(entry["question"].number)
    kinds = defaultdict(list)
    for change in changes.values():
        kinds[change.kind].append(change)
    return {
        "previous": points[-2].round,
        "rounds": [point.round for point in points],
        "areas": list(trends.values()),
        "added": kinds[ADDED],
        "removed": kinds[REMOVED],
        "scale_changed": kinds[SCALE_CHANGED],
    }
