"""Scores, stages and comparisons, computed from answers in memory (no queries here).

A question's score is (level − 1) / (choices − 1) × 100; an area's score is the mean of its answered
questions' scores, "Bilmiyorum" excluded.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pusula.assessments.models import Role

STAGES = [
    (75, _("Olgunluk")),
    (50, _("Yerleşme")),
    (25, _("Gelişme")),
    (0, _("Başlangıç")),
]


def stage_for(score):
    if score is None:
        return None
    return next(name for floor, name in STAGES if score >= floor)


def choice_score(choice):
    """0–100 for a scored choice, None for "Bilmiyorum"."""
    if choice.is_dont_know:
        return None
    steps = len(choice.question.scored_choices) - 1
    level = min(max(choice.level or choice.number, 1), steps + 1)
    return round((level - 1) / steps * 100, 1) if steps else 100.0


def mean(values):
    values = [v for v in values if v is not None]
    return round(statistics.fmean(values), 1) if values else None


def spread(values):
    values = [v for v in values if v is not None]
    return round(statistics.pstdev(values), 1) if len(values) > 1 else 0.0


@dataclass
class AreaResult:
    area: object
    score: float | None
    answered: int
    dont_know: int
    items: list = field(default_factory=list)  # (question, choice or None)
    resources: list = field(default_factory=list)

    @property
    def stage(self):
        return stage_for(self.score)


def area_results(questionnaire, choice_by_question):
    """Per area: score and stage, each question with its choice, and the area's new resources.

    `choice_by_question` maps question pk → Choice. A resource appears once, under the first area
    whose prescriptions recommend it.
    """
    results = []
    seen_resources = set()
    for area in questionnaire.areas:
        items, scores, dont_know, resources = [], [], 0, []
        for question in area.question_list:
            choice = choice_by_question.get(question.pk)
            items.append((question, choice))
            if choice is None:
                continue
            if choice.is_dont_know:
                dont_know += 1
            else:
                scores.append(choice_score(choice))
            for resource in questionnaire.resources_of(choice):
                if resource.pk not in seen_resources:
                    seen_resources.add(resource.pk)
                    resources.append(resource)
        results.append(
            AreaResult(
                area=area,
                score=mean(scores),
                answered=len(scores),
                dont_know=dont_know,
                items=items,
                resources=resources,
            )
        )
    return results


def overall_score(results):
    return mean(r.score for r in results)


@dataclass
class QuestionComparison:
    question: object
    levels: Counter  # choice number → count, 0 = Bilmiyorum
    by_role: dict  # role → Counter
    scores: list
    spread: float
    role_gap: float
    mean: float | None
    role_order: list = field(default_factory=list)
    consensus: object = None  # ConsensusAnswer or None

    @property
    def disagreement(self):
        return self.spread + self.role_gap

    def count_columns(self):
        """The same counts transposed, for the compact PDF table: (options, [(row label, counts)])."""
        rows = self.count_rows()
        labels = dict(Role.choices)
        table = [(_("Toplam"), [total for _option, total, _per_role in rows])]
        table += [(labels[role], [per_role[i] for _o, _t, per_role in rows]) for i, role in enumerate(self.role_order)]
        return [option for option, _total, _per_role in rows], table

    def count_rows(self):
        """Rows for the distribution table: (choice, count overall, [count per shown role])."""
        return [
            (
                choice,
                self.levels.get(choice.number, 0),
                [self.by_role[role].get(choice.number, 0) for role in self.role_order],
            )
            for choice in self.question.scored_choices + [self.question.dont_know]
        ]


@dataclass
class RoundComparison:
    respondents: list
    shown_roles: list  # (role value, label, count) shown separately
    hidden_roles: int  # respondents whose role is too small to show on its own
    areas: list  # dict per area: area, mean, spread, by_role {role: mean}, consensus
    questions: list  # QuestionComparison, content order
    overall: float | None

    def disagreements(self, limit=10):
        ranked = [q for q in self.questions if len(q.scores) > 1 and q.disagreement > 0]
        ranked.sort(key=lambda q: (-q.disagreement, q.question.number))
        return ranked[:limit]


MIN_ROLE_SIZE_WHEN_ANONYMOUS = 2


def shown_roles(answering):
    """(role, label, count) of the roles that may be shown on their own, in the roles' order.

    When anyone answered anonymously, a role with fewer than two respondents is not shown, so nobody is
    singled out; those people still count in the overall figures.
    """
    counts = Counter(r.role for r in answering if r.role)
    minimum = MIN_ROLE_SIZE_WHEN_ANONYMOUS if any(r.anonymous for r in answering) else 1
    return [(role, label, counts[role]) for role, label in Role.choices if counts[role] >= minimum]


def compare_round(questionnaire, respondents, answers, consensus=()):
    """The organization's picture of a round.

    `answers`: iterable of (respondent pk, question pk, choice pk).
    """
    respondents = [r for r in respondents if r.role]
    by_pk = {r.pk: r for r in respondents}
    choice_of = defaultdict(dict)  # respondent pk → question pk → choice
    for respondent_pk, question_pk, choice_pk in answers:
        if respondent_pk in by_pk:
            choice_of[respondent_pk][question_pk] = questionnaire.choices[choice_pk]
    answering = [r for r in respondents if choice_of[r.pk]]

    shown = shown_roles(answering)
    role_order = [role for role, _, _ in shown]
    role_counts = Counter(r.role for r in answering)
    shown_set = set(role_order)
    hidden = sum(n for role, n in role_counts.items() if role not in shown_set)

    consensus_by_question = {c.question_id: c for c in consensus}
    per_respondent = {r.pk: area_results(questionnaire, choice_of[r.pk]) for r in answering}
    areas = []
    for index, area in enumerate(questionnaire.areas):
        scores = [(r, per_respondent[r.pk][index].score) for r in answering]
        by_role = {role: mean(s for r, s in scores if r.role == role) for role in shown_set}
        consensus_choices = {
            q.pk: questionnaire.choices[consensus_by_question[q.pk].choice_id]
            for q in area.question_list
            if q.pk in consensus_by_question
        }
        consensus_score = mean(choice_score(c) for c in consensus_choices.values())
        areas.append(
            {
                "area": area,
                "mean": mean(s for _, s in scores),
                "spread": spread([s for _, s in scores]),
                "by_role": by_role,
                "role_means": [by_role[role] for role in role_order],
                "consensus": consensus_score,
                "stage": stage_for(mean(s for _, s in scores)),
            }
        )

    questions = []
    for question in questionnaire.questions.values():
        levels, by_role, scores = Counter(), {role: Counter() for role in shown_set}, []
        role_scores = defaultdict(list)
        for r in answering:
            choice = choice_of[r.pk].get(question.pk)
            if choice is None:
                continue
            levels[choice.number] += 1
            if r.role in shown_set:
                by_role[r.role][choice.number] += 1
            score = choice_score(choice)
            if score is not None:
                scores.append(score)
                if r.role in shown_set:
                    role_scores[r.role].append(score)
        role_means = [mean(v) for v in role_scores.values() if v]
        questions.append(
            QuestionComparison(
                question=question,
                levels=levels,
                by_role=by_role,
                scores=scores,
                spread=spread(scores),
                role_gap=round(max(role_means) - min(role_means), 1) if len(role_means) > 1 else 0.0,
                mean=mean(scores),
                role_order=role_order,
                consensus=consensus_by_question.get(question.pk),
            )
        )
    questions.sort(key=lambda q: (q.question.area.order, q.question.position))
    return RoundComparison(
        respondents=answering,
        shown_roles=shown,
        hidden_roles=hidden,
        areas=areas,
        questions=questions,
        overall=mean(a["mean"] for a in areas),
    )


def organization_choices(questionnaire, comparison):
    """The answer that drives the organization's prescriptions, per question pk, and where it came from.

    The consensus answer where one was recorded; otherwise the answer most respondents chose (on a tie,
    the less developed one, so the advice does not overstate the organization).
    """
    chosen = {}
    for item in comparison.questions:
        if item.consensus is not None:
            chosen[item.question.pk] = (questionnaire.choices[item.consensus.choice_id], "consensus")
            continue
        scored = {n: c for n, c in item.levels.items() if n != 0}
        if scored:
            number = max(scored, key=lambda n: (scored[n], -n))
            choice = next(c for c in item.question.scored_choices if c.number == number)
            chosen[item.question.pk] = (choice, "most_common")
        elif item.levels:
            chosen[item.question.pk] = (item.question.dont_know, "most_common")
    return chosen
