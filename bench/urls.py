"""The app's URLs plus the benchmark's floor view (never in production: only bench/settings.py uses this)."""

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path

from pusula.assessments import services
from pusula.assessments.models import Respondent
from pusula.content.questionnaire import questionnaire_for
from pusula.urls import urlpatterns as app_urlpatterns


def save_floor(request, token, area):
    """The database work of an answer save and nothing else: look the token up, then the one transaction
    that upserts the page's answers (services.save_answers). No form, no template, no session."""
    respondent = Respondent.objects.by_token(token)
    if respondent is None or request.method != "POST":
        return HttpResponse(status=404)
    questionnaire = questionnaire_for(respondent.round.version)
    questions = {str(q.number): q for q in questionnaire.questions.values()}
    chosen = {}
    for name, value in request.POST.items():
        question = questions.get(name[1:]) if name.startswith("q") else None
        if question is not None:
            options = [*question.scored_choices, question.dont_know]
            chosen[question.pk] = next(c.pk for c in options if c is not None and str(c.number) == value)
    services.save_answers(respondent, questionnaire, chosen)
    return HttpResponseRedirect(f"/r/{token}/")


urlpatterns = [*app_urlpatterns, path("-/bench/save-floor/<str:token>/<slug:area>/", save_floor)]
