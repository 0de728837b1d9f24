"""A content version's questionnaire in memory.

Content versions never change once loaded, so each process builds a version's areas, questions,
choices and resources once, in four queries, and every page and report reads from it.
"""

from dataclasses import dataclass
from functools import lru_cache

from pusula.content.models import Area, Choice, ContentVersion, Question, Resource
from pusula.content.pack import referenced_resources


@dataclass
class Questionnaire:
    version: ContentVersion
    areas: list[Area]
    questions: dict[int, Question]  # by primary key
    choices: dict[int, Choice]  # by primary key
    resources: dict[str, Resource]  # by slug

    @property
    def question_count(self):
        return len(self.questions)

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


def questionnaire_for(version):
    return _build(version.pk, version.hash, version.loaded_at)


@lru_cache(maxsize=16)
def _build(version_pk, version_hash, loaded_at):
    version = ContentVersion.objects.get(pk=version_pk)
    areas = list(Area.objects.filter(version=version).order_by("order", "id"))
    questions = list(Question.objects.filter(version=version).order_by("position", "id"))
    choices = list(Choice.objects.filter(question__version=version).order_by("number"))
    resources = {r.slug: r for r in Resource.objects.filter(version=version).order_by("id")}

    by_area = {area.pk: area for area in areas}
    for area in areas:
        area.question_list = []
    by_question = {question.pk: question for question in questions}
    for question in questions:
        question.area = by_area[question.area_id]
        question.area.question_list.append(question)
        question.scored_choices = []
        question.dont_know = None
    for choice in choices:
        question = by_question[choice.question_id]
        choice.question = question
        if choice.is_dont_know:
            question.dont_know = choice
        else:
            question.scored_choices.append(choice)
    return Questionnaire(
        version=version,
        areas=areas,
        questions=by_question,
        choices={choice.pk: choice for choice in choices},
        resources=resources,
    )
