"""Round exports. Each renderer returns (filename, mimetype, bytes)."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook
from openpyxl.styles import Font

from pusula.assessments.models import Answer, ConsensusAnswer
from pusula.content.questionnaire import questionnaire_for
from pusula.reports.scoring import shown_roles

COLUMNS = [
    "respondent", "role", "area", "question_id", "question", "choice_id", "choice", "level", "answered_at",
]  # fmt: skip


def answer_rows(round):
    """One row per respondent × answered question, in content order.

    Respondents appear by code only, and by role only where the report shows that role on its own.
    """
    questionnaire = questionnaire_for(round.version)
    respondents = {r.pk: r for r in round.respondents.all()}
    answers = list(
        Answer.objects.filter(respondent__round=round).values_list(
            "respondent_id", "question_id", "choice_id", "answered_at"
        )
    )
    roles = {role: str(label) for role, label, _count in shown_roles({respondents[a[0]] for a in answers})}
    order = {q.pk: (q.area.order, q.position) for q in questionnaire.questions.values()}
    rows = []
    for respondent_pk, question_pk, choice_pk, answered_at in sorted(
        answers, key=lambda a: (respondents[a[0]].number, order[a[1]])
    ):
        respondent, question, choice = (
            respondents[respondent_pk],
            questionnaire.questions[question_pk],
            questionnaire.choices[choice_pk],
        )
        rows.append(
            [
                respondent.code,
                roles.get(respondent.role, ""),
                question.area.title,
                question.number,
                question.text,
                choice.number,
                choice.title,
                choice.level,
                answered_at,
            ]
        )
    return rows


def _filename(round, suffix):
    return f"pusula-{round.organization.slug}-{round.pk}.{suffix}"


def export_csv(round):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in answer_rows(round):
        writer.writerow([value.isoformat() if hasattr(value, "isoformat") else value for value in row])
    # A byte-order mark, so spreadsheet programs read the Turkish letters as UTF-8.
    return _filename(round, "csv"), "text/csv; charset=utf-8", ("\ufeff" + buffer.getvalue()).encode()


def export_xlsx(round):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "yanitlar"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in answer_rows(round):
        sheet.append([value.replace(tzinfo=None) if hasattr(value, "tzinfo") else value for value in row])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (10, 22, 28, 11, 60, 10, 60, 7, 20)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return (
        _filename(round, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer.getvalue(),
    )


def round_document(round):
    """The whole round as one JSON-ready dict: content version, questions, answers, consensus."""
    questionnaire = questionnaire_for(round.version)
    consensus = ConsensusAnswer.objects.filter(round=round)
    return {
        "organization": round.organization.name,
        "round": {"id": round.pk, "name": round.name, "created_at": round.created_at, "closed_at": round.closed_at},
        "content_version": {
            "hash": round.version.hash,
            "language": round.version.language,
            "label": round.version.label,
        },
        "areas": questionnaire.outline(),
        "answers": [dict(zip(COLUMNS, row)) for row in answer_rows(round)],
        "consensus": [
            {
                "question_id": questionnaire.questions[c.question_id].number,
                "choice_id": questionnaire.choices[c.choice_id].number,
                "note": c.note,
                "recorded_at": c.recorded_at,
            }
            for c in consensus
        ],
    }


def export_json(round):
    data = json.dumps(round_document(round), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _filename(round, "json"), "application/json", data.encode()


EXPORTERS = {"csv": export_csv, "xlsx": export_xlsx, "json": export_json}
