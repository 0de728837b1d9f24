import pytest
from django.core.management import CommandError, call_command

from pusula.assessments.models import Answer, ConsensusAnswer, Round
from pusula.operator.models import AreaScore, QuestionScore, RoundSummary
from pusula.organizations.models import Organization
from pusula.plans.models import Action, ActionResource, Candidate

pytestmark = pytest.mark.django_db


def test_demo_makes_organizations_with_summaries_and_a_sample_with_answers(small_version, capsys):
    call_command("demo", organizations=30, seed=7, sample=4)
    assert Organization.objects.filter(slug__startswith="demo-7-").count() == 30
    closed = Round.objects.filter(closed_at__isnull=False)
    # Every closed round is summarised; the sample's from real answers, through the summary writer.
    assert RoundSummary.objects.count() == closed.count() > 0
    assert RoundSummary.objects.filter(latest=True).count() == closed.values("organization").distinct().count()
    assert Answer.objects.values("respondent__round__organization").distinct().count() == 4
    assert AreaScore.objects.count() >= RoundSummary.objects.count()
    assert QuestionScore.objects.count() == 3 * RoundSummary.objects.count()
    assert ConsensusAnswer.objects.count() % 3 == 0
    assert "30 organizations added" in capsys.readouterr().out
    # Plans for some of the sample's closed rounds: rated candidates, actions aimed at them, their resources.
    planned = Round.objects.filter(actions__isnull=False).distinct()
    assert planned.exists()
    assert all(r.closed_at and r.respondents.exists() for r in planned)
    for action in Action.objects.all():
        assert Candidate.objects.filter(round=action.round, question=action.question, importance__isnull=False).exists()
    assert ActionResource.objects.exists()


def test_the_same_seed_adds_nothing_the_second_time(small_version, capsys):
    call_command("demo", organizations=12, seed=3, sample=2, no_progress=True)
    before = (Organization.objects.count(), Round.objects.count(), RoundSummary.objects.count())
    call_command("demo", organizations=12, seed=3, sample=2, no_progress=True)
    assert (Organization.objects.count(), Round.objects.count(), RoundSummary.objects.count()) == before
    assert "0 organizations added (12 already there)" in capsys.readouterr().out
    call_command("demo", organizations=14, seed=3, sample=2, no_progress=True)
    assert Organization.objects.count() == 14  # only the two new ones


def test_demo_needs_content(db):
    with pytest.raises(CommandError, match="content"):
        call_command("demo", organizations=3)
