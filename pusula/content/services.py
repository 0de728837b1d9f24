"""Load a validated content pack into the database as a new, immutable content version."""

import statistics
from collections import Counter

from django.db import transaction

from pusula.content.models import Area, Choice, ContentVersion, Question, Resource
from pusula.content.pack import DONT_KNOW, Pack, referenced_resources, word_count
from pusula.content.questionnaire import questionnaire_for


class PackInvalid(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the content pack")
        self.problems = problems


@transaction.atomic
def load_pack(pack: Pack):
    """(version, created). An identical pack (same hash) loads once; a failure leaves nothing behind."""
    existing = ContentVersion.objects.filter(hash=pack.hash).first()
    if existing is not None:
        return existing, False
    version = ContentVersion.objects.create(hash=pack.hash, language=pack.language, source=str(pack.folder))
    Resource.objects.bulk_create(
        Resource(
            version=version,
            slug=spec.id,
            kind=spec.kind,
            code=spec.code,
            title=spec.title,
            publisher=spec.publisher,
            language=spec.language,
            url=spec.url,
            topics=spec.topics,
        )
        for spec in pack.resources.values()
    )
    choices = []
    for area_spec in pack.areas:
        area = Area.objects.create(
            version=version,
            slug=area_spec.spec.area_id,
            title=area_spec.spec.title,
            order=area_spec.spec.order,
            description=area_spec.description,
            translations=area_spec.translations,
        )
        for position, question_spec in enumerate(area_spec.questions, start=1):
            question = Question.objects.create(
                version=version,
                area=area,
                number=question_spec.spec.question_id,
                position=position,
                text=question_spec.spec.text,
                help=question_spec.spec.help,
                translations=question_spec.translations,
            )
            for number, prescription in sorted(question_spec.choices.items()):
                choices.append(_choice(question, number, prescription.level, prescription))
            dont_know = question_spec.dont_know or area_spec.dont_know
            choices.append(_choice(question, DONT_KNOW, None, dont_know))
    Choice.objects.bulk_create(choices)
    return version, True


def _choice(question, number, level, prescription):
    return Choice(
        question=question,
        number=number,
        level=level,
        title=prescription.spec.title,
        body=prescription.body,
        resources=list(prescription.spec.resources),
        translations=prescription.translations,
    )


def pack_stats(pack: Pack):
    """Counts for `pusula content stats`: per area, words per prescription, resources used."""
    urls_by_id = {spec.id: spec.url for spec in pack.resources.values()}
    used = Counter()
    rows = []
    words = []
    for area in pack.areas:
        prescriptions = [p for q in area.questions for p in q.choices.values()]
        area_words = [word_count(p.body) for p in prescriptions]
        words.extend(area_words)
        for prescription in prescriptions + [p for p in [area.dont_know] + [q.dont_know for q in area.questions] if p]:
            used.update(referenced_resources(prescription.spec.resources, prescription.body, urls_by_id))
        rows.append(
            {
                "area": area.spec.area_id,
                "title": area.spec.title,
                "questions": len(area.questions),
                "prescriptions": len(prescriptions),
                "words_min": min(area_words, default=0),
                "words_median": int(statistics.median(area_words)) if area_words else 0,
                "words_max": max(area_words, default=0),
            }
        )
    return {
        "coverage": _coverage_by_area(pack),
        "areas": rows,
        "questions": sum(r["questions"] for r in rows),
        "prescriptions": len(words),
        "words_min": min(words, default=0),
        "words_median": int(statistics.median(words)) if words else 0,
        "words_max": max(words, default=0),
        "resources_used": dict(used.most_common()),
        "resources_in_catalogue": len(pack.resources),
    }


def _coverage_by_area(pack: Pack):
    """Per language and area: (translated and up to date, total) content files."""
    coverage = {}
    for language, report in pack.languages.items():
        stale = set(report.stale)
        coverage[language] = {}
        for area in pack.areas:
            owned = [area] + [p for q in area.questions for p in [*q.choices.values(), q.dont_know] if p]
            owned += [area.dont_know] if area.dont_know else []
            fresh = sum(
                1
                for item in owned
                if language in item.translations and (report.folder / item.path.relative_to(pack.folder)) not in stale
            )
            coverage[language][area.spec.area_id] = (fresh, len(owned))
    return coverage


def diff_versions(old, new, language="tr"):
    """What changed from one content version to another, by question_id: {"added": [...], "removed":
    [...], "changed": [(old question, new question, [what changed])]}, each in content order."""
    before = {q.number: q for q in questionnaire_for(old, language).questions.values()}
    after = {q.number: q for q in questionnaire_for(new, language).questions.values()}
    changed = []
    for number in sorted(before.keys() & after.keys()):
        a, b = before[number], after[number]
        what = []
        if a.area.slug != b.area.slug:
            what.append(f"area: {a.area.slug} → {b.area.slug}")
        if a.text != b.text:
            what.append("text")
        if a.help != b.help:
            what.append("help")
        choices_a = {c.number: c for c in a.scored_choices}
        choices_b = {c.number: c for c in b.scored_choices}
        if choices_a.keys() != choices_b.keys():
            what.append(f"choices: {sorted(choices_a)} → {sorted(choices_b)}")
        for n in sorted(choices_a.keys() & choices_b.keys()):
            if (choices_a[n].title, choices_a[n].level) != (choices_b[n].title, choices_b[n].level):
                what.append(f"choice {n}")
            elif choices_a[n].body != choices_b[n].body or choices_a[n].resources != choices_b[n].resources:
                what.append(f"choice {n} prescription")
        if (a.dont_know and a.dont_know.body) != (b.dont_know and b.dont_know.body):
            what.append("Bilmiyorum prescription")
        if what:
            changed.append((a, b, what))
    return {
        "added": [after[n] for n in sorted(after.keys() - before.keys())],
        "removed": [before[n] for n in sorted(before.keys() - after.keys())],
        "changed": changed,
    }
