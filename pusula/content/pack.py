"""Read and validate a content pack folder (see docs/content-format.md).

Framework-free: `read_pack(folder)` returns the parsed pack and every problem found, each with a path
and a line, so `pusula content check` can print them all at once. The Turkish folder is the source;
sibling folders named for a language (`content/en` next to `content/tr`) hold its translations.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import frontmatter
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from pusula.content.reading import INT_MAX, INT_MIN, BoundedLoader, PackFiles
from pusula.lib.markdown import authoring_problems, link_targets

CONTENT_SUFFIXES = (".md", ".txt")
RETIRED_FILE = "retired.yaml"
PACK_ENTRIES = ("areas", "prescriptions", "resources.tsv", RETIRED_FILE)
DONT_KNOW = 0
NOT_APPLICABLE = -1  # "Bizim için geçerli değil": declared per question, never scored
SOURCE_LANGUAGE = "tr"
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}$")

# Kinds of organization a question may be limited to (`applies_to`); organizations.OrganizationKind offers the same.
ORGANIZATION_KINDS = ("dernek", "vakif", "platform", "kooperatif", "diger")
OrganizationKind = Literal["dernek", "vakif", "platform", "kooperatif", "diger"]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class QuestionSpec(_Spec):
    question_id: int = Field(ge=1, le=INT_MAX)
    text: Text
    help: str = ""
    applies_to: list[OrganizationKind] | None = Field(default=None, min_length=1)
    not_applicable: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)] | None = None


class RetiredSpec(_Spec):
    question_id: int = Field(ge=1, le=INT_MAX)
    replaced_by: list[Annotated[int, Field(ge=1, le=INT_MAX)]] = []
    reason: Text


class RetiredFileSpec(_Spec):
    retired: list[RetiredSpec]


class AreaSpec(_Spec):
    area_id: Slug
    title: Text
    order: int = Field(ge=INT_MIN, le=INT_MAX)
    questions: list[QuestionSpec] = Field(min_length=1)


class PrescriptionSpec(_Spec):
    title: Text
    choice_id: int = Field(ge=0, le=INT_MAX)
    question_id: int | None = Field(default=None, ge=1, le=INT_MAX)
    area_id: Slug | None = None
    level: int | None = Field(default=None, ge=1, le=INT_MAX)
    resources: list[Text] = []


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class TranslatedQuestionSpec(_Spec):
    question_id: int = Field(ge=1, le=INT_MAX)
    text: Text
    help: str = ""
    not_applicable: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)] | None = None


class TranslatedAreaSpec(_Spec):
    """An area in another language: its texts, and the hash of the source file it was translated from."""

    source_sha256: Sha256
    area_id: Slug
    title: Text
    order: int | None = Field(
        default=None, ge=INT_MIN, le=INT_MAX
    )  # copied from the source file; the source's order counts
    questions: list[TranslatedQuestionSpec] = []


class TranslatedPrescriptionSpec(_Spec):
    source_sha256: Sha256
    title: Text
    choice_id: int = Field(ge=0, le=INT_MAX)
    question_id: int | None = Field(default=None, ge=1, le=INT_MAX)
    area_id: Slug | None = None
    level: int | None = Field(default=None, le=INT_MAX)  # copied from the source file; the source's level counts
    resources: list[Text] | None = None  # None: the source's list


class ResourceSpec(BaseModel):
    id: Slug
    kind: Text
    code: str = ""
    title: Text
    publisher: str = ""
    language: str = ""
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    topics: list[str] = []
    seen_at: str = ""


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    warning: bool = False  # a warning (e.g. a stale translation) does not make the pack invalid

    def __str__(self):
        return f"{self.path}:{self.line}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass
class Prescription:
    spec: PrescriptionSpec
    body: str
    path: Path
    translations: dict[str, dict] = field(default_factory=dict)  # language: {title, body, resources}

    @property
    def level(self):
        return self.spec.level or self.spec.choice_id


@dataclass
class Question:
    spec: QuestionSpec
    area: "Area"
    line: int
    choices: dict[int, Prescription] = field(default_factory=dict)
    dont_know: Prescription | None = None
    translations: dict[str, dict] = field(default_factory=dict)  # language: {text, help}

    def applies_to(self, kind):
        """Whether organizations of `kind` are asked this question; every kind when it names none."""
        return not self.spec.applies_to or kind in self.spec.applies_to


@dataclass
class Area:
    spec: AreaSpec
    description: str
    path: Path
    questions: list[Question] = field(default_factory=list)
    dont_know: Prescription | None = None
    translations: dict[str, dict] = field(default_factory=dict)  # language: {title, description}


@dataclass
class LanguageReport:
    """How completely one language folder translates the source: counted in content files."""

    language: str
    folder: Path
    total: int = 0
    translated: int = 0  # up to date
    stale: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # source files without a translation
    orphans: list[Path] = field(default_factory=list)  # translations without a source

    @property
    def coverage(self):
        return 100.0 * self.translated / self.total if self.total else 100.0


@dataclass
class Pack:
    folder: Path
    language: str
    hash: str
    areas: list[Area]
    resources: dict[str, ResourceSpec]
    languages: dict[str, LanguageReport] = field(default_factory=dict)  # translations only
    warnings: list[Problem] = field(default_factory=list)
    retired: dict[int, RetiredSpec] = field(default_factory=dict)

    def questions(self):
        return [q for area in self.areas for q in area.questions]

    def prescriptions(self):
        return [p for q in self.questions() for p in q.choices.values()]


class _LineLoader(BoundedLoader):
    """Records the line of every mapping key, so a bad value can be reported where it stands."""


def _construct_mapping(loader, node, deep=False):
    mapping = BoundedLoader.construct_mapping(loader, node, deep=True)
    mapping["__lines__"] = {key.value: key.start_mark.line for key, _ in node.value}
    mapping["__line__"] = node.start_mark.line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(data):
    if isinstance(data, dict):
        return {k: _strip_lines(v) for k, v in data.items() if k not in ("__lines__", "__line__")}
    if isinstance(data, list):
        return [_strip_lines(v) for v in data]
    return data


class _Reader:
    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.files = PackFiles(folder, self.problem, self.warn)

    def problem(self, path, line, message):
        self.problems.append(Problem(path, line, message))

    def warn(self, path, line, message):
        self.warnings.append(Problem(path, line, message, warning=True))

    def read_text(self, path: Path):
        """The file's text with LF line ends, or None after reporting why it cannot be read."""
        data = self.files.read_bytes(path)
        if data is None:
            return None
        if b"\x00" in data:
            self.problem(path, data[: data.index(b"\x00")].count(b"\n") + 1, "binary file (NUL byte)")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(path, line, f"not valid UTF-8 (byte {exc.start})")
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def read_front_matter(self, path: Path):
        """(metadata with key lines, body, first body line) or None after reporting the problem."""
        text = self.read_text(path)
        if text is None:
            return None
        handler = frontmatter.YAMLHandler()
        if not text.startswith("---\n") or not handler.detect(text):
            self.problem(path, 1, "missing front matter (the file must start with a '---' line)")
            return None
        try:
            raw, body = handler.split(text)
        except ValueError:
            self.problem(path, 1, "front matter is not closed by a '---' line")
            return None
        try:
            data = yaml.load(raw, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            reason = getattr(exc, "problem", None) or "invalid YAML"
            self.problem(path, line, f"malformed front matter: {reason}")
            return None
        if not isinstance(data, dict):
            self.problem(path, 2, "malformed front matter: expected 'key: value' lines")
            return None
        body = body.strip()
        if not body:
            return data, body, raw.count("\n") + 2
        # The body's own first line (the front matter splitter eats blank lines), for path:line messages.
        body_line = text[: text.index(body, len(raw))].count("\n") + 1
        for line, message in authoring_problems(body):
            self.problem(path, body_line + line - 1, message)
        return data, body, body_line

    def validate(self, spec_class, data, path):
        try:
            return spec_class.model_validate(_strip_lines(data))
        except ValidationError as exc:
            for error in exc.errors():
                self.problem(path, _error_line(data, error["loc"]), _describe(error))
            return None


def _error_line(data, loc):
    """1-based file line of the key an error is about (YAML line 0 is the rest of the opening '---')."""
    line = data.get("__line__", 0)
    node = data
    for part in loc:
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(part, node.get("__line__", line))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, dict):
                line = node.get("__line__", line)
        else:
            break
    return line + 1


