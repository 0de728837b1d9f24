"""The paper workshop: a printable blank questionnaire and typing a paper sheet in as a respondent."""

import io

import pytest
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from pusula.assessments.models import Answer, Respondent
from pusula.content.questionnaire import questionnaire_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(round_):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/"


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def flat(text):
    return " ".join(text.split())


def test_the_blank_questionnaire_prints_every_question_and_choice_with_bilmiyorum(
    coordinator_client, base, round_, download_pdf
):
    response = download_pdf(coordinator_client, base + "paper.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "-bos-soru-kagidi-" in response["Content-Disposition"]
    text = flat(pdf_text(response))
    questionnaire = questionnaire_for(round_.version)
    for question in questionnaire.in_order():
        assert flat(f"{question.ordinal}. {question.text}") in text
        for choice in question.scored_choices:
            assert flat(choice.title) in text, choice.title
    assert text.count("Bilmiyorum") >= questionnaire.question_count
    assert "2026 öz değerlendirmesi" in text and "Kadın Dayanışma Derneği" in text
    assert f"Kâğıt {round_.pk}-01" in text
    assert "Yönetim kurulu başkanı" in text and "Koordinatör" not in text


def test_each_copy_carries_its_own_code_on_every_page(coordinator_client, base, round_, download_pdf):
    reader = PdfReader(io.BytesIO(download_pdf(coordinator_client, base + "paper.pdf?copies=3").content))
    codes = [f"{round_.pk}-0{n}" for n in (1, 2, 3)]
    for page in reader.pages:
        text = page.extract_text()
        assert sum(code in text for code in codes) == 1, text[:200]
    assert all(any(code in page.extract_text() for page in reader.pages) for code in codes)


def renders():
    return DBTaskResult.objects.filter(task_path="pusula.reports.tasks.render_report_pdf").count()


def test_no_request_waits_on_the_blank_questionnaire_and_it_is_rendered_once(
    coordinator_client, base, round_, run_tasks
):
    first = coordinator_client.get(base + "paper.pdf?copies=2")
    assert first.status_code == 202 and "PDF hazırlanıyor" in first.content.decode()
    assert "Boş soru kâğıdının PDF'i" in first.content.decode()
    assert coordinator_client.get(base + "paper.pdf?copies=2").status_code == 202  # asked again, queued once
    assert renders() == 1
    run_tasks()
    for _again in range(2):
        response = coordinator_client.get(base + "paper.pdf?copies=2")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert renders() == 1  # kept and offered again, not rendered again
    assert coordinator_client.get(base + "paper.pdf?copies=3").status_code == 202  # other copies, another file


def test_the_blank_questionnaire_follows_the_rounds_name(coordinator_client, base, round_, download_pdf):
    download_pdf(coordinator_client, base + "paper.pdf")
    round_.name = "Yeni ad"
    round_.save()
    assert coordinator_client.get(base + "paper.pdf").status_code == 202
    assert "Yeni ad" in pdf_text(download_pdf(coordinator_client, base + "paper.pdf"))


@pytest.mark.parametrize("copies", ["0", "61", "x", "-1"])
def test_a_bad_number_of_copies_is_a_400(coordinator_client, base, copies):
    response = coordinator_client.get(base + f"paper.pdf?copies={copies}")
    assert response.status_code == 400
    assert "Kopya sayısı" in response.content.decode()


def test_a_paper_sheet_typed_in_becomes_a_respondent(coordinator_client, base, round_):
    response = coordinator_client.post(
        base + "paper/",
        {"label": f"{round_.pk}-02", "role": "volunteer", "q7": "2", "q8": "0", "q10": "4", "n10": "Kâğıtta yazıyor."},
    )
    assert response.status_code == 302
    sheet = Respondent.objects.get(source="paper")
    assert (sheet.role, sheet.anonymous, sheet.label, sheet.number) == ("volunteer", False, f"{round_.pk}-02", 2)
    assert sheet.finished_at is not None
    assert Answer.objects.filter(respondent=sheet).count() == 3
    assert Answer.objects.get(respondent=sheet, question__number=10).note == "Kâğıtta yazıyor."
    page = coordinator_client.get(base).content.decode()
    assert "kâğıt" in page


def test_a_sheet_entered_twice_is_refused_by_its_code(coordinator_client, base, round_):
    sheet = {"label": f"{round_.pk}-03", "role": "staff", "q7": "2"}
    assert coordinator_client.post(base + "paper/", sheet).status_code == 302
    response = coordinator_client.post(base + "paper/", {**sheet, "label": f" {round_.pk}-03 "})
    assert response.status_code == 400
    assert f"“{round_.pk}-03” kodlu kâğıt zaten Y02 olarak girildi" in response.content.decode()
    assert Respondent.objects.filter(source="paper").count() == 1
    # Names match as Turkish reads them: "İLKNUR" is "ilknur".
    coordinator_client.post(base + "paper/", {**sheet, "label": "ilknur"})
    assert coordinator_client.post(base + "paper/", {**sheet, "label": "İLKNUR"}).status_code == 400
    # Sheets without a code are not compared.
    for _copy in range(2):
        assert coordinator_client.post(base + "paper/", {**sheet, "label": ""}).status_code == 302


def test_an_anonymous_sheet_stays_anonymous_on_the_round_page(coordinator_client, base, round_):
    coordinator_client.post(base + "paper/", {"role": "member", "anonymous": "on", "q7": "1"})
    sheet = Respondent.objects.get(source="paper")
    assert sheet.anonymous
    table = coordinator_client.get(base).content.decode().split("<tbody>", 1)[1]
    row = table.split(sheet.code, 1)[1].split("</tr>", 1)[0]
    assert "anonim" in row and "Üye" not in row


@pytest.mark.parametrize(
    "data",
    [{"q7": "1"}, {"role": "coordinator", "q7": "1"}, {"role": "staff", "q7": "9"}, {"role": "staff", "n7": "x"}],
)
def test_a_wrong_sheet_is_a_400_and_saves_nothing(coordinator_client, base, data):
    response = coordinator_client.post(base + "paper/", data)
    assert response.status_code == 400
    assert not Respondent.objects.filter(source="paper").exists()


def test_a_closed_round_takes_no_paper_sheets(coordinator_client, base, round_):
    round_.close()
    coordinator_client.post(base + "paper/", {"role": "staff", "q7": "1"})
    assert not Respondent.objects.filter(source="paper").exists()
