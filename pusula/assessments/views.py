from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pusula.assessments import paper, services, xlsform
from pusula.assessments.access import get_respondent, get_round, respondent_view
from pusula.assessments.forms import (
    AreaAnswersForm,
    ConsensusItemForm,
    InviteForm,
    PaperSheetForm,
    RespondentProfileForm,
    RoundForm,
    SubmissionsUploadForm,
)
from pusula.assessments.journey import next_step, share_urls
from pusula.assessments.meeting import agenda_for, distribution, visible_notes
from pusula.assessments.models import Answer, Round, Source
from pusula.lib.http import attachment
from pusula.organizations.access import organization_view
from pusula.reports import pdf
from pusula.reports import services as report_services
from pusula.reports.privacy import Policy
from pusula.reports.views import pdf_response

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
    # The round page first: its next step says what to do (invite, answer yourself, …).
    return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)


def _share(request, round, respondent, token):
    """A person's link with its copy and share forms (WhatsApp, e-mail), or None without a token."""
    if not token:
        return None
    link = _link(request, token)
    minutes = round.questionnaire.minutes
    return {"name": respondent.display_name, "link": link, **share_urls(round, link, minutes, respondent.email)}


def _round_page(request, round, invite_form=None, next_round_form=None, status=200):
    respondents = list(round.respondents.annotate(answer_count=Count("answers")))
    anonymous = [r for r in respondents if r.anonymous]
    questionnaire = round.questionnaire
    reminders_due = services.reminder_due(round).count() if round.is_open else 0
    progress = Round.objects.with_progress(request.user).get(pk=round.pk)
    unsent_mails, unsent_to_anonymous = services.mail_on_its_way(round)
    steps = progress.steps(questionnaire.question_count, reminders_due=reminders_due)
    for respondent in respondents:
        # A named person's link stays at hand until they finish; an anonymous person's never is.
        shareable = round.is_open and respondent.status in ("invited", "started") and not respondent.anonymous
        respondent.share = _share(request, round, respondent, respondent.link_token() if shareable else None)
    context = {
        "organization": request.organization,
        "round": round,
        "questionnaire": questionnaire,
        "respondents": respondents,
        "anonymous_started": sum(1 for r in anonymous if r.started_at),
        "anonymous_finished": sum(1 for r in anonymous if r.finished_at),
        "anonymous_needed": max(0, round.anonymous_minimum - sum(1 for r in anonymous if r.answer_count)),
        "new_links": request.session.pop(NEW_LINKS_SESSION_KEY, []),
        "invite_form": invite_form or InviteForm(),
        "next_round_form": next_round_form or RoundForm(initial={"name": next_round_name(round.name)}),
        "mine": next((r for r in respondents if r.user_id == request.user.pk), None),
        "unsent_mails": unsent_mails,
        "unsent_to_anonymous": unsent_to_anonymous,
        "steps": steps,
        "next_step": next_step(steps),
        "reminders_due": reminders_due,
        "next_reminder_at": services.next_reminder_at(round) if round.is_open and not reminders_due else None,
        "without_email": sum(1 for r in respondents if r.share and not r.email),
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
    form = InviteForm(request.POST, already_invited=services.invited_addresses(round))
    if not round.is_open:
        messages.error(request, _("Bu değerlendirme kapandı; yeni kişi davet edilemez."))
        return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)
    if not form.is_valid():
        return _round_page(request, round, invite_form=form, status=400)
    with transaction.atomic():
        invited = services.invite(round, form.cleaned_data["people"])
        queued = services.queue_invitations(round, invited, lambda token: _link(request, token))
    request.session[NEW_LINKS_SESSION_KEY] = [
        {**_share(request, round, respondent, token), "emailed": bool(respondent.email)}
        for respondent, token in invited
    ]
    messages.success(
        request,
        _("%(n)d kişi için bağlantı oluşturuldu, %(sent)d davet e-postası gönderilmek üzere sıraya alındı.")
        % {"n": len(invited), "sent": queued},
    )
    if form.skipped:
        messages.info(
            request,
            _("Zaten davet edilmiş olduğu için atlandı: %(emails)s") % {"emails": ", ".join(form.skipped)},
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
    # An anonymous person's link went to them alone (services.start_next_round): never shown here.
    request.session[NEW_LINKS_SESSION_KEY] = [
        {**_share(request, round, respondent, token), "emailed": bool(respondent.email)}
        for respondent, token in invited
        if not respondent.anonymous
    ]
    messages.success(
        request,
        _(
            "Yeni değerlendirme başladı: %(n)d kişi için yeni bağlantı oluşturuldu, %(sent)d davet e-postası "
            "gönderilmek üzere sıraya alındı."
        )
        % {"n": len(invited), "sent": queued},
    )
    if mailed_only := sum(1 for respondent, _token in invited if respondent.anonymous):
        messages.info(
            request,
            ngettext(
                "%(n)d anonim kişinin yeni bağlantısı yalnızca kendisine e-postayla gönderildi.",
                "%(n)d anonim kişinin yeni bağlantısı yalnızca kendisine e-postayla gönderildi.",
                mailed_only,
            )
            % {"n": mailed_only},
        )
    return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)


