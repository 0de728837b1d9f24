"""Shared reports reach the operator and link holders here, and nowhere else; every look is logged."""

from django.http import Http404

from pusula.sharing.models import LinkOpening, ReportLink, Share, ShareAccess


def open_share(share_pk, user):
    """An active share, its access logged for the organization to see; 404 for a revoked or unknown one."""
    share = Share.objects.active().select_related("round__organization", "round__version").filter(pk=share_pk).first()
    if share is None:
        raise Http404
    ShareAccess.objects.create(share=share, user=user)
    return share


def open_link(token):
    """The usable link for a token, its opening logged; None when unknown, and the link itself when it
    has expired or been revoked (the caller says so)."""
    link = ReportLink.objects.by_token(token)
    if link is not None and link.usable:
        LinkOpening.objects.create(link=link)
    return link
