"""JSON API (django-ninja), OpenAPI at /api/openapi.json.

Four kinds of caller: anyone may read a questionnaire; a respondent reads and saves their own answers
with their link token (X-Respondent-Token); an organization reads its rounds and reports with an API
token its coordinator created (Authorization: Bearer ...); the operator (support centre) reads the
sector's figures, suppressed below five organizations, and the reports shared with it, with a key an
operator created (X-Operator-Token). Errors are {"detail": ...} with a 4xx.
"""

import re
from functools import wraps

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Router, Status
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer

from pusula.api import schemas
from pusula.assessments import services as assessment_services
from pusula.assessments.models import Answer, Respondent, Role, Round
from pusula.content.models import ContentVersion
from pusula.content.questionnaire import questionnaire_for
from pusula.operator.access import is_operator
from pusula.operator.models import OperatorToken
from pusula.operator.sector import sector_figures
from pusula.organizations.models import ApiToken
from pusula.plans.exports import plan_data
from pusula.reports import trends
from pusula.reports.exports import report_data
from pusula.reports.services import round_report
from pusula.sharing.access import open_share
from pusula.sharing.models import Share

api = NinjaAPI(title="Pusula API", version="1", urls_namespace="api", description=__doc__)


def json_bodies_only(view):
    """A body in anything but JSON is refused before it is read, rather than parsed as if it were JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.body and request.content_type != "application/json":
            return JsonResponse({"detail": "Send the request body as application/json."}, status=415)
        return view(request, *args, **kwargs)

    return wrapper


api.add_decorator(json_bodies_only, mode="view")


class OrganizationToken(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.by_token(token)
        if row is not None:
            request.organization = row.organization
            return row


class RespondentToken(APIKeyHeader):
    param_name = "X-Respondent-Token"

    def authenticate(self, request, key):
        respondent = Respondent.objects.by_token(key)
        if respondent is not None and respondent.revoked_at is None:
            request.respondent = respondent
            return respondent


class OperatorApiToken(APIKeyHeader):
    """An operator's key (X-Operator-Token), valid while its user holds the operator permission."""

    param_name = "X-Operator-Token"

    def authenticate(self, request, key):
        row = OperatorToken.objects.by_token(key)
        if row is not None and is_operator(row.user):
            request.user = row.user
            return row


HEX = re.compile(r"[0-9a-f]{1,64}")

content = Router(tags=["content"])
respondent = Router(tags=["respondent"], auth=RespondentToken())
organization = Router(tags=["organization"], auth=OrganizationToken())
operator = Router(tags=["operator"], auth=OperatorApiToken())


@content.get("/current", response=schemas.QuestionnaireOut)
def current_questionnaire(request):
    version = ContentVersion.objects.current()
    if version is None:
        raise HttpError(404, "No content has been loaded.")
    return schemas.questionnaire_out(questionnaire_for(version))


@content.get("/{version_hash}", response=schemas.QuestionnaireOut)
def questionnaire(request, version_hash: str):
    # A hash is hexadecimal: anything else (a NUL byte, which PostgreSQL refuses in a query) is unknown.
    version = ContentVersion.objects.filter(hash=version_hash).first() if HEX.fullmatch(version_hash) else None
    if version is None:
        raise HttpError(404, "No content version with this hash.")
    return schemas.questionnaire_out(questionnaire_for(version))


def _respondent_out(person):
    answers = Answer.objects.filter(respondent=person).select_related("question", "choice").order_by("question__number")
    questionnaire = person.round.questionnaire
    return {
        "code": person.code,
        "role": person.role or None,
        "anonymous": person.anonymous,
        "round": person.round.name,
        "organization": person.round.organization.name,
        "content_version": person.round.version.hash,
        "open": person.round.is_open,
        "question_count": questionnaire.question_count,
        "answers": [{"question_id": a.question.number, "choice_id": a.choice.number} for a in answers],
    }


@respondent.get("", response=schemas.RespondentOut)
def my_answers(request):
    return _respondent_out(request.respondent)


