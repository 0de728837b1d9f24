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

The functions here are pure (no queries), so a report can be computed from stored answers or from
stored summaries alike.
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


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    roles: tuple
    members: int  # answering people in the group, anonymous ones included


@dataclass
class QuestionCells:
    """The answers to one question that figures may use: multisets of choices, never people."""

    total: list  # choices, sorted by number
    by_group: dict  # group key → choices, sorted by number
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


def _sorted(choices):
    return sorted(choices, key=lambda c: c.number)


def is_safe_pool(choices, threshold):
    """At least `threshold` anonymous answers and at least two different ones among them."""
    return len(choices) >= threshold and len({c.number for c in choices}) >= 2


def _partitions():
    roles = [(value, label, (value,)) for value, label in Role.choices]
    return [("role", roles), ("group", list(ROLE_GROUPS)), ("leadership", list(LEADERSHIP))]


def choose_groups(people, policy):
    """(grouping, groups, reason): the finest partition of roles whose columns single nobody out: each
    role, else three groups of roles, else management and everyone else.

    A column may not hold exactly one named person whose answers the viewer does not know; columns
    with no named person are left out (their anonymous people still count in the total).
    """
    if not people:
        return "", [], "nobody"
    reason = "one_group"
    for grouping, partition in _partitions():
        columns, singles_out = [], False
        for key, label, roles in partition:
            members = [p for p in people if p.role in roles]
            named = [p for p in members if not p.anonymous]
            unknown = [p for p in named if not p.viewer and not policy.named_visible]
            if len(unknown) == 1:
                singles_out = True
                break
            if named:
                columns.append(Group(str(key), str(label), tuple(str(r) for r in roles), len(members)))
        if singles_out:
            reason = "single_out"
            continue
        if len(columns) >= 2:
            return grouping, columns, ""
    return "", [], reason


def _question_cells(named, anonymous, groups, policy):
    """named, anonymous: [(Person, choice)] of one question.

    Anonymous answers go into the total only, never into a group column: deciding per group whether a
    pool is safe would itself say something about that group's answers (that they are all alike), and
    the total minus the columns would then pin down the rest.
    """
    anonymous_choices = [c for _p, c in anonymous]
    released = is_safe_pool(anonymous_choices, policy.threshold)
    group_of = {role: g.key for g in groups for role in g.roles}
    by_group = {g.key: _sorted(c for p, c in named if group_of.get(p.role) == g.key) for g in groups}
    total = [c for _p, c in named] + (anonymous_choices if released else [])
    return QuestionCells(
        total=_sorted(total),
        by_group=by_group,
        anonymous_answered=len(anonymous),
        anonymous_released=released,
    )


def disclose(question_pks, people, choice_of, policy=DEFAULT_POLICY):
    """The disclosed answers of a round.

    question_pks: the questionnaire's questions; people: [Person]; choice_of: person pk → {question pk:
    Choice}. People without a role or without answers take no part.
    """
    answering = [p for p in people if p.role and choice_of.get(p.pk)]
    grouping, groups, reason = choose_groups(answering, policy)
    questions = {}
    for question_pk in question_pks:
        named, anonymous = [], []
        for person in answering:
            choice = choice_of[person.pk].get(question_pk)
            if choice is not None:
                (anonymous if person.anonymous else named).append((person, choice))
        questions[question_pk] = _question_cells(named, anonymous, groups, policy)
    individuals = []
    if policy.named_visible:
        individuals = [(p, dict(choice_of[p.pk])) for p in answering if not p.anonymous]
    return Disclosure(
        policy=policy,
        people=len(answering),
        anonymous_people=sum(1 for p in answering if p.anonymous),
        grouping=grouping,
        groups=groups,
        not_compared=reason,
        questions=questions,
        individuals=individuals,
    )


def level_counts(choices):
    """choice number → count, 0 = Bilmiyorum."""
    return Counter(c.number for c in choices)
