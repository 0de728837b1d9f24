"""What a round's answers may disclose, and to whom: the one gate every figure passes through.

docs/privacy.md states the model; in short:

- The viewer (a coordinator, or anyone they share a figure with) is assumed to know every named
  person's answers and their own. An anonymous answer is protected only by being pooled.
- Anonymous answers to a question enter a figure only as a pool of at least `threshold` anonymous
  answers holding at least two different answers ("safe"); otherwise they enter no figure at all.
  Every figure is a function of per-question pools, never of a person, so swapping two anonymous
  people's answers within a pool changes nothing anyone can see.
- A group column (a role, or roles grouped for small organizations) may not contain exactly one named
  person whose answers the viewer does not already know; anonymous answers never enter a group column.
- Individual answers leave the round only for named people, and only when the round says so.

The functions here are pure (no queries). They work on a `Tally`: how many people of each role (named
or anonymous) answered, and per question how many of them chose each answer, which the database counts
for a round of any size (pusula.reports.tallies) and `Tally.of` counts from people and answers in
memory; either way the same rules decide what a figure may use.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pusula.assessments.models import Role

# The coordinator runs the round and, most often, the organization's day to day: management.
MANAGEMENT = (
    "management",
    _("Yönetim"),
    (Role.COORDINATOR, Role.BOARD_CHAIR, Role.BOARD_MEMBER, Role.MANAGER),
)
ROLE_GROUPS = (
    MANAGEMENT,
    ("team", _("Çalışanlar ve gönüllüler"), (Role.STAFF, Role.VOLUNTEER)),
    ("members", _("Üyeler ve diğerleri"), (Role.MEMBER, Role.OTHER)),
)
# The coarsest comparison still worth making: those who run the organization and everyone else.
LEADERSHIP = (
    MANAGEMENT,
    ("others", _("Çalışanlar, gönüllüler ve üyeler"), (Role.STAFF, Role.VOLUNTEER, Role.MEMBER, Role.OTHER)),
)

# Why roles are not compared in a round, as the report says it.
NOT_COMPARED = {
    "one_group": _("Yanıtlayanların hepsi aynı rol grubunda; karşılaştırılacak ikinci bir grup yok."),
    "single_out": _(
        "Roller bu turda karşılaştırılamıyor: rol grupları birleştirilse bile bir grup tek bir kişinin "
        "yanıtlarını gösterecekti. Karşılaştırma için her grupta en az iki kişi (koordinatör dışında) gerekir."
    ),
    "nobody": _("Henüz yanıt yok."),
}


@dataclass(frozen=True)
class Policy:
    """A round's privacy settings."""

    threshold: int = 3  # anonymous answers needed before any of them enters a figure
    named_visible: bool = False  # the round told named people their individual answers are visible

    @classmethod
    def of(cls, assessment_round):
        return cls(threshold=assessment_round.anonymous_minimum, named_visible=assessment_round.named_answers_visible)


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Person:
    """What the gate needs to know of a respondent."""

    pk: int
    role: str
    anonymous: bool
    viewer: bool = False  # answers under an account of the organization, so the viewers know these answers
    code: str = ""  # Y01, …: how individual answers are listed where the round allows it

    @classmethod
    def of(cls, respondent):
        return cls(
            respondent.pk, respondent.role, respondent.anonymous, respondent.user_id is not None, respondent.code
        )

    @property
    def count(self):
        return 1


@dataclass(frozen=True)
class Cohort:
    """`count` answering people the gate cannot tell apart: the same role, anonymity and viewer-ness."""

    role: str
    anonymous: bool
    viewer: bool
    count: int


@dataclass
class Tally:
    """A round's answers as the gate reads them: counts, never people.

    people: the answering people (a role and at least one answer), as Cohorts or Persons;
    answers: question pk → Counter {(role, anonymous, choice): how many chose it};
    named: [(Person, {question pk: choice})], named answering people's own answers in respondent order,
    needed only in a round that shows them (see Disclosure.individuals).
    """

    people: list
    answers: dict
    named: list = field(default_factory=list)

    @classmethod
    def of(cls, people, choice_of):
        """people: [Person]; choice_of: person pk → {question pk: Choice}."""
        answering = [p for p in people if p.role and choice_of.get(p.pk)]
        answers = {}
        for person in answering:
            for question_pk, choice in choice_of[person.pk].items():
                answers.setdefault(question_pk, Counter())[(person.role, person.anonymous, choice)] += 1
        named = [(p, dict(choice_of[p.pk])) for p in answering if not p.anonymous]
        return cls(people=answering, answers=answers, named=named)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    roles: tuple
    members: int  # answering people in the group, anonymous ones included


