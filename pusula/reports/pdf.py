"""PDF from the report's own template, rendered by WeasyPrint with the print stylesheet.

Rendering takes seconds, so no request does it: a request asks `status()`, which offers the stored
file when it shows the report's current state and otherwise queues one render for the worker. The
blank questionnaire to print (assessments.paper) is kept and rendered the same way.
"""

import hashlib
import mimetypes
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from pusula.reports.models import RenderedPdf


class StaticOnlyFetcher(URLFetcher):
    """Reads static files from disk and data: URIs; fetches nothing from the network."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if static_prefix in url:
            name = url.split(static_prefix, 1)[1].split("?")[0]
            path = finders.find(name) or _collected(name)
            if path:
                mimetype = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
                with open(path, "rb") as file:
                    return URLFetcherResponse(url, body=file.read(), headers={"Content-Type": mimetype})
        raise ValueError(f"not fetched while rendering a PDF: {url[:80]}")


def _collected(name):
    """A collected (possibly hashed) static file, as the manifest storage names it."""
    path = (Path(settings.STATIC_ROOT) / name).resolve()
    return path if path.is_file() and Path(settings.STATIC_ROOT).resolve() in path.parents else None


# What the PDF looks like: part of every fingerprint, so a new layout never serves an old file.
_REPORT_LAYOUT = (
    "reports/round_report.html",
    "reports/respondent_report.html",
    "reports/print_base.html",
    "reports/_privacy_note.html",
    "reports/_toc.html",
    "reports/_resources.html",
    "reports/_trend_summary.html",
    "reports/_similar.html",
    "reports/_area_trend.html",
    "reports/_question_change.html",
    "reports/_change.html",
    "plans/_plan_section.html",
    "plans/_action_status.html",
    "reports/_distribution.html",
)
_LAYOUTS = {
    "round": (_REPORT_LAYOUT, "css/print.css"),
    "respondent": (_REPORT_LAYOUT, "css/print.css"),
    "paper": (("assessments/paper_questionnaire.html",), "css/paper.css"),
}


@cache
def _layout_digest(kind):
    templates, stylesheet = _LAYOUTS[kind]
    digest = hashlib.sha256()
    for name in templates:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    digest.update(Path(finders.find(stylesheet)).read_bytes())
    return digest.hexdigest()


STALE_CLAIM = timedelta(minutes=10)  # a render claimed this long ago that never arrived may be claimed again


# Relative addresses resolve against a host that can never exist (RFC 6761), never file:// (a PDF viewer
# would open local or SMB files); the fetcher serves /static/ from disk and fetches nothing else.
BASE_URL = "https://pusula.invalid/"


@dataclass(frozen=True)
class ReportPdf:
    """One PDF in one language: what it is rendered from, and the row it is kept in. A round's report, a
    respondent's report, or a round's blank questionnaire to print in `copies` coded copies."""

    kind: str  # "round", "respondent" or "paper"
    pk: int  # the round's, or the respondent's
    language: str
    copies: int = 0  # the blank questionnaire's

    @property
    def key(self):
        if self.kind == "paper":
            return f"paper:{self.pk}:{self.language}:{self.copies}"
        return f"{self.kind}:{self.pk}:{self.language}"

    @classmethod
    def of_round(cls, round):
        return cls("round", round.pk, translation.get_language())

    @classmethod
    def of_respondent(cls, respondent):
        return cls("respondent", respondent.pk, translation.get_language())

    @classmethod
    def of_paper(cls, round, copies):
        return cls("paper", round.pk, translation.get_language(), copies)

    def fingerprint(self, state):
        return hashlib.sha256(repr((_layout_digest(self.kind), self.language, *state)).encode()).hexdigest()


def forget(round_pks=(), respondent_pks=()):
    """Deletes every stored PDF of these rounds (reports and blank questionnaires) and respondents, in any
    language; returns how many."""
    prefixes = [f"{kind}:{pk}:" for pk in round_pks for kind in ("round", "paper")]
    prefixes += [f"respondent:{pk}:" for pk in respondent_pks]
    if not prefixes:
        return 0
    matching = Q()
    for prefix in prefixes:
        matching |= Q(key__startswith=prefix)
    deleted, _by_model = RenderedPdf.objects.filter(matching).delete()
    return deleted


@dataclass
class PdfStatus:
    ready: bool
    stored: RenderedPdf
    queued: bool = False  # this request queued the render

    @property
    def rendering(self):
        return self.stored.started_at is not None and self.stored.started_at >= self.stored.wanted_at


def status(document, state):
    """Whether the stored PDF shows `state`; if not, makes sure one render of it is queued.

    Never renders: a request only reads the stored row and, at most, queues one task. The claim is a
    conditional UPDATE, so of any number of requests (or a round closing) asking for the same
    fingerprint at once, exactly one queues the render.
    """
    from pusula.reports.tasks import render_report_pdf

    fingerprint = document.fingerprint(state)
    stored = RenderedPdf.objects.defer("data").filter(key=document.key).first()
    if stored is None:
        stored, _created = RenderedPdf.objects.get_or_create(key=document.key)
    if stored.fingerprint == fingerprint:
        return PdfStatus(ready=True, stored=stored)
    now = timezone.now()
    claimed = (
        RenderedPdf.objects.filter(key=document.key)
        .filter(~Q(wanted=fingerprint) | Q(wanted_at__lt=now - STALE_CLAIM))
        .update(wanted=fingerprint, wanted_at=now)
    )
    if claimed:
        render_report_pdf.enqueue(document.kind, document.pk, document.language, document.copies)
        stored.wanted, stored.wanted_at = fingerprint, now
    return PdfStatus(ready=False, stored=stored, queued=bool(claimed))


def stored_data(document):
    return bytes(RenderedPdf.objects.filter(key=document.key).values_list("data", flat=True).get())


def render_stored(document, source):
    """The worker's side: renders `document` unless the stored file already shows its current state.

    source() → (template, context, state), read afresh here: the round may have changed since the
    render was queued, and the file then shows the newer state.
    """
    with translation.override(document.language):
        template, context, state = source()
        fingerprint = document.fingerprint(state)
        if RenderedPdf.objects.filter(key=document.key, fingerprint=fingerprint).exists():
            return {"rendered": False}
        RenderedPdf.objects.filter(key=document.key).update(started_at=timezone.now(), error="")
        started = time.perf_counter()
        try:
            data, pages = render_pdf(template, context)
        except Exception as error:
            RenderedPdf.objects.filter(key=document.key).update(error=f"{type(error).__name__}"[:200])
            raise
        elapsed = round((time.perf_counter() - started) * 1000)
        RenderedPdf.objects.update_or_create(
            key=document.key,
            defaults={"fingerprint": fingerprint, "data": data, "pages": pages, "render_ms": elapsed},
        )
    return {"rendered": True, "pages": pages, "ms": elapsed}


# Tagged PDF: a structure tree (headings, lists, tables, links) and /MarkInfo, so screen readers read the
# report in order. See docs/deploy.md for PDF/UA and PDF/A.
PDF_OPTIONS = {"pdf_tags": True}


def render_pdf(template, context):
    """(bytes, page count) of a report template in its print layout."""
    html = render_to_string(
        template,
        {
            **context,
            "pdf": True,
            "base_template": "reports/print_base.html",
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    return html_to_pdf(html)


def html_to_pdf(html):
    """(bytes, page count) of a page of our own: static files from disk, data: URIs, nothing else."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher(allowed_protocols=("data",))).render()
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)
