"""Load a validated content pack into the database as a new, immutable content version."""

import difflib
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from pusula.content.models import Area, Choice, ContentVersion, Question, Resource
from pusula.content.pack import DONT_KNOW, NOT_APPLICABLE, ORGANIZATION_KINDS, Pack, referenced_resources, word_count


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
                applies_to=list(question_spec.spec.applies_to or []),
            )
            for number, prescription in sorted(question_spec.choices.items()):
                choices.append(_choice(question, number, prescription.level, prescription))
            dont_know = question_spec.dont_know or area_spec.dont_know
            choices.append(_choice(question, DONT_KNOW, None, dont_know))
            if question_spec.spec.not_applicable:
                choices.append(
                    Choice(
                        question=question,
                        number=NOT_APPLICABLE,
                        title="Bizim için geçerli değil",
                        body=question_spec.spec.not_applicable,
                        translations={
                            language: {"body": texts["not_applicable"]}
                            for language, texts in question_spec.translations.items()
                            if texts.get("not_applicable")
                        },
                    )
                )
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
                "kinds": {kind: sum(q.applies_to(kind) for q in area.questions) for kind in ORGANIZATION_KINDS},
                "area": area.spec.area_id,
                "title": area.spec.title,
                "questions": len(area.questions),
                "prescriptions": len(prescriptions),
                "words_min": min(area_words, default=0),
                "words_median": int(statistics.median(area_words)) if area_words else 0,
                "words_max": max(area_words, default=0),
            }
        )
    questions = pack.questions()
    return {
        "coverage": _coverage_by_area(pack),
        "areas": rows,
        "kinds": {kind: sum(q.applies_to(kind) for q in questions) for kind in ORGANIZATION_KINDS},
        "not_applicable_offered": sum(bool(q.spec.not_applicable) for q in questions),
        "retired": sorted(pack.retired),
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


# Comparing two content versions: `pusula content diff` and the operator's version diff page


@dataclass(frozen=True)
class QuestionSnapshot:
    """What a respondent sees of a question, and the prescriptions behind its choices."""

    area_id: str
    text: str
    help: str
    applies_to: tuple
    not_applicable: str
    choices: dict  # choice number → (statement, level, prescription body); 0 is Bilmiyorum


def snapshot_of_pack(pack: Pack):
    snapshot = {}
    for area in pack.areas:
        for question in area.questions:
            choices = {n: (p.spec.title, p.level, p.body) for n, p in question.choices.items()}
            dont_know = question.dont_know or area.dont_know
            choices[DONT_KNOW] = (dont_know.spec.title, None, dont_know.body)
            snapshot[question.spec.question_id] = QuestionSnapshot(
                area_id=area.spec.area_id,
                text=question.spec.text,
                help=question.spec.help,
                applies_to=tuple(question.spec.applies_to or ()),
                not_applicable=question.spec.not_applicable or "",
                choices=choices,
            )
    return snapshot


def snapshot_of_version(version: ContentVersion):
    snapshot = {}
    questions = Question.objects.filter(version=version).select_related("area").prefetch_related("choices")
    for question in questions:
        choices = {c.number: (c.title, c.level, c.body) for c in question.choices.all() if c.number != NOT_APPLICABLE}
        not_applicable = next((c.body for c in question.choices.all() if c.number == NOT_APPLICABLE), "")
        snapshot[question.number] = QuestionSnapshot(
            area_id=question.area.slug,
            text=question.text,
            help=question.help,
            applies_to=tuple(question.applies_to),
            not_applicable=not_applicable,
            choices=choices,
        )
    return snapshot


@dataclass
class QuestionChange:
    question_id: int
    text: str  # the new stem
    fields: list = field(default_factory=list)  # (field, old, new): area_id, text, help, applies_to, not_applicable
    statements: list = field(default_factory=list)  # (choice, old statement or None, new statement or None)
    levels: list = field(default_factory=list)  # (choice, old level, new level)
    prescriptions: list = field(default_factory=list)  # choices whose prescription text changed
    edits: list = field(default_factory=list)  # (choice, sentences removed, sentences added) of those prescriptions


@dataclass
class ContentDiff:
    added: list  # (question_id, area_id, text)
    retired: list  # (question_id, area_id, text, reason, replaced_by)
    changed: list  # QuestionChange
    unchanged: int

    @property
    def is_empty(self):
        return not (self.added or self.retired or self.changed)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\s])")


def _sentences(markdown_text):
    return [s for line in markdown_text.splitlines() for s in SENTENCE_END.split(line.strip()) if s]


def sentence_changes(old_body, new_body):
    """(sentences only in the old text, sentences only in the new), in order: a reviewer's view of an edit."""
    before, after = _sentences(old_body), _sentences(new_body)
    removed, added = [], []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += before[i1:i2]
            added += after[j1:j2]
    return removed, added


def content_diff(old: dict, new: dict, retired_reasons=None):
    """Questions added, retired and changed between two snapshots, by question_id.

    `retired_reasons`: the newer pack's `retired.yaml` entries, shown beside the retired questions.
    """
    retired_reasons = retired_reasons or {}
    added = [(n, new[n].area_id, new[n].text) for n in sorted(new.keys() - old.keys())]
    retired = []
    for number in sorted(old.keys() - new.keys()):
        entry = retired_reasons.get(number)
        retired.append(
            (
                number,
                old[number].area_id,
                old[number].text,
                entry.reason if entry else "",
                list(entry.replaced_by) if entry else [],
            )
        )
    changed, unchanged = [], 0
    for number in sorted(old.keys() & new.keys()):
        before, after = old[number], new[number]
        change = QuestionChange(question_id=number, text=after.text)
        for name in ("area_id", "text", "help", "applies_to", "not_applicable"):
            if getattr(before, name) != getattr(after, name):
                change.fields.append((name, getattr(before, name), getattr(after, name)))
        for choice in sorted(before.choices.keys() | after.choices.keys()):
            old_title, old_level, old_body = before.choices.get(choice, (None, None, None))
            new_title, new_level, new_body = after.choices.get(choice, (None, None, None))
            if old_title != new_title:
                change.statements.append((choice, old_title, new_title))
            if old_level != new_level and None not in (old_title, new_title):
                change.levels.append((choice, old_level, new_level))
            if old_body != new_body and None not in (old_body, new_body):
                change.prescriptions.append(choice)
                change.edits.append((choice, *sentence_changes(old_body, new_body)))
        if change.fields or change.statements or change.levels or change.prescriptions:
            changed.append(change)
        else:
            unchanged += 1
    return ContentDiff(added=added, retired=retired, changed=changed, unchanged=unchanged)
