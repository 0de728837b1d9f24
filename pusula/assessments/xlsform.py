"""Offline collection with the tools CSOs already use: a round's questionnaire as an XLSForm (the format
of KoboToolbox and ODK Collect), and their CSV/XLSX submissions back into the round.

Field names are the contract between the two directions: `rol`, `anonim`, `q<content id>` for each
question, `q<content id>_not` for its note; choice values are the choice numbers, 0 for "Bilmiyorum".
"""

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from pusula.assessments.models import Role
from pusula.lib.text import turkish_fold
from pusula.reports.exports import filename

ROLE_FIELD = "rol"
ANONYMOUS_FIELD = "anonim"
YES, NO = "evet", "hayir"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: what it unpacks to is what openpyxl reads. 2000 rows of a long questionnaire stay
# well under this; a zip of a few hundred kilobytes holding millions of cells does not.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 500

# Columns KoboToolbox and ODK Central add to every export: kept out of the way, never an error.
META_COLUMNS = {
    "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit",
    "instanceid", "instancename", "uuid", "submissiondate", "key", "submitterid", "submittername",
    "attachmentspresent", "attachmentsexpected", "status", "reviewstate", "edits", "formversion", "giris",
}  # fmt: skip
SUBMISSION_ID_COLUMNS = ("_uuid", "meta/instanceID", "instanceID", "meta-instanceID", "KEY")


def question_field(question):
    return f"q{question.number}"


def note_field(question):
    return f"q{question.number}_not"


def invitee_roles():
    return [(value, label) for value, label in Role.choices if value != Role.COORDINATOR]