@respondent.put("/answers", response={200: schemas.RespondentOut, 400: schemas.Error, 410: schemas.Error})
def save_my_answers(request, payload: schemas.AnswersIn):
    person = request.respondent
    if not person.round.is_open:
        return Status(410, {"detail": "This assessment is closed."})
    if payload.role == Role.COORDINATOR and person.user_id is None:
        return Status(400, {"detail": "The role 'coordinator' is the round's coordinator's own; choose another."})
    questionnaire = person.round.questionnaire
    by_number = {q.number: q for q in questionnaire.questions.values()}
    chosen = {}
    for item in payload.answers:
        question = by_number.get(item.question_id)
        if question is None:
            return Status(400, {"detail": f"Unknown question_id {item.question_id}."})
        choice = next((c for c in question.options if c.number == item.choice_id), None)
        if choice is None:
            return Status(400, {"detail": f"Question {item.question_id} has no choice_id {item.choice_id}."})
        chosen[question.pk] = choice.pk
    with transaction.atomic():
        if payload.role is not None:
            Respondent.objects.filter(pk=person.pk).update(role=payload.role.value)
            person.role = payload.role.value
        assessment_services.save_answers(person, questionnaire, chosen)
    return Status(200, _respondent_out(person))


def _round_out(round):
    respondents = list(round.respondents.all())
    return {
        "id": round.pk,
        "name": round.name,
        "created_at": round.created_at,
        "closes_on": round.closes_on,
        "open": round.is_open,
        "content_version": round.version.hash,
        "respondents": sum(1 for r in respondents if not r.revoked_at),
        "started": sum(1 for r in respondents if r.started_at),
        "finished": sum(1 for r in respondents if r.finished_at),
    }


@organization.get("/rounds", response=list[schemas.RoundOut])
def rounds(request):
    return [
        _round_out(r)
        for r in Round.objects.for_org(request.organization).select_related("version").prefetch_related("respondents")
    ]


def _round(request, round_id):
    return get_object_or_404(
        Round.objects.for_org(request.organization).select_related("version", "organization"), pk=round_id
    )


@organization.get("/rounds/{round_id}", response=schemas.RoundOut)
def round_detail(request, round_id: int):
    return _round_out(_round(request, round_id))


@organization.get("/rounds/{round_id}/report", response=schemas.ReportOut)
def report(request, round_id: int):
    return report_data(round_report(_round(request, round_id)))


@organization.get("/rounds/{round_id}/plan", response=schemas.PlanOut)
def plan(request, round_id: int):
    """The round's improvement plan: rated candidates and actions with status, dates, question and resources."""
    return plan_data(_round(request, round_id))


@organization.get("/trends", response=schemas.TrendsOut)
def organization_trends(request):
    """Per round: date, content version and per-area organization score; per question: its score per round."""
    return schemas.trends_out(trends.history(request.organization))


@operator.get("/summary", response=schemas.SectorSummaryOut)
def sector_summary(request):
    """The dashboard's figures; null wherever a figure would rest on fewer than five organizations."""
    return sector_figures()


@operator.get("/shared", response=list[schemas.SharedReportOut])
def shared_reports(request):
    """Reports organizations shared with the operator, each with its report and its improvement plan; every
    one is an access the organization sees in its log."""
    result = []
    for share in Share.objects.active().select_related("round__organization", "round__version")[:100]:
        open_share(share.pk, request.user)
        result.append(
            {
                "share_id": share.pk,
                "organization": share.round.organization.name,
                "round_id": share.round.pk,
                "round": share.round.name,
                "message": share.message,
                "status": share.status,
                "shared_at": share.created_at,
                "report": report_data(round_report(share.round)),
                "plan": plan_data(share.round),
            }
        )
    return result


api.add_router("/v1/content", content)
api.add_router("/v1/respondent", respondent)
api.add_router("/v1/operator", operator)
api.add_router("/v1", organization)
