import csv
from datetime import datetime

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pusula.operator import sector
from pusula.operator.access import operator_view


@operator_view
def dashboard(request):
    figures = sector.sector_figures()
    computed_at = datetime.fromisoformat(figures["computed_at"])
    return render(request, "operator/dashboard.html", {"figures": figures, "computed_at": computed_at})


@operator_view
@require_POST
def refresh(request):
    sector.sector_figures(refresh=True)
    return redirect("operator:dashboard")


@operator_view
def sector_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pusula-sektor.csv"'
    writer = csv.writer(response)
    writer.writerows(sector.csv_rows(sector.sector_figures()))
    return response
