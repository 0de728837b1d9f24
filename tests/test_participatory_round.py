"""Issue 4's walk-through, as people would do it: five invitees in their own browsers, two anonymous."""

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

PEOPLE = [  # (invited as, role, anonymous, answers by question number)
    ("ali@example.org", "staff", False, {7: 1, 8: 1, 10: 1}),
    ("Zeynep", "staff", True, {7: 2, 8: 1, 10: 2}),
    ("Hasan (YK)", "board_member", False, {7: 4, 8: 2, 10: 4}),
    ("elif@example.org", "board_chair", True, {7: 4, 8: 2, 10: 3}),
    ("Gönüllü Can", "volunteer", False, {7: 2, 8: 0, 10: 2}),
]


def test_five_people_answer_and_the_coordinator_reads_agrees_and_downloads(
    coordinator_client, round_, mailoutbox, run_tasks, download_pdf
):
    base = f"/o/{round_.organization.slug}/rounds/{round_.pk}/"
    coordinator_client.post(base + "me/", {"role": "manager"})
    coordinator_client.post(base + "me/a/planlama/", {"q7": "2", "q8": "1", "go": "next"})
    coordinator_client.post(base + "me/a/katilim-ve-savunuculuk/", {"q10": "3", "go": "next"})

    coordinator_client.post(base + "invite/", {"people": "\n".join(p[0] for p in PEOPLE)})
    page = coordinator_client.get(base).content.decode()
    links = list(dict.fromkeys(re.findall(r'value="http://testserver(/r/[^"]+/)"', page)))
    run_tasks()
    assert len(links) == 5 and len(mailoutbox) == 2

    for link, (_name, role, anonymous, answers) in zip(links, PEOPLE):
        browser = Client()  # each person in a browser of their own
        started = browser.post(link, {"role": role, **({"anonymous": "on"} if anonymous else {})})
        link = started["Location"].removesuffix("a/planlama/")  # anonymous people get a link of their own
        browser.post(link + "a/planlama/", {"q7": answers[7], "q8": answers[8], "go": "next"})
        assert (
            browser.post(link + "a/katilim-ve-savunuculuk/", {"q10": answers[10], "go": "next"})["Location"]
            == link + "thanks/"
        )

    page = coordinator_client.get(base).content.decode()
    assert page.count(">anonim<") == 2 and "Anonim yanıtlayanlar: 2 kişi başladı, 2 kişi tamamladı." in page

    report = coordinator_client.get(base + "report/").content.decode()
    assert "6 kişi yanıtladı." in report
    # One named staff member, one named board member: a column would single either out, even grouped.
    assert "Roller bu turda karşılaştırılamıyor" in report and "Yönetim kurulu başkanı</th>" not in report
    assert "2 kişi anonim yanıtladı." in report and "en az 1 anonim kişi daha gerekiyor" in report
    first_disagreement = re.search(r'<section id="farkli".*?<li><a href="#soru-(\d+)"', report, re.S).group(1)
    assert first_disagreement == "10"  # named answers from level 1 to 4, all four apart

    for question, choice, note in ((7, "2", "Plan var ama ekip katılmıyor."), (10, "2", ""), (8, "1", "")):
        response = coordinator_client.post(base + f"consensus/{question}/", {"choice": choice, "note": note})
        assert response.status_code == 302
    report = coordinator_client.get(base + "report/").content.decode()
    assert report.count("Uzlaşı yanıtı") == 3 and "Plan var ama ekip katılmıyor." in report

    pdf = PdfReader(io.BytesIO(download_pdf(coordinator_client, base + "report.pdf").content))
    pages = [p.extract_text() for p in pdf.pages]
    assert len(pages) >= 5
    for number, text in enumerate(pages[1:], start=2):  # page by page: numbered, not blank
        assert f"{number} / {len(pages)}" in text and len(text.split()) > 5
    assert "Plan var ama ekip katılmıyor." in " ".join(pages)

    workbook = load_workbook(io.BytesIO(coordinator_client.get(base + "export.xlsx").content))
    rows = list(workbook["Örgütün yanıtları"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Alan no", "Alan", "Soru no") and len(rows) == 1 + 3  # one row per question
    cells = [str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not any(code in cells for code in ("Y01", "Y02", "Y03"))  # nobody's own answers in this round
    assert all("Zeynep" not in cell and "elif" not in cell for cell in cells)
