"""The privacy gate, tested as an attacker would use it.

The viewer is the coordinator: they know their own answers and, in the worst case, every named
person's answers and everyone's role. For random rounds (Hypothesis) everything the report's context
yields is observed — the page and the PDF's HTML as rendered, the API report, every export table —
and no anonymous answer may be pinned down by it (tests/attacker.py). The issue's scenarios are then
replayed through HTTP in test_privacy_http.py.
"""

import base64
import json
import re
from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pusula.assessments.models import Respondent, Role
from pusula.content.questionnaire import questionnaire_for
from pusula.reports.exports import report_data, tables
from pusula.reports.privacy import Person, Policy, choose_groups, disclose, is_safe_pool
from pusula.reports.services import build_round_report
from pusula.reports.tests.attacker import determined

pytestmark = pytest.mark.django_db

ROLES = [value for value, _label in Role.choices]
OPTIONS = {7: [0, 1, 2, 3, 4], 8: [0, 1, 2], 10: [0, 1, 2, 3, 4]}  # the small pack's questions and choices
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATA_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


def readable(html):
    """Charts decoded (their values are in the SVG), pygal's random ids removed."""
    html = DATA_URI.sub(lambda m: base64.b64decode(m.group(1)).decode(), html)
    return UUID.sub("ID", html)


class Round:
    """An in-memory round: people (role, anonymous) and the viewer; answers come with each assignment."""

    def __init__(self, assessment_round, coordinator, people, policy):
        self.round = assessment_round
        self.round.anonymous_minimum, self.round.named_answers_visible = policy.threshold, policy.named_visible
        self.questionnaire = questionnaire_for(assessment_round.version)
        self.by_number = {q.number: q for q in self.questionnaire.questions.values()}
        self.respondents = [
            Respondent(
                pk=1000 + index,
                number=index + 1,
                round=assessment_round,
                role=role,
                anonymous=anonymous,
                user_id=coordinator.pk if index == 0 else None,
            )
            for index, (role, anonymous) in enumerate(people)
        ]
        self.seen = {}

    def choice_pk(self, question_number, choice_number):
        question = self.by_number[question_number]
        return next(c.pk for c in question.scored_choices + [question.dont_know] if c.number == choice_number)

    def context(self, assignment):
        answers = [
            (1000 + person, self.by_number[question].pk, self.choice_pk(question, number))
            for (person, question), number in assignment.items()
        ]
        context = build_round_report(self.round, self.questionnaire, self.respondents, answers, [])
        context["generated_at"] = datetime(2026, 5, 1, tzinfo=UTC)
        return context

    def observe(self, assignment):
        """Everything the coordinator gets from the report: page, PDF's HTML, API report, export tables."""
        key = frozenset(assignment.items())
        if key not in self.seen:
            context = self.context(assignment)
            page = render_to_string("reports/round_report.html", {**context, "base_template": "base.html"})
            pdf = render_to_string(
                "reports/round_report.html", {**context, "pdf": True, "base_template": "reports/print_base.html"}
            )
            self.seen[key] = (
                readable(page),
                readable(pdf),
                json.dumps(report_data(context), sort_keys=True, default=str),
                repr(tables(context)),
            )
        return self.seen[key]


answers_of_one = st.fixed_dictionaries({}, optional={q: st.sampled_from(choices) for q, choices in OPTIONS.items()})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    coordinator_role=st.sampled_from(ROLES),
    coordinator_answers=answers_of_one,
    named=st.lists(st.tuples(st.sampled_from(ROLES), answers_of_one), max_size=4),
    anonymous=st.lists(st.tuples(st.sampled_from(ROLES), answers_of_one), min_size=1, max_size=5),
    threshold=st.sampled_from([2, 3]),
    named_visible=st.booleans(),
)
def test_no_figure_pins_down_an_anonymous_answer(
    round_, coordinator, coordinator_role, coordinator_answers, named, anonymous, threshold, named_visible
):
    people = [(coordinator_role, False)] + [(r, False) for r, _a in named] + [(r, True) for r, _a in anonymous]
    all_answers = [coordinator_answers] + [a for _r, a in named] + [a for _r, a in anonymous]
    assignment = {(person, q): n for person, answers in enumerate(all_answers) for q, n in answers.items()}
    first_anonymous = 1 + len(named)
    anonymous_keys = [key for key in assignment if key[0] >= first_anonymous]
    attacked = Round(round_, coordinator, people, Policy(threshold, named_visible))
    assert determined(attacked.observe, assignment, anonymous_keys, OPTIONS) == []


