from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pusula.assessments import services
from pusula.assessments.access import get_respondent, get_round, respondent_view
from pusula.assessments.forms import AreaAnswersForm, ConsensusForm, InviteForm, RespondentProfileForm, RoundForm
from pusula.assessments.models import Answer, ConsensusAnswer
from pusula.organizations.access import organization_view
from pusula.reports import services as report_services
from pusula.reports.privacy import Policy
from pusula.reports.scoring import compare_round

NEW_LINKS_SESSION_KEY = "pusula_new_links"


# The coordinator's pages for a round


@organization_view
@require_POST
def round_create(request):
    form = RoundForm(request.POST)
    if not form.is_valid():
        return render(
            request, "assessments/round_form.html", {"form": form, "organization": request.organization}, status=400
        )
    try:
        round = services.start_round(request.organization, request.user, **form.cleaned_data)
    except services.NoContent:
        messages.error(request, _("Henüz yüklenmiş bir soru seti yok: `pusula content load` ile yükleyin."))
        return redirect("organizations:detail", org=request.organization.slug)
    return redirect("mine:start", org=request.organization.slug, round_pk=round.pk)


def _round_page(request, round, invite_form=None, next_round_form=None, status=200):
    respondents = list(round.respondents.annotate(answer_count=Count("answers")))
    anonymous = [r for r in respondents if r.anonymous]
    context = {
        "organization": request.organization,
        "round": round,
        "questionnaire": round.questionnaire,
        "respondents": respondents,
        "anonymous_started": sum(1 for r in anonymous if r.started_at),
        "anonymous_finished": sum(1 for r in anonymous if r.finished_at),
        "anonymous_needed": max(0, round.anonymous_minimum - sum(1 for r in anonymous if r.answer_count)),
        "new_links": request.session.pop(NEW_LINKS_SESSION_KEY, []),
        "invite_form": invite_form or InviteForm(),
        "next_round_form": next_round_form or RoundForm(initial={"name": next_round_name(round.name)}),
        "mine": next((r for r in respondents if r.user_id == request.user.pk), None),
        "unsent_mails": list(round.outgoing_mails.unsent()[:50]),
    }
    return render(request, "assessments/round_detail.html", context, status=status)


@organization_view
def round_detail(request, round_pk):
    return _round_page(request, get_round(request, round_pk))


def _link(request, token):
    return request.build_absolute_uri(reverse("respond:start", kwargs={"token": token}))


@organization_view
@require_POST
def invite(request, round_pk):
    round = get_round(request, round_pk)
    form = InviteForm(request.POST)
    if not round.is_open:
        messages.error(request, _("Bu değerlendirme kapandı; yeni kişi davet edilemez."))
        return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)
    if not form.is_valid():
        return _round_page(request, round, invite_form=form, status=400)
    with transaction.atomic():
        invited = services.invite(round, form.cleaned_data["people"])
        queued = services.queue_invitations(round, invited, lambda token: _link(request, token))
    request.session[NEW_LINKS_SESSION_KEY] = [
        {"name": respondent.display_name, "link": _link(request, token), "emailed": bool(respondent.email)}
        for respondent, token in invited
    ]
    messages.success(
        request,
        _("%(n)d kişi için bağlantı oluşturuldu, %(sent)d davet e-postası gönderilmek üzere sıraya alındı.")
        % {"n": len(invited), "sent": queued},
    )
    return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)


def next_round_name(name):
    """A suggestion for the next round's name: the year moved on where the name has one."""
    years = [int(word) for word in name.split() if word.isdigit() and len(word) == 4]
    if years:
        return name.replace(str(years[-1]), str(years[-1] + 1))
    return _("%(name)s — yeniden ölçüm") % {"name": name}


