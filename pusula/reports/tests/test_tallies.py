"""The database's counts of a round (reports.tallies) against the same round counted in memory.

The report reads a round through tallies.tallies; the privacy tests attack the in-memory path
(privacy.Tally.of). Both must give the very same report, after every kind of change a round goes
through, and the report's queries must not grow with the round.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pusula.assessments import services as assessment_services
from pusula.assessments.models import Answer, ConsensusAnswer, Respondent, Role
from pusula.privacy.services import erase_respondent
from pusula.reports import services, tallies
from pusula.reports.exports import report_data
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db

ROLES = [value for value, _label in Role.choices]
OPTIONS = {7: [0, 1, 2, 3, 4], 8: [0, 1, 2], 10: [0, 1, 2, 3, 4]}  # the small pack's questions and choices


def counted_in_memory(assessment_round):
    """The report as the privacy tests build it: every respondent and answer loaded and counted in Python."""
    answers = Answer.objects.filter(respondent__round=assessment_round).values_list(
        "respondent_id", "question_id", "choice_id"
    )
    return services.build_round_report(
        assessment_round,
        assessment_round.questionnaire,
        list(assessment_round.respondents.all()),
        list(answers),
        list(ConsensusAnswer.objects.filter(round=assessment_round)),
    )


def seen(context):
    """Everything a report shows, as data (the API's report and the named answers one by one)."""
    disclosure = context["comparison"].disclosure
    individuals = [
        (person.code, person.role, sorted((q, c.pk) for q, c in choices.items()))
        for person, choices in disclosure.individuals
    ]
    shown = {**report_data(context), "individuals": individuals, "withheld": disclosure.withheld_questions}
    return json.dumps(shown, sort_keys=True, default=str)


def assert_same_report(assessment_round):
    assessment_round.refresh_from_db()
    from_database = services.round_figures(assessment_round)
    assert seen(from_database) == seen(counted_in_memory(assessment_round))
    return from_database


def normalised(tally):
    """A Tally as plain counts: (role, anonymous, viewer) → people; (question, role, anonymous, choice) → n."""
    people = {}
    for cohort in tally.people:
        key = (cohort.role, cohort.anonymous, cohort.viewer)
        people[key] = people.get(key, 0) + cohort.count
    answers = {
        (question_pk, role, anonymous, choice.pk): n
        for question_pk, counts in tally.answers.items()
        for (role, anonymous, choice), n in counts.items()
    }
    return people, answers


people_of_a_round = st.lists(
    st.tuples(
        st.sampled_from(ROLES + [""]),  # "" : a person who never chose a role
        st.booleans(),  # anonymous
        st.fixed_dictionaries({}, optional={q: st.sampled_from(choices) for q, choices in OPTIONS.items()}),
    ),
    max_size=9,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people_of_a_round, threshold=st.sampled_from([2, 3]), named_visible=st.booleans())
def test_the_database_counts_a_round_as_the_gate_counts_it_in_memory(
    organization, coordinator, small_version, people, threshold, named_visible
):
    assessment_round = assessment_services.start_round(organization, coordinator, "Tur", named_answers_visible=True)
    assessment_round.anonymous_minimum, assessment_round.named_answers_visible = threshold, named_visible
    assessment_round.save()
    me = assessment_round.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2})
    for role, anonymous, numbers in people:
        person = respondent(assessment_round, role, {}, anonymous=anonymous)
        answer(person, numbers)

    from_database = tallies.tallies([assessment_round])[assessment_round.pk]
    answered = set(Answer.objects.filter(respondent__round=assessment_round).values_list("respondent_id", flat=True))
    expected = {}
    for person in Respondent.objects.filter(round=assessment_round, pk__in=answered).exclude(role=""):
        key = (person.role, person.anonymous, person.user_id is not None)
        expected[key] = expected.get(key, 0) + 1
    assert normalised(from_database)[0] == expected
    assert_same_report(assessment_round)


@pytest.fixture
def lively_round(answered_round):
    """The reports' answered round (Y01–Y04) with two volunteers (Y05, Y06) and two more anonymous staff
    (Y07, Y08): three different anonymous answers to question 7, so they are released."""
    respondent(answered_round, "volunteer", {7: 3, 8: 2, 10: 2})
    respondent(answered_round, "volunteer", {7: 2, 8: 0, 10: 1})
    respondent(answered_round, "staff", {7: 4, 8: 2, 10: 4}, anonymous=True)
    respondent(answered_round, "staff", {7: 3, 8: 1, 10: 1}, anonymous=True)
    return answered_round