def test_the_attacker_finds_an_answer_a_leaky_figure_gives_away(round_, coordinator):
    """The check itself can fail: a per-question total over everyone pins down a lone anonymous answer."""
    attacked = Round(round_, coordinator, [("staff", False), ("volunteer", True)], Policy())

    def leaky(assignment):
        return sum(assignment.values())

    assignment = {(0, 7): 2, (1, 7): 3}
    assert determined(leaky, assignment, [(1, 7)], OPTIONS) == [(1, 7)]
    assert determined(attacked.observe, assignment, [(1, 7)], OPTIONS) == []


def test_a_lone_anonymous_answer_is_in_no_figure(round_, coordinator):
    """Scenario (b): totals minus the named people's answers would leave exactly the anonymous one."""
    attacked = Round(
        round_,
        coordinator,
        [("manager", False), ("staff", False), ("board_member", False), ("volunteer", True)],
        Policy(),
    )
    assignment = {(0, 7): 2, (1, 7): 1, (2, 7): 3, (3, 7): 4}
    context = attacked.context(assignment)
    q7 = context["comparison"].questions[0]
    assert sorted(q7.levels.elements()) == [1, 2, 3]
    assert q7.anonymous_withheld == 1
    assert "4. düzey" not in q7.words


def test_three_different_anonymous_answers_enter_the_totals_but_not_a_role_column(round_, coordinator):
    people = [("staff", False), ("staff", False), ("volunteer", False)]
    people += [("volunteer", True), ("volunteer", True), ("staff", True)]
    attacked = Round(round_, coordinator, people, Policy(threshold=3, named_visible=True))
    assignment = {(0, 7): 1, (1, 7): 1, (2, 7): 2, (3, 7): 3, (4, 7): 4, (5, 7): 4}
    context = attacked.context(assignment)
    q7 = context["comparison"].questions[0]
    assert sorted(q7.levels.elements()) == [1, 1, 2, 3, 4, 4]  # all six: the anonymous pool is safe
    assert [g.key for g in context["comparison"].groups] == ["staff", "volunteer"]
    assert sorted(q7.by_role["staff"].elements()) == [1, 1]  # a lone anonymous staff member stays out
    assert sorted(q7.by_role["volunteer"].elements()) == [2]  # two anonymous volunteers are fewer than three
    assert determined(attacked.observe, assignment, [(3, 7), (4, 7), (5, 7)], OPTIONS) == []


def test_identical_anonymous_answers_are_withheld_whatever_their_number(round_, coordinator):
    """Three anonymous people who all chose 2: the total would say so of each of them."""
    attacked = Round(round_, coordinator, [("staff", False)] + [("volunteer", True)] * 3, Policy())
    assignment = {(0, 7): 1, (1, 7): 2, (2, 7): 2, (3, 7): 2}
    q7 = attacked.context(assignment)["comparison"].questions[0]
    assert sorted(q7.levels.elements()) == [1] and q7.anonymous_withheld == 3
    assert determined(attacked.observe, assignment, [(1, 7), (2, 7), (3, 7)], OPTIONS) == []


@given(
    people=st.lists(st.tuples(st.sampled_from(ROLES), st.booleans(), st.booleans()), min_size=1, max_size=12),
    named_visible=st.booleans(),
)
def test_no_group_column_holds_exactly_one_person_the_viewer_does_not_know(people, named_visible):
    persons = [
        Person(i, role, anonymous, viewer=viewer and not anonymous)
        for i, (role, anonymous, viewer) in enumerate(people)
    ]
    _grouping, groups, _reason = choose_groups(persons, Policy(named_visible=named_visible))
    for group in groups:
        unknown = [p for p in persons if p.role in group.roles and not p.anonymous and not p.viewer]
        assert named_visible or len(unknown) != 1
        assert any(p.role in group.roles and not p.anonymous for p in persons)
    assert len(groups) != 1


