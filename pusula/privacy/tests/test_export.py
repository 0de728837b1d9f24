import json
from datetime import date

import pytest

from pusula.organizations.models import ApiToken
from pusula.plans import services as plan_services
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db


def test_the_export_holds_everything_and_keeps_anonymous_people_anonymous(round_, coordinator_client):
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2})
    hidden = respondent(round_, "staff", {7: 4}, anonymous=True)
    type(hidden).objects.filter(pk=hidden.pk).update(label="Gizli Kişi", email="gizli@example.org")
    question = next(q for q in round_.questionnaire.questions.values() if q.number == 7)
    action = plan_services.create_action(round_, question, None, {"title": "Atölye", "notes": "Salı günleri"}, [])
    plan_services.add_progress(action, None, date(2026, 3, 1), "Başladık")

    response = coordinator_client.get(f"/o/{round_.organization.slug}/data/export.json")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["schema"].endswith("/organization-export/1")
    assert document["organization"]["name"] == "Kadın Dayanışma Derneği"
    assert document["coordinators"] == [
        {"name": "Ayşe", "email": "ayse@example.org", "since": document["coordinators"][0]["since"]}
    ]
    (record,) = document["rounds"]
    assert record["report"]["round_id"] == round_.pk  # the report's own figures, as the API gives them
    (action,) = record["plan"]["actions"]  # the plan, as the API's plan gives it
    assert (action["title"], action["notes"], action["question_id"]) == ("Atölye", "Salı günleri", 7)
    assert action["progress"][0]["text"] == "Başladık"
    api = coordinator_client.get(
        f"/api/v1/rounds/{round_.pk}/plan",
        headers={"Authorization": f"Bearer {ApiToken.issue(round_.organization, None, 'x')[1]}"},
    ).json()
    assert api["actions"][0]["title"] == "Atölye" and api["actions"][0]["notes"] == "Salı günleri"
    assert all(a["respondent"] != "Y02" for a in record["individual_answers"])  # never the anonymous one's
    codes = {r["code"]: r for r in record["respondents"]}
    assert codes["Y02"]["anonymous"] and codes["Y02"]["label"] == "" and codes["Y02"]["email"] == ""
    assert "Gizli" not in response.content.decode() and "gizli@" not in response.content.decode()


def test_the_data_page_offers_the_export_and_the_deletion(round_, coordinator_client):
    html = coordinator_client.get(f"/o/{round_.organization.slug}/data/").content.decode()
    assert "export.json" in html and "data/delete/" in html and "/privacy/" in html
