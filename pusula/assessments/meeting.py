"""The consensus meeting: an agenda from the largest disagreement, one question at a time.

What the meeting shows of people's answers goes through two functions, `distribution` and
`visible_notes`, so the anonymity rules of the report apply here unchanged.
"""

from dataclasses import dataclass

from pusula.assessments.models import Answer
from pusula.reports import tallies


@dataclass
class AgendaItem:
    position: int  # 1-based place on the agenda
    question: object
    comparison: object  # QuestionComparison
    consensus: object  # ConsensusAnswer or None
    disputed: bool  # on the agenda for its disagreement, before the areas

    @property
    def agreed(self):
        return self.consensus is not None


@dataclass
class Agenda:
    round: object
    questionnaire: object
    items: list

    @property
    def agreed(self):
        return sum(item.agreed for item in self.items)

    def item(self, question_number):
        return next((item for item in self.items if item.question.number == question_number), None)

    def disputed(self):
        return [item for item in self.items if item.disputed]

    def by_area(self):
        """The rest of the agenda, (area, items) in the questionnaire's order."""
        rest = [item for item in self.items if not item.disputed]
        return [
            (area, [item for item in rest if item.question.area_id == area.pk])
            for area in self.questionnaire.areas
            if any(item.question.area_id == area.pk for item in rest)
        ]

    def next_open(self, after=None):
        """The first item not yet agreed after `after` (wrapping round), or None when all are agreed."""
        start = after.position if after else 0
        ordered = self.items[start:] + self.items[:start]
        return next((item for item in ordered if not item.agreed), None)

    def neighbours(self, item):
        index = item.position - 1
        previous_item = self.items[index - 1] if index > 0 else None
        next_item = self.items[index + 1] if index + 1 < len(self.items) else None
        return previous_item, next_item


def agenda_for(round):
    """The meeting's agenda: the questions people answered most differently first (largest disagreement
    first), then every other question grouped by area, in questionnaire order."""
    questionnaire, comparison = tallies.comparison(round)
    disputed = comparison.disagreements(limit=len(comparison.questions))
    disputed_pks = {item.question.pk for item in disputed}
    by_question = {item.question.pk: item for item in comparison.questions}
    ordered = disputed + [by_question[q.pk] for q in questionnaire.in_order() if q.pk not in disputed_pks]
    items = [
        AgendaItem(
            position=position,
            question=item.question,
            comparison=item,
            consensus=item.consensus,
            disputed=item.question.pk in disputed_pks,
        )
        for position, item in enumerate(ordered, start=1)
    ]
    return Agenda(round=round, questionnaire=questionnaire, items=items)


def distribution(item):
    """Every choice of the question, in full, with how many people chose it: the report's own counts
    (`QuestionComparison.count_rows`), so what anonymity hides there stays hidden here."""
    rows = item.comparison.count_rows()
    most = max((count for _choice, count, _per_role in rows), default=0)
    return [{"choice": choice, "count": count, "most": most} for choice, count, _per_role in rows]


def visible_notes(round, item):
    """The notes people wrote beside their answer to the item's question, without names, in an order
    that says nothing about who wrote which: named people's always, anonymous people's only where the
    report lets their answers to this question through (privacy.disclose)."""
    notes = (
        Answer.objects.filter(respondent__round=round, question=item.question, respondent__revoked_at__isnull=True)
        .exclude(note="")
        .values_list("note", "respondent__anonymous")
    )
    released = item.comparison.cells.anonymous_released
    return sorted((note for note, anonymous in notes if released or not anonymous), key=str.casefold)