@organization_view
@require_POST
def remind(request, round_pk):
    round = get_round(request, round_pk)
    if not round.is_open:
        messages.error(request, _("Bu değerlendirme kapandı; hatırlatma gönderilemez."))
    elif sent := services.remind_unfinished(round, lambda token: _link(request, token)):
        messages.success(
            request,
            ngettext(
                "%(n)d kişi için hatırlatma e-postası sıraya alındı.",
                "%(n)d kişi için hatırlatma e-postası sıraya alındı.",
                sent,
            )
            % {"n": sent},
        )
    else:
        messages.info(
            request, _("Şu anda hatırlatılacak kimse yok: herkes yakın zamanda hatırlatıldı ya da tamamladı.")
        )
    return redirect(
        reverse("assessments:round", kwargs={"org": request.organization.slug, "round_pk": round.pk}) + "#yanitlayanlar"
    )


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
        request.session[NEW_LINKS_SESSION_KEY] = [{**_share(request, round, respondent, token), "emailed": False}]
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
@require_safe
def consensus(request, round_pk):
    """The meeting's agenda: where to start, what is agreed, what is left."""
    round = get_round(request, round_pk)
    agenda = agenda_for(round)
    context = {"organization": request.organization, "round": round, "agenda": agenda, "resume": agenda.next_open()}
    return render(request, "assessments/meeting_agenda.html", context)


@organization_view
@require_http_methods(["GET", "POST"])
def consensus_item(request, round_pk, question):
    """One question on the projector: the distribution, the choices in full, the agreed answer."""
    round = get_round(request, round_pk)
    agenda = agenda_for(round)
    item = agenda.item(question)
    if item is None:
        raise Http404
    form = ConsensusItemForm(item.question, request.POST if request.method == "POST" else None, recorded=item.consensus)
    if request.method == "POST" and request.POST.get("go") == "clear":
        services.record_consensus(round, request.user, {item.question.pk: (None, "")})
        messages.info(request, _("Bu sorudaki uzlaşı kaldırıldı."))
        return redirect(_item_url(request, round, item))
    if request.method == "POST" and form.is_valid():
        services.record_consensus(round, request.user, form.decision())
        report_services.prepare_round_pdf(round)  # one render queued at a time, however many are agreed
        item.consensus = True  # agreed now: the next open item is another one
        following = agenda.next_open(after=item)
        if following is None:
            messages.success(
                request, _("Bütün sorularda uzlaştınız. Örgüt raporu artık uzlaşı yanıtlarını gösteriyor.")
            )
            return redirect("assessments:consensus", org=request.organization.slug, round_pk=round.pk)
        return redirect(_item_url(request, round, following))
    previous_item, next_item = agenda.neighbours(item)
    context = {
        "organization": request.organization,
        "round": round,
        "agenda": agenda,
        "item": item,
        "form": form,
        "rows": [{**row, "radio": radio} for row, radio in zip(distribution(item), form["choice"], strict=True)],
        "notes": visible_notes(round, item),
        "previous_item": previous_item,
        "next_item": next_item,
    }
    return render(request, "assessments/meeting_item.html", context, status=400 if form.errors else 200)


