import csv
from datetime import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pusula.operator import sector
from pusula.operator.access import operator_view
from pusula.operator.models import OperatorToken
from pusula.organizations.forms import ApiTokenForm


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


NEW_TOKEN_SESSION_KEY = "pusula_new_operator_token"  # noqa: S105 - a session key name


@operator_view
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _row, token = OperatorToken.issue(request.user, form.cleaned_data["name"])
        request.session[NEW_TOKEN_SESSION_KEY] = token
        return redirect("operator:api_tokens")
    context = {
        "tokens": request.user.operator_tokens.all(),
        "form": form,
        "new_token": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
    }
    return render(request, "operator/api_tokens.html", context, status=400 if form.errors else 200)


@operator_view
@require_POST
def revoke_api_token(request, token_pk):
    get_object_or_404(request.user.operator_tokens.active(), pk=token_pk).revoke()
    return redirect("operator:api_tokens")
