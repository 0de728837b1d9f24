"""Candidates, the prioritisation matrix and the plan, read from a round's report in a few queries."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from pusula.plans.models import Action, ActionResource, Candidate, ProgressEntry, quadrant_for
from pusula.reports import tallies
from pusula.reports.scoring import choice_score, organization_choices

LOWEST_LIMIT = 5
DISAGREEMENT_LIMIT = 5
DUE_SOON_DAYS = 14


def organization_answers(round):
    """(questionnaire, comparison, question pk → (choice, source)): the organization's answers in a round,
    from what the round's privacy policy discloses, as its report shows them."""
    questionnaire, comparison = tallies.comparison(round)
    return questionnaire, comparison, organization_choices(questionnaire, comparison.questions)


_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")


def next_step(body):
    """The prescription's "next step" paragraph: the last plain paragraph before the resource links.

    Prescriptions follow one order (why, what it looks like, the next step, learning resources, further
    reading), so the step is the prose just before the first paragraph with a link. None when the text
    does not follow that order; the page then shows the whole prescription.
    """
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body or "") if b.strip()]
    first_link = next((i for i, b in enumerate(blocks) if "](" in b), len(blocks))
    prose = [i for i, b in enumerate(blocks[:first_link]) if not _LIST_ITEM.match(b) and not b.startswith("#")]
    if len(prose) < 2:
        return None
    start = end = prose[-1]
    if blocks[start].endswith(":"):  # "Sürdürmek için:" announces the list that follows
        while end + 1 < first_link and _LIST_ITEM.match(blocks[end + 1]):
            end += 1
    return "\n\n".join(blocks[start : end + 1])


@dataclass
class CandidateView:
    question: object
    choice: object  # the organization's answer, or None
    reasons: list = field(default_factory=list)  # "lowest", "disagreement", "added"
    row: Candidate | None = None
    resources: list = field(default_factory=list)

    @property
    def score(self):
        return choice_score(self.choice) if self.choice is not None else None

    @property
    def importance(self):
        return self.row.importance if self.row else None

    @property
    def feasibility(self):
        return self.row.feasibility if self.row else None

    @property
    def quadrant(self):
        return quadrant_for(self.importance, self.feasibility)

    @property
    def next_step(self):
        return next_step(self.choice.body) if self.choice is not None else None


def candidates(round):
    """The round's improvement candidates, in content order.

    Suggested: the questions where the organization's answer is lowest (up to five, lowest first) and
    those where its people disagree most (the report's own list, so nothing shows here that the report
    does not show). Then any question the coordinator added or rated.
    """
    questionnaire, comparison, chosen = organization_answers(round)
    scored = [
        (choice_score(choice), question_pk)
        for question_pk, (choice, _source) in chosen.items()
        if choice.is_scored and choice_score(choice) < 100
    ]
    order = {q.pk: (q.area.order, q.position) for q in questionnaire.questions.values()}
    scored.sort(key=lambda item: (item[0], order[item[1]]))
    reasons = {}
    for _score, question_pk in scored[:LOWEST_LIMIT]:
        reasons.setdefault(question_pk, []).append("lowest")
    for item in comparison.disagreements(limit=DISAGREEMENT_LIMIT):
        reasons.setdefault(item.question.pk, []).append("disagreement")
    rows = {row.question_id: row for row in Candidate.objects.filter(round=round)}
    for question_pk, row in rows.items():
        if row.source == Candidate.Source.ADDED:
            reasons.setdefault(question_pk, []).append("added")
        else:
            reasons.setdefault(question_pk, [])
    views = []
    for question_pk in sorted(reasons, key=order.__getitem__):
        choice = chosen.get(question_pk, (None, None))[0]
        views.append(
            CandidateView(
                question=questionnaire.questions[question_pk],
                choice=choice,
                reasons=reasons[question_pk],
                row=rows.get(question_pk),
                resources=questionnaire.resources_of(choice) if choice is not None else [],
            )
        )
    return views


def candidate_for(round, question):
    """Any question of the round seen as a candidate: the organization's answer and its resources."""
    questionnaire, _comparison, chosen = organization_answers(round)
    choice = chosen.get(question.pk, (None, None))[0]
    return CandidateView(
        question=question,
        choice=choice,
        row=Candidate.objects.filter(round=round, question=question).first(),
        resources=questionnaire.resources_of(choice) if choice is not None else [],
    )


@transaction.atomic
def save_ratings(round, ratings):
    """ratings: question pk → (importance or None, feasibility or None)."""
    existing = {row.question_id: row for row in Candidate.objects.select_for_update().filter(round=round)}
    for question_pk, (importance, feasibility) in ratings.items():
        row = existing.get(question_pk)
        if row is None:
            if importance is None and feasibility is None:
                continue
            Candidate.objects.create(
                round=round, question_id=question_pk, importance=importance, feasibility=feasibility
            )
        elif (row.importance, row.feasibility) != (importance, feasibility):
            row.importance, row.feasibility = importance, feasibility
            row.save(update_fields=["importance", "feasibility", "updated_at"])


def add_candidate(round, question):
    row, created = Candidate.objects.get_or_create(
        round=round, question=question, defaults={"source": Candidate.Source.ADDED}
    )
    return row


def _with_details(actions):
    return actions.prefetch_related(
        Prefetch("learning", queryset=ActionResource.objects.select_related("resource")),
        Prefetch("progress", queryset=ProgressEntry.objects.all()),
    )


def actions_of(round):
    """The round's actions with their question, learning resources and progress log: three queries."""
    questionnaire = round.questionnaire
    actions = list(_with_details(Action.objects.for_round(round)))
    for action in actions:
        action.target = questionnaire.questions.get(action.question_id)
    return actions


def actions_up_to(round):
    """Actions of this round and the organization's earlier ones, with their question's area, learning
    resources and progress log: three queries (one when there are none)."""
    actions = list(
        _with_details(
            Action.objects.filter(round__organization=round.organization, round__created_at__lte=round.created_at)
        )
        .select_related("round__version", "question__area")
        .order_by("round__created_at", "due_on", "pk")
    )
    # Each action's question as its own round asked it: numbered (ordinal) among that round's questions.
    asked = {}
    for action in actions:
        if action.round_id not in asked:
            asked[action.round_id] = action.round.questionnaire.questions
        action.target = asked[action.round_id].get(action.question_id, action.question)
    return actions


@transaction.atomic
def create_action(round, question, user, fields, resources):
    action = Action.objects.create(round=round, question=question, created_by=user, **fields)
    ActionResource.objects.bulk_create([ActionResource(action=action, resource=resource) for resource in resources])
    return action


@transaction.atomic
def update_action(action, fields, studied_pks):
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    now = timezone.now()
    action.learning.filter(pk__in=studied_pks, studied_at__isnull=True).update(studied_at=now)
    action.learning.exclude(pk__in=studied_pks).update(studied_at=None)


def add_progress(action, user, written_on, text):
    return ProgressEntry.objects.create(action=action, author=user, written_on=written_on, text=text)


def due_actions(organizations, today=None):
    """Open actions due within two weeks or overdue, across the given organizations: one query."""
    today = today or timezone.localdate()
    return list(
        Action.objects.filter(round__organization__in=organizations)
        .due_by(today + timedelta(days=DUE_SOON_DAYS))
        .select_related("round__organization")
        .order_by("due_on", "pk")
    )