def _item_url(request, round, item):
    return reverse(
        "assessments:consensus_item",
        kwargs={"org": request.organization.slug, "round_pk": round.pk, "question": item.question.number},
    )


# Paper and offline collection


MAX_PAPER_COPIES = 60


@organization_view
@require_safe
def paper_pdf(request, round_pk):
    """The blank questionnaire to print: every question and choice with a tick box, a code per sheet."""
    round = get_round(request, round_pk)
    try:
        copies = int(request.GET.get("copies", "1"))
    except ValueError:
        copies = 0
    if not 1 <= copies <= MAX_PAPER_COPIES:
        return HttpResponseBadRequest(
            _("Kopya sayısı 1 ile %(n)d arasında olmalı.") % {"n": MAX_PAPER_COPIES}, content_type="text/plain"
        )
    return pdf_response(
        request,
        pdf.ReportPdf.of_paper(round, copies),
        paper.paper_state(round, copies),
        paper.paper_filename(round),
        reverse("assessments:round", kwargs={"org": round.organization.slug, "round_pk": round.pk}),
        round.name,
    )


def _paper_forms(round, data=None):
    questionnaire = round.questionnaire
    return PaperSheetForm(data), [AreaAnswersForm(area, data) for area in questionnaire.areas]


@organization_view
@require_http_methods(["GET", "POST"])
def paper_sheet(request, round_pk):
    """The coordinator types in one paper answer sheet: one respondent."""
    round = get_round(request, round_pk)
    if not round.is_open:
        messages.error(request, _("Bu değerlendirme kapandı; yeni yanıt eklenemez."))
        return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)
    sheet_form, area_forms = _paper_forms(round, request.POST if request.method == "POST" else None)
    if request.method == "POST" and sheet_form.is_valid() and all(f.is_valid() for f in area_forms):
        answers, notes = {}, {}
        for area_form in area_forms:
            answers.update(area_form.chosen())
            notes.update(area_form.notes())
        try:
            respondent = services.add_respondent(
                round,
                source=Source.PAPER,
                role=sheet_form.cleaned_data["role"],
                anonymous=sheet_form.cleaned_data["anonymous"],
                label=sheet_form.cleaned_data["label"],
                answers=answers,
                notes=notes,
            )
        except services.SheetAlreadyEntered as entered:
            sheet_form.add_error(
                "label",
                _(
                    "“%(label)s” kodlu kâğıt zaten %(code)s olarak girildi; aynı kâğıt iki kez sayılmasın diye kaydedilmedi."
                )
                % {"label": sheet_form.cleaned_data["label"], "code": entered.respondent.code},
            )
            return _paper_page(request, round, sheet_form, area_forms)
        messages.success(
            request,
            _("Kâğıt %(code)s olarak kaydedildi (%(n)d yanıt). Sıradaki kâğıdı girebilirsiniz.")
            % {"code": respondent.code, "n": len(answers)},
        )
        return redirect("assessments:paper", org=request.organization.slug, round_pk=round.pk)
    return _paper_page(request, round, sheet_form, area_forms)


def _paper_page(request, round, sheet_form, area_forms):
    context = {"organization": request.organization, "round": round, "sheet_form": sheet_form, "area_forms": area_forms}
    return render(request, "assessments/paper_entry.html", context, status=400 if request.method == "POST" else 200)


@organization_view
@require_safe
def xlsform_export(request, round_pk):
    return attachment(*xlsform.build_xlsform(get_round(request, round_pk)))