@organization_view
@require_POST
def next_round(request, round_pk):
    previous_round = get_round(request, round_pk)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _round_page(request, previous_round, next_round_form=form, status=400)
    try:
        with transaction.atomic():
            round, invited = services.start_next_round(previous_round, request.user, **form.cleaned_data)
            queued = services.queue_invitations(round, invited, lambda token: _link(request, token))
    except services.NoContent:
        messages.error(request, _("Henüz yüklenmiş bir soru seti yok: `pusula content load` ile yükleyin."))
        return redirect("assessments:round", org=request.organization.slug, round_pk=previous_round.pk)
    request.session[NEW_LINKS_SESSION_KEY] = [
        {"name": respondent.display_name, "link": _link(request, token), "emailed": bool(respondent.email)}
        for respondent, token in invited
    ]
    messages.success(
        request,
        _(
            "Yeni değerlendirme başladı: %(n)d kişi için yeni bağlantı oluşturuldu, %(sent)d davet e-postası "
            "gönderilmek üzere sıraya alındı."
        )
        % {"n": len(invited), "sent": queued},
    )
    return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_POST
def relink(request, round_pk, respondent_pk):
    round = get_round(request, round_pk)
    respondent = get_respondent(round, respondent_pk)
    if respondent.anonymous:
        messages.error(
            request, _("Anonim yanıtlayan birine yeni bağlantı verilemez: bağlantı yanıtlarını size açardı.")
        )
    elif respondent.user_id is None:
        token = services.relink(respondent)
        request.session[NEW_LINKS_SESSION_KEY] = [
            {"name": respondent.display_name, "link": _link(request, token), "emailed": False}
        ]
        messages.success(request, _("Yeni bağlantı oluşturuldu; eski bağlantı artık çalışmıyor."))
    return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_POST
def revoke(request, round_pk, respondent_pk):
    round = get_round(request, round_pk)
    respondent = get_respondent(round, respondent_pk)
    if respondent.user_id is None:
        services.revoke(respondent)
        messages.success(request, _("Bağlantı iptal edildi."))
    return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_POST
def close(request, round_pk):
    round = get_round(request, round_pk)
    services.close_round(round)
    report_services.prepare_round_pdf(round)
    messages.success(request, _("Değerlendirme kapatıldı; bağlantılar artık yanıt kabul etmiyor."))
    return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_http_methods(["GET", "POST"])
