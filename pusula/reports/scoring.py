"""Scores, stages and comparisons, computed in memory (no queries here).

A question's score is (level − 1) / (choices − 1) × 100; an area's score is the mean of its answered
questions' scores, "Bilmiyorum" and "Bizim için geçerli değil" excluded; questions that do not apply to
the organization's kind are not in its questionnaire at all (Questionnaire.not_asked). The organization's area score, the one score a round report
shows for an area everywhere, is the score of the organization's answers: the consensus answer where
one was recorded, else the most common answer. Every figure about several people is computed from what
`privacy.disclose` lets through.
"""

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pusula.content.pack import DONT_KNOW, NOT_APPLICABLE
from pusula.reports.privacy import DEFAULT_POLICY, Person, QuestionCells, Tally, disclose_tally, level_counts

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
    if not choice.is_scored:
        return None
    steps = len(choice.question.scored_choices) - 1
    level = min(max(choice.level or choice.number, 1), steps + 1)
    return round((level - 1) / steps * 100, 1) if steps else 100.0


def mean(values):
    values = [v for v in values if v is not None]
    return round(statistics.fmean(values), 1) if values else None


def score_counts(counts):
    """score → how many, from a Counter (choice → how many); unscored answers left out."""
    scores = Counter()
    for choice, n in counts.items():
        score = choice_score(choice)
        if score is not None:
            scores[score] += n
    return scores


# Figures of many answers from their counts, in exact integer arithmetic on the scores' binary values:
# the same figures as statistics.fmean and pstdev of the answers one by one, in time that does not grow
# with the number of people.


