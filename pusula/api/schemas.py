from datetime import date, datetime

from ninja import Field, Schema

from pusula.assessments.models import Role


class Error(Schema):
    detail: str


class ChoiceOut(Schema):
    choice_id: int
    level: int
    statement: str


class QuestionOut(Schema):
    question_id: int
    text: str
    help: str
    choices: list[ChoiceOut]


class AreaOut(Schema):
    area_id: str
    title: str
    description: str
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    content_version: str
    language: str
    dont_know_choice_id: int = 0
    areas: list[AreaOut]


def questionnaire_out(questionnaire):
    return {
        "content_version": questionnaire.version.hash,
        "language": questionnaire.version.language,
        "areas": questionnaire.outline(),
    }


class AnswerIO(Schema):
    question_id: int = Field(ge=1, le=2_147_483_647)
    choice_id: int = Field(ge=0, le=2_147_483_647, description="0 is 'Bilmiyorum' (I don't know)")


class AnswersIn(Schema):
    role: Role | None = None
    answers: list[AnswerIO] = Field(max_length=500)


class RespondentOut(Schema):
    code: str
    role: str | None
    anonymous: bool
    round: str
    organization: str
    content_version: str
    open: bool
    question_count: int
    answers: list[AnswerIO]


class RoundOut(Schema):
    id: int
    name: str
    created_at: datetime
    closes_on: date | None
    open: bool
    content_version: str
    respondents: int
    started: int
    finished: int


class AreaScoreOut(Schema):
    area_id: str
    title: str
    mean: float | None
    spread: float
    by_role: dict[str, float | None]
    consensus: float | None


class QuestionResultOut(Schema):
    question_id: int
    area_id: str
    mean: float | None
    spread: float
    role_gap: float
    levels: dict[str, int]
    consensus_choice_id: int | None


class ReportOut(Schema):
    round_id: int
    respondents: int
    roles_shown: list[str]
    overall: float | None
    areas: list[AreaScoreOut]
    questions: list[QuestionResultOut]
    disagreements: list[int]


def report_out(context):
    comparison = context["comparison"]
    questionnaire_choices = {
        c.pk: c for q in comparison.questions for c in q.question.scored_choices + [q.question.dont_know]
    }
    return {
        "round_id": context["round"].pk,
        "respondents": len(comparison.respondents),
        "roles_shown": [role for role, _label, _n in comparison.shown_roles],
        "overall": comparison.overall,
        "areas": [
            {
                "area_id": a["area"].slug,
                "title": a["area"].title,
                "mean": a["mean"],
                "spread": a["spread"],
                "by_role": a["by_role"],
                "consensus": a["consensus"],
            }
            for a in comparison.areas
        ],
        "questions": [
            {
                "question_id": q.question.number,
                "area_id": q.question.area.slug,
                "mean": q.mean,
                "spread": q.spread,
                "role_gap": q.role_gap,
                "levels": {str(number): count for number, count in sorted(q.levels.items())},
                "consensus_choice_id": questionnaire_choices[q.consensus.choice_id].number if q.consensus else None,
            }
            for q in comparison.questions
        ],
        "disagreements": [q.question.number for q in context["disagreements"]],
    }
