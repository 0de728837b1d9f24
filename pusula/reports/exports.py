"""Round exports: the report's own figures as tables, never more than the report discloses.

Every exporter takes the round report's context (services.round_report), so an export shows exactly
what the page shows, through the same privacy gate; each returns (filename, mimetype, bytes).
Formats are described in docs/exports.md.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pusula.lib.text import formula_safe, turkish_slug
from pusula.operator.comparison import similar_data
from pusula.reports.services import round_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(assessment_round, suffix, kind=""):
    """pusula-<organization>-<round>[-<kind>]-<YYYY-MM-DD>.<suffix>, ASCII only, the date local."""
    parts = [
        "pusula",
        assessment_round.organization.slug,
        turkish_slug(assessment_round.name, 40) or str(assessment_round.pk),
        kind,
        timezone.localdate().isoformat(),
    ]
    return "-".join(p for p in parts if p) + "." + suffix


def _choice_label(choice):
    if choice is None:
        return ""
    return str(choice.unscored_label) if choice.unscored_label else choice.title


def _source_label(source):
    return {"consensus": _("Uzlaşı"), "most_common": _("En çok seçilen")}.get(source, "")


# Each table: (sheet title, header, rows). Numbers stay numbers; the CSV writer formats them.


def answers_table(context):
    """The organization's answers, one row per question, with where each came from."""
    comparison = context["comparison"]
    header = [
        _("Alan no"), _("Alan"), _("Soru no"), _("Soru"), _("Örgütün yanıtı (seçenek no)"), _("Örgütün yanıtı"),
        _("Kaynak"), _("Yanıt sayısı"), _("Dağılım"), _("Yanıtların ortalaması"), _("Yayılım"), _("Uzlaşı notu"),
    ]  # fmt: skip
    rows = []
    for area_number, area in enumerate(comparison.areas, start=1):
        for entry in area.result.entries:
            item, choice = entry["comparison"], entry["choice"]
            rows.append(
                [
                    area_number,
                    area.area.title,
                    entry["question"].number,
                    entry["question"].text,
                    choice.number if choice else None,
                    _choice_label(choice),
                    _source_label(entry["source"]),
                    sum(item.levels.values()),
                    item.words,
                    item.mean,
                    item.spread,
                    entry["note"],
                ]
            )
    return _("Örgütün yanıtları"), header, rows


def areas_table(context):
    comparison = context["comparison"]
    header = [
        _("Alan no"), _("Alan"), _("Örgüt puanı"), _("Aşama"), _("Puanın kaynağı"), _("Uzlaşıyla"),
        _("En çok seçilen yanıttan"), _("Yanıtsız"), _("Yanıtların ortalaması"), _("Yayılım"),
    ] + [_("%(group)s: ortalama") % {"group": g.label} for g in comparison.groups]  # fmt: skip
    rows = [
        [
            number,
            a.area.title,
            a.score,
            str(a.stage) if a.stage else "",
            str(a.source),
            a.agreed,
            a.most_common,
            a.unanswered,
            a.answers_mean,
            a.answers_spread,
            *(m for _g, m in a.group_means),
        ]
        for number, a in enumerate(comparison.areas, start=1)
    ]
    return _("Alan puanları"), header, rows


def comparison_table(context):
    """The distribution the report shows for each question: each choice, overall and per shown group."""
    comparison = context["comparison"]
    header = [_("Soru no"), _("Soru"), _("Seçenek no"), _("Seçenek"), _("Toplam")] + [
        g.label for g in comparison.groups
    ]
    rows = []
    for item in comparison.questions:
        for choice, total, per_group in item.count_rows():
            rows.append(
                [item.question.number, item.question.text, choice.number, _choice_label(choice), total]
                + [n for _label, n in per_group]
            )
    return _("Karşılaştırma"), header, rows


def consensus_table(context):
    comparison = context["comparison"]
    header = [
        _("Soru no"),
        _("Soru"),
        _("Uzlaşılan yanıt (seçenek no)"),
        _("Uzlaşılan yanıt"),
        _("Not"),
        _("Kaydedildi"),
    ]
    rows = []
    for item in comparison.questions:
        if item.consensus is None:
            continue
        choice = next(c for c in item.question.options if c.pk == item.consensus.choice_id)
        rows.append(
            [
                item.question.number,
                item.question.text,
                choice.number,
                _choice_label(choice),
                item.consensus.note,
                timezone.localtime(item.consensus.recorded_at) if item.consensus.recorded_at else None,
            ]
        )
    return _("Uzlaşı notları"), header, rows


def individuals_table(context):
    """Named people's own answers, only in a round that told them so; never anyone anonymous."""
    disclosure = context["comparison"].disclosure
    questions = {item.question.pk: item.question for item in context["comparison"].questions}
    header = [_("Kişi"), _("Rol"), _("Soru no"), _("Seçenek no"), _("Seçenek")]
    labels = dict(_role_labels())
    rows = []
    for person, answers in disclosure.individuals:
        for question_pk, choice in sorted(answers.items(), key=lambda a: questions[a[0]].number):
            rows.append(
                [
                    person.code,
                    labels.get(person.role, ""),
                    questions[question_pk].number,
                    choice.number,
                    _choice_label(choice),
                ]
            )
    return _("Kişilerin yanıtları"), header, rows


