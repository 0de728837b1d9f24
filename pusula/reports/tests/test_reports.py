"""Report pages, PDF and exports of a round."""

import base64
import csv
import io
import json
import re
import shutil

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import SMALL_PACK, load_folder
from pusula.organizations.models import ApiToken
from pusula.reports.models import RenderedPdf
from pusula.reports.tests.factories import respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(round_):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/"


def test_my_report_shows_scores_my_answers_and_the_seed_prescription_rendered(coordinator_client, answered_round, base):
    html = coordinator_client.get(base + "me/report/").content.decode()
    assert "Planlama" in html and "33 · Gelişme" in html
    assert "Yürüttüğümüz savunuculuk çalışmalarıyla kamu idaresinin politikalarını değiştirmeye çalışıyoruz." in html
    assert (
        '<a href="https://www.stgm.org.tr/stok-ogrenme-platformu" rel="noopener noreferrer"><u>STGM STOK Öğrenme Platformu</u></a>ndaki'
        in html
    )
    assert "<li>\n<p>Stratejik plan, eylem planı ve politika belgelerinin hazırlanması,</p>" in html  # a bullet list
    assert "Saymana ya da muhasebeciye" in html  # question 8's own Bilmiyorum advice
    assert (
        html.count('href="https://www.stgm.org.tr/sivil-toplum-okulu-stok/savunucu-orgutler"') == 2
    )  # text + resource list


def test_round_report_compares_roles_and_shows_disagreements(coordinator_client, answered_round, base):
    response = coordinator_client.get(base + "report/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Farklı gördüğümüz konular" in html
    # One named staff member and one board member: a role column would single either out, even grouped.
    assert "Roller bu turda karşılaştırılamıyor" in html
    assert "Yönetim kurulu üyesi</th>" not in html and "Çalışan</th>" not in html
    assert "1 anonim yanıt bu soruda gösterilmiyor" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "En çok seçilen yanıt" in html


def test_consensus_is_recorded_and_drives_the_prescriptions(coordinator_client, answered_round, base):
    response = coordinator_client.post(
        base + "consensus/10/", {"choice": "3", "note": "Valilikle iki toplantı yaptık."}
    )
    assert response.status_code == 302
    html = coordinator_client.get(base + "report/").content.decode()
    assert "Uzlaşı yanıtı" in html
    assert "Valilikle iki toplantı yaptık." in html
    assert "1 / 3" in html  # consensus recorded for one question of three


def test_consensus_rejects_an_unknown_choice(coordinator_client, answered_round, base):
    response = coordinator_client.post(base + "consensus/10/", {"choice": "7"})
    assert response.status_code == 400


def pdf_pages(response):
    reader = PdfReader(io.BytesIO(response.content))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def test_pdf_of_the_round_report(coordinator_client, answered_round, base, download_pdf):
    response = download_pdf(coordinator_client, base + "report.pdf")
    assert "attachment" in response["Content-Disposition"]
    pages = pdf_pages(response)
    assert len(pages) >= 3  # cover, contents, the report
    assert "Örgütsel öz değerlendirme raporu" in pages[0] and "Kadın Dayanışma Derneği" in pages[0]
    text = " ".join(pages)
    assert "Katılım ve Savunuculuk" in text
    assert "Yıllık çalışma planımızı nasıl hazırlıyoruz?" in text
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="pusula-kadin-dayanisma-dernegi-2026-oz-degerlendirmesi-{today}.pdf"'
    )
    assert "Örgüt puanı: 33 / 100. 1 soru en çok seçilen yanıttan." in text  # Katılım's one score, its source
    assert re.search(r"yayılım \d+,\d", text)  # decimal comma


def test_one_score_per_area_in_the_table_the_heading_the_chart_and_the_api(coordinator_client, answered_round, base):
    html = coordinator_client.get(base + "report/").content.decode()
    # Katılım: question 10's named answers are 3, 2 and 4; on a tie the less developed, 2 of 4, scores 33.3.
    assert '<td data-label="Örgüt puanı"><span><strong>33</strong>' in html
    assert '2. Katılım ve Savunuculuk <span class="score">33 · Gelişme</span>' in html
    assert "Örgüt puanı: 33 / 100. 1 soru en çok seçilen yanıttan." in html
    assert re.search(r'data-label="Yayılım">\d+,\d<', html)  # Turkish decimal comma
    svg = base64.b64decode(re.search(r'class="chart radar" src="data:image/svg\+xml;base64,([^"]+)"', html).group(1))
    assert b"Uzla" not in svg  # no partial-consensus series beside the one score
    token = ApiToken.issue(answered_round.organization, None, "t")[1]
    report = coordinator_client.get(
        f"/api/v1/rounds/{answered_round.pk}/report", headers={"authorization": f"Bearer {token}"}
    ).json()
    assert report["areas"][1]["score"] == 33.3