def _describe(error):
    where = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"missing field '{where}'"
    if kind == "extra_forbidden":
        return f"unknown field '{where}'"
    if kind.startswith("int"):
        return f"'{where}' must be an integer, not {value!r}"
    if kind == "string_pattern_mismatch":
        if where.endswith("url"):
            return f"'{where}' must be an http(s) address, not {value!r}"
        return f"'{where}' must be a slug (a-z, 0-9, '-'), not {value!r}"
    if kind in ("string_too_short", "too_short"):
        return f"'{where}' must not be empty"
    if kind == "string_too_long":
        return f"'{where}' is too long (at most {error['ctx']['max_length']} characters)"
    if kind == "literal_error":
        return f"'{where}' must be one of {', '.join(ORGANIZATION_KINDS)}, not {value!r}"
    if kind.startswith("string"):
        return f"'{where}' must be text, not {value!r}"
    if kind.startswith("list"):
        return f"'{where}' must be a list"
    if kind in ("greater_than_equal", "greater_than"):
        return f"'{where}' must be at least {error['ctx'].get('ge', error['ctx'].get('gt'))}, not {value!r}"
    if kind in ("less_than_equal", "less_than"):
        return f"'{where}' must be at most {error['ctx'].get('le', error['ctx'].get('lt'))}, not {value!r}"
    return f"'{where}': {error['msg']}"


