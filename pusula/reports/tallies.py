"""A round's answers counted by the database, for the privacy gate (privacy.Tally).

A report needs, per question, how many people of each role, named or anonymous, chose each answer,
and how many people of each role answered at all; never who. The database counts them at every
request (nothing is stored, so nothing can go stale after a save, an erasure, a role change or a
deletion), and the rows it returns are bounded by the questionnaire and the roles, not by the number
of people: a round of 500 costs the report what a round of 5 does, in the same queries.
"""

from collections import Counter, defaultdict

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

from pusula.assessments.models import Answer, ConsensusAnswer, Respondent
from pusula.reports.privacy import Cohort, Person, Policy, Tally
from pusula.reports.scoring import compare_tally


def tallies(rounds):
    """round pk → Tally of each round, with the answers its questionnaire asks: two queries whatever the
    number of rounds and people, a third when a round shows named people's answers one by one."""
    rounds = list(rounds)
    if not rounds:
        return {}
    questionnaires = {r.pk: r.questionnaire for r in rounds}
    # Answering people: a role and at least one answer to a question the round asks.
    rounds_by_choices = defaultdict(list)
    for r in rounds:
        rounds_by_choices[frozenset(questionnaires[r.pk].choices)].append(r.pk)
    answered = Q()
    for choices, round_pks in rounds_by_choices.items():
        asked = Answer.objects.filter(respondent=OuterRef("pk"), choice_id__in=choices)
        answered |= Q(round_id__in=round_pks) & Exists(asked)
    people = defaultdict(list)
    for round_pk, role, anonymous, viewer, n in (
        Respondent.objects.filter(answered)
        .exclude(role="")
        .annotate(viewer=ExpressionWrapper(Q(user__isnull=False), output_field=BooleanField()))
        .values_list("round_id", "role", "anonymous", "viewer")
        .annotate(n=Count("pk"))
        .order_by("round_id", "role", "anonymous", "viewer")
    ):
        people[round_pk].append(Cohort(role, anonymous, viewer, n))

    answers = defaultdict(dict)
    for round_pk, question_pk, choice_pk, role, anonymous, n in (
        Answer.objects.filter(respondent__round__in=[r.pk for r in rounds])
        .exclude(respondent__role="")
        .values_list("respondent__round_id", "question_id", "choice_id", "respondent__role", "respondent__anonymous")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        choice = questionnaires[round_pk].choices.get(choice_pk)
        if choice is not None:
            answers[round_pk].setdefault(question_pk, Counter())[(role, anonymous, choice)] += n

    named = _named_answers([r for r in rounds if r.named_answers_visible], questionnaires)
    return {r.pk: Tally(people=people[r.pk], answers=answers[r.pk], named=named.get(r.pk, [])) for r in rounds}


def _named_answers(rounds, questionnaires):
    """round pk → [(Person, {question pk: choice})] of its named answering people, by number."""
    if not rounds:
        return {}
    by_person = {}
    rows = (
        Answer.objects.filter(respondent__round__in=[r.pk for r in rounds], respondent__anonymous=False)
        .exclude(respondent__role="")
        .select_related("respondent")
        .only(
            "question_id",
            "choice_id",
            *(f"respondent__{name}" for name in ("round", "number", "role", "anonymous", "user")),
        )
        .order_by("respondent__number", "pk")
    )
    for answer in rows:
        respondent = answer.respondent
        choice = questionnaires[respondent.round_id].choices.get(answer.choice_id)
        if choice is not None:
            person = by_person.setdefault(respondent.pk, (respondent.round_id, Person.of(respondent), {}))
            person[2][answer.question_id] = choice
    named = defaultdict(list)
    for round_pk, person, choices in by_person.values():
        named[round_pk].append((person, choices))
    return named


def comparison(assessment_round, consensus=None):
    """(questionnaire, RoundComparison) of a round under its privacy policy, from the database's counts."""
    if consensus is None:
        consensus = list(ConsensusAnswer.objects.filter(round=assessment_round))
    questionnaire = assessment_round.questionnaire
    tally = tallies([assessment_round])[assessment_round.pk]
    return questionnaire, compare_tally(questionnaire, tally, consensus, Policy.of(assessment_round))
