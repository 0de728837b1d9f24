"""One obvious next step: for the coordinator from creating a round to the report, for respondents from
the start page to the thank-you page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pusula.assessments import services
from pusula.assessments.models import ConsensusAnswer, Respondent
from pusula.content.questionnaire import questionnaire_for
from pusula.reports.tests.factories import answer

pytestmark = pytest.mark.django_db


def next_step(client, url):
    html = client.get(url).content.decode()
    return html.split('class="button primary big" href="', 1)[1].split("</a>", 1)[0]


def test_a_new_round_opens_on_its_page_and_the_coordinator_is_a_coordinator(
    coordinator_client, organization, small_version
):
    response = coordinator_client.post(f"/o/{organization.slug}/rounds/new/", {"name": "Bahar 2026"})
    round_ = organization.rounds.get()
    assert response["Location"] == f"/o/{organization.slug}/rounds/{round_.pk}/"
    assert round_.respondents.get().role == "coordinator"


def test_the_round_page_leads_through_every_step(coordinator_client, round_):
    base = f"/o/{round_.organization.slug}/rounds/{round_.pk}/"
    assert next_step(coordinator_client, base).endswith('#davet">Kişi davet edin')
    ((veli, _token),) = services.invite(round_, [("Veli", "veli@example.org")])
    assert "/me/" in next_step(coordinator_client, base) and "Kendi yanıtlarınızı verin" in next_step(
        coordinator_client, base
    )
    me = round_.respondents.get(user__isnull=False)
    answer(me, {7: 2})
    assert "Yanıtlamaya devam edin (1 / 3)" in next_step(coordinator_client, base)
    answer(me, {8: 1, 10: 3})
    assert "Tamamlamayanlara hatırlatma gönderin" in next_step(coordinator_client, base)
    answer(veli, {7: 1, 8: 1, 10: 1})
    assert next_step(coordinator_client, base).endswith('#kapat">Değerlendirmeyi kapatın')
    round_.close()
    assert "Uzlaşı toplantısını başlatın" in next_step(coordinator_client, base)
    questionnaire = questionnaire_for(round_.version)
    question = next(iter(questionnaire.questions.values()))
    ConsensusAnswer.objects.create(round=round_, question=question, choice=question.scored_choices[0])
    assert "Uzlaşı toplantısını sürdürün (1 / 3)" in next_step(coordinator_client, base)
    for question in questionnaire.questions.values():
        ConsensusAnswer.objects.update_or_create(
            round=round_, question=question, defaults={"choice": question.dont_know}
        )
    assert "Örgüt raporunu okuyun" in next_step(coordinator_client, base)


def test_the_dashboard_offers_the_next_step_not_answering_a_finished_round(coordinator_client, round_):
    me = round_.respondents.get()
    answer(me, {7: 2, 8: 1, 10: 3})
    html = coordinator_client.get("/o/").content.decode()
    assert "Yanıtlamaya devam" not in html
    assert "Kişi davet edin" in html


def test_the_dashboard_needs_the_same_queries_for_one_round_or_six(
    coordinator_client, round_, organization, coordinator
):
    coordinator_client.get("/o/")  # the questionnaire is built once per process
    with CaptureQueriesContext(connection) as one:
        coordinator_client.get("/o/")
    for number in range(5):
        services.start_round(organization, coordinator, f"Tur {number}")
    with CaptureQueriesContext(connection) as six:
        coordinator_client.get("/o/")
    assert len(six) == len(one) <= 10


def test_the_start_page_says_how_long_and_who_sees_what(client, round_):
    ((_person, token),) = services.invite(round_, [("Veli", "")])
    html = client.get(f"/r/{token}/").content.decode()
    assert "yaklaşık 5–10 dakika sürer" in html
    assert "Kim neyi görür?" in html


def test_a_respondent_who_paused_continues_where_they_left_off(client, round_):
    ((person, token),) = services.invite(round_, [("Veli", "")])
    client.post(f"/r/{token}/", {"role": "staff"})
    answer(person, {7: 2})
    html = client.get(f"/r/{token}/").content.decode()
    assert "Kaldığınız yerden devam edin" in html
    assert f'href="/r/{token}/a/planlama/#soru-8"' in html
    assert "Raporumu gör</a>" not in html


def test_finishing_leads_to_a_thank_you_page_saying_what_happens_next(client, round_):
    ((person, token),) = services.invite(round_, [("Veli", "")])
    client.post(f"/r/{token}/", {"role": "staff"})
    client.post(f"/r/{token}/a/planlama/", {"q7": "1", "q8": "2", "go": "next"})
    response = client.post(f"/r/{token}/a/katilim-ve-savunuculuk/", {"q10": "4", "go": "next"})
    assert response["Location"] == f"/r/{token}/thanks/"
    html = client.get(response["Location"]).content.decode()
    assert "Teşekkürler!" in html and "Sırada ne var?" in html and "uzlaşı toplantısında" in html
    assert "3 / 3 soru" in html


def test_questions_are_numbered_by_their_place_in_the_questionnaire(client, round_):
    ((_person, token),) = services.invite(round_, [("Veli", "")])
    client.post(f"/r/{token}/", {"role": "staff"})
    html = client.get(f"/r/{token}/a/katilim-ve-savunuculuk/").content.decode()
    assert '<span class="qnum">3.</span>' in html  # content id 10, third question asked
    assert '<span class="qnum">10.</span>' not in html


def test_the_invitation_and_the_start_page_give_the_same_time(coordinator_client, round_, mailoutbox, run_tasks):
    base = f"/o/{round_.organization.slug}/rounds/{round_.pk}/"
    coordinator_client.post(base + "invite/", {"people": "veli@example.org"})
    run_tasks()
    assert "yaklaşık 5–10 dakika sürer" in mailoutbox[0].body
    assert Respondent.objects.filter(email="veli@example.org").exists()


def test_following_progress_is_not_done_before_anyone_is_invited_and_paper_sheets_never_hold_it_up(round_):
    progress = round_.__class__.objects.with_progress(round_.created_by)
    steps = {step.key: step for step in progress.get(pk=round_.pk).steps(3)}
    assert not steps["follow"].done and steps["invite"].current
    services.add_respondent(round_, source="paper", role="member", answers={})
    steps = {step.key: step for step in progress.get(pk=round_.pk).steps(3)}
    assert steps["invite"].done and steps["follow"].done
