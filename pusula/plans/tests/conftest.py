import datetime

import pytest

from pusula.content.questionnaire import questionnaire_for
from pusula.plans import services


@pytest.fixture
def team_round(answered_round):
    """Four people answer; the organization's answers (most common, the lone anonymous answer withheld)
    are q7 level 1, q8 level 1 of 2, q10 level 2."""
    return answered_round


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
