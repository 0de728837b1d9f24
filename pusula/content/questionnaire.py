"""A content version's questionnaire in memory.

Content versions never change once loaded, so each process builds a version's areas, questions,
choices and resources once per language, in four queries, and every page and report reads from it.
The same rows (same primary keys) carry every language, so answers and scores never depend on it;
a text without a translation keeps its Turkish and is marked `untranslated`.
"""

import copy
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import translation

from pusula.content.models import Area, Choice, ContentVersion, Question, Resource
from pusula.content.pack import referenced_resources


@dataclass
class Questionnaire:
    version: ContentVersion
    areas: list[Area]
    questions: dict[int, Question]  # by primary key
    choices: dict[int, Choice]  # by primary key
    resources: dict[str, Resource]  # by slug
    language: str
    kind: str = ""  # the kind of organization asked; "" for every question of the version
    not_asked: list[Question] = field(default_factory=list)  # the version's questions that do not apply to `kind`

    @property
    def question_count(self):
        return len(self.questions)

    @property
    def minutes(self):
        """How long answering takes, as the (low, high) minutes every page and e-mail states.

        About 30–45 seconds a question (reading the choices is most of it), rounded to 5 minutes.
        """
        count = self.question_count
        return (max(5, 5 * round(count * 0.5 / 5)), max(10, 5 * round(count * 0.75 / 5)))

    def in_order(self):
        """Every question in the order the questionnaire asks them."""
        return [question for area in self.areas for question in area.question_list]

    def area(self, slug):
        return next((area for area in self.areas if area.slug == slug), None)

    def outline(self):
        """Areas, questions and choices as plain data, for the API and the JSON export."""
        return [
            {
                "area_id": area.slug,
                "title": area.title,
                "description": area.description,
                "questions": [
                    {
                        "question_id": q.number,
                        "text": q.text,
                        "help": q.help,
                        "applies_to": q.applies_to,
                        "not_applicable": q.not_applicable.body if q.not_applicable else None,
                        "choices": [
                            {"choice_id": c.number, "level": c.level, "statement": c.title} for c in q.scored_choices
                        ],
                    }
                    for q in area.question_list
                ],
            }
            for area in self.areas
        ]

    def resources_of(self, choice):
        """Catalogue resources a prescription recommends: its `resources` ids and its catalogue links."""
        if not hasattr(choice, "recommended"):  # worked out once per process: versions never change
            urls_by_id = {slug: resource.url for slug, resource in self.resources.items()}
            slugs = referenced_resources(choice.resources, choice.body, urls_by_id)
            choice.recommended = [self.resources[slug] for slug in slugs]
        return choice.recommended


def questionnaire_for(version, kind="", language=None):
    """The version's questionnaire in `language`, by default the active one (the viewer's); for a kind
    of organization, only the questions that apply to it.

    Work done outside a request (a PDF rendered in the background) passes the viewer's language,
    or runs inside `translation.override(language)`.
    """
    language = (language or translation.get_language() or version.language).split("-")[0].lower()
    return _build(version.pk, version.hash, version.loaded_at, language, kind or "")


# What each kind of row shows, and so what a translation replaces.
TRANSLATED_FIELDS = {Area: ("title", "description"), Question: ("text", "help"), Choice: ("title", "body", "resources")}


def _translate(row, language, source_language):
    """Put the row's texts in `language` in place; without a translation keep the source and say so."""
    texts = row.translations.get(language) if language != source_language else None
    row.untranslated = language != source_language and not texts
    for name in TRANSLATED_FIELDS[type(row)] if texts else ():
        if name in texts:
            setattr(row, name, texts[name])


@lru_cache(maxsize=64)
def _build(version_pk, version_hash, loaded_at, language, kind):
    if kind:
        return _for_kind(_build(version_pk, version_hash, loaded_at, language, ""), kind)
    version = ContentVersion.objects.get(pk=version_pk)
    areas = list(Area.objects.filter(version=version).order_by("order", "id"))
    questions = list(Question.objects.filter(version=version).order_by("position", "id"))
    choices = list(Choice.objects.filter(question__version=version).order_by("number"))
    resources = {r.slug: r for r in Resource.objects.filter(version=version).order_by("id")}

    for row in [*areas, *questions, *choices]:
        _translate(row, language, version.language)
    by_area = {area.pk: area for area in areas}
    for area in areas:
        area.question_list = []
    by_question = {question.pk: question for question in questions}
    for question in questions:
        question.area = by_area[question.area_id]
        question.area.question_list.append(question)
        question.scored_choices = []
        question.dont_know = None
        question.not_applicable = None
    # People read questions by their place in the questionnaire (1, 2, 3 …), not by their content ids.
    for ordinal, question in enumerate((q for area in areas for q in area.question_list), start=1):
        question.ordinal = ordinal
    for choice in choices:
        question = by_question[choice.question_id]
        choice.question = question
        if choice.is_dont_know:
            question.dont_know = choice
        elif choice.is_not_applicable:
            question.not_applicable = choice
        else:
            question.scored_choices.append(choice)
    for question in questions:
        # Every option a respondent may pick, in the order offered: the levels, then the unscored ones.
        question.options = question.scored_choices + [
            c for c in (question.not_applicable, question.dont_know) if c is not None
        ]
    return Questionnaire(
        version=version,
        areas=areas,
        questions=by_question,
        choices={choice.pk: choice for choice in choices},
        resources=resources,
        language=language,
    )


def _for_kind(full, kind):
    """The questions of `full` asked of an organization of `kind`; areas left without questions are dropped.

    People read questions by their place in what they are asked (1, 2, 3 …), so a kind that skips
    questions gets its own copies of the areas, questions and choices, numbered without gaps; the
    version's own questionnaire is left as it is.
    """
    if all(q.applies_to_kind(kind) for q in full.questions.values()):
        return Questionnaire(
            full.version, full.areas, full.questions, full.choices, full.resources, full.language, kind=kind
        )
    areas, questions, choices = [], {}, {}
    for area in full.areas:
        asked = [q for q in area.question_list if q.applies_to_kind(kind)]
        if not asked:
            continue
        area = copy.copy(area)
        area.question_list = [_copy_question(q, area, len(questions) + i, choices) for i, q in enumerate(asked, 1)]
        questions.update((q.pk, q) for q in area.question_list)
        areas.append(area)
    return Questionnaire(
        version=full.version,
        areas=areas,
        questions=questions,
        choices=choices,
        resources=full.resources,
        language=full.language,
        kind=kind,
        not_asked=sorted(
            (q for q in full.questions.values() if not q.applies_to_kind(kind)),
            key=lambda q: (q.area.order, q.position),
        ),
    )


def _copy_question(question, area, ordinal, choices):
    """A copy of `question` in `area` at place `ordinal`, with copies of its choices (added to `choices`)."""
    question = copy.copy(question)
    question.area, question.ordinal = area, ordinal
    copied = {}
    for choice in question.options:
        copied[choice.pk] = copy.copy(choice)
        copied[choice.pk].question = question
    question.scored_choices = [copied[c.pk] for c in question.scored_choices]
    question.dont_know = copied[question.dont_know.pk] if question.dont_know else None
    question.not_applicable = copied[question.not_applicable.pk] if question.not_applicable else None
    question.options = [copied[c.pk] for c in question.options]
    choices.update(copied)
    return question