def test_individual_answers_leave_the_gate_only_for_named_people_in_a_round_that_allows_it():
    class C:
        def __init__(self, number):
            self.number = number

    people = [Person(1, "staff", False, code="Y01"), Person(2, "staff", True, code="Y02")]
    answers = {1: {7: C(1)}, 2: {7: C(2)}}
    assert disclose([7], people, answers, Policy(named_visible=False)).individuals == []
    shown = disclose([7], people, answers, Policy(named_visible=True)).individuals
    assert [p.code for p, _answers in shown] == ["Y01"]


def test_a_safe_pool_needs_the_threshold_and_two_different_answers():
    class C:
        def __init__(self, number):
            self.number = number

    assert not is_safe_pool([C(1), C(2)], 3)
    assert not is_safe_pool([C(2), C(2), C(2)], 3)
    assert is_safe_pool([C(2), C(2), C(3)], 3)


def test_anonymous_answers_never_enter_a_role_column_even_as_a_safe_pool(round_, coordinator):
    """Two anonymous staff (a safe pool at threshold 2) and one anonymous volunteer: showing the staff
    pool in the staff column would let the total minus the columns give away the volunteer's answer."""
    people = [("staff", False), ("staff", False), ("volunteer", False)]
    people += [("staff", True), ("staff", True), ("volunteer", True)]
    attacked = Round(round_, coordinator, people, Policy(threshold=2, named_visible=True))
    assignment = {(0, 7): 1, (1, 7): 1, (2, 7): 1, (3, 7): 1, (4, 7): 2, (5, 7): 3}
    q7 = attacked.context(assignment)["comparison"].questions[0]
    assert sorted(q7.levels.elements()) == [1, 1, 1, 1, 2, 3]
    assert sorted(q7.by_role["staff"].elements()) == [1, 1]
    assert determined(attacked.observe, assignment, [(3, 7), (4, 7), (5, 7)], OPTIONS) == []


def test_hypothesis_counterexample_two_alike_anonymous_volunteers(round_, coordinator):
    """Found by the random test against an earlier rule that let a group's own safe pool into its column:
    the volunteers' pool left out meant "the two anonymous volunteers answered alike", and with the
    total that pinned down three answers."""
    people = [("staff", False), ("staff", False), ("volunteer", False), ("board_chair", False)]
    people += [
        ("volunteer", True),
        ("manager", True),
        ("volunteer", True),
        ("board_chair", True),
        ("board_chair", True),
    ]
    attacked = Round(round_, coordinator, people, Policy(threshold=2, named_visible=True))
    assignment = {(0, 7): 0, (1, 7): 1, (2, 7): 2, (4, 7): 1, (5, 7): 2, (6, 7): 1, (7, 7): 0, (8, 7): 2}
    assert determined(attacked.observe, assignment, [(p, 7) for p in range(4, 9)], OPTIONS) == []


def test_every_role_belongs_to_exactly_one_group_of_every_grouping():
    from pusula.reports.privacy import LEADERSHIP, ROLE_GROUPS

    for partition in (ROLE_GROUPS, LEADERSHIP):
        grouped = [role for _key, _label, roles in partition for role in roles]
        assert sorted(grouped) == sorted(Role.values)


def test_the_coordinators_answers_count_with_management_when_roles_are_grouped():
    """A lone volunteer forces grouping; the coordinator (role "coordinator") is one of management."""
    people = [Person(1, "coordinator", False, viewer=True), Person(2, "manager", False), Person(3, "manager", False)]
    people += [Person(4, "staff", False), Person(5, "staff", False), Person(6, "volunteer", False)]
    grouping, groups, _reason = choose_groups(people, Policy())
    assert grouping == "group"
    assert [(g.key, g.members) for g in groups] == [("management", 3), ("team", 3)]
