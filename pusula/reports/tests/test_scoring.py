import pytest

from pusula.content.questionnaire import questionnaire_for
from pusula.reports.scoring import area_results, choice_score, compare_round, organization_choices, stage_for
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db


def choice(version, question_number, choice_number):
    questionnaire = questionnaire_for(version)
    question = next(q for q in questionnaire.questions.values() if q.number == question_number)
    return next(c for c in question.scored_choices + [question.dont_know] if c.number == choice_number)


def test_question_score_is_level_minus_one_over_choices_minus_one(small_version):
    assert [choice_score(choice(small_version, 7, n)) for n in (1, 2, 3, 4)] == [0.0, 33.3, 66.7, 100.0]
    assert [choice_score(choice(small_version, 8, n)) for n in (1, 2)] == [0.0, 100.0]
    assert choice_score(choice(small_version, 8, 0)) is None


def test_stages_cover_the_whole_range():
    assert [str(stage_for(s)) for s in (0, 24.9, 25, 50, 74.9, 75, 100)] == [
        "Başlangıç", "Başlangıç", "Gelişme", "Yerleşme", "Yerleşme", "Olgunluk", "Olgunluk",
    ]  # fmt: skip
    assert stage_for(None) is None


def test_area_score_averages_levels_and_excludes_bilmiyorum(small_version):
    questionnaire = questionnaire_for(small_version)
    q = {q.number: q for q in questionnaire.questions.values()}
    results = area_results(questionnaire, {q[7].pk: choice(small_version, 7, 3), q[8].pk: choice(small_version, 8, 0)})
    planning = results[0]
    assert (planning.score, planning.answered, planning.dont_know) == (66.7, 1, 1)
    assert results[1].score is None  # nothing answered in the second area


def test_resources_are_deduplicated_and_grouped_under_the_first_area(small_version):
    questionnaire = questionnaire_for(small_version)
    q = {q.number: q for q in questionnaire.questions.values()}
    results = area_results(
        questionnaire, {q[7].pk: choice(small_version, 7, 1), q[10].pk: choice(small_version, 10, 3)}
    )
    planning, participation = (r.resources for r in results)
    assert [r.slug for r in planning] == ["herkes-plan-sever-plan-lover-organisations"]
    # The seed links six catalogue resources through its text; each appears once.
    slugs = [r.slug for r in participation]
    assert len(slugs) == len(set(slugs)) == 6
    assert "stok-104" in slugs and "stok-500" in slugs


def test_round_comparison_by_role_and_disagreements(round_):
    respondent(round_, "staff", {7: 1, 8: 1, 10: 1})
    respondent(round_, "staff", {7: 2, 8: 1, 10: 1})
    respondent(round_, "board_member", {7: 4, 8: 2, 10: 1})
    comparison = compare_round(questionnaire_for(round_.version), round_.respondents.all(), _answers(round_))
    assert [role for role, _label, _n in comparison.shown_roles] == ["staff", "board_member"]
    planning = comparison.areas[0]
    assert planning["by_role"] == {"staff": 8.3, "board_member": 100.0}
    top = comparison.disagreements()
    assert top[0].question.number in (7, 8)
    assert all(item.question.number != 10 for item in top)  # everyone agreed on 10


def test_small_roles_are_hidden_when_anyone_is_anonymous(round_):
    respondent(round_, "staff", {7: 1})
    respondent(round_, "staff", {7: 2}, anonymous=True)
    respondent(round_, "board_chair", {7: 4})
    comparison = compare_round(questionnaire_for(round_.version), round_.respondents.all(), _answers(round_))
    assert [role for role, _label, _n in comparison.shown_roles] == ["staff"]
    assert comparison.hidden_roles == 1
    assert comparison.areas[0]["mean"] == 44.4  # the chair still counts in the overall figures
    assert "board_chair" not in comparison.areas[0]["by_role"]


def test_consensus_drives_the_organization_answer_else_the_most_common_lower_on_ties(round_):
    from pusula.assessments.models import ConsensusAnswer

    respondent(round_, "staff", {7: 1, 10: 2})
    respondent(round_, "staff", {7: 3, 10: 4})
    questionnaire = questionnaire_for(round_.version)
    q10 = next(q for q in questionnaire.questions.values() if q.number == 10)
    ConsensusAnswer.objects.create(round=round_, question=q10, choice=choice(round_.version, 10, 3), note="Birlikte")
    comparison = compare_round(questionnaire, round_.respondents.all(), _answers(round_), ConsensusAnswer.objects.all())
    chosen = {
        questionnaire.questions[pk].number: (c.number, source)
        for pk, (c, source) in organization_choices(questionnaire, comparison).items()
    }
    assert chosen[10] == (3, "consensus")
    assert chosen[7] == (1, "most_common")
    assert 8 not in chosen


def test_respondent_answers_only_count_in_their_own_round(round_, organization, coordinator):
    from pusula.assessments.services import start_round

    other_round = start_round(organization, coordinator, "başka")
    answer(other_round.respondents.get(), {7: 4})
    respondent(round_, "staff", {7: 1})
    comparison = compare_round(questionnaire_for(round_.version), round_.respondents.all(), _answers(round_))
    assert comparison.areas[0]["mean"] == 0.0


def _answers(round_):
    from pusula.assessments.models import Answer

    return Answer.objects.filter(respondent__round=round_).values_list("respondent_id", "question_id", "choice_id")
