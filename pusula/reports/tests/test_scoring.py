import pytest

from pusula.content.questionnaire import questionnaire_for
from pusula.reports.privacy import Policy
from pusula.reports.scoring import area_results, choice_score, compare_round, organization_choices, stage_for
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db


def choice(version, question_number, choice_number):
    questionnaire = questionnaire_for(version)
    question = next(q for q in questionnaire.questions.values() if q.number == question_number)
    return next(c for c in question.options if c.number == choice_number)


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
    round_.named_answers_visible = True  # the round told people their own answers are visible
    respondent(round_, "staff", {7: 1, 8: 1, 10: 1})
    respondent(round_, "staff", {7: 2, 8: 1, 10: 1})
    respondent(round_, "board_member", {7: 4, 8: 2, 10: 1})
    comparison = _compare(round_)
    assert [g.key for g in comparison.groups] == ["staff", "board_member"]
    planning = comparison.areas[0]
    assert [(g.key, m) for g, m in planning.group_means] == [("staff", 8.3), ("board_member", 100.0)]
    top = comparison.disagreements()
    assert [item.question.number for item in top] == [7, 8]  # 7: levels 1 to 4; 8: 1 to 2; 10: all agreed
    assert top[0].level_gap == 3 and top[0].words == "1 kişi 1. düzey, 1 kişi 2. düzey, 1 kişi 4. düzey dedi"


def test_a_role_with_one_unknown_person_is_never_a_column_of_its_own(round_):
    respondent(round_, "staff", {7: 1, 8: 1, 10: 1})
    respondent(round_, "staff", {7: 2, 8: 1, 10: 1})
    respondent(round_, "board_member", {7: 4, 8: 2, 10: 1})
    comparison = _compare(round_)
    # The board member alone would be a column; grouped, "Yönetim" still holds only them.
    assert comparison.groups == []
    assert comparison.disclosure.not_compared == "single_out"


def test_small_roles_are_grouped_when_groups_are_large_enough(round_):
    for role in ("staff", "volunteer", "board_member", "board_chair"):
        respondent(round_, role, {7: 1 if role in ("staff", "volunteer") else 4})
    comparison = _compare(round_)
    assert comparison.disclosure.grouping == "group"
    assert [(g.key, g.members) for g in comparison.groups] == [("management", 2), ("team", 2)]
    assert [m for _g, m in comparison.areas[0].group_means] == [100.0, 0.0]


def test_one_person_per_role_with_an_anonymous_volunteer(round_):
    """The issue's association: a coordinator, two named colleagues, one anonymous volunteer."""
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2})
    respondent(round_, "staff", {7: 1})
    respondent(round_, "board_member", {7: 3})
    respondent(round_, "volunteer", {7: 4}, anonymous=True)
    comparison = _compare(round_)
    assert comparison.groups == [] and comparison.disclosure.not_compared == "single_out"
    q7 = comparison.questions[0]
    assert sorted(q7.levels.elements()) == [1, 2, 3]  # the anonymous answer is in no figure
    assert q7.anonymous_withheld == 1
    assert comparison.disclosure.anonymous_needed == 2


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
        for pk, (c, source) in organization_choices(questionnaire, comparison.questions).items()
    }
    planning, participation = comparison.areas
    assert (
        participation.score == 66.7 and participation.source == "1 sorunun tamamı uzlaşı toplantısında kararlaştırıldı."
    )
    assert planning.score == 0.0 and planning.source == "1 soru en çok seçilen yanıttan, 1 soru yanıtsız."
    assert chosen[10] == (3, "consensus")
    assert chosen[7] == (1, "most_common")
    assert 8 not in chosen


def test_respondent_answers_only_count_in_their_own_round(round_, organization, coordinator):
    from pusula.assessments.services import start_round

    other_round = start_round(organization, coordinator, "başka")
    answer(other_round.respondents.get(), {7: 4})
    respondent(round_, "staff", {7: 1})
    assert _compare(round_).areas[0].answers_mean == 0.0


def _compare(round_):
    return compare_round(
        questionnaire_for(round_.version), round_.respondents.all(), _answers(round_), policy=Policy.of(round_)
    )


def _answers(round_):
    from pusula.assessments.models import Answer

    return Answer.objects.filter(respondent__round=round_).values_list("respondent_id", "question_id", "choice_id")