def build_xlsform(round):
    """(filename, mimetype, bytes) of the round's questionnaire as an XLSForm workbook."""
    questionnaire = round.questionnaire
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "hint", "required", "relevant"])
    survey.append(["start", "start", "", "", "", ""])
    survey.append(["end", "end", "", "", "", ""])
    low, high = questionnaire.minutes
    survey.append([
        "note", "giris",
        _("%(org)s öz değerlendirmesi: %(n)d soru, yaklaşık %(low)d–%(high)d dakika. Örgütünüzün bugün gerçekte "
          "ne yaptığını en iyi anlatan seçeneği seçin; emin değilseniz “Bilmiyorum” deyin.")
        % {"org": round.organization.name, "n": questionnaire.question_count, "low": low, "high": high},
        "", "", "",
    ])  # fmt: skip
    survey.append([f"select_one {ROLE_FIELD}", ROLE_FIELD, _("Örgütteki rolünüz"), "", "yes", ""])
    survey.append([
        f"select_one {ANONYMOUS_FIELD}", ANONYMOUS_FIELD, _("Anonim kalmak istiyor musunuz?"),
        _("Anonim yanıtlar örgüt raporunda adınız olmadan, yalnızca yeterince anonim kişi yanıtladığında sayılır."),
        "yes", "",
    ])  # fmt: skip
    choices_rows = [["list_name", "name", "label"]]
    choices_rows += [[ROLE_FIELD, value, str(label)] for value, label in invitee_roles()]
    choices_rows += [[ANONYMOUS_FIELD, YES, _("Evet")], [ANONYMOUS_FIELD, NO, _("Hayır")]]
    for area in questionnaire.areas:
        group = "alan_" + slugify(area.slug).replace("-", "_")
        survey.append(["begin_group", group, area.title, "", "", ""])
        for question in area.question_list:
            name = question_field(question)
            survey.append([f"select_one {name}", name, f"{question.ordinal}. {question.text}", question.help, "", ""])
            survey.append(["text", note_field(question), _("Notunuz (isteğe bağlı)"), "", "", f"${{{name}}} != ''"])
            choices_rows += [[name, str(choice.number), choice.title] for choice in question.scored_choices]
            choices_rows.append([name, "0", _("Bilmiyorum")])
        survey.append(["end_group", group, "", "", "", ""])
    choices = workbook.create_sheet("choices")
    for row in choices_rows:
        choices.append(row)
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append([round.name, f"pusula_{round.pk}", round.version.hash[:10]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return filename(round, "xlsx", kind="xlsform"), mimetype, buffer.getvalue()


# Reading submissions back


class SubmissionFileError(ValueError):
    """A file that cannot be read as a table at all."""


@dataclass
class Submission:
    row: int  # the row number a spreadsheet program shows (header = 1)
    role: str
    anonymous: bool
    answers: dict = field(default_factory=dict)  # question pk → choice pk
    notes: dict = field(default_factory=dict)  # question pk → note
    external_id: str = ""


@dataclass
class Problem:
    row: int
    column: str  # header name
    letter: str  # spreadsheet column letter
    message: str

    def __str__(self):
        where = _("Satır %(row)d, sütun %(letter)s (%(column)s)") % {
            "row": self.row,
            "letter": self.letter,
            "column": self.column,
        }
        return f"{where}: {self.message}"


def read_table(upload):
    """(headers, rows) from an uploaded CSV (comma, semicolon or tab; UTF-8) or XLSX file."""
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise SubmissionFileError(_("Dosya çok büyük: en fazla 5 MB."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionFileError(_("Dosya okunamadı: CSV dosyası UTF-8 olmalı ya da XLSX dosyası yükleyin.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # a field past the csv module's limit, a stray quote at the very end, …
        raise SubmissionFileError(_("Dosya okunamadı: CSV dosyası bozuk (%(error)s).") % {"error": error}) from None
    return _split(rows)


def _read_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise SubmissionFileError(_("Dosya okunamadı: geçerli bir XLSX dosyası değil.")) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        # The sizes are the zip's own word; a file that unpacks to more than it says fails openpyxl's reading.
        raise SubmissionFileError(
            _("Dosya açıldığında çok büyük (en fazla %(mb)d MB): yanıtları birkaç dosyaya bölün.")
            % {"mb": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise SubmissionFileError(_("Dosya okunamadı: geçerli bir XLSX dosyası değil.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        if len(row) > MAX_COLUMNS:
            raise SubmissionFileError(_("Dosyada çok fazla sütun var."))
        cells = ["" if value is None else str(value) for value in row]
        while cells and not cells[-1].strip():  # a sheet's formatted but empty columns
            cells.pop()
        rows.append(cells)
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return _split(rows)


def _split(rows):
    # No NUL survives: PostgreSQL stores none in text, and no one typed one.
    rows = [[cell.replace("\x00", "") for cell in row] for row in rows]
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise SubmissionFileError(_("Dosya boş."))
    if len(rows) > MAX_ROWS + 1:
        raise SubmissionFileError(_("Bir dosyada en fazla %(n)d yanıt olabilir.") % {"n": MAX_ROWS})
    if len(rows[0]) > MAX_COLUMNS:
        raise SubmissionFileError(_("Dosyada çok fazla sütun var."))
    return [cell.strip() for cell in rows[0]], rows[1:]


def _field_name(header):
    """The XLSForm field a column holds: Kobo writes group paths ("alan_planlama/q7"), ODK Central
    joins them with hyphens ("alan_planlama-q7")."""
    return re.split(r"[/-]", header)[-1]


def parse_submissions(questionnaire, headers, rows):
    """(submissions, problems): every problem names its row and column; nothing is partial."""
    by_field = {}
    for question in questionnaire.in_order():
        by_field[question_field(question)] = ("answer", question)
        by_field[note_field(question)] = ("note", question)
    by_field[ROLE_FIELD] = ("role", None)
    by_field[ANONYMOUS_FIELD] = ("anonymous", None)

    problems, columns = [], []
    for index, header in enumerate(headers):
        letter = get_column_letter(index + 1)
        name = _field_name(header)
        if header in SUBMISSION_ID_COLUMNS:
            columns.append(("id", None))
        elif name in by_field:
            columns.append(by_field[name])
        elif (
            not header
            or header.startswith("_")
            or turkish_fold(name) in META_COLUMNS
            or turkish_fold(header) in META_COLUMNS
        ):
            columns.append(("ignore", None))
        else:
            problems.append(Problem(1, header, letter, _("bu değerlendirmede böyle bir soru yok")))
            columns.append(("ignore", None))
    present = {kind for kind, _question in columns}
    if "role" not in present:
        problems.append(
            Problem(1, ROLE_FIELD, "—", _("rol sütunu yok; dosya Pusula'nın XLSForm'uyla toplanmış olmalı"))
        )
    if problems:
        return [], problems

    # Exports may carry labels instead of values, in the form's language (Turkish) or the viewer's.
    roles, yes_no, dont_know = {}, {}, set()
    for language in {"tr", translation.get_language() or "tr"}:
        with translation.override(language):
            for value, label in invitee_roles():
                roles[turkish_fold(value)] = value
                roles[turkish_fold(str(label))] = value
            yes_no.update({turkish_fold(v): True for v in (YES, "yes", "true", "1", _("Evet"))})
            yes_no.update({turkish_fold(v): False for v in (NO, "no", "false", "0", _("Hayır"))})
            dont_know.add(turkish_fold(_("Bilmiyorum")))

    submissions = []
    for offset, row in enumerate(rows, start=2):
        row = row + [""] * (len(headers) - len(row))
        submission = Submission(row=offset, role="", anonymous=False)
        for index, (kind, question) in enumerate(columns):
            value = row[index].strip()
            message = None
            if kind == "id":
                submission.external_id = value[:100]
            elif kind == "role":
                submission.role = roles.get(turkish_fold(value), "")
                if not submission.role:
                    message = _("rol boş ya da tanınmıyor: “%(value)s”") % {"value": value[:50]}
            elif kind == "anonymous" and value:
                if turkish_fold(value) not in yes_no:
                    message = _("“evet” ya da “hayır” olmalı, “%(value)s” değil") % {"value": value[:50]}
                submission.anonymous = yes_no.get(turkish_fold(value), False)
            elif kind == "answer" and value:
                choice = _choice(question, value, dont_know)
                if choice is None:
                    message = _("“%(value)s” bu sorunun seçeneklerinden biri değil") % {"value": value[:50]}
                else:
                    submission.answers[question.pk] = choice.pk
            elif kind == "note" and value:
                submission.notes[question.pk] = value[:1000]
            if message:
                problems.append(Problem(offset, headers[index], get_column_letter(index + 1), message))
        for question_pk in submission.notes:
            if question_pk not in submission.answers:
                submission.notes[question_pk] = ""  # a note waits for its answer, as on the page
        submission.notes = {q: note for q, note in submission.notes.items() if note}
        submission.external_id = submission.external_id or _row_id(submission)
        submissions.append(submission)
    return submissions, problems


def _row_id(submission):
    """The id of a row without a submission id (a hand-made sheet): its place and what it says, so the
    same file imported again, or again with rows added at its end, adds nobody twice, while two people
    who answered alike on different rows stay two."""
    said = (submission.row, submission.role, submission.anonymous, sorted(submission.answers.items()))
    notes = sorted(submission.notes.items())
    return "row:" + hashlib.sha256(repr((said, notes)).encode()).hexdigest()[:40]


def _choice(question, value, dont_know_labels):
    """The choice a cell names: its number (a spreadsheet may write 3 as 3.0) or its full text."""
    options = question.scored_choices + [question.dont_know]
    if re.fullmatch(r"\d+(\.0)?", value):
        return next((c for c in options if c.number == int(float(value))), None)
    folded = turkish_fold(value)
    if folded in dont_know_labels:
        return question.dont_know
    return next((c for c in question.scored_choices if turkish_fold(c.title) == folded), None)