def _role_labels():
    from pusula.assessments.models import Role

    return [(value, str(label)) for value, label in Role.choices]


def tables(context):
    found = [answers_table(context), areas_table(context), comparison_table(context), consensus_table(context)]
    if context["comparison"].disclosure.policy.named_visible:
        found.append(individuals_table(context))
    return found


def _csv_cell(value):
    """Turkish spreadsheet conventions: decimal comma, local day.month.year hour:minute."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)  # a number, even -1 ("does not apply"): never taken for a formula
    if hasattr(value, "strftime"):
        return (
            timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
            if hasattr(value, "hour")
            else value.strftime("%d.%m.%Y")
        )
    return formula_safe(str(value))


def export_csv(assessment_round):
    """The organization's answers as CSV for a Turkish-locale spreadsheet: `;` between fields, UTF-8 with a
    byte-order mark, decimal comma, times in Europe/Istanbul, Turkish headers."""
    _title, header, rows = answers_table(round_report(assessment_round))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    data = ("\ufeff" + buffer.getvalue()).encode()
    return filename(assessment_round, "csv"), "text/csv; charset=utf-8", data


def export_xlsx(assessment_round):
    context = round_report(assessment_round)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in tables(context):
        sheet = workbook.create_sheet(title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            sheet.append([_xlsx_cell(value) for value in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with "=" (never a formula)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns):
            longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(10, longest + 2), 60 if index else 30)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return filename(assessment_round, "xlsx"), XLSX, buffer.getvalue()


def _xlsx_cell(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # spreadsheets have no time zones: local time
    return value


def report_data(context):
    """The round report as plain data: the API's report and the JSON export's body."""
    comparison = context["comparison"]
    disclosure = comparison.disclosure
    chosen = {entry["question"].pk: entry for result in comparison.results for entry in result.entries}
    choices = {c.pk: c for q in comparison.questions for c in q.question.options}
    return {
        "round_id": context["round"].pk,
        "respondents": comparison.people,
        "overall": comparison.overall,
        "privacy": {
            "anonymous_minimum": disclosure.policy.threshold,
            "named_answers_visible": disclosure.policy.named_visible,
            "anonymous_respondents": disclosure.anonymous_people,
            "anonymous_needed": disclosure.anonymous_needed,
            "roles_compared": bool(disclosure.groups),
            "grouping": disclosure.grouping,
            "not_compared_reason": str(disclosure.not_compared_reason) if not disclosure.groups else "",
        },
        "groups": [
            {"group_id": g.key, "label": g.label, "roles": list(g.roles), "respondents": g.members}
            for g in disclosure.groups
        ],
        "areas": [
            {
                "area_id": a.area.slug,
                "title": a.area.title,
                "score": a.score,
                "stage": str(a.stage) if a.stage else None,
                "source": {"consensus": a.agreed, "most_common": a.most_common, "unanswered": a.unanswered},
                "source_text": str(a.source),
                "answers_mean": a.answers_mean,
                "answers_spread": a.answers_spread,
                "by_group": {g.key: m for g, m in a.group_means},
            }
            for a in comparison.areas
        ],
        "questions": [
            {
                "question_id": q.question.number,
                "area_id": q.question.area.slug,
                "organization_choice_id": chosen[q.question.pk]["choice"].number
                if chosen[q.question.pk]["choice"]
                else None,
                "source": chosen[q.question.pk]["source"],
                "consensus_choice_id": choices[q.consensus.choice_id].number if q.consensus else None,
                "levels": {str(number): count for number, count in sorted(q.levels.items())},
                "by_group": {
                    key: {str(number): count for number, count in sorted(counts.items())}
                    for key, counts in q.by_role.items()
                },
                "mean": q.mean,
                "spread": q.spread,
                "level_gap": q.level_gap,
                "role_gap": q.role_gap,
                "anonymous_withheld": q.anonymous_withheld,
            }
            for q in comparison.questions
        ],
        "disagreements": [q.question.number for q in context["disagreements"]],
        "similar": similar_data(context["similar"]) if "similar" in context else None,
    }


def round_document(context):
    """The whole round as one JSON-ready dict: the report's data, the questionnaire, consensus notes and,
    only where the round allows it, named people's own answers."""
    assessment_round = context["round"]
    version = context["version"]
    _title, _header, individual_rows = individuals_table(context)
    return {
        "organization": assessment_round.organization.name,
        "round": {
            "id": assessment_round.pk,
            "name": assessment_round.name,
            "created_at": assessment_round.created_at,
            "closed_at": assessment_round.closed_at,
        },
        "content_version": {"hash": version.hash, "language": version.language, "label": version.label},
        "areas": assessment_round.questionnaire.outline(),
        "generated_at": context["generated_at"],
        "report": report_data(context),
        "consensus": [
            {"question_id": row[0], "choice_id": row[2], "note": row[4], "recorded_at": row[5]}
            for row in consensus_table(context)[2]
        ],
        "individual_answers": [
            {"respondent": row[0], "role": row[1], "question_id": row[2], "choice_id": row[3]}
            for row in individual_rows
        ],
    }


def export_json(assessment_round):
    document = round_document(round_report(assessment_round))
    data = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return filename(assessment_round, "json"), "application/json", data.encode()


EXPORTERS = {"csv": export_csv, "xlsx": export_xlsx, "json": export_json}
