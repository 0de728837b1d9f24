"""The per-round summary the operator's figures are aggregated from.

`write_round_summary` is the one writer: called when a round closes or its consensus changes (and by
`pusula demo`). It stores the organization's own scores — the same ones its report shows — never an
individual answer.
"""

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from pusula.operator.models import AreaScore, QuestionScore, RoundSummary, SectorFigures
from pusula.reports.scoring import choice_score
from pusula.reports.services import round_figures


def band(score):
    """The score's tenth, 0–9 (100 falls in the top band)."""
    return min(int(score // 10), 9)


@transaction.atomic
def write_round_summary(assessment_round):
    """Writes (or rewrites) the round's summary from the round report itself — its one score per area,
    its answer per question (consensus, else the most common disclosed answer) — so the operator's
    figures never differ from what the organization reads. Removed when nobody's answers are disclosed."""
    report = round_figures(assessment_round)
    comparison = report["comparison"]
    RoundSummary.objects.filter(round=assessment_round).delete()
    if not comparison.people:
        mark_latest(assessment_round.organization_id)
        return None
    summary = RoundSummary.objects.create(
        round=assessment_round,
        organization_id=assessment_round.organization_id,
        completed=assessment_round.closed_at is not None,
        summarised_on=timezone.localdate(assessment_round.closed_at or timezone.now()),
        respondents=comparison.people,  # how many answered, as the report counts them
        overall=comparison.overall,
    )
    AreaScore.objects.bulk_create(
        AreaScore(summary=summary, area=result.area.slug, score=result.score, band=band(result.score))
        for result in report["results"]
        if result.score is not None
    )
    by_question = {item.question.pk: item for item in comparison.questions}
    QuestionScore.objects.bulk_create(
        QuestionScore(
            summary=summary,
            question=question.number,
            choice=choice.number,
            score=choice_score(choice),
            spread=by_question[question.pk].spread if by_question[question.pk].scored > 1 else None,
        )
        for result in report["results"]
        for question, choice in result.items
        if choice is not None
    )
    mark_latest(assessment_round.organization_id)
    return summary


def mark_latest(organization_id):
    """Flags the organization's newest summarised round, on the summary and on its area and question rows."""
    newest = (
        RoundSummary.objects.filter(organization_id=organization_id)
        .order_by("-round__created_at", "-round_id")
        .values_list("pk", flat=True)
        .first()
    )
    RoundSummary.objects.filter(organization_id=organization_id).update(
        latest=Case(When(pk=newest, then=Value(True)), default=Value(False))
    )
    for model in (AreaScore, QuestionScore):
        model.objects.filter(summary__organization_id=organization_id).update(
            latest=Case(When(summary_id=newest, then=Value(True)), default=Value(False))
        )
    forget_sector_figures(cheap_only=True)


CHEAP_SECONDS = 1.0


def forget_sector_figures(cheap_only=False):
    """The dashboard's stored figures no longer hold: the next look computes them afresh.

    On a new summary, only figures that were cheap to compute are forgotten: a small instance stays live,
    while a national one, where computing takes seconds, refreshes them every few minutes instead of on
    every closed round. A deletion forgets them all (`cheap_only=False`).
    """
    stored = SectorFigures.objects.all()
    (stored.filter(seconds__lt=CHEAP_SECONDS) if cheap_only else stored).delete()
