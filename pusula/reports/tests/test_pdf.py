"""The PDF: A4, cover, contents with page numbers, charts, working links, Turkish letters.

Hostile content in the PDF: tests/test_hostile_content.py."""

import io
import re

import pytest
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from pusula.assessments import services
from pusula.reports import pdf as pdf_module
from pusula.reports.models import RenderedPdf
from pusula.reports.tests.factories import respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(download_pdf):
    return lambda client, url: PdfReader(io.BytesIO(download_pdf(client, url).content))


def links(reader):
    return [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/A")
    ]


def test_round_pdf_is_a4_with_cover_contents_and_page_numbers(coordinator_client, answered_round, pdf):
    base = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/"
    coordinator_client.post(base + "consensus/10/", {"choice": "3", "note": "Valilikle görüştük."})
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


def test_respondent_pdf_through_the_link(client, answered_round, pdf):
    ((_person, token),) = services.invite(answered_round, [("Veli", "")])
    client.post(f"/r/{token}/", {"role": "volunteer"})
    client.post(f"/r/{token}/a/katilim-ve-savunuculuk/", {"q10": "3", "go": "overview"})
    reader = pdf(client, f"/r/{token}/report.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Kişisel öz değerlendirme raporu" in text
    assert "Gönüllü" in text


def test_an_unchanged_report_is_served_from_the_stored_pdf_and_a_change_renders_anew(
    coordinator_client, answered_round, download_pdf, run_tasks, django_assert_max_num_queries
):
    url = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report.pdf"
    first = download_pdf(coordinator_client, url).content
    with django_assert_max_num_queries(11):  # 10, and one for the earlier rounds and the plan (trends.history_state)
        assert coordinator_client.get(url).content == first
    assert RenderedPdf.objects.count() == 1

    respondent(answered_round, "volunteer", {7: 3})
    assert coordinator_client.get(url).status_code == 202  # the stored file no longer shows the round
    run_tasks()
    changed = coordinator_client.get(url).content
    assert changed.startswith(b"%PDF") and changed != first
    assert RenderedPdf.objects.count() == 1  # replaced, not piled up


def test_relative_addresses_never_become_local_files(monkeypatch):
    """A second line of defence behind the sanitizer: whatever relative address reaches WeasyPrint."""
    html = '<p><a href="/etc/passwd">a</a> <a href="//127.0.0.1:9/x">b</a> <a href="jav%09ascript:x">c</a></p>'
    monkeypatch.setattr(pdf_module, "render_to_string", lambda *args, **kwargs: html)
    reader = PdfReader(io.BytesIO(pdf_module.render_pdf("unused.html", {})[0]))
    uris = links(reader)
    assert len(uris) == 3
    assert not [uri for uri in uris if uri.startswith("file:") or not uri.startswith("https://")], uris


def queued_renders():
    return DBTaskResult.objects.filter(task_path="pusula.reports.tasks.render_report_pdf")


def test_a_request_never_renders_it_shows_progress_and_offers_the_file_when_ready(
    coordinator_client, answered_round, run_tasks, monkeypatch
):
    url = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report.pdf"
    renders = []
    real_render = pdf_module.render_pdf
    monkeypatch.setattr(pdf_module, "render_pdf", lambda *args: renders.append(args[0]) or real_render(*args))

    waiting = coordinator_client.get(url)
    assert waiting.status_code == 202 and waiting["Cache-Control"] == "no-store"
    html = waiting.content.decode()
    assert "PDF hazırlanıyor…" in html and "Sırada bekliyor…" in html
    assert 'hx-trigger="every 2s"' in html and f'href="{url}"' in html  # polling, and a plain link without JS
    assert renders == []

    poll = coordinator_client.get(url, headers={"HX-Request": "true"})
    assert poll.status_code == 200 and "Sırada bekliyor…" in poll.content.decode() and b"<html" not in poll.content

    run_tasks()
    assert renders == ["reports/round_report.html"]  # rendered once, by the worker
    ready = coordinator_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "PDF hazır." in ready and "hx-trigger" not in ready and f'href="{url}"' in ready
    assert coordinator_client.get(url).content.startswith(b"%PDF")
    assert len(renders) == 1


def test_many_requests_for_one_report_queue_one_render(coordinator_client, answered_round, run_tasks):
    url = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report.pdf"
    for _ in range(3):
        assert coordinator_client.get(url).status_code == 202
    assert queued_renders().count() == 1
    run_tasks()
    assert RenderedPdf.objects.get().pages >= 3
    assert coordinator_client.get(url).status_code == 200
    assert queued_renders().count() == 1


def test_closing_the_round_and_recording_consensus_render_the_pdf_ahead(coordinator_client, answered_round, run_tasks):
    base = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/"
    coordinator_client.post(base + "consensus/10/", {"choice": "3", "note": "Valilikle görüştük."})
    assert queued_renders().count() == 1
    run_tasks()
    assert coordinator_client.get(base + "report.pdf").status_code == 200  # offered at once

    coordinator_client.post(base + "close/")
    assert queued_renders().count() == 1  # closing changed nothing the report shows: nothing to render
    coordinator_client.post(base + "consensus/10/", {"choice": "4", "note": ""})
    run_tasks()
    assert queued_renders().count() == 2
    assert coordinator_client.get(base + "report.pdf").status_code == 200


def test_a_report_gone_before_its_render_is_skipped(coordinator_client, answered_round, run_tasks):
    url = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report.pdf"
    coordinator_client.get(url)
    answered_round.delete()
    run_tasks()
    assert queued_renders().get().return_value == {"rendered": False, "gone": True}


def structure_types(node, found=None):
    """Every structure type (/H2, /Table, /Link…) under a node of the PDF's structure tree."""
    found = set() if found is None else found
    node = node.get_object()
    if hasattr(node, "get"):
        if node.get("/S"):
            found.add(str(node["/S"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                structure_types(kid, found)
    return found


def test_the_pdf_is_tagged_for_screen_readers(coordinator_client, answered_round, pdf):
    reader = pdf(coordinator_client, f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "tr"
    types = structure_types(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= types, types
