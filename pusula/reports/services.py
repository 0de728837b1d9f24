"""What a report shows, built from a handful of queries whatever the number of respondents."""

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pusula.assessments.models import Answer, ConsensusAnswer, Respondent, Round
from pusula.operator.comparison import similar_organizations, similar_state
from pusula.plans import services as plan_services
from pusula.reports import charts, tallies, trends
from pusula.reports.privacy import Policy
from pusula.reports.scoring import area_results, compare_round, organization_choices, overall_score, stage_for


def _toc(results, disagreements=False):
    toc = [("ozet", _("Özet"))]
    if disagreements:
        toc.append(("farkli", _("Farklı gördüğümüz konular")))
    toc += [(f"alan-{r.area.slug}", r.area.title) for r in results]
    toc.append(("kaynaklar", _("Öğrenme kaynakları")))
    return toc


def respondent_report(respondent):
    questionnaire = respondent.round.questionnaire
    answers = Answer.objects.filter(respondent=respondent).values_list("question_id", "choice_id")
    results = area_results(
        questionnaire, {q: questionnaire.choices[c] for q, c in answers if c in questionnaire.choices}
    )
    overall = overall_score(results)
    return {
        "round": respondent.round,
        "organization": respondent.round.organization,
        "respondent": respondent,
        "version": questionnaire.version,
        "results": results,
        "overall": overall,
        "overall_stage": stage_for(overall),
        "answered": sum(r.answered + r.dont_know + r.not_applicable for r in results),
        "question_count": questionnaire.question_count,
        "not_asked": questionnaire.not_asked,
        "chart": charts.area_bars([r.area.title for r in results], [r.score for r in results]),
        "toc": _toc(results),
        "generated_at": timezone.now(),
    }


def round_figures(assessment_round):
    """The round's own figures (scores, comparison, disagreements), from the same few queries whatever the
    number of respondents: the database counts the answers (pusula.reports.tallies), so the work here does
    not grow with them. What the operator's summary is written from."""
    consensus = list(ConsensusAnswer.objects.filter(round=assessment_round))
    questionnaire, comparison = tallies.comparison(assessment_round, consensus)
    return report_context(assessment_round, questionnaire, comparison, consensus)


def round_report(assessment_round):
    """The round report's context: the round's figures, its progress and plan, and how it compares with
    similar organizations."""
    context = with_progress(assessment_round, round_figures(assessment_round))
    context["similar"] = similar_organizations(assessment_round.organization, context["comparison"].areas)
    if context["similar"].groups:
        context["toc"].insert(1 + bool(context["trend"]), ("benzer", _("Benzer örgütlerle karşılaştırma")))
    return context


def with_progress(assessment_round, context):
    """Adds to a round report what changed since the previous round, the trends and the improvement plan
    (pusula.reports.trends, pusula.plans): at most five more queries, whatever the number of rounds."""
    actions = plan_services.actions_up_to(assessment_round)
    context["trend"] = trends.for_report(assessment_round, context["comparison"], actions)
    context["plan"] = [action for action in actions if action.round_id == assessment_round.pk]
    if context["trend"]:
        context["toc"].insert(1, ("degisim", _("Geçen değerlendirmeden bu yana")))
    if context["plan"]:
        context["toc"].insert(-1, ("plan", _("İyileştirme planı")))
    return context


def build_round_report(assessment_round, questionnaire, respondents, answers, consensus):
    """The round report's context from respondents and answers in memory (what the privacy tests attack)."""
    comparison = compare_round(questionnaire, respondents, answers, consensus, Policy.of(assessment_round))
    return report_context(assessment_round, questionnaire, comparison, consensus)


def report_context(assessment_round, questionnaire, comparison, consensus):
    """What the page, the PDF, the exports and the API show of a round. Every figure comes from the
    round's comparison (scoring.compare_tally), so through the privacy gate."""
    chosen = organization_choices(questionnaire, comparison.questions)
    by_question = {item.question.pk: item for item in comparison.questions}
    for result in comparison.results:
        result.entries = [
            {
                "question": question,
                "comparison": by_question[question.pk],
                "choice": choice,
                "source": chosen.get(question.pk, (None, None))[1],
                "note": by_question[question.pk].consensus.note if by_question[question.pk].consensus else "",
            }
            for question, choice in result.items
        ]
    return {
        "round": assessment_round,
        "organization": assessment_round.organization,
        "version": questionnaire.version,
        "comparison": comparison,
        "disclosure": comparison.disclosure,
        "results": comparison.results,
        "disagreements": comparison.disagreements(),
        "consensus_count": len(consensus),
        "question_count": questionnaire.question_count,
        "not_asked": questionnaire.not_asked,
        "chart": charts.round_chart(comparison) if comparison.people else None,
        "toc": _toc(comparison.results, disagreements=True),
        "generated_at": timezone.now(),
    }


def round_state(round):
    """Everything a round report shows depends on, in three queries: for recognising an unchanged PDF."""
    answers = Answer.objects.filter(respondent__round=round).aggregate(n=Count("pk"), last=Max("answered_at"))
    consensus = ConsensusAnswer.objects.filter(round=round).aggregate(n=Count("pk"), last=Max("recorded_at"))
    people = list(round.respondents.order_by("pk").values_list("pk", "role", "anonymous", "user_id"))
    organization = round.organization
    return (
        round.version.hash,
        round.name,
        round.anonymous_minimum,
        round.named_answers_visible,
        organization.name,
        organization.city_label,
        organization.field_of_work_label,
        answers,
        consensus,
        people,
        trends.history_state(round),
        similar_state(organization),
    )


def respondent_state(respondent):
    answers = Answer.objects.filter(respondent=respondent).aggregate(n=Count("pk"), last=Max("answered_at"))
    organization = respondent.round.organization
    return (
        respondent.round.version.hash,
        respondent.round.name,
        organization.name,
        organization.city,
        respondent.role,
        answers,
    )


def pdf_source(document):
    """What the worker renders a ReportPdf from: a callable giving (template, context, state), or None when
    the round or respondent is gone. The state is read first, so a file is never newer than its fingerprint."""
    if document.kind == "paper":
        from pusula.assessments.paper import paper_source

        return paper_source(document)
    if document.kind == "round":
        round = Round.objects.select_related("organization", "version").filter(pk=document.pk).first()
        if round is None:
            return None

        def round_source():
            state = round_state(round)
            return "reports/round_report.html", round_report(round), state

        return round_source
    respondent = (
        Respondent.objects.select_related("round__organization", "round__version").filter(pk=document.pk).first()
    )
    if respondent is None:
        return None

    def respondent_source():
        state = respondent_state(respondent)
        return "reports/respondent_report.html", respondent_report(respondent), state

    return respondent_source


def prepare_round_pdf(round):
    """Queues the round report's PDF ahead of its download (a round closing, a consensus recorded)."""
    from pusula.reports.pdf import ReportPdf, status

    return status(ReportPdf.of_round(round), round_state(round))
