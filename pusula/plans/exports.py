"""The plan as a spreadsheet (openpyxl) and its due dates as an iCalendar file (icalendar)."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from pusula.plans import services
from pusula.plans.services import actions_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(round, suffix):
    return f"pusula-plan-{round.organization.slug}-{round.pk}.{suffix}"


def plan_rows(round):
    """(header, rows): one row per action, in the plan's order."""
    header = [
        _("Soru"), _("Alan"), _("Ne yapılacak"), _("Sorumlu"), _("Başlangıç"), _("Bitiş"), _("Durum"),
        _("Gecikmiş"), _("Gereken kaynaklar"), _("Başarı göstergesi"), _("Öğrenme kaynakları"), _("Notlar"),
        _("İlerleme"),
    ]  # fmt: skip
    rows = []
    for action in actions_of(round):
        question = action.target
        learning = "\n".join(
            f"{'✓' if item.studied_at else '○'} {item.resource.title} — {item.resource.url}"
            for item in action.learning.all()
        )
        progress = "\n".join(f"{entry.written_on.isoformat()}: {entry.text}" for entry in action.progress.all())
        rows.append(
            [
                f"{question.ordinal}. {question.text}",
                question.area.title,
                action.title,
                action.responsible,
                action.starts_on,
                action.due_on,
                str(action.get_status_display()),
                _("evet") if action.is_overdue else "",
                action.resources_needed,
                action.success_indicator,
                learning,
                action.notes,
                progress,
            ]
        )
    return header, rows


def plan_xlsx(round):
    header, rows = plan_rows(round)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("plan")
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = TYPE_STRING  # what people typed is text, never a formula
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLM", (40, 22, 40, 18, 12, 12, 14, 10, 30, 30, 40, 30, 40)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _filename(round, "xlsx"), XLSX, buffer.getvalue()


def plan_ics(round, absolute_url):
    """Every action with an end date, except dropped ones, as an all-day event on that date."""
    calendar = Calendar()
    calendar.add("prodid", "-//Pusula//plan//TR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{round.organization.name} · {round.name}")
    stamp = timezone.now()
    for action in actions_of(round):
        if action.due_on is None or action.status == action.Status.DROPPED:
            continue
        event = Event()
        event.add("uid", f"pusula-action-{action.pk}@{round.organization.slug}")
        event.add("dtstamp", stamp)
        event.add("dtstart", action.due_on)
        event.add("dtend", action.due_on + timedelta(days=1))
        status = str(action.get_status_display())
        event.add("summary", f"{action.title} ({status})")
        description = [f"{action.target.ordinal}. {action.target.text}"]
        if action.responsible:
            description.append(f"{_('Sorumlu')}: {action.responsible}")
        if action.success_indicator:
            description.append(f"{_('Başarı göstergesi')}: {action.success_indicator}")
        event.add("description", "\n".join(description))
        url = reverse(
            "plans:action", kwargs={"org": round.organization.slug, "round_pk": round.pk, "action_pk": action.pk}
        )
        event.add("url", absolute_url(url))
        if action.status == action.Status.DONE:
            event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return _filename(round, "ics"), "text/calendar; charset=utf-8", calendar.to_ical()


def plan_data(round):
    """The round's plan as plain data: the API's plan (api.schemas.PlanOut) and the data export's."""
    candidates, actions = services.candidates(round), services.actions_of(round)
    return {
        "round_id": round.pk,
        "candidates": [
            {
                "question_id": c.question.number,
                "importance": c.importance,
                "feasibility": c.feasibility,
                "quadrant": c.quadrant.value if c.quadrant else None,
                "added": bool(c.row and c.row.source == c.row.Source.ADDED),
            }
            for c in candidates
        ],
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "responsible": a.responsible,
                "status": a.status,
                "starts_on": a.starts_on,
                "due_on": a.due_on,
                "overdue": a.is_overdue,
                "question_id": a.target.number,
                "area_id": a.target.area.slug,
                "resources_needed": a.resources_needed,
                "success_indicator": a.success_indicator,
                "notes": a.notes,
                "resources": [
                    {
                        "id": item.resource.slug,
                        "title": item.resource.title,
                        "url": item.resource.url,
                        "studied": item.studied_at is not None,
                    }
                    for item in a.learning.all()
                ],
                "progress": [{"written_on": p.written_on, "text": p.text} for p in a.progress.all()],
            }
            for a in actions
        ],
    }
