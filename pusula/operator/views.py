import csv
from datetime import datetime

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pusula.content.models import ContentVersion
from pusula.lib.text import formula_safe
from pusula.operator import content_admin, sector
from pusula.operator.access import operator_view
from pusula.operator.forms import ContentUploadForm
from pusula.operator.models import OperatorToken
from pusula.organizations.views import api_token_page


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
    # Area and question titles come from content packs: a title a spreadsheet would run stays text.
    writer.writerows([formula_safe(cell) for cell in row] for row in sector.csv_rows(sector.sector_figures()))
    return response


NEW_TOKEN_SESSION_KEY = "pusula_new_operator_token"  # noqa: S105 - a session key name


@operator_view
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    return api_token_page(
        request,
        tokens=request.user.operator_tokens.all(),
        issue=lambda name: OperatorToken.issue(request.user, name),
        revoke_url=lambda token: reverse("operator:revoke_api_token", args=[token.pk]),
        session_key=NEW_TOKEN_SESSION_KEY,
        template="operator/api_tokens.html",
        context={},
    )


@operator_view
@require_POST
def revoke_api_token(request, token_pk):
    get_object_or_404(request.user.operator_tokens.active(), pk=token_pk).revoke()
    return redirect("operator:api_tokens")


# Content administration: versions, preview, differences, a new version from a zip


@operator_view
def content_versions(request):
    versions = ContentVersion.objects.annotate(round_count=Count("rounds")).order_by("-loaded_at", "-id")
    return render(request, "operator/content_versions.html", {"versions": versions, "form": ContentUploadForm()})


@operator_view
def content_preview(request, version_pk):
    version = get_object_or_404(ContentVersion, pk=version_pk)
    return render(request, "operator/content_preview.html", content_admin.preview(version))


@operator_view
def content_diff(request):
    versions = ContentVersion.objects.in_bulk([_int(request.GET.get("old")), _int(request.GET.get("new"))])
    old, new = versions.get(_int(request.GET.get("old"))), versions.get(_int(request.GET.get("new")))
    if old is None or new is None:
        return render(request, "operator/content_diff.html", {"missing": True}, status=404)
    diff, changed = content_admin.version_diff(old, new)
    return render(request, "operator/content_diff.html", {"old": old, "new": new, "diff": diff, "changed": changed})


@operator_view
@require_POST
def content_upload(request):
    form = ContentUploadForm(request.POST, request.FILES)
    context = {"versions": ContentVersion.objects.annotate(round_count=Count("rounds")), "form": form}
    if not form.is_valid():
        return render(request, "operator/content_versions.html", context, status=400)
    outcome = content_admin.load_upload(form.cleaned_data["archive"])
    if outcome.version is None:
        context.update(refused=outcome.refused, problems=outcome.problems)
        return render(request, "operator/content_versions.html", context, status=400)
    if outcome.created:
        messages.success(request, _("Yeni soru seti yüklendi: %(label)s.") % {"label": outcome.version.label})
    else:
        messages.info(request, _("Bu soru seti zaten yüklüydü: %(label)s.") % {"label": outcome.version.label})
    return redirect("operator:content_preview", version_pk=outcome.version.pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
