import pytest

from pusula.assessments import services
from pusula.operator.models import AreaScore, QuestionScore, RoundSummary
from pusula.reports.services import round_report
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_round(round_):
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 2, 10: 1})
    respondent(round_, "staff", {7: 4, 8: 2, 10: 0})
    respondent(round_, "volunteer", {7: 4, 8: 1, 10: 1})
    return round_


def test_closing_a_round_writes_the_scores_its_report_shows(answered_round, run_tasks):
    services.close_round(answered_round)
    assert not RoundSummary.objects.exists()  # queued, written by the worker
    run_tasks()
    summary = RoundSummary.objects.get(round=answered_round)
    report = round_report(answered_round)
    assert summary.completed and summary.latest and summary.respondents == 3
    assert {a.area: a.score for a in AreaScore.objects.filter(summary=summary)} == {
        r.area.slug: r.score for r in report["results"] if r.score is not None
    }
    by_question = {q.question: q for q in QuestionScore.objects.filter(summary=summary)}
    assert by_question[7].choice == 4  # the most common answer
    assert by_question[10].choice == 1 and by_question[10].spread == 0.0  # "Bilmiyorum" is not scored
    assert by_question[8].spread > 0


def test_a_consensus_rewrites_the_summary(answered_round, coordinator, run_tasks):
    services.close_round(answered_round)
    run_tasks()
    question = next(q for q in round_report(answered_round)["comparison"].questions if q.question.number == 7)
    lowest = question.question.scored_choices[0]
    services.record_consensus(answered_round, coordinator, {question.question.pk: (lowest.pk, "Birlikte karar verdik")})
    run_tasks()
    assert QuestionScore.objects.get(summary__round=answered_round, question=7).choice == 1
    assert RoundSummary.objects.count() == 1


def test_only_the_newest_summarised_round_counts_in_the_sector(answered_round, organization, coordinator, run_tasks):
    services.close_round(answered_round)
    newer = services.start_round(organization, coordinator, "2027")
    respondent(newer, "staff", {7: 1, 8: 1, 10: 1})
    services.close_round(newer)
    run_tasks()
    assert list(RoundSummary.objects.filter(latest=True).values_list("round", flat=True)) == [newer.pk]
    assert set(AreaScore.objects.filter(latest=True).values_list("summary__round", flat=True)) == {newer.pk}
    assert set(QuestionScore.objects.filter(latest=True).values_list("summary__round", flat=True)) == {newer.pk}


def test_a_round_nobody_answered_has_no_summary(round_, run_tasks):
    services.close_round(round_)
    run_tasks()
    assert not RoundSummary.objects.exists()