def _exact(scores):
    """([(numerator, how many)], denominator): the scores as integers over one power of two."""
    ratios = [(score.as_integer_ratio(), n) for score, n in scores.items() if n]
    denominator = max((d for (_num, d), _n in ratios), default=1)
    return [(num * (denominator // d), n) for (num, d), n in ratios], denominator


def counted_mean(scores):
    """The mean of a Counter (score → how many), rounded as mean() rounds it."""
    n = scores.total()
    if not n:
        return None
    values, denominator = _exact(scores)
    total = sum(value * k for value, k in values) / denominator  # int / int: correctly rounded, as fsum
    return round(total / n, 1)


def counted_spread(scores):
    """The spread of a Counter (score → how many): the population standard deviation, 0 under two answers."""
    n = scores.total()
    if n < 2:
        return 0.0
    values, denominator = _exact(scores)
    total = sum(value * k for value, k in values)
    squares = sum(k * (n * value - total) ** 2 for value, k in values)  # n³·D² times the variance
    return round(_sqrt_of_fraction(squares, n**3 * denominator**2), 1)


def _sqrt_of_fraction(numerator, denominator):
    """√(numerator/denominator) correctly rounded, as statistics.pstdev computes it: the integer square
    root rounded to odd with enough spare bits (bugs.python.org/msg407078), then one rounding to float."""
    shift = (numerator.bit_length() - denominator.bit_length() - 109) // 2  # 2 × 53 bits + 3
    if shift >= 0:
        numerator, denominator, scale = numerator, denominator << 2 * shift, 1 << shift
        root = math.isqrt(numerator // denominator)
        return float((root | (root * root * denominator != numerator)) * scale)
    numerator <<= -2 * shift
    root = math.isqrt(numerator // denominator)
    return (root | (root * root * denominator != numerator)) / (1 << -shift)


@dataclass
class AreaResult:
    area: object
    score: float | None
    answered: int
    dont_know: int
    not_applicable: int
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
        items, scores, dont_know, not_applicable, resources = [], [], 0, 0, []
        for question in area.question_list:
            choice = choice_by_question.get(question.pk)
            items.append((question, choice))
            if choice is None:
                continue
            if choice.is_dont_know:
                dont_know += 1
            elif choice.is_not_applicable:
                not_applicable += 1
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
                not_applicable=not_applicable,
                items=items,
                resources=resources,
            )
        )
    return results


def overall_score(results):
    return mean(r.score for r in results)


def level_gap(choices):
    """Levels between the lowest and the highest answer chosen, the unscored answers aside.

    choices: a Counter (choice → how many)."""
    numbers = [c.number for c, n in choices.items() if c.is_scored and n > 0]
    return max(numbers) - min(numbers) if numbers else 0


def in_words(choices):
    """The distribution in plain words: "3 kişi 1. düzey, 2 kişi 3. düzey dedi"; choices: a Counter."""
    counts = level_counts(choices)
    parts = [
        _("%(n)d kişi %(level)d. düzey") % {"n": counts[number], "level": number}
        for number in sorted(counts)
        if number > 0
    ]
    if counts.get(NOT_APPLICABLE):
        parts.append(_("%(n)d kişi Bizim için geçerli değil") % {"n": counts[NOT_APPLICABLE]})
    if counts.get(DONT_KNOW):
        parts.append(_("%(n)d kişi Bilmiyorum") % {"n": counts[DONT_KNOW]})
    return _("%(parts)s dedi") % {"parts": ", ".join(parts)} if parts else ""


@dataclass
class QuestionComparison:
    """One question's disclosed answers and what they show; nothing here can name a person."""

    question: object
    cells: QuestionCells
    groups: list  # privacy.Group, the columns shown
    consensus: object = None  # ConsensusAnswer or None

    def __post_init__(self):
        total = self.cells.total
        self.levels = level_counts(total)
        self.by_role = {key: level_counts(choices) for key, choices in self.cells.by_group.items()}
        self.score_counts = score_counts(total)
        self.scored = self.score_counts.total()  # scored answers ("Bilmiyorum" aside)
        self.mean = counted_mean(self.score_counts)
        self.spread = counted_spread(self.score_counts)
        self.group_scores = {key: score_counts(choices) for key, choices in self.cells.by_group.items()}
        self.group_means = [counted_mean(self.group_scores[g.key]) for g in self.groups]
        present = [m for m in self.group_means if m is not None]
        self.role_gap = round(max(present) - min(present), 1) if len(present) > 1 else None
        self.level_gap = level_gap(total)
        scored = [n for number, n in self.levels.items() if number > 0]
        self.apart = sum(scored) - max(scored) if scored else 0  # not with the majority
        self.words = in_words(total)

    @property
    def anonymous_withheld(self):
        return self.cells.anonymous_withheld

    def count_rows(self):
        """Rows of the distribution: (choice, count overall, [(group label, count)] per shown group)."""
        return [
            (
                choice,
                self.levels.get(choice.number, 0),
                [(g.label, self.by_role[g.key].get(choice.number, 0)) for g in self.groups],
            )
            for choice in self.question.options
        ]

    def count_lines(self):
        """The distribution as the report prints it: (choice, count overall, "Çalışan 3 · Yönetici 1" for
        the shown groups, or "")."""
        return [
            (choice, total, " · ".join(f"{label} {n}" for label, n in per_group))
            for choice, total, per_group in self.count_rows()
        ]


@dataclass
class AreaComparison:
    """An area's one score (the organization's answers), where it comes from, and the spread of views."""

    area: object
    result: AreaResult  # the organization's answers: score, stage, items, resources
    agreed: int  # questions whose answer the consensus meeting recorded
    most_common: int  # questions answered by the most common answer
    unanswered: int
    answers_mean: float | None  # mean of all disclosed answers in the area
    answers_spread: float  # their standard deviation
    group_means: list  # (privacy.Group, mean of the group's disclosed answers) per shown group

    @property
    def score(self):
        return self.result.score

    @property
    def stage(self):
        return self.result.stage

    @property
    def source(self):
        """Where the score comes from, in one short line."""
        questions = self.agreed + self.most_common + self.unanswered
        if questions and self.agreed == questions:
            return _("%(n)d sorunun tamamı uzlaşı toplantısında kararlaştırıldı.") % {"n": questions}
        parts = []
        if self.agreed:
            parts.append(_("%(n)d soru uzlaşıyla") % {"n": self.agreed})
        if self.most_common:
            parts.append(_("%(n)d soru en çok seçilen yanıttan") % {"n": self.most_common})
        if self.unanswered:
            parts.append(_("%(n)d soru yanıtsız") % {"n": self.unanswered})
        return ", ".join(str(p) for p in parts) + "."


@dataclass
class RoundComparison:
    disclosure: object  # privacy.Disclosure
    areas: list  # AreaComparison, content order
    questions: list  # QuestionComparison, content order
    overall: float | None  # mean of the areas' scores

    @property
    def people(self):
        return self.disclosure.people

    @property
    def groups(self):
        return self.disclosure.groups

    @property
    def results(self):
        return [a.result for a in self.areas]

    def disagreements(self, limit=10):
        """Questions whose answers lie furthest apart (levels between the lowest and highest answer);
        on a tie, those with more people away from the most common answer."""
        ranked = [q for q in self.questions if q.level_gap > 0]
        ranked.sort(key=lambda q: (-q.level_gap, -q.apart, q.question.area.order, q.question.position))
        return ranked[:limit]


def organization_choices(questionnaire, questions):
    """The answer that drives the organization's prescriptions, per question pk, and where it came from.

    The consensus answer where one was recorded; otherwise the answer most respondents chose (on a tie,
    the less developed one, so the advice does not overstate the organization), from disclosed answers.
    """
    chosen = {}
    for item in questions:
        if item.consensus is not None:
            chosen[item.question.pk] = (questionnaire.choices[item.consensus.choice_id], "consensus")
            continue
        scored = {n: c for n, c in item.levels.items() if n > 0}
        # Without a scored answer, the more common of the unscored ones (on a tie, "Bilmiyorum").
        counts = scored or item.levels
        if counts:
            number = max(counts, key=lambda n: (counts[n], -n if scored else n))
            choice = next(c for c in item.question.options if c.number == number)
            chosen[item.question.pk] = (choice, "most_common")
    return chosen


def compare_round(questionnaire, respondents, answers, consensus=(), policy=DEFAULT_POLICY):
    """compare_tally of a round given in memory; `answers`: iterable of (respondent pk, question pk,
    choice pk)."""
    people = [Person.of(r) for r in respondents]
    known = {p.pk for p in people}
    choice_of = defaultdict(dict)  # respondent pk → question pk → choice
    for respondent_pk, question_pk, choice_pk in answers:
        if respondent_pk in known and choice_pk in questionnaire.choices:  # only the questions the round asks
            choice_of[respondent_pk][question_pk] = questionnaire.choices[choice_pk]
    return compare_tally(questionnaire, Tally.of(people, choice_of), consensus, policy)


def compare_tally(questionnaire, tally, consensus=(), policy=DEFAULT_POLICY):
    """The organization's picture of a round, built only from what privacy.disclose_tally lets through.

    Works on counts, so its cost does not grow with the number of people who answered.
    """
    disclosure = disclose_tally(list(questionnaire.questions), tally, policy)

    consensus_by_question = {c.question_id: c for c in consensus}
    questions = [
        QuestionComparison(
            question=question,
            cells=disclosure.questions[question.pk],
            groups=disclosure.groups,
            consensus=consensus_by_question.get(question.pk),
        )
        for question in questionnaire.questions.values()
    ]
    questions.sort(key=lambda q: (q.question.area.order, q.question.position))
    by_question = {q.question.pk: q for q in questions}
    chosen = organization_choices(questionnaire, questions)
    results = area_results(questionnaire, {q: choice for q, (choice, _source) in chosen.items()})
    areas = []
    for result in results:
        pks = [q.pk for q in result.area.question_list]
        sources = Counter(chosen[pk][1] if pk in chosen else "unanswered" for pk in pks)
        answer_scores = sum((by_question[pk].score_counts for pk in pks), Counter())
        areas.append(
            AreaComparison(
                area=result.area,
                result=result,
                agreed=sources["consensus"],
                most_common=sources["most_common"],
                unanswered=sources["unanswered"],
                answers_mean=counted_mean(answer_scores),
                answers_spread=counted_spread(answer_scores),
                group_means=[
                    (g, counted_mean(sum((by_question[pk].group_scores[g.key] for pk in pks), Counter())))
                    for g in disclosure.groups
                ],
            )
        )
    return RoundComparison(
        disclosure=disclosure,
        areas=areas,
        questions=questions,
        overall=overall_score(results),
    )
