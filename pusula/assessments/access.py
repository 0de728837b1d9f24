"""Who may see a round or a respondent's answers. Every round and respondent URL resolves here."""

from functools import wraps

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from pusula.assessments.models import Respondent, Round
from pusula.organizations.access import organization_view


def get_round(request, round_pk):
    """A round of the request's organization; 404 for any other id."""
    return get_object_or_404(Round.objects.for_org(request.organization).select_related("version"), pk=round_pk)


def get_respondent(round, respondent_pk):
    return get_object_or_404(Respondent.objects.filter(round=round), pk=respondent_pk)


class RespondentRoute:
    """Builds the questionnaire's URLs for whichever way the respondent came in."""

    def __init__(self, namespace, **kwargs):
        self.namespace = namespace
        self.kwargs = kwargs

    def url(self, name, **kwargs):
        return reverse(f"{self.namespace}:{name}", kwargs={**self.kwargs, **kwargs})


def respondent_view(view):
    """Resolves request.respondent from a link token (/r/<token>/) or, for the coordinator answering
    themselves, from the signed-in user (/o/<org>/rounds/<pk>/me/)."""

    @wraps(view)
    def wrapper(request, *args, token=None, org=None, round_pk=None, **kwargs):
        if token is not None:
            respondent = Respondent.objects.by_token(token)
            if respondent is None:
                return render(request, "assessments/link_invalid.html", status=404)
            if respondent.revoked_at is not None:
                return render(request, "assessments/link_revoked.html", status=410)
            if not respondent.round.is_open:
                return render(request, "assessments/link_closed.html", {"round": respondent.round}, status=410)
            request.respondent = respondent
            request.respondent_route = RespondentRoute("respond", token=token)
            return view(request, *args, **kwargs)

        @organization_view
        def as_member(request):
            round = get_round(request, round_pk)
            respondents = Respondent.objects.select_related("round__organization", "round__version")
            respondent = get_object_or_404(respondents, round=round, user=request.user)
            if request.method == "POST" and not round.is_open:
                return render(request, "assessments/link_closed.html", {"round": round}, status=410)
            request.respondent = respondent
            request.respondent_route = RespondentRoute("mine", org=org, round_pk=round_pk)
            return view(request, *args, **kwargs)

        return as_member(request, org=org)

    return wrapper