def pack_hash(folder: Path, files: dict[Path, bytes], translation_folders=()):
    """One hash for the source and its translations: a content version holds every language.

    Made from the files as they were read (`files`), never read again."""
    digest = hashlib.sha256()
    for prefix, root in [("", folder)] + [(f"{t.name}/", t) for t in translation_folders]:
        for path in sorted(p for p in files if p.is_relative_to(root)):
            digest.update(f"{prefix}{path.relative_to(root)}".encode())
            digest.update(b"\0")
            digest.update(files[path])
            digest.update(b"\0")
    return digest.hexdigest()


def source_folder(folder: Path):
    """`content/tr` itself, or the Turkish folder of `content` (the folder holding every language)."""
    if not (folder / "areas").is_dir() and (folder / SOURCE_LANGUAGE / "areas").is_dir():
        return folder / SOURCE_LANGUAGE
    return folder


def translation_folders(folder: Path):
    """Sibling folders named for a language, each holding translated areas or prescriptions."""
    parent = folder.parent if folder.name else folder.resolve().parent
    return sorted(
        sibling
        for sibling in (parent.iterdir() if parent.is_dir() else [])
        if sibling.is_dir()
        and LANGUAGE_FOLDER.match(sibling.name)
        and sibling.resolve() != folder.resolve()
        and ((sibling / "areas").is_dir() or (sibling / "prescriptions").is_dir())
    )


def _read_resources(reader: _Reader, path: Path):
    resources: dict[str, ResourceSpec] = {}
    if not path.exists() and not path.is_symlink():
        return resources
    text = reader.read_text(path)
    if text is None:
        return resources
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or "id" not in rows[0] or "url" not in rows[0]:
        reader.problem(path, 1, "the header line must name the columns (id, kind, code, title, ..., url, topics)")
        return resources
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            reader.problem(path, number, f"{len(row)} columns, the header has {len(header)}")
            continue
        data = dict(zip(header, (cell.strip() for cell in row)))
        data["topics"] = [t.strip() for t in data.get("topics", "").split(",") if t.strip()]
        try:
            spec = ResourceSpec.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                reader.problem(path, number, _describe(error))
            continue
        if spec.id in resources:
            reader.problem(path, number, f"duplicate resource id '{spec.id}'")
            continue
        resources[spec.id] = spec
    return resources


