from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

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
    applies_to: list[str] = Field(description="kinds of organization asked; empty: every kind")
    not_applicable: str | None = Field(
        description="when set, the question also offers 'Bizim için geçerli değil' (choice_id -1, unscored) "
        "and this is its text"
    )
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
    not_applicable_choice_id: int = -1
    areas: list[AreaOut]


def questionnaire_out(questionnaire):
    return {
        "content_version": questionnaire.version.hash,
        "language": questionnaire.version.language,
        "areas": questionnaire.outline(),
    }


class StrictIn(Schema):
    """A request body: unknown fields are errors and nothing is coerced (no true for 1, no "7" for 7)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class AnswerIO(Schema):
    question_id: int = Field(ge=1, le=2_147_483_647)
    choice_id: int = Field(
        ge=-1,
        le=2_147_483_647,
        description="0 is 'Bilmiyorum' (I don't know); -1 is 'Bizim için geçerli değil', where the question offers it",
    )


class AnswerIn(StrictIn, AnswerIO):
    pass


class AnswersIn(StrictIn):
    role: Role | None = Field(default=None, strict=False)  # an enum value given as its JSON string
    answers: list[AnswerIn] = Field(max_length=500)

    @field_validator("answers")
    @classmethod
    def one_answer_per_question(cls, answers):
        seen = set()
        for answer in answers:
            if answer.question_id in seen:
                raise ValueError(f"question_id {answer.question_id} is answered twice")
            seen.add(answer.question_id)
        return answers


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


class GroupOut(Schema):
    group_id: str = Field(description="a role (staff, …) or a group of roles (management, team, members, others)")
    label: str
    roles: list[str]
    respondents: int


class ScoreSourceOut(Schema):
    consensus: int = Field(description="questions answered by the consensus meeting")
    most_common: int = Field(description="questions answered by the most common (disclosed) answer")
    unanswered: int


class AreaScoreOut(Schema):
    area_id: str
    title: str
    score: float | None = Field(description="the organization's score: of its answers (consensus, else most common)")
    stage: str | None
    source: ScoreSourceOut
    source_text: str
    answers_mean: float | None = Field(description="mean of all disclosed answers in the area")
    answers_spread: float = Field(description="standard deviation of those answers")
    by_group: dict[str, float | None] = Field(description="mean of each shown group's disclosed answers")


class QuestionResultOut(Schema):
    question_id: int
    area_id: str
    organization_choice_id: int | None = Field(description="0 is Bilmiyorum; null when nobody answered")
    source: str | None = Field(description="consensus or most_common")
    consensus_choice_id: int | None
    levels: dict[str, int] = Field(description="choice_id → disclosed answers; 0 is Bilmiyorum")
    by_group: dict[str, dict[str, int]]
    mean: float | None
    spread: float
    level_gap: int = Field(description="levels between the lowest and the highest disclosed answer")
    role_gap: float | None = Field(description="largest difference between groups' means; null when not compared")
    anonymous_withheld: int = Field(description="anonymous answers left out of every figure of this question")


class PrivacyOut(Schema):
    anonymous_minimum: int
    named_answers_visible: bool
    anonymous_respondents: int
    anonymous_needed: int
    roles_compared: bool
    grouping: str = Field(
        description="role, group or leadership (small roles grouped) or empty when roles are not compared"
    )
    not_compared_reason: str


class SimilarAreaOut(Schema):
    area_id: str
    organizations: int | None = Field(description="organizations of the group scored in this area; null under five")
    q1: int | None = Field(description="lower quartile of their area scores; null when not shown")
    median: int | None
    q3: int | None = Field(description="upper quartile")
    position: str | None = Field(
        description="where this round's score falls: lowest_quarter, below_median, median, above_median, "
        "highest_quarter; null when not shown"
    )


class SimilarGroupOut(Schema):
    group: str = Field(description="field_of_work or size_band")
    value: str
    label: str
    areas: list[SimilarAreaOut]


class SimilarOut(Schema):
    counted: bool = Field(
        description="the organization lets its scores be counted; only then does it see the comparison"
    )
    minimum: int = Field(description="organizations a figure needs to be shown")
    groups: list[SimilarGroupOut]


class ReportOut(Schema):
    round_id: int
    respondents: int
    overall: float | None = Field(description="mean of the areas' organization scores")
    privacy: PrivacyOut
    groups: list[GroupOut]
    areas: list[AreaScoreOut]
    questions: list[QuestionResultOut]
    disagreements: list[int] = Field(description="question_ids, largest level gap first")
    similar: SimilarOut | None = Field(
        description="per area, the quartiles of similar organizations' latest scores (opted-in ones, five or more)"
    )


class LearningResourceOut(Schema):
    id: str
    title: str
    url: str
    studied: bool


class ProgressOut(Schema):
    written_on: date
    text: str


class ActionOut(Schema):
    id: int
    title: str
    responsible: str
    status: str = Field(description="planned, in_progress, done or dropped")
    starts_on: date | None
    due_on: date | None
    overdue: bool
    question_id: int
    area_id: str
    resources_needed: str
    success_indicator: str
    notes: str
    resources: list[LearningResourceOut]
    progress: list[ProgressOut]


class CandidateOut(Schema):
    question_id: int
    importance: int | None
    feasibility: int | None
    quadrant: str | None = Field(description="quick_win, major_project, small_improvement or later")
    added: bool = Field(description="added by hand rather than suggested from the report")


class PlanOut(Schema):
    round_id: int
    candidates: list[CandidateOut]
    actions: list[ActionOut]


class TrendAreaOut(Schema):
    area_id: str
    title: str
    score: float | None


class TrendRoundOut(Schema):
    id: int
    name: str
    created_at: datetime
    content_version: str
    areas: list[TrendAreaOut]


class TrendScoreOut(Schema):
    round_id: int
    asked: bool = Field(description="false when the round's content version did not have this question")
    choice_id: int | None = Field(description="the organization's answer; 0 is 'Bilmiyorum'")
    choices: int | None = Field(description="how many scored choices the question had in that round")
    score: float | None = Field(description="0–100; compare across rounds by this when `choices` changed")


class TrendQuestionOut(Schema):
    question_id: int
    area_id: str
    text: str
    scale_changed: bool = Field(description="the number of choices differs between rounds")
    scores: list[TrendScoreOut]


class TrendsOut(Schema):
    rounds: list[TrendRoundOut]
    questions: list[TrendQuestionOut]


def trends_out(points):
    rounds = [
        {
            "id": p.round.pk,
            "name": p.round.name,
            "created_at": p.round.created_at,
            "content_version": p.round.version.hash,
            "areas": [
                {"area_id": slug, "title": area.title, "score": score} for slug, (area, score) in p.areas.items()
            ],
        }
        for p in points
    ]
    latest = {}  # question number → the question as last asked, in the order first met
    for p in points:
        for number, point in p.questions.items():
            latest.pop(number, None)
            latest[number] = point.question
    questions = []
    for number in sorted(latest):
        scores = []
        for p in points:
            point = p.questions.get(number)
            scores.append(
                {
                    "round_id": p.round.pk,
                    "asked": point is not None,
                    "choice_id": point.choice.number if point and point.choice else None,
                    "choices": point.choice_count if point else None,
                    "score": point.score if point else None,
                }
            )
        counts = {s["choices"] for s in scores if s["asked"]}
        question = latest[number]
        questions.append(
            {
                "question_id": number,
                "area_id": question.area.slug,
                "text": question.text,
                "scale_changed": len(counts) > 1,
                "scores": scores,
            }
        )
    return {"rounds": rounds, "questions": questions}


# The operator's API: every figure about fewer than five organizations is null ("<5" on the page).


class SectorTotalsOut(Schema):
    organizations: int | None
    rounds_opened: int | None
    rounds_completed: int | None
    respondents: int | None
    summarised_organizations: int | None


class SectorMonthOut(Schema):
    month: str
    organizations: int | None
    rounds_opened: int | None
    rounds_completed: int | None
    respondents: int | None


class SectorAreaOut(Schema):
    area: str
    title: str
    organizations: int | None
    quantiles: list[float] | None = Field(description="10th, 25th, 50th, 75th and 90th percentiles")
    histogram: list[int | None] | None = Field(description="organizations per tenth of the 0–100 scale")


class SectorGroupOut(Schema):
    value: str
    label: str
    organizations: int | None
    quantiles: list[float] | None


class SectorQuestionOut(Schema):
    question: int
    text: str
    area: str
    organizations: int
    mean: float | None = None
    spread: float | None = Field(None, description="disagreements: the mean spread over all their rounds")
    rounds: int | None = Field(None, description="disagreements: how many rounds the spread is the mean of")


class SectorResourceOut(Schema):
    resource: str
    title: str
    code: str
    url: str
    times: int


class SectorSummaryOut(Schema):
    computed_at: str
    totals: SectorTotalsOut
    months: list[SectorMonthOut]
    areas: list[SectorAreaOut]
    breakdowns: dict[str, list[SectorGroupOut]]
    weakest_questions: list[SectorQuestionOut]
    resources: list[SectorResourceOut]
    disagreements: list[SectorQuestionOut]


class SharedReportOut(Schema):
    share_id: int
    organization: str
    round_id: int
    round: str
    message: str
    status: str
    shared_at: datetime
    report: ReportOut
    plan: PlanOut = Field(description="the round's improvement plan, shared with the report (empty when none)")
