import datetime

import pytest
from django.conf import settings

from conftest import load_folder
from pusula.content.questionnaire import questionnaire_for
from pusula.plans import services
from pusula.plans.charts import matrix_points, priority_matrix
from pusula.plans.models import Action, Candidate, Quadrant, quadrant_for
from pusula.plans.tests.conftest import question
from pusula.reports.tests.factories import answer

pytestmark = pytest.mark.django_db


def test_candidates_are_the_lowest_answers_and_the_widest_disagreements(team_round):
    candidates = services.candidates(team_round)
    by_number = {c.question.number: c for c in candidates}
    assert "lowest" in by_number[7].reasons and by_number[7].score == 0
    assert "lowest" in by_number[10].reasons and round(by_number[10].score) == 33
    # The lone anonymous answer is withheld, as in the report: q8's disclosed answers tie between its
    # two levels, and the tie goes to the less developed one.
    assert "lowest" in by_number[8].reasons and by_number[8].score == 0
    assert [c.question.number for c in candidates] == sorted(by_number, key=lambda n: [7, 8, 10].index(n))
    assert all("disagreement" in c.reasons for c in candidates if "lowest" not in c.reasons)


def test_a_one_person_round_has_candidates_too(round_):
    me = round_.respondents.get()
    me.role = "board_chair"
    me.save()
    answer(me, {7: 1, 8: 2, 10: 1})
    numbers = [c.question.number for c in services.candidates(round_)]
    assert numbers == [7, 10]


def test_an_added_question_joins_the_candidates_and_ratings_are_kept(team_round):
    q8 = question(team_round, 8)
    services.add_candidate(team_round, q8)
    services.save_ratings(team_round, {q8.pk: (5, 4), question(team_round, 7).pk: (None, None)})
    by_number = {c.question.number: c for c in services.candidates(team_round)}
    assert "added" in by_number[8].reasons
    assert (by_number[8].importance, by_number[8].feasibility) == (5, 4)
    assert by_number[8].quadrant == Quadrant.QUICK_WIN
    assert by_number[7].row is None  # an unrated suggestion leaves no row behind
    assert Candidate.objects.count() == 1


@pytest.mark.parametrize(
    ("importance", "feasibility", "quadrant"),
    [
        (5, 5, Quadrant.QUICK_WIN),
        (4, 1, Quadrant.MAJOR_PROJECT),
        (3, 5, Quadrant.SMALL_IMPROVEMENT),
        (3, 3, Quadrant.LATER),
        (None, 5, None),
    ],
)
def test_quadrants(importance, feasibility, quadrant):
    assert quadrant_for(importance, feasibility) == quadrant


def test_candidates_rated_alike_share_one_labelled_point(team_round):
    q7, q8, q10 = (question(team_round, n) for n in (7, 8, 10))
    services.add_candidate(team_round, q8)
    services.save_ratings(team_round, {q7.pk: (5, 2), q8.pk: (5, 2), q10.pk: (1, 5)})
    points = matrix_points(services.candidates(team_round))
    assert points == [
        {"value": (2, 5), "label": "S7, S8", "count": 2},
        {"value": (5, 1), "label": "S10", "count": 1},
    ]
    svg = priority_matrix(services.candidates(team_round))
    assert svg.startswith("data:image/svg+xml;base64,")


def test_a_crowded_point_names_four_and_counts_the_rest():
    class Q:
        def __init__(self, number):
            self.number = number

    candidates = [services.CandidateView(Q(n), None, row=Candidate(importance=2, feasibility=2)) for n in range(1, 8)]
    assert matrix_points(candidates)[0]["label"] == "S1, S2, S3, S4 +3"


def test_every_bundled_prescription_offers_a_next_step(db):
    questionnaire = questionnaire_for(load_folder(settings.PUSULA_CONTENT_DIR))
    scored = [c for c in questionnaire.choices.values() if c.is_scored]
    steps = [services.next_step(c.body) for c in scored]
    assert all(steps)
    assert all("](" not in step for step in steps)  # the step, not the resource paragraphs


def test_a_next_step_announcing_a_list_keeps_the_list():
    body = "Neden önemli.\n\n- bir\n- iki\n\nSürdürmek için:\n\n- ilk öneri\n- ikinci öneri\n\n[Kaynak](https://example.org) okuyun."
    assert services.next_step(body) == "Sürdürmek için:\n\n- ilk öneri\n- ikinci öneri"
    assert services.next_step("Tek paragraf.") is None


def test_overdue_and_due_actions(action, organization):
    assert action.is_overdue
    assert services.due_actions([organization]) == [action]
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE)
    assert services.due_actions([organization]) == []
    Action.objects.filter(pk=action.pk).update(
        status="planned", due_on=datetime.date.today() + datetime.timedelta(days=60)
    )
    assert services.due_actions([organization]) == []


def test_actions_carry_the_prescriptions_resources(action):
    (loaded,) = services.actions_of(action.round)
    assert loaded.target.number == 7
    assert [item.resource.slug for item in loaded.learning.all()] == [
        r.slug for r in services.candidate_for(action.round, loaded.target).resources
    ]