def read_pack(folder) -> tuple[Pack | None, list[Problem]]:
    """Parse the pack in `folder` and its translations; the pack is None when any problem was found.

    Warnings (missing, orphan and stale translations) are in `pack.warnings`; they never make it invalid.
    """
    folder = source_folder(Path(folder))
    reader = _Reader(folder)
    if not folder.is_dir():
        return None, [Problem(folder, 1, "not a folder")]

    reader.files.others(PACK_ENTRIES)
    resources = _read_resources(reader, folder / "resources.tsv")

    areas: dict[str, Area] = {}
    questions: dict[int, Question] = {}
    sources = {}  # path relative to the folder: the Area or Prescription read from it
    for path in reader.files.files(folder / "areas", CONTENT_SUFFIXES):
        parsed = reader.read_front_matter(path)
        if parsed is None:
            continue
        data, body, body_line = parsed
        spec = reader.validate(AreaSpec, data, path)
        if spec is None:
            continue
        if spec.area_id in areas:
            reader.problem(path, _error_line(data, ["area_id"]), f"duplicate area_id '{spec.area_id}'")
            continue
        if not body:
            reader.problem(path, body_line, "empty body: describe the area")
        area = Area(spec=spec, description=body, path=path)
        areas[spec.area_id] = area
        sources[path.relative_to(folder)] = area
        for index, question_spec in enumerate(spec.questions):
            line = _error_line(data, ["questions", index])
            number = question_spec.question_id
            if number in questions:
                other = questions[number].area.path
                reader.problem(path, line, f"duplicate question_id {number} (also in {other})")
                continue
            kinds = question_spec.applies_to or []
            if len(set(kinds)) != len(kinds):
                reader.problem(path, line, f"question {number}: 'applies_to' lists a kind twice")
            question = Question(spec=question_spec, area=area, line=line)
            questions[number] = question
            area.questions.append(question)
    if not areas and not reader.problems:
        reader.problem(folder / "areas", 1, "no area files found")

    for path in reader.files.files(folder / "prescriptions", CONTENT_SUFFIXES):
        parsed = reader.read_front_matter(path)
        if parsed is None:
            continue
        data, body, body_line = parsed
        spec = reader.validate(PrescriptionSpec, data, path)
        if spec is None:
            continue
        prescription = Prescription(spec=spec, body=body, path=path)
        sources[path.relative_to(folder)] = prescription
        if not body:
            reader.problem(path, body_line, "empty body: the prescription text is missing")
        for resource_id in spec.resources:
            if resource_id not in resources:
                reader.problem(path, _error_line(data, ["resources"]), f"unknown resource id '{resource_id}'")
        _attach(reader, data, prescription, areas, questions)

    for area in areas.values():
        if area.dont_know is None:
            reader.problem(area.path, 2, f"no 'Bilmiyorum' prescription (choice_id: 0, area_id: {area.spec.area_id})")
        for question in area.questions:
            numbers = sorted(question.choices)
            if len(numbers) < 2:
                reader.problem(
                    area.path,
                    question.line,
                    f"question {question.spec.question_id} has {len(numbers)} choice(s), needs at least 2",
                )
            elif numbers != list(range(1, len(numbers) + 1)):
                missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
                reader.problem(
                    area.path,
                    question.line,
                    f"question {question.spec.question_id}: choice ids must be 1..n without gaps (missing {missing})",
                )

    translated = translation_folders(folder) if folder.name == SOURCE_LANGUAGE else []
    languages = {t.name: _read_translations(reader, folder, t, sources, resources) for t in translated}
    retired = _read_retired(reader, folder / RETIRED_FILE, questions)

    if reader.problems:
        return None, reader.problems + reader.warnings
    ordered = sorted(areas.values(), key=lambda a: (a.spec.order, a.spec.area_id))
    pack = Pack(
        folder=folder,
        language=folder.name,
        hash=pack_hash(folder, reader.files.read, translated),
        areas=ordered,
        resources=resources,
        languages=languages,
        warnings=reader.warnings,
        retired=retired,
    )
    return pack, []