def question_7(context):
    return next(q for q in context["comparison"].questions if q.question.number == 7)


def test_the_report_follows_an_answer_saved_again(lively_round):
    before = question_7(assert_same_report(lively_round))
    someone = lively_round.respondents.get(number=2)
    answer(someone, {7: 4})
    after = question_7(assert_same_report(lively_round))
    assert before.levels[1] - 1 == after.levels[1] and before.levels[4] + 1 == after.levels[4]


def test_the_report_follows_an_erasure(lively_round):
    before = assert_same_report(lively_round)
    erase_respondent(lively_round.respondents.get(number=5))
    after = assert_same_report(lively_round)
    assert after["comparison"].people == before["comparison"].people - 1
    assert question_7(after).levels[3] == question_7(before).levels[3] - 1


def test_the_report_follows_an_anonymous_person_erased_until_their_pool_is_too_small(lively_round):
    assert question_7(assert_same_report(lively_round)).anonymous_withheld == 0
    anonymous = lively_round.respondents.filter(anonymous=True).first()
    erase_respondent(anonymous)
    after = question_7(assert_same_report(lively_round))
    assert after.anonymous_withheld == 2  # two anonymous answers are fewer than the round's three


def test_the_report_follows_role_and_anonymity_changes(lively_round):
    before = assert_same_report(lively_round).pop("comparison").disclosure
    Respondent.objects.filter(round=lively_round, number=2).update(role="volunteer")
    Respondent.objects.filter(round=lively_round, number=4).update(anonymous=True)
    after = assert_same_report(lively_round).pop("comparison").disclosure
    assert after.anonymous_people == before.anonymous_people + 1
    assert [g.key for g in before.groups] != [g.key for g in after.groups]


def test_the_report_follows_consensus_and_deletion(lively_round):
    question = next(q for q in lively_round.questionnaire.questions.values() if q.number == 7)
    ConsensusAnswer.objects.create(
        round=lively_round, question_id=question.pk, choice=next(c for c in question.options if c.number == 4)
    )
    context = assert_same_report(lively_round)
    assert question_7(context).consensus is not None
    Answer.objects.filter(respondent__round=lively_round, respondent__number=3).delete()
    Respondent.objects.filter(round=lively_round, number=2).delete()
    assert_same_report(lively_round)


def test_a_round_counts_only_its_own_answers(lively_round, organization, coordinator):
    other = assessment_services.start_round(organization, coordinator, "Başka tur")
    me = other.respondents.get()
    me.role = "staff"
    me.save()
    answer(me, {7: 4, 8: 2, 10: 4})
    counted = tallies.tallies([lively_round, other])
    people, answers = normalised(counted[other.pk])
    assert people == {("staff", False, True): 1} and sum(answers.values()) == 3
    assert normalised(counted[lively_round.pk]) == normalised(tallies.tallies([lively_round])[lively_round.pk])


def _grow(assessment_round, count):
    """Adds `count` people in every role, a third of them anonymous, answering every question."""
    for i in range(count):
        respondent(
            assessment_round,
            ROLES[1 + i % (len(ROLES) - 1)],
            {7: i % 5, 8: i % 3, 10: 1 + i % 4},
            anonymous=i % 3 == 0,
        )


@pytest.mark.parametrize("named_visible", [False, True])
def test_the_report_page_makes_the_same_queries_for_2_and_for_60_respondents(
    client, organization, coordinator, small_version, named_visible
):
    """Two organizations' second rounds (so the trends are read too): one of 2 people, one of 60."""
    from pusula.organizations.models import Membership, Organization

    def second_round(org, people):
        first = assessment_services.start_round(org, coordinator, "İlk tur", named_answers_visible=named_visible)
        _grow(first, people)
        second = assessment_services.start_round(org, coordinator, "İkinci tur", named_answers_visible=named_visible)
        second.previous_round = first
        second.save()
        _grow(second, people)
        return second

    other = Organization.objects.create(name="Büyük Federasyon", kind="dernek", city="Van", field_of_work="women")
    Membership.objects.create(user=coordinator, organization=other)
    small, large = second_round(organization, 2), second_round(other, 60)
    client.force_login(coordinator)

    def queries(assessment_round):
        url = f"/o/{assessment_round.organization.slug}/rounds/{assessment_round.pk}/report/"
        client.get(url)  # the per-process caches (content) warmed
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    small_queries, large_queries = queries(small), queries(large)
    assert len(small_queries) == len(large_queries)
    assert services.round_report(large)["comparison"].people == 60