@dataclass
class QuestionCells:
    """The answers to one question that figures may use: multisets of choices, never people."""

    total: Counter  # choice → how many chose it
    by_group: dict  # group key → Counter (choice → how many)
    anonymous_answered: int  # anonymous people who answered the question
    anonymous_released: bool

    @property
    def anonymous_withheld(self):
        return 0 if self.anonymous_released else self.anonymous_answered


@dataclass
class Disclosure:
    policy: Policy
    people: int  # people with at least one answer
    anonymous_people: int
    grouping: str  # "role", "group", "leadership" or "" (roles not compared)
    groups: list  # Group, the columns shown
    not_compared: str  # a NOT_COMPARED key when grouping == ""
    questions: dict  # question pk → QuestionCells
    individuals: list = field(default_factory=list)  # (Person, {question pk: choice}), named only, when allowed

    @property
    def anonymous_needed(self):
        """How many more anonymous people must answer before anonymous answers can appear at all."""
        if not self.anonymous_people:
            return 0
        return max(0, self.policy.threshold - self.anonymous_people)

    @property
    def withheld_questions(self):
        return sum(1 for cells in self.questions.values() if cells.anonymous_withheld)

    @property
    def not_compared_reason(self):
        return NOT_COMPARED.get(self.not_compared, "")


def is_safe_pool(choices, threshold):
    """At least `threshold` anonymous answers and at least two different ones among them.

    choices: the answers, as a list or a Counter (choice → how many).
    """
    counts = choices if isinstance(choices, Counter) else Counter(choices)
    return counts.total() >= threshold and len({c.number for c, n in counts.items() if n > 0}) >= 2


def _partitions():
    roles = [(value, label, (value,)) for value, label in Role.choices]
    return [("role", roles), ("group", list(ROLE_GROUPS)), ("leadership", list(LEADERSHIP))]


def choose_groups(people, policy):
    """(grouping, groups, reason): the finest partition of roles whose columns single nobody out: each
    role, else three groups of roles, else management and everyone else.

    people: Persons or Cohorts (each stands for `count` people). A column may not hold exactly one named
    person whose answers the viewer does not know; columns with no named person are left out (their
    anonymous people still count in the total).
    """
    if not people:
        return "", [], "nobody"
    reason = "one_group"
    for grouping, partition in _partitions():
        columns, singles_out = [], False
        for key, label, roles in partition:
            members = [p for p in people if p.role in roles]
            named = sum(p.count for p in members if not p.anonymous)
            unknown = sum(p.count for p in members if not p.anonymous and not p.viewer and not policy.named_visible)
            if unknown == 1:
                singles_out = True
                break
            if named:
                columns.append(Group(str(key), str(label), tuple(str(r) for r in roles), sum(p.count for p in members)))
        if singles_out:
            reason = "single_out"
            continue
        if len(columns) >= 2:
            return grouping, columns, ""
    return "", [], reason


def _question_cells(counts, groups, policy):
    """counts: Counter {(role, anonymous, choice): n} of one question.

    Anonymous answers go into the total only, never into a group column: deciding per group whether a
    pool is safe would itself say something about that group's answers (that they are all alike), and
    the total minus the columns would then pin down the rest.
    """
    group_of = {role: g.key for g in groups for role in g.roles}
    named, anonymous = Counter(), Counter()
    by_group = {g.key: Counter() for g in groups}
    for (role, is_anonymous, choice), n in counts.items():
        if is_anonymous:
            anonymous[choice] += n
            continue
        named[choice] += n
        if role in group_of:
            by_group[group_of[role]][choice] += n
    released = is_safe_pool(anonymous, policy.threshold)
    return QuestionCells(
        total=named + anonymous if released else named,
        by_group=by_group,
        anonymous_answered=anonymous.total(),
        anonymous_released=released,
    )


def disclose(question_pks, people, choice_of, policy=DEFAULT_POLICY):
    """The disclosed answers of a round given in memory: people: [Person]; choice_of: person pk →
    {question pk: Choice}. People without a role or without answers take no part."""
    return disclose_tally(question_pks, Tally.of(people, choice_of), policy)


def disclose_tally(question_pks, tally, policy=DEFAULT_POLICY):
    """The disclosed answers of a round, from its Tally; question_pks: the questionnaire's questions."""
    grouping, groups, reason = choose_groups(tally.people, policy)
    empty = Counter()
    return Disclosure(
        policy=policy,
        people=sum(p.count for p in tally.people),
        anonymous_people=sum(p.count for p in tally.people if p.anonymous),
        grouping=grouping,
        groups=groups,
        not_compared=reason,
        questions={pk: _question_cells(tally.answers.get(pk, empty), groups, policy) for pk in question_pks},
        individuals=[(p, answers) for p, answers in tally.named if not p.anonymous] if policy.named_visible else [],
    )


def level_counts(counts):
    """choice number → count, 0 = Bilmiyorum, from a Counter (choice → how many)."""
    levels = Counter()
    for choice, n in counts.items():
        levels[choice.number] += n
    return +levels
