from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pusula.assessments.access import get_round
from pusula.lib.http import attachment
from pusula.organizations.access import organization_view
from pusula.plans import charts, exports, services
from pusula.plans.access import get_action
from pusula.plans.forms import ActionForm, AddCandidateForm, ProgressForm, RatingsForm
from pusula.plans.models import Quadrant


def _plan_url(round, name="plan", **kwargs):
    return reverse(f"plans:{name}", kwargs={"org": round.organization.slug, "round_pk": round.pk, **kwargs})


@organization_view
@require_http_methods(["GET", "POST"])
def priorities(request, round_pk):
    round = get_round(request, round_pk)
    candidates = services.candidates(round)
    form = RatingsForm(candidates, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_ratings(round, form.ratings())
        messages.success(request, _("Puanlar kaydedildi."))
        return redirect(_plan_url(round, "priorities") + "#matris")
    by_quadrant = [(quadrant, [c for c in candidates if c.quadrant == quadrant]) for quadrant in Quadrant]
    context = {
        "organization": request.organization,
        "round": round,
        "form": form,
        "candidates": candidates,
        "matrix": charts.priority_matrix(candidates),
        "by_quadrant": by_quadrant,
        "unrated": [c for c in candidates if c.quadrant is None],
        "add_form": AddCandidateForm(round.questionnaire),
    }
    return render(request, "plans/priorities.html", context, status=400 if form.errors else 200)


@organization_view
@require_POST
def add_candidate(request, round_pk):
    round = get_round(request, round_pk)
    form = AddCandidateForm(round.questionnaire, request.POST)
    if not form.is_valid():
        messages.error(request, _("Listeden bir soru seçin."))
        return redirect(_plan_url(round, "priorities"))
    services.add_candidate(round, form.cleaned_data["question"])
    messages.success(request, _("Soru adaylara eklendi."))
    return redirect(_plan_url(round, "priorities") + f"#aday-{form.cleaned_data['question'].number}")


@organization_view
def plan(request, round_pk):
    round = get_round(request, round_pk)
    context = {"organization": request.organization, "round": round, "actions": services.actions_of(round)}
    return render(request, "plans/plan.html", context)


def _question(round, number):
    questionnaire = round.questionnaire
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    question = next((q for q in questionnaire.questions.values() if q.number == number), None)
    if question is None:
        raise Http404
    return question


@organization_view
@require_http_methods(["GET", "POST"])
def action_create(request, round_pk):
    round = get_round(request, round_pk)
    question = _question(round, request.GET.get("q") or request.POST.get("q"))
    candidate = services.candidate_for(round, question)
    form = ActionForm(request.POST or None, link_options=candidate.resources)
    if request.method == "POST" and form.is_valid():
        linked = set(form.cleaned_data.get("link", []))
        action = services.create_action(
            round, question, request.user, form.fields_to_save(), [r for r in candidate.resources if r.pk in linked]
        )
        messages.success(request, _("Eylem plana eklendi."))
        return redirect(_plan_url(round) + f"#eylem-{action.pk}")
    context = {"organization": request.organization, "round": round, "form": form, "candidate": candidate}
    return render(request, "plans/action_form.html", context, status=400 if form.errors else 200)


@organization_view
@require_http_methods(["GET", "POST"])
def action_detail(request, round_pk, action_pk):
    round = get_round(request, round_pk)
    action = get_action(round, action_pk)
    learning = list(action.learning.select_related("resource"))
    form = ActionForm(request.POST or None, instance=action, studied_options=learning)
    if request.method == "POST" and form.is_valid():
        services.update_action(action, form.fields_to_save(), form.cleaned_data.get("studied", []))
        messages.success(request, _("Eylem kaydedildi."))
        return redirect(_plan_url(round) + f"#eylem-{action.pk}")
    context = {
        "organization": request.organization,
        "round": round,
        "action": action,
        "question": round.questionnaire.questions.get(action.question_id),
        "form": form,
        "progress_form": ProgressForm(),
        "progress": action.progress.all(),
    }
    return render(request, "plans/action_detail.html", context, status=400 if form.errors else 200)


@organization_view
@require_POST
def action_progress(request, round_pk, action_pk):
    round = get_round(request, round_pk)
    action = get_action(round, action_pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_plan_url(round, "action", action_pk=action.pk) + "#ilerleme")
    services.add_progress(action, request.user, form.cleaned_data["written_on"], form.cleaned_data["text"])
    messages.success(request, _("İlerleme notu eklendi."))
    return redirect(_plan_url(round, "action", action_pk=action.pk) + "#ilerleme")


@organization_view
def plan_xlsx(request, round_pk):
    return attachment(*exports.plan_xlsx(get_round(request, round_pk)))


@organization_view
def plan_ics(request, round_pk):
    round = get_round(request, round_pk)
    return attachment(*exports.plan_ics(round, lambda path: request.build_absolute_uri(path)))
