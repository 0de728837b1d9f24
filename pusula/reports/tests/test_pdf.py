"""The PDF: A4, cover, contents with page numbers, charts, working links, Turkish letters.

Hostile content in the PDF: tests/test_hostile_content.py."""

import io
import re

import pytest
from pypdf import PdfReader

from pusula.assessments import services
from pusula.reports.tests.factories import respondent

pytestmark = pytest.mark.django_db


def pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def links(reader):
    return [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/A")
    ]


def test_round_pdf_is_a4_with_cover_contents_and_page_numbers(coordinator_client, answered_round):
    base = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/"
    coordinator_client.post(base + "consensus/", {"q10": "3", "note10": "Valilikle görüştük."})
    reader = pdf(coordinator_client, f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report.pdf")
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    pages = [page.extract_text() for page in reader.pages]
    assert "Kadın Dayanışma Derneği" in pages[0] and answered_round.version.label in pages[0]
    assert "İçindekiler" in pages[1]
    assert re.search(r"Katılım ve Savunuculuk\W*\d+", pages[1].replace("\n", " "))  # contents with page numbers
    assert all(f"{n} / {len(pages)}" in text for n, text in enumerate(pages, start=1) if n > 1)
    everything = " ".join(pages)
    for letters in ("ğ", "ş", "ı", "İ", "ç", "ö", "ü"):
        assert letters in everything
    assert "https://www.stgm.org.tr/sivil-toplum-okulu-stok/savunucu-orgutler" in links(reader)


def test_respondent_pdf_through_the_link(client, answered_round):
    ((_person, token),) = services.invite(answered_round, [("Veli", "")])
    client.post(f"/r/{token}/", {"role": "volunteer"})
    client.post(f"/r/{token}/a/katilim-ve-savunuculuk/", {"q10": "3", "go": "overview"})
    reader = pdf(client, f"/r/{token}/report.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Kişisel öz değerlendirme raporu" in text
    assert "Gönüllü" in text


def test_an_unchanged_report_is_served_from_the_stored_pdf_and_a_change_renders_anew(
    coordinator_client, answered_round, django_assert_max_num_queries
):
    from pusula.reports.models import RenderedPdf

    url = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report.pdf"
    first = coordinator_client.get(url).content
    with django_assert_max_num_queries(10):
        assert coordinator_client.get(url).content == first
    assert RenderedPdf.objects.count() == 1

    respondent(answered_round, "volunteer", {7: 3})
    changed = coordinator_client.get(url).content
    assert changed != first
    assert RenderedPdf.objects.count() == 1  # replaced, not piled up


def test_relative_addresses_never_become_local_files(monkeypatch):
    """A second line of defence behind the sanitizer: whatever relative address reaches WeasyPrint."""
    from pusula.reports import pdf as pdf_module

    html = '<p><a href="/etc/passwd">a</a> <a href="//127.0.0.1:9/x">b</a> <a href="jav%09ascript:x">c</a></p>'
    monkeypatch.setattr(pdf_module, "render_to_string", lambda *args, **kwargs: html)
    reader = PdfReader(io.BytesIO(pdf_module.render_pdf("unused.html", {})))
    uris = links(reader)
    assert len(uris) == 3
    assert not [uri for uri in uris if uri.startswith("file:") or not uri.startswith("https://")], uris
