"""Issue 9's walk-through: from the report to a plan, then measuring again and seeing what moved."""

import io
import re

import pytest
from django.test import Client
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from pusula.assessments.models import Round

pytestmark = pytest.mark.django_db

PEOPLE = [  # (invited as, role, answers by question number in round 1, in round 2)
    ("ali@example.org", "staff", {7: 1, 8: 1, 10: 1}, {7: 3, 8: 2, 10: 2}),
    ("Zeynep", "staff", {7: 1, 8: 2, 10: 2}, {7: 3, 8: 2, 10: 2}),
    ("Hasan (YK)", "board_member", {7: 2, 8: 2, 10: 4}, {7: 4, 8: 2, 10: 4}),
]


def answer_as_invitees(links, which):
    for link, (_name, role, *rounds) in zip(links, PEOPLE):
        answers = rounds[which]
        browser = Client()
        browser.post(link, {"role": role})
        page = browser.get(link + "a/planlama/").content.decode()
        assert ("geçen sefer" in page) == (which == 1)  # a returning respondent sees their previous answer
        browser.post(link + "a/planlama/", {"q7": answers[7], "q8": answers[8], "go": "next"})
        browser.post(link + "a/katilim-ve-savunuculuk/", {"q10": answers[10], "go": "next"})


def new_links(client, url):
    # A named person's link shows twice on the round page (the new-links notice, the people table): once each.
    return list(dict.fromkeys(re.findall(r'value="http://testserver(/r/[^"]+/)"', client.get(url).content.decode())))


def test_report_to_plan_to_next_round_and_what_changed(
    coordinator_client, organization, small_version, mailoutbox, run_tasks, download_pdf
):
    org = f"/o/{organization.slug}/"
    assert coordinator_client.post(org + "rounds/new/", {"name": "2026 öz değerlendirmesi"}).status_code == 302
    first = Round.objects.get()
    base = f"{org}rounds/{first.pk}/"
    coordinator_client.post(base + "me/", {"role": "manager"})
    coordinator_client.post(base + "me/a/planlama/", {"q7": "1", "q8": "1", "go": "next"})
    coordinator_client.post(base + "me/a/katilim-ve-savunuculuk/", {"q10": "2", "go": "next"})
    coordinator_client.post(base + "invite/", {"people": "\n".join(p[0] for p in PEOPLE)})
    run_tasks()
    answer_as_invitees(new_links(coordinator_client, base), 0)
    assert "Öncelikleri belirle" in coordinator_client.get(base + "report/").content.decode()

    # Prioritise: q7 and q10 are suggested (lowest answers); rate them, add q8 by hand and rate it.
    page = coordinator_client.get(base + "plan/priorities/").content.decode()
    assert 'id="aday-7"' in page and 'id="aday-10"' in page
    coordinator_client.post(base + "plan/priorities/add/", {"question": "8"})
    ratings = {"importance7": "5", "feasibility7": "5", "importance10": "4", "feasibility10": "2"}
    ratings |= {"importance8": "2", "feasibility8": "5"}
    assert coordinator_client.post(base + "plan/priorities/", ratings).status_code == 302
    page = coordinator_client.get(base + "plan/priorities/").content.decode()
    assert re.search(r"Hızlı kazanımlar</h3>\s*<ul><li><a href=\"#aday-7\">", page)

    # Plan: three actions, one done with a progress note.
    for number, title in (
        (7, "Yıllık planı ekipçe yazmak"),
        (10, "Belediyeyle görüşme takvimi"),
        (8, "Bütçeyi plana bağlamak"),
    ):
        response = coordinator_client.post(
            base + "plan/actions/new/",
            {"q": number, "title": title, "responsible": "Ayşe", "due_on": "2026-03-31", "status": "planned"},
        )
        assert response.status_code == 302
    plan = coordinator_client.get(base + "plan/").content.decode()
    action_pk = re.search(r'href="[^"]*/plan/actions/(\d+)/">Yıllık planı ekipçe yazmak', plan).group(1)
    action_url = f"{base}plan/actions/{action_pk}/"
    form = coordinator_client.get(action_url).context["form"]
    edited = {name: form[name].value() or "" for name in form.fields if name != "studied"} | {"status": "done"}
    assert coordinator_client.post(action_url, edited).status_code == 302
    coordinator_client.post(
        action_url + "progress/", {"written_on": "2026-02-10", "text": "Plan taslağı ekipçe yazıldı."}
    )
    plan = coordinator_client.get(base + "plan/").content.decode()
    assert plan.count('class="card action') == 3 and "Tamamlandı" in plan and "Plan taslağı ekipçe yazıldı." in plan

    # Exports: XLSX, the PDF section and the calendar of due dates.
    rows = list(load_workbook(io.BytesIO(coordinator_client.get(base + "plan/plan.xlsx").content)).active.values)
    assert len(rows) == 4 and {row[2] for row in rows[1:]} >= {"Yıllık planı ekipçe yazmak"}
    pdf = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(download_pdf(coordinator_client, base + "report.pdf").content)).pages
    )
    assert "İyileştirme planı" in pdf and "Plan taslağı ekipçe yazıldı." in pdf
    calendar = Calendar.from_ical(coordinator_client.get(base + "plan/plan.ics").content)
    assert len(calendar.walk("VEVENT")) == 3

    # Measure again: invitations copied (new links, one e-mail), everyone answers differently.
    mails_before = len(mailoutbox)
    response = coordinator_client.post(base + "next/", {"name": "2027 öz değerlendirmesi"})
    second = Round.objects.exclude(pk=first.pk).get()
    run_tasks()
    assert len(mailoutbox) == mails_before + 1
    links = new_links(coordinator_client, response["Location"])
    assert len(links) == 3
    base2 = f"{org}rounds/{second.pk}/"
    coordinator_client.post(base2 + "me/", {"role": "manager"})
    coordinator_client.post(base2 + "me/a/planlama/", {"q7": "3", "q8": "2", "go": "next"})
    coordinator_client.post(base2 + "me/a/katilim-ve-savunuculuk/", {"q10": "2", "go": "next"})
    answer_as_invitees(links, 1)

    report = coordinator_client.get(base2 + "report/").content.decode()
    assert 'id="degisim"' in report and "2026 öz değerlendirmesi" in report
    assert report.count('class="chart trend"') == 2  # a trend line per area
    planning = re.search(r'<section id="alan-planlama".*?</section>', report, re.S).group(0)
    assert "Yıllık planı ekipçe yazmak" in planning and "Tamamlandı" in planning  # the action aimed at it
    assert 'class="change up">+' in planning  # q7 went from level 1 to 3
