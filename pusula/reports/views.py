from django.http import Http404, HttpResponse
from django.shortcuts import render

from pusula.assessments.access import get_round, respondent_view
from pusula.organizations.access import organization_view
from pusula.reports import services
from pusula.reports.exports import EXPORTERS, filename
from pusula.reports.pdf import cached_pdf, render_pdf


def _attachment(filename, mimetype, data):
    response = HttpResponse(data, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
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
    data = cached_pdf(
        f"respondent:{respondent.pk}",
        services.respondent_state(respondent),
        lambda: render_pdf("reports/respondent_report.html", _respondent_context(request), request),
    )
    return _attachment(filename(respondent.round, "pdf", kind="raporum"), "application/pdf", data)


@organization_view
def round_report(request, round_pk):
    context = services.round_report(get_round(request, round_pk))
    return render(request, "reports/round_report.html", {**context, "base_template": "base.html"})


@organization_view
def round_report_pdf(request, round_pk):
    round = get_round(request, round_pk)
    data = cached_pdf(
        f"round:{round.pk}",
        services.round_state(round),
        lambda: render_pdf("reports/round_report.html", services.round_report(round), request),
    )
    return _attachment(filename(round, "pdf"), "application/pdf", data)


@organization_view
def round_export(request, round_pk, fmt):
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    return _attachment(*exporter(get_round(request, round_pk)))
