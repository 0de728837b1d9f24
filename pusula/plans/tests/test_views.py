import datetime

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from pusula.plans.models import Action, Candidate, ProgressEntry
from pusula.plans.tests.conftest import question

pytestmark = pytest.mark.django_db


def url(round_, tail=""):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/plan/{tail}"


def test_priorities_page_lists_candidates_with_next_step_and_matrix(coordinator_client, team_round):
    response = coordinator_client.get(url(team_round, "priorities/"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="aday-7"' in body and 'id="aday-10"' in body
    assert "Yıllık bir planımız yok" in body and "Plansız çalışmak enerjiyi dağıtır" in body  # answer and advice
    assert 'class="chart matrix" src="data:image/svg+xml;base64,' in body


def test_ratings_are_saved_and_bad_ratings_rejected(coordinator_client, team_round):
    response = coordinator_client.post(url(team_round, "priorities/"), {"importance7": "5", "feasibility7": "4"})
    assert response.status_code == 302
    row = Candidate.objects.get(question__number=7)
    assert (row.importance, row.feasibility) == (5, 4)
    response = coordinator_client.post(url(team_round, "priorities/"), {"importance7": "9", "feasibility7": "x"})
    assert response.status_code == 400
    assert "1 ile 5 arasında" in response.content.decode()
    row.refresh_from_db()
    assert (row.importance, row.feasibility) == (5, 4)  # nothing lost


def test_adding_a_question_and_rejecting_an_unknown_one(coordinator_client, team_round):
    assert coordinator_client.post(url(team_round, "priorities/add/"), {"question": "8"}).status_code == 302
    assert Candidate.objects.get().question.number == 8
    assert coordinator_client.post(url(team_round, "priorities/add/"), {"question": "999"}).status_code == 302
    assert Candidate.objects.count() == 1


def test_creating_an_action_links_the_prescriptions_resources(coordinator_client, team_round):
    page = coordinator_client.get(url(team_round, "actions/new/?q=7"))
    assert page.status_code == 200
    resources = page.context["candidate"].resources
    data = {
        "q": "7",
        "title": "Yıllık planı ekipçe hazırlamak",
        "responsible": "Ayşe",
        "starts_on": "2026-01-10",
        "due_on": "2026-03-01",
        "status": "planned",
        "link": [str(r.pk) for r in resources[:1]],
    }
    response = coordinator_client.post(url(team_round, "actions/new/"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get()
    assert action.question.number == 7 and action.round == team_round
    assert [item.resource for item in action.learning.all()] == resources[:1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Bu alan zorunludur"),
        ({"starts_on": "2026-05-01", "due_on": "2026-04-01"}, "Bitiş tarihi başlangıç"),
        ({"due_on": "31.02.2026"}, "Geçerli bir tarih"),
        ({"status": "finished"}, "Geçerli bir seçenek seçin"),
    ],
)
def test_a_bad_action_is_refused_with_a_message(coordinator_client, team_round, changes, message):
    data = {"q": "7", "title": "Bir şey", "status": "planned", **changes}
    response = coordinator_client.post(url(team_round, "actions/new/"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Action.objects.exists()


def test_an_unknown_question_is_404(coordinator_client, team_round):
    assert coordinator_client.get(url(team_round, "actions/new/?q=999")).status_code == 404
    assert coordinator_client.get(url(team_round, "actions/new/?q=abc")).status_code == 404
    assert coordinator_client.get(url(team_round, "actions/new/")).status_code == 404


def test_marking_done_studied_and_logging_progress(coordinator_client, action):
    item = action.learning.first()
    data = {"title": action.title, "status": "done", "studied": [str(item.pk)]}
    assert coordinator_client.post(url(action.round, f"actions/{action.pk}/"), data).status_code == 302
    action.refresh_from_db()
    item.refresh_from_db()
    assert action.status == "done" and not action.is_overdue and item.studied_at is not None
    response = coordinator_client.post(
        url(action.round, f"actions/{action.pk}/progress/"), {"written_on": "2026-01-15", "text": "Taslak hazır."}
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get().text == "Taslak hazır."
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    coordinator_client.post(url(action.round, f"actions/{action.pk}/progress/"), {"written_on": future, "text": "x"})
    assert ProgressEntry.objects.count() == 1


def test_the_plan_page_marks_overdue_actions_and_the_dashboard_shows_them(coordinator_client, action):
    body = coordinator_client.get(url(action.round)).content.decode()
    assert "gecikti" in body and action.title in body
    dashboard = coordinator_client.get("/o/").content.decode()
    assert "Tarihi yaklaşan ve geciken eylemler" in dashboard and action.title in dashboard


def test_xlsx_export_keeps_typed_text_as_text(coordinator_client, action):
    Action.objects.filter(pk=action.pk).update(responsible='=HYPERLINK("http://evil.example","x")')
    response = coordinator_client.get(url(action.round, "plan.xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]]))
    assert row["Ne yapılacak"] == action.title
    assert row["Gecikmiş"] == "evet"
    assert sheet.cell(2, header.index("Sorumlu") + 1).data_type == "s"


def test_icalendar_feed_has_one_event_per_dated_action(coordinator_client, action, team_round, coordinator):
    Action.objects.create(round=team_round, question=question(team_round, 10), title="Tarihsiz", created_by=coordinator)
    Action.objects.create(
        round=team_round, question=question(team_round, 10), title="Vazgeçilen", status="dropped",
        due_on=datetime.date(2026, 6, 1),
    )  # fmt: skip
    response = coordinator_client.get(url(team_round, "plan.ics"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtstart") == action.due_on
    assert action.title in str(events[0]["summary"])