@organization_view
@require_http_methods(["GET", "POST"])
def submissions_import(request, round_pk):
    """KoboToolbox / ODK submissions back into the round: all rows or, if any is wrong, none."""
    round = get_round(request, round_pk)
    # Bound on every POST, even an empty one: a closed round's refusal is added to it as an error.
    form = SubmissionsUploadForm(request.POST, request.FILES) if request.method == "POST" else SubmissionsUploadForm()
    problems = []
    if request.method == "POST" and not round.is_open:
        form.add_error(None, _("Bu değerlendirme kapandı; yeni yanıt eklenemez."))
    elif request.method == "POST" and form.is_valid():
        try:
            headers, rows = xlsform.read_table(form.cleaned_data["file"])
        except xlsform.SubmissionFileError as error:
            form.add_error("file", str(error))
        else:
            submissions, problems = xlsform.parse_submissions(round.questionnaire, headers, rows)
            if not problems:
                imported, skipped = services.import_submissions(round, submissions)
                messages.success(
                    request,
                    _("%(n)d yanıt içe aktarıldı; daha önce aktarılmış %(s)d yanıt atlandı.")
                    % {"n": imported, "s": skipped},
                )
                return redirect("assessments:round", org=request.organization.slug, round_pk=round.pk)
    context = {
        "organization": request.organization,
        "round": round,
        "form": form,
        "problems": problems,
        "xlsform_url": reverse("assessments:xlsform", kwargs={"org": request.organization.slug, "round_pk": round.pk}),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/submissions_import.html", context, status=status)


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
        request.POST or None,
        initial={"role": respondent.role, "anonymous": respondent.anonymous},
        coordinator=respondent.user_id is not None,
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
    first_open = next((q for q in questionnaire.in_order() if q.pk not in answered), None)
    context = {
        "respondent": respondent,
        "round": respondent.round,
        "questionnaire": questionnaire,
        "form": form,
        "progress": [dict(p, url=route.url("area", area=p["area"].slug)) for p in _progress(questionnaire, answered)],
        "answered": len(answered),
        # "Continue where you left off": the first question not yet answered, on its area's page.
        "resume_url": route.url("area", area=first_open.area.slug) + f"#soru-{first_open.number}"
        if first_open
        else None,
        "report_url": route.url("report"),
        "start_url": route.url("start"),
        "is_member": respondent.user_id is not None,
        "policy": Policy.of(respondent.round),
        # Erasing one's answers is for people who came through a link; the coordinator deletes the organization.
        "erase_url": reverse("privacy:erase", kwargs=route.kwargs) if route.namespace == "respond" else None,
    }
    return render(request, "assessments/start.html", context, status=400 if form.errors else 200)


@respondent_view
@require_safe
def thanks(request):
    respondent = request.respondent
    route = request.respondent_route
    context = {
        "respondent": respondent,
        "round": respondent.round,
        "answered": len(services.answered_question_ids(respondent)),
        "questionnaire": respondent.round.questionnaire,
        "report_url": route.url("report"),
        "start_url": route.url("start"),
        "is_member": respondent.user_id is not None,
    }
    return render(request, "assessments/thanks.html", context)


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
        form = AreaAnswersForm(current, request.POST, autosave=request.POST.get("go") == "autosave")
        if form.is_valid():
            services.save_answers(respondent, questionnaire, form.chosen(), form.notes())
            if request.htmx and request.POST.get("go") == "autosave":  # a choice saved as it is made
                return render(request, "assessments/_saved.html")
            if request.POST.get("go") == "back" and previous_area:
                return redirect(route.url("area", area=previous_area.slug))
            if request.POST.get("go") == "overview":
                return redirect(route.url("start"))
            if next_area is None:  # the last page: thanks once everything is answered, else what is left
                return redirect(route.url("thanks" if respondent.finished_at else "start"))
            return redirect(route.url("area", area=next_area.slug))
    else:
        saved = list(Answer.objects.filter(respondent=respondent, question__area_id=current.pk))
        form = AreaAnswersForm(
            current,
            initial_choices={a.question_id: questionnaire.choices[a.choice_id] for a in saved},
            initial_notes={a.question_id: a.note for a in saved},
        )
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
        "questions": [(q, field, note, previous.get(q.number)) for q, field, note in form.bound_questions()],
    }
    return render(request, "assessments/area.html", context, status=400 if form.errors else 200)
