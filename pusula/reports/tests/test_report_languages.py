"""One round, two languages: people answer in their interface language, each viewer reads the report in theirs."""

import csv
import io
import re

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from pusula.reports import services

pytestmark = pytest.mark.django_db


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.fixture
def mixed_round(coordinator_client, round_):
    """The coordinator answers in English, an invited staff member in Turkish."""
    base = f"/o/{round_.organization.slug}/rounds/{round_.pk}/"
    in_english(coordinator_client)
    coordinator_client.post(base + "me/", {"role": "manager"})
    coordinator_client.post(base + "me/a/planlama/", {"q7": "1", "q8": "2", "go": "next"})
    coordinator_client.post(base + "me/a/katilim-ve-savunuculuk/", {"q10": "4", "go": "next"})
    coordinator_client.post(base + "invite/", {"people": "Zeynep"})
    (link,) = set(re.findall(r'value="http://testserver(/r/[^"]+/)"', coordinator_client.get(base).content.decode()))
    turkish = Client()
    turkish.post(link, {"role": "staff"})
    turkish.post(link + "a/planlama/", {"q7": "2", "q8": "1", "go": "next"})
    turkish.post(link + "a/katilim-ve-savunuculuk/", {"q10": "4", "go": "next"})
    return round_, base, link


def test_the_questionnaire_is_shown_in_the_interface_language(coordinator_client, mixed_round):
    _round, base, link = mixed_round
    english = coordinator_client.get(base + "me/a/planlama/").content.decode()
    assert "<h1>Planning</h1>" in english and "How do we prepare our annual work plan?" in english
    assert "We have no annual plan; we deal with things as they come." in english
    # choices 3 and 4 have no English yet: Turkish, with a notice
    assert re.search(
        r"Planı ekiple birlikte hazırlıyor ve üç ayda bir izliyoruz. \(not translated yet, shown in Turkish\)",
        english,
        re.S,
    )
    untranslated_area = coordinator_client.get(base + "me/a/katilim-ve-savunuculuk/").content.decode()
    assert "Katılım ve Savunuculuk" in untranslated_area
    # the Turkish fallback says so, and tells screen readers which language it is in
    assert '<h1 lang="tr">Katılım ve Savunuculuk <span class="untranslated" lang="en">' in untranslated_area
    assert "(not translated yet, shown in Turkish)</span></h1>" in untranslated_area

    turkish = Client().get(link + "a/planlama/").content.decode()
    assert "Yıllık çalışma planımızı nasıl hazırlıyoruz?" in turkish and "not translated" not in turkish


def test_answers_and_scores_are_the_same_in_both_languages(mixed_round):
    round_, _base, _link = mixed_round
    reports = {}
    for language in ("tr", "en"):
        with translation.override(language):
            report = services.round_report(round_)
        reports[language] = (
            [(r.area.slug, r.score) for r in report["results"]],
            [(e["question"].pk, e["choice"].pk if e["choice"] else None) for r in report["results"] for e in r.entries],
            [(item.question.pk, item.spread) for item in report["comparison"].questions],
        )
    assert reports["tr"] == reports["en"]
    assert reports["en"][0][0][1] is not None  # scored, not merely empty


def test_each_viewer_reads_the_report_in_their_language(coordinator_client, mixed_round):
    _round, base, _link = mixed_round
    english = coordinator_client.get(base + "report/").content.decode()
    assert "Planning" in english and "How do we prepare our annual work plan?" in english
    assert "Working without a plan scatters energy." in english
    # a Turkish resource for an English reader, and the Turkish fallback announced
    assert re.search(r"Herkes Plan Sever[^<]*</a> <span class=\"language-note\">\(Turkish\)</span>", english)
    assert "(not translated yet, shown in Turkish)" in english

    coordinator_client.post("/i18n/setlang/", {"language": "tr", "next": "/"})
    turkish = coordinator_client.get(base + "report/").content.decode()
    assert "Planlama" in turkish and "Plansız çalışmak enerjiyi dağıtır." in turkish
    assert "not translated" not in turkish and "Planning" not in turkish
    # an English resource for a Turkish reader
    assert re.search(r"Code of Good Practice[^<]*</a> <span class=\"language-note\">\(İngilizce\)</span>", turkish)


def test_pdf_and_exports_follow_the_viewer(coordinator_client, mixed_round, download_pdf):
    _round, base, _link = mixed_round
    pdf = PdfReader(io.BytesIO(download_pdf(coordinator_client, base + "report.pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Planning" in text and "(Turkish)" in text
    rows = list(
        csv.reader(io.StringIO(coordinator_client.get(base + "export.csv").content.decode("utf-8-sig")), delimiter=";")
    )
    assert "How do we prepare our annual work plan?" in {row[3] for row in rows[1:]}

    coordinator_client.post("/i18n/setlang/", {"language": "tr", "next": "/"})
    pdf = PdfReader(io.BytesIO(download_pdf(coordinator_client, base + "report.pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Planlama" in text and "Planning" not in text
    rows = list(
        csv.reader(io.StringIO(coordinator_client.get(base + "export.csv").content.decode("utf-8-sig")), delimiter=";")
    )
    assert "Yıllık çalışma planımızı nasıl hazırlıyoruz?" in {row[3] for row in rows[1:]}
