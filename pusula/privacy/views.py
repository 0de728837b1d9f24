import json

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pusula.assessments.access import respondent_view
from pusula.organizations.access import organization_view
from pusula.privacy import services
from pusula.privacy.forms import DeleteOrganizationForm


def notice(request):
    """The privacy notice (aydınlatma metni), with the data controller's details the operator set."""
    language = "en" if translation.get_language() == "en" else "tr"
    return render(request, f"privacy/notice_{language}.html", {"controller": settings.PUSULA_DATA_CONTROLLER})


@organization_view
def data(request):
    return render(
        request,
        "privacy/data.html",
        {"organization": request.organization, "form": DeleteOrganizationForm(request.organization)},
    )


@organization_view
def export(request):
    document = services.organization_document(request.organization)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="pusula-{request.organization.slug}-{stamp}.json"'
    return response


@organization_view
@require_http_methods(["POST"])
def delete(request):
    form = DeleteOrganizationForm(request.organization, request.POST)
    if not form.is_valid():
        return render(request, "privacy/data.html", {"organization": request.organization, "form": form}, status=400)
    name = request.organization.name
    services.delete_organization(request.organization)
    messages.success(request, _("%(name)s ve bütün verileri silindi.") % {"name": name})
    return redirect("organizations:dashboard")


@respondent_view
@require_http_methods(["GET", "POST"])
def erase(request):
    """A respondent asks, through their link, for their answers to be erased (the round is still open)."""
    respondent = request.respondent
    if request.method == "POST":
        services.erase_respondent(respondent)
        return render(request, "privacy/erased.html", {"organization": respondent.round.organization})
    return render(request, "privacy/erase.html", {"respondent": respondent, "round": respondent.round})
