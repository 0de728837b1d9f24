import datetime

import pytest

from pusula.content.questionnaire import questionnaire_for
from pusula.plans import services
from pusula.reports.tests.factories import answer, respondent


@pytest.fixture
def team_round(round_):
    """Four people answer; the organization's answers (most common, the lone anonymous answer withheld)
    are q7 level 1, q8 level 1 of 2, q10 level 2."""
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 0, 10: 3})
    respondent(round_, "staff", {7: 1, 8: 1, 10: 2})
    respondent(round_, "staff", {7: 1, 8: 2, 10: 2}, anonymous=True)
    respondent(round_, "board_member", {7: 4, 8: 2, 10: 4})
    return round_


def question(round_, number):
    return next(q for q in questionnaire_for(round_.version).questions.values() if q.number == number)


@pytest.fixture
def action(team_round, coordinator):
    """One planned action on question 7, due yesterday, with the prescription's resources linked."""
    target = question(team_round, 7)
    candidate = services.candidate_for(team_round, target)
    return services.create_action(
        team_round,
        target,
        coordinator,
        {
            "title": "Yıllık planı ekipçe hazırlamak",
            "responsible": "Ayşe",
            "due_on": datetime.date.today() - datetime.timedelta(days=1),
        },
        candidate.resources,
    )