def _read_translations(reader, folder, translated_folder, sources, resources):
    """Attach one language's translations to the source areas and prescriptions they mirror (same path)."""
    language = translated_folder.name
    report = LanguageReport(language=language, folder=translated_folder, total=len(sources))
    seen = set()
    reader.files.add_root(translated_folder)
    reader.files.others(("areas", "prescriptions"), translated_folder)
    files = reader.files.files(translated_folder / "areas", CONTENT_SUFFIXES)
    for path in files + reader.files.files(translated_folder / "prescriptions", CONTENT_SUFFIXES):
        relative = path.relative_to(translated_folder)
        source = sources.get(relative)
        if source is None:
            report.orphans.append(path)
            reader.warn(path, 1, f"orphan {language} translation: there is no {folder / relative}")
            continue
        seen.add(relative)
        parsed = reader.read_front_matter(path)
        if parsed is None:
            continue
        data, body, body_line = parsed
        is_area = isinstance(source, Area)
        spec = reader.validate(TranslatedAreaSpec if is_area else TranslatedPrescriptionSpec, data, path)
        if spec is None:
            continue
        if not body:
            reader.problem(path, body_line, "empty body: the translation is missing")
            continue
        keys = ("area_id",) if is_area else ("question_id", "choice_id", "area_id")
        mismatched = [k for k in keys if getattr(spec, k) != getattr(source.spec, k)]
        for key in mismatched:
            reader.problem(
                path,
                _error_line(data, [key]),
                f"{key} {getattr(spec, key)!r} differs from the source's {getattr(source.spec, key)!r} ({source.path})",
            )
        unknown = [r for r in getattr(spec, "resources", None) or [] if r not in resources]
        for resource_id in unknown:
            reader.problem(path, _error_line(data, ["resources"]), f"unknown resource id '{resource_id}'")
        if mismatched or unknown:
            continue
        if hashlib.sha256(reader.files.read[source.path]).hexdigest() != spec.source_sha256:
            report.stale.append(path)
            reader.warn(
                path,
                _error_line(data, ["source_sha256"]),
                f"stale {language} translation: {source.path} changed since it was translated (source_sha256)",
            )
        else:
            report.translated += 1
        if is_area:
            source.translations[language] = {"title": spec.title, "description": body}
            _attach_question_translations(reader, data, spec, source, path, language)
        else:
            resource_ids = spec.resources if spec.resources is not None else source.spec.resources
            source.translations[language] = {"title": spec.title, "body": body, "resources": list(resource_ids)}
    for relative in sorted(set(sources) - seen):
        report.missing.append(sources[relative].path)
        reader.warn(sources[relative].path, 1, f"no {language} translation (expected {translated_folder / relative})")
    return report


def _attach_question_translations(reader, data, spec, area, path, language):
    by_number = {q.spec.question_id: q for q in area.questions}
    done = set()
    for index, question_spec in enumerate(spec.questions):
        line = _error_line(data, ["questions", index])
        number = question_spec.question_id
        if number in done:
            reader.problem(path, line, f"duplicate question_id {number}")
        elif number not in by_number:
            reader.warn(path, line, f"orphan {language} translation: question {number} is not in {area.path}")
        else:
            done.add(number)
            by_number[number].translations[language] = {
                "text": question_spec.text,
                "help": question_spec.help,
                "not_applicable": question_spec.not_applicable,
            }
    for number in sorted(by_number.keys() - done):
        reader.warn(path, _error_line(data, ["questions"]), f"question {number} of {area.path} is not translated")


