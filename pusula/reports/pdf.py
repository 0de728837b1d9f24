"""PDF from the report's own template, rendered by WeasyPrint with the print stylesheet."""

import hashlib
import mimetypes
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils import translation
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
_LAYOUT_FILES = (
    "reports/round_report.html",
    "reports/respondent_report.html",
    "reports/print_base.html",
    "reports/_privacy_note.html",
    "reports/_toc.html",
    "reports/_resources.html",
)


@cache
def _layout_digest():
    digest = hashlib.sha256()
    for name in _LAYOUT_FILES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    digest.update(Path(finders.find("css/print.css")).read_bytes())
    return digest.hexdigest()


def cached_pdf(key, parts, render):
    """The PDF stored under `key` if it was made from the same `parts`, else a fresh one, stored."""
    fingerprint = hashlib.sha256(repr((_layout_digest(), translation.get_language(), *parts)).encode()).hexdigest()
    stored = RenderedPdf.objects.filter(key=key, fingerprint=fingerprint).values_list("data", flat=True).first()
    if stored is not None:
        return bytes(stored)
    data = render()
    RenderedPdf.objects.update_or_create(key=key, defaults={"fingerprint": fingerprint, "data": data})
    return data


# Relative addresses resolve against a host that can never exist (RFC 6761), never file:// (a PDF viewer
# would open local or SMB files); the fetcher serves /static/ from disk and fetches nothing else.
BASE_URL = "https://pusula.invalid/"


def render_pdf(template, context, request=None):
    html = render_to_string(template, {**context, "pdf": True, "base_template": "reports/print_base.html"}, request)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher(allowed_protocols=("data",))).write_pdf()
