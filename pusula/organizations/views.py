from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from pusula.assessments.forms import RoundForm
from pusula.assessments.journey import next_step
from pusula.assessments.models import Round
from pusula.operator.summaries import forget_sector_figures
from pusula.organizations.access import organization_view
from pusula.organizations.forms import ApiTokenForm, OrganizationForm
from pusula.organizations.models import ApiToken, Membership, Organization
from pusula.plans.services import due_actions


def home(request):
    if request.user.is_authenticated:
        return redirect("organizations:dashboard")
    return render(request, "home.html")


@login_required
def dashboard(request):
    organizations = list(Organization.objects.for_user(request.user))
    if not organizations:
        return redirect("organizations:create")
    rounds = _with_next_steps(Round.objects.filter(organization__in=organizations), request.user)
    context = {"organizations": organizations, "rounds": rounds, "due_actions": due_actions(organizations)}
    return render(request, "organizations/dashboard.html", context)


def _with_next_steps(rounds, user):
    """The rounds with their progress counts and the coordinator's next step on each."""
    rounds = list(rounds.select_related("organization", "version").with_progress(user))
    for round in rounds:
        round.next_step = next_step(round.steps(round.questionnaire.question_count))
    return rounds


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organization = form.save()
            Membership.objects.create(user=request.user, organization=organization)
        return redirect("organizations:detail", org=organization.slug)
    return render(request, "organizations/create.html", {"form": form}, status=400 if form.errors else 200)


@organization_view
def detail(request):
    rounds = _with_next_steps(Round.objects.for_org(request.organization), request.user)
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": request.organization,
            "rounds": rounds,
            "round_form": RoundForm(),
            "due_actions": due_actions([request.organization]),
        },
    )


COMPARED_ON = {"counted_in_comparisons", "field_of_work", "size_band"}


@organization_view
@require_http_methods(["GET", "POST"])
def edit(request):
    form = OrganizationForm(request.POST or None, instance=request.organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        if COMPARED_ON.intersection(form.changed_data):
            forget_sector_figures(cheap_only=True)  # comparison groups it joined or left
        return redirect("organizations:detail", org=request.organization.slug)
    return render(
        request,
        "organizations/edit.html",
        {"form": form, "organization": request.organization},
        status=400 if form.errors else 200,
    )


def api_token_page(request, *, tokens, issue, revoke_url, session_key, template, context):
    """The API keys page, for an organization's keys and an operator's: list, create (the new key shown
    once, after a redirect), each with its revoke URL. `issue(name)` → (row, token)."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _row, token = issue(form.cleaned_data["name"])
        request.session[session_key] = token
        return redirect(request.path)
    tokens = list(tokens)
    for token in tokens:
        token.revoke_url = revoke_url(token)
    context = {**context, "tokens": tokens, "form": form, "new_token": request.session.pop(session_key, None)}
    return render(request, template, context, status=400 if form.errors else 200)


NEW_API_TOKEN_SESSION_KEY = "pusula_new_api_token"  # noqa: S105 - a session key name


@organization_view
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    organization = request.organization
    return api_token_page(
        request,
        tokens=organization.api_tokens.all(),
        issue=lambda name: ApiToken.issue(organization, request.user, name),
        revoke_url=lambda token: reverse("organizations:revoke_api_token", args=[organization.slug, token.pk]),
        session_key=NEW_API_TOKEN_SESSION_KEY,
        template="organizations/api_tokens.html",
        context={"organization": organization},
    )


@organization_view
@require_POST
def revoke_api_token(request, token_pk):
    get_object_or_404(request.organization.api_tokens.active(), pk=token_pk).revoke()
    return redirect("organizations:api_tokens", org=request.organization.slug)
