from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pusula.assessments.access import get_round
from pusula.operator.access import operator_view
from pusula.organizations.access import organization_view
from pusula.reports import services as report_services
from pusula.sharing.access import open_link, open_share
from pusula.sharing.forms import OperatorShareForm, ReportLinkForm, ShareForm
from pusula.sharing.models import LinkOpening, ReportLink, Share, ShareAccess

NEW_LINK_SESSION_KEY = "pusula_new_report_link"


# The organization's side


def _sharing_page(request, round, share_form=None, link_form=None, status=200):
    share = round.shares.active().first()
    context = {
        "organization": request.organization,
        "round": round,
        "share": share,
        "share_form": share_form or ShareForm(),
        "accesses": ShareAccess.objects.filter(share__round=round).select_related("user", "share")[:100],
        "links": round.report_links.annotate(opened=Count("openings")),
        "openings": LinkOpening.objects.filter(link__round=round).select_related("link")[:100],
        "link_form": link_form or ReportLinkForm(),
        "new_link": request.session.pop(NEW_LINK_SESSION_KEY, None),
    }
    return render(request, "sharing/round.html", context, status=status)


@organization_view
def round_sharing(request, round_pk):
    return _sharing_page(request, get_round(request, round_pk))


@organization_view
@require_POST
def share(request, round_pk):
    round = get_round(request, round_pk)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, round, share_form=form, status=400)
    try:
        with transaction.atomic():
            Share.objects.create(round=round, message=form.cleaned_data["message"], created_by=request.user)
        messages.success(request, _("Rapor destek merkeziyle paylaşıldı."))
    except IntegrityError:  # shared already (two tabs): one active share per round
        pass
    return redirect("sharing:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_POST
def revoke_share(request, round_pk):
    round = get_round(request, round_pk)
    for share in round.shares.active():
        share.revoke()
    messages.success(request, _("Paylaşım geri alındı: destek merkezi raporu artık göremez."))
    return redirect("sharing:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_POST
def create_link(request, round_pk):
    round = get_round(request, round_pk)
    form = ReportLinkForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, round, link_form=form, status=400)
    _row, token = ReportLink.issue(round, request.user, form.cleaned_data["label"], form.cleaned_data["days"])
    request.session[NEW_LINK_SESSION_KEY] = request.build_absolute_uri(reverse("sharing:link", kwargs={"token": token}))
    return redirect("sharing:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_POST
def revoke_link(request, round_pk, link_pk):
    round = get_round(request, round_pk)
    get_object_or_404(round.report_links.filter(revoked_at__isnull=True), pk=link_pk).revoke()
    return redirect("sharing:round", org=request.organization.slug, round_pk=round.pk)


# A funder's or partner's read-only link


def link_report(request, token):
    link = open_link(token)
    if link is None:
        return render(request, "sharing/link_gone.html", status=404)
    if not link.usable:
        return render(request, "sharing/link_gone.html", {"expired": True}, status=410)
    context = report_services.round_report(link.round)
    context.update(base_template="base.html", read_only=_("Salt okunur bağlantı: %(label)s") % {"label": link.label})
    response = render(request, "reports/round_report.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# The operator's side


@operator_view
def shared_list(request):
    status = request.GET.get("status")
    shares = Share.objects.active().select_related("round__organization").order_by("-created_at")
    if status in Share.Status.values:
        shares = shares.filter(status=status)
    return render(
        request,
        "sharing/operator_list.html",
        {"shares": shares[:500], "status": status, "statuses": Share.Status.choices},
    )


@operator_view
@require_http_methods(["GET", "POST"])
def shared_report(request, share_pk):
    share = open_share(share_pk, request.user)
    form = OperatorShareForm(request.POST or None, instance=share)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Kaydedildi."))
        return redirect("sharing:operator_report", share_pk=share.pk)
    context = report_services.round_report(share.round)
    context.update(
        base_template="base.html",
        read_only=_("Destek merkeziyle paylaşıldı"),
        share=share,
        form=form,
    )
    return render(request, "sharing/operator_report.html", context, status=400 if form.errors else 200)
