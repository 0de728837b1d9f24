"""Organizations with a summarised round, made directly: the operator's figures need many of them."""

from pusula.assessments.models import Round
from pusula.operator.models import AreaScore, QuestionScore, RoundSummary
from pusula.operator.summaries import band
from pusula.organizations.models import Organization


def summarised_organization(version, name, *, field_of_work="education", size_band="1-5", city="Van", areas=None,
                            questions=None, counted=False):  # fmt: skip
    """An organization whose latest round is summarised with the given area scores and question answers.

    areas: area slug → score; questions: question number → (choice number, score, spread).
    """
    organization = Organization.objects.create(
        name=name, city=city, field_of_work=field_of_work, size_band=size_band, counted_in_comparisons=counted
    )
    round_ = Round.objects.create(organization=organization, version=version, name="Tur")
    areas = areas if areas is not None else {"planlama": 50.0}
    questions = questions if questions is not None else {7: (3, 66.7, 10.0)}
    summary = RoundSummary.objects.create(
        round=round_,
        organization=organization,
        completed=True,
        summarised_on=round_.created_at.date(),
        respondents=3,
        overall=sum(areas.values()) / len(areas) if areas else None,
        latest=True,
    )
    AreaScore.objects.bulk_create(
        AreaScore(summary=summary, area=slug, score=score, band=band(score), latest=True)
        for slug, score in areas.items()
    )
    QuestionScore.objects.bulk_create(
        QuestionScore(summary=summary, question=n, choice=c, score=s, spread=d, latest=True)
        for n, (c, s, d) in questions.items()
    )
    return organization


def earlier_round(version, organization, questions):
    """An older, no longer latest summarised round of the organization: question number → (choice, score, spread)."""
    round_ = Round.objects.create(organization=organization, version=version, name="Önceki tur")
    summary = RoundSummary.objects.create(
        round=round_, organization=organization, completed=True, summarised_on=round_.created_at.date(),
        respondents=3, overall=None, latest=False,
    )  # fmt: skip
    QuestionScore.objects.bulk_create(
        QuestionScore(summary=summary, question=n, choice=c, score=s, spread=d, latest=False)
        for n, (c, s, d) in questions.items()
    )
    return summary