def test_pdf_of_my_report(coordinator_client, answered_round, base, download_pdf):
    pages = pdf_pages(download_pdf(coordinator_client, base + "me/report.pdf"))
    assert len(pages) >= 2
    assert "Kişisel öz değerlendirme raporu" in pages[0]
    assert "Yürüttüğümüz savunuculuk çalışmalarıyla" in " ".join(pages)


def test_exports_hold_the_organizations_answers_scores_comparison_and_consensus(
    coordinator_client, answered_round, base
):
    coordinator_client.post(base + "consensus/10/", {"choice": "3", "note": "=Valilikle iki toplantı; yaptık."})
    response = coordinator_client.get(base + "export.csv")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="pusula-kadin-dayanisma-dernegi-2026-oz-degerlendirmesi-{today}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Alan no", "Alan", "Soru no", "Soru"]
    assert [row[2] for row in rows[1:]] == ["7", "8", "10"]  # one row per question, no row per person
    q7 = dict(zip(rows[0], rows[1]))
    assert q7["Kaynak"] == "En çok seçilen" and q7["Örgütün yanıtı (seçenek no)"] == "1"
    assert q7["Dağılım"] == "1 kişi 1. düzey, 1 kişi 2. düzey, 1 kişi 4. düzey dedi"  # the anonymous 1 is not in
    assert q7["Yanıtların ortalaması"] == "44,4"  # decimal comma
    q10 = dict(zip(rows[0], rows[3]))
    assert q10["Kaynak"] == "Uzlaşı" and q10["Uzlaşı notu"] == "'=Valilikle iki toplantı; yaptık."

    response = coordinator_client.get(base + "export.xlsx")
    assert response["Content-Disposition"].endswith(f'-{today}.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Örgütün yanıtları", "Alan puanları", "Karşılaştırma", "Uzlaşı notları"]
    areas = workbook["Alan puanları"]
    assert [c.value for c in areas[1]][:5] == ["Alan no", "Alan", "Örgüt puanı", "Aşama", "Puanın kaynağı"]
    assert [c.value for c in areas[3]][:5] == [
        2,
        "Katılım ve Savunuculuk",
        66.7,
        "Yerleşme",
        "1 sorunun tamamı uzlaşı toplantısında kararlaştırıldı.",
    ]
    note = workbook["Uzlaşı notları"]["E2"]
    assert note.value == "=Valilikle iki toplantı; yaptık." and note.data_type == "s"  # text, never a formula

    document = json.loads(coordinator_client.get(base + "export.json").content)
    assert document["content_version"]["hash"] == answered_round.version.hash
    assert document["individual_answers"] == []  # the round did not tell named people their answers are visible
    assert [a["score"] for a in document["report"]["areas"]] == [
        a.value for a in list(areas.columns)[2][1:]
    ]  # the same area score in the JSON as in the spreadsheet


def test_exports_never_name_anonymous_respondents(coordinator_client, answered_round, base):
    answered_round.respondents.filter(anonymous=True).update(label="Gizli Kişi", email="gizli@example.org")
    for fmt in ("csv", "json"):
        assert "Gizli" not in coordinator_client.get(base + f"export.{fmt}").content.decode("utf-8-sig")


def test_unknown_export_format_is_404(coordinator_client, answered_round, base):
    assert coordinator_client.get(base + "export.exe").status_code == 404


def test_a_report_keeps_its_content_version_after_new_content_is_loaded(
    coordinator_client, answered_round, base, tmp_path
):
    edited = tmp_path / "tr"
    shutil.copytree(SMALL_PACK, edited)
    path = edited / "prescriptions" / "q7-c2.md"
    path.write_text(path.read_text().replace("Yazılı bir plan iyi bir başlangıçtır.", "YENİ METİN."))
    new_version = load_folder(edited)
    assert new_version != answered_round.version
    html = coordinator_client.get(base + "me/report/").content.decode()
    assert "Yazılı bir plan iyi bir başlangıçtır." in html
    assert "YENİ METİN." not in html


@pytest.mark.parametrize(
    "page", ["", "report/", "report.pdf", "export.csv", "export.xlsx", "export.json", "me/report/"]
)
def test_query_count_does_not_grow_with_respondents(
    coordinator_client, round_, base, page, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            respondent(
                round_, ["staff", "volunteer", "board_member"][i % 3], {7: 1 + i % 4, 8: 1 + i % 2, 10: 1 + i % 4}
            )

    add(2)
    coordinator_client.get(base + page)  # warm the per-process content cache
    RenderedPdf.objects.all().delete()  # measure a PDF's rendering, not its stored copy
    expected = 202 if page.endswith(".pdf") else 200  # a PDF request queues the render and answers at once
    with django_assert_max_num_queries(20) as few:
        assert coordinator_client.get(base + page).status_code == expected
    add(48)
    RenderedPdf.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert coordinator_client.get(base + page).status_code == expected