def _read_retired(reader: _Reader, path: Path, questions):
    """The ids of questions taken out of the questionnaire: they may never be used again."""
    if not path.exists():
        return {}
    text = reader.read_text(path)
    if text is None:
        return {}
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reader.problem(path, mark.line + 1 if mark else 1, f"malformed YAML: {getattr(exc, 'problem', None) or exc}")
        return {}
    if not isinstance(data, dict):
        reader.problem(path, 1, "expected 'retired:' followed by a list of questions")
        return {}
    spec = reader.validate(RetiredFileSpec, data, path)
    if spec is None:
        return {}
    retired = {}
    for index, entry in enumerate(spec.retired):
        line = _error_line(data, ["retired", index])
        number = entry.question_id
        if number in retired:
            reader.problem(path, line, f"question {number} is retired twice")
        elif number in questions:
            where = questions[number].area.path
            reader.problem(path, line, f"question_id {number} is retired and must not be used again (used in {where})")
        for successor in entry.replaced_by:
            if successor not in questions:
                reader.problem(path, line, f"question {number} is replaced by {successor}, which is not in the pack")
        retired[number] = entry
    return retired


def _attach(reader, data, prescription, areas, questions):
    spec, path = prescription.spec, prescription.path
    if spec.choice_id == DONT_KNOW:
        if (spec.question_id is None) == (spec.area_id is None):
            reader.problem(
                path,
                _error_line(data, ["choice_id"]),
                "a 'Bilmiyorum' prescription needs either question_id or area_id",
            )
            return
        # For one question, or for every question of an area that has none of its own.
        field, key, owners = (
            ("question_id", spec.question_id, questions)
            if spec.question_id is not None
            else ("area_id", spec.area_id, areas)
        )
        owner = owners.get(key)
        if owner is None:
            reader.problem(path, _error_line(data, [field]), f"unknown {field} {key!r}")
        elif owner.dont_know is not None:
            reader.problem(
                path,
                _error_line(data, [field]),
                f"duplicate 'Bilmiyorum' for {field} {key!r} (also {owner.dont_know.path})",
            )
        else:
            owner.dont_know = prescription
        return
    if spec.question_id is None:
        reader.problem(path, 2, "missing field 'question_id'")
        return
    if spec.area_id is not None:
        reader.problem(
            path, _error_line(data, ["area_id"]), "area_id belongs only on a 'Bilmiyorum' prescription (choice_id: 0)"
        )
    question = questions.get(spec.question_id)
    if question is None:
        reader.problem(path, _error_line(data, ["question_id"]), f"unknown question_id {spec.question_id}")
        return
    other = question.choices.get(spec.choice_id)
    if other is not None:
        reader.problem(
            path,
            _error_line(data, ["choice_id"]),
            f"duplicate choice: question {spec.question_id} choice {spec.choice_id} is also in {other.path}",
        )
        return
    question.choices[spec.choice_id] = prescription


def referenced_resources(listed_ids, body, urls_by_id):
    """Catalogue ids a prescription recommends, in order: its `resources` list, then its catalogue links.

    Several catalogue entries can share an address (the STOK course tracks all live on one site); a link
    to such an address counts only for the entries the prescription lists, never for the others.
    """
    ids = [i for i in listed_ids if i in urls_by_id]
    ids_by_url = {}
    for resource_id, url in urls_by_id.items():
        ids_by_url.setdefault(url, []).append(resource_id)
    for href, _text in link_targets(body):
        candidates = ids_by_url.get(href, [])
        if len(candidates) == 1:
            ids.append(candidates[0])
    return list(dict.fromkeys(ids))


WORD = re.compile(r"\w+")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")


def word_count(markdown_text):
    """Words of prose: link addresses and HTML tags do not count."""
    return len(WORD.findall(TAG.sub("", LINK_TARGET.sub("]", markdown_text))))
