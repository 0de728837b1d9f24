import datetime

import pytest

from pusula.assessments import services
from pusula.organizations.models import ApiToken
from pusula.plans import services as plan_services
from pusula.plans.models import Action
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(organization, coordinator):
    return {"Authorization": f"Bearer {ApiToken.issue(organization, coordinator, 'test')[1]}"}


def answered(round_, coordinator, numbers):
    me = round_.respondents.get(user=coordinator)
    me.role = "manager"
    me.save()
    return answer(me, numbers)


def act(round_, number, coordinator, **fields):
    question = round_.version.questions.get(number=number)
    resources = plan_services.candidate_for(round_, question).resources
    action = plan_services.create_action(
        round_, question, coordinator, {"title": f"Eylem {number}", **fields}, resources
    )
    plan_services.add_progress(action, coordinator, datetime.date(2026, 1, 5), "Başladık.")
    return action


def test_the_plan_lists_actions_with_status_dates_question_and_resources(client, headers, round_, coordinator):
    answered(round_, coordinator, {7: 1, 8: 2, 10: 2})
    action = act(round_, 7, coordinator, status="in_progress", due_on=datetime.date(2020, 1, 1))
    data = client.get(f"/api/v1/rounds/{round_.pk}/plan", headers=headers).json()
    (out,) = data["actions"]
    assert out["id"] == action.pk and out["status"] == "in_progress" and out["overdue"] is True
    assert (out["question_id"], out["area_id"], out["due_on"]) == (7, "planlama", "2020-01-01")
    assert [r["id"] for r in out["resources"]] == ["herkes-plan-sever-plan-lover-organisations"]
    assert out["progress"] == [{"written_on": "2026-01-05", "text": "Başladık."}]
    assert {c["question_id"] for c in data["candidates"]} == {7, 10}


def test_another_organizations_round_is_404(client, headers, outsider, small_version):
    from pusula.organizations.models import Organization

    other = services.start_round(Organization.objects.get(memberships__user=outsider), outsider, "Başka")
    assert client.get(f"/api/v1/rounds/{other.pk}/plan", headers=headers).status_code == 404
    assert client.get(f"/api/v1/rounds/{other.pk}/plan").status_code == 401


def test_trends_give_each_round_and_each_questions_score_per_round(client, headers, round_, coordinator):
    answered(round_, coordinator, {7: 1, 8: 2, 10: 2})
    second, _ = services.start_next_round(round_, coordinator, "İkinci")
    answered(second, coordinator, {7: 3, 10: 2})
    data = client.get("/api/v1/trends", headers=headers).json()
    assert [r["id"] for r in data["rounds"]] == [round_.pk, second.pk]
    assert data["rounds"][0]["areas"][0] == {"area_id": "planlama", "title": "Planlama", "score": 50.0}
    q7 = next(q for q in data["questions"] if q["question_id"] == 7)
    assert [s["score"] for s in q7["scores"]] == [0.0, 66.7] and q7["scale_changed"] is False
    q8 = next(q for q in data["questions"] if q["question_id"] == 8)
    assert [s["choice_id"] for s in q8["scores"]] == [2, None]


def test_plan_and_trend_queries_do_not_grow_with_actions_or_rounds(client, headers, round_, coordinator):
    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, headers=headers).status_code == 200
        return len(queries)

    answered(round_, coordinator, {7: 1, 8: 2, 10: 2})
    respondent(round_, "staff", {7: 2, 10: 3})
    act(round_, 7, coordinator)
    client.get("/api/v1/trends", headers=headers)  # questionnaire cached
    plan_few, trends_few = count(f"/api/v1/rounds/{round_.pk}/plan"), count("/api/v1/trends")
    previous = round_
    for n in range(3):
        act(round_, 10, coordinator, status="done")
        previous, _ = services.start_next_round(previous, coordinator, f"Tur {n + 2}")
        answered(previous, coordinator, {7: 2, 10: 2})
    assert Action.objects.count() == 4
    assert count(f"/api/v1/rounds/{round_.pk}/plan") == plan_few
    assert count("/api/v1/trends") == trends_few