def consensus(request, round_pk):
    round = get_round(request, round_pk)
    questionnaire = round.questionnaire
    recorded = {c.question_id: c for c in ConsensusAnswer.objects.filter(round=round)}
    form = ConsensusForm(questionnaire, request.POST or None, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        services.record_consensus(round, request.user, form.decisions())
        report_services.prepare_round_pdf(round)
        messages.success(request, _("Uzlaşı yanıtları kaydedildi."))
        return redirect("reports:round", org=request.organization.slug, round_pk=round.pk)
    comparison = compare_round(
        questionnaire,
        round.respondents.all(),
        Answer.objects.filter(respondent__round=round).values_list("respondent_id", "question_id", "choice_id"),
        policy=Policy.of(round),
    )
    by_question = {item.question.pk: item for item in comparison.questions}
    areas = [
        (area, [(q, form[f"q{q.number}"], form[f"note{q.number}"], by_question[q.pk]) for q in area.question_list])
        for area in questionnaire.areas
    ]
    context = {"organization": request.organization, "round": round, "form": form, "areas": areas}
    return render(request, "assessments/consensus.html", context, status=400 if form.errors else 200)


# The questionnaire, for the coordinator (/o/<org>/rounds/<pk>/me/) and invitees (/r/<token>/)


def _progress(questionnaire, answered):
    return [
        {
            "area": area,
            "done": all(q.pk in answered for q in area.question_list),
            "count": sum(q.pk in answered for q in area.question_list),
        }
        for area in questionnaire.areas
    ]


@respondent_view
@require_http_methods(["GET", "POST"])
def start(request):
    respondent = request.respondent
    route = request.respondent_route
    questionnaire = respondent.round.questionnaire
    form = RespondentProfileForm(
        request.POST or None, initial={"role": respondent.role, "anonymous": respondent.anonymous}
    )
    if request.method == "POST" and form.is_valid():
        respondent.role = form.cleaned_data["role"]
        # The coordinator answers under their own account: they cannot be anonymous to themselves.
        becomes_anonymous = form.cleaned_data["anonymous"] and respondent.user_id is None and not respondent.anonymous
        respondent.anonymous = form.cleaned_data["anonymous"] and respondent.user_id is None
        respondent.save(update_fields=["role", "anonymous"])
        if becomes_anonymous:
            # The coordinator saw the invitation link: a new one, known only to this person, keeps their
            # answers out of the coordinator's reach (docs/privacy.md).
            token = services.relink(respondent)
            link = request.build_absolute_uri(reverse("respond:start", kwargs={"token": token}))
            messages.warning(
                request,
                _(
                    "Anonim yanıtlamayı seçtiniz: davet bağlantısı artık çalışmıyor. Yanıtlarınıza yalnızca bu "
                    "yeni bağlantıyla dönebilirsiniz; şimdi yer imlerinize ekleyin: %(link)s"
                )
                % {"link": link},
            )
            return redirect("respond:area", token=token, area=questionnaire.areas[0].slug)
        return redirect(route.url("area", area=questionnaire.areas[0].slug))
    answered = services.answered_question_ids(respondent)
    context = {
        "respondent": respondent,
        "round": respondent.round,
        "questionnaire": questionnaire,
        "form": form,
        "progress": [dict(p, url=route.url("area", area=p["area"].slug)) for p in _progress(questionnaire, answered)],
        "answered": len(answered),
        "report_url": route.url("report"),
        "start_url": route.url("start"),
        "is_member": respondent.user_id is not None,
        "policy": Policy.of(respondent.round),
        # Erasing one's answers is for people who came through a link; the coordinator deletes the organization.
        "erase_url": reverse("privacy:erase", kwargs=route.kwargs) if route.namespace == "respond" else None,
    }
    return render(request, "assessments/start.html", context, status=400 if form.errors else 200)


@respondent_view
@require_http_methods(["GET", "POST"])
def area(request, area):
    respondent = request.respondent
    route = request.respondent_route
    questionnaire = respondent.round.questionnaire
    current = questionnaire.area(area)
    if current is None:
        return render(request, "404.html", status=404)
    if not respondent.role:
        return redirect(route.url("start"))
    index = questionnaire.areas.index(current)
    previous_area = questionnaire.areas[index - 1] if index > 0 else None
    next_area = questionnaire.areas[index + 1] if index + 1 < len(questionnaire.areas) else None
    if request.method == "POST":
        form = AreaAnswersForm(current, request.POST)
        if form.is_valid():
            services.save_answers(respondent, questionnaire, form.chosen())
            if request.htmx and request.POST.get("go") == "autosave":  # a choice saved as it is made
                return render(request, "assessments/_saved.html")
            if request.POST.get("go") == "back" and previous_area:
                return redirect(route.url("area", area=previous_area.slug))
            if request.POST.get("go") == "overview":
                return redirect(route.url("start"))
            if next_area is None:  # the last page: the report once everything is answered, else what is left
                return redirect(route.url("report" if respondent.finished_at else "start"))
            return redirect(route.url("area", area=next_area.slug))
    else:
        saved = {
            a.question_id: questionnaire.choices[a.choice_id]
            for a in Answer.objects.filter(respondent=respondent, question__area_id=current.pk)
        }
        form = AreaAnswersForm(current, initial_choices=saved)
    previous = services.previous_choices(respondent)
    context = {
        "respondent": respondent,
        "round": respondent.round,
        "area": current,
        "form": form,
        "position": index + 1,
        "area_count": len(questionnaire.areas),
        "previous_area": previous_area,
        "next_area": next_area,
        "start_url": route.url("start"),
        "action": route.url("area", area=current.slug),
        "questions": [(q, field, previous.get(q.number)) for q, field in form.bound_questions()],
    }
    return render(request, "assessments/area.html", context, status=400 if form.errors else 200)
