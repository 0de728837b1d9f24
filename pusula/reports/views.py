from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from pusula.assessments.access import get_round, respondent_view
from pusula.lib.http import attachment
from pusula.organizations.access import organization_view
from pusula.reports import pdf, services
from pusula.reports.exports import EXPORTERS, filename


def pdf_response(request, document, state, filename, back_url, back_label):
    """The file when the stored PDF is current; else a "PDF hazırlanıyor…" page while the worker renders it.
    Every PDF download (reports, the blank questionnaire) answers through here."""
    status = pdf.status(document, state)
    if status.ready and not request.htmx:
        response = attachment(filename, "application/pdf", pdf.stored_data(document))
        response["Cache-Control"] = "private, no-cache"
        return response
    context = {
        "status": status,
        "document": document,
        "pdf_url": request.get_full_path(),
        "back_url": back_url,
        "back_label": back_label,
    }
    if request.htmx:
        response = render(request, "reports/_pdf_status.html", context)
    else:
        response = render(request, "reports/pdf_pending.html", context, status=202)
    response["Cache-Control"] = "no-store"
    return response


def _respondent_context(request):
    context = services.respondent_report(request.respondent)
    route = request.respondent_route
    context.update(start_url=route.url("start"), pdf_url=route.url("report_pdf"))
    return context


@respondent_view
def respondent_report(request):
    context = _respondent_context(request)
    return render(request, "reports/respondent_report.html", {**context, "base_template": "base.html"})


@respondent_view
def respondent_report_pdf(request):
    respondent = request.respondent
    return pdf_response(
        request,
        pdf.ReportPdf.of_respondent(respondent),
        services.respondent_state(respondent),
        filename(respondent.round, "pdf", kind="raporum"),
        request.respondent_route.url("report"),
        _("Kişisel raporunuz"),
    )


@organization_view
def round_report(request, round_pk):
    context = services.round_report(get_round(request, round_pk))
    return render(request, "reports/round_report.html", {**context, "base_template": "base.html"})


@organization_view
def round_report_pdf(request, round_pk):
    round = get_round(request, round_pk)
    return pdf_response(
        request,
        pdf.ReportPdf.of_round(round),
        services.round_state(round),
        filename(round, "pdf"),
        reverse("reports:round", kwargs={"org": round.organization.slug, "round_pk": round.pk}),
        _("Örgüt raporu"),
    )


@organization_view
def round_export(request, round_pk, fmt):
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    return attachment(*exporter(get_round(request, round_pk)))
