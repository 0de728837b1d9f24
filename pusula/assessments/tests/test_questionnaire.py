"""Answering: one area per page, saved on every submit, back and forth, resume later."""

import pytest

from pusula.assessments import services
from pusula.assessments.models import Answer, Respondent, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(round_):
    """The coordinator's own questionnaire URL prefix."""
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/me/"


def answers_of(respondent):
    return {
        a.question.number: a.choice.number
        for a in Answer.objects.filter(respondent=respondent).select_related("question", "choice")
    }


def test_starting_an_assessment_pins_the_current_content_version(coordinator_client, organization, small_version):
    response = coordinator_client.post(f"/o/{organization.slug}/rounds/new/", {"name": "2026"})
    round_ = Round.objects.get()
    assert response["Location"] == f"/o/{organization.slug}/rounds/{round_.pk}/"
    assert round_.version == small_version
    assert round_.respondents.get().user.email == "ayse@example.org"


def test_starting_without_content_says_so(coordinator_client, organization):
    response = coordinator_client.post(f"/o/{organization.slug}/rounds/new/", {"name": "2026"}, follow=True)
    assert "soru seti yok" in response.content.decode()
    assert not Round.objects.exists()


def test_role_is_asked_first(client, round_):
    ((_person, token),) = services.invite(round_, [("Veli", "")])
    link = f"/r/{token}/"
    assert client.get(link + "a/planlama/")["Location"] == link
    response = client.post(link, {"role": "manager"})
    assert response["Location"] == link + "a/planlama/"


def test_the_coordinator_answers_as_coordinator_unless_they_choose_another_role(coordinator_client, me, round_):
    assert coordinator_client.get(me + "a/planlama/").status_code == 200
    coordinator_client.post(me, {"role": "manager"})
    assert Respondent.objects.get().role == "manager"


def test_area_page_shows_progress_and_all_choices(coordinator_client, me):
    coordinator_client.post(me, {"role": "manager"})
    html = coordinator_client.get(me + "a/planlama/").content.decode()
    assert "1 / 2 alan" in html
    assert "Yıllık bir planımız yok; işleri geldikçe yapıyoruz." in html
    assert "Bilmiyorum" in html


def test_answers_are_saved_on_every_page_and_can_be_changed(coordinator_client, me, round_):
    coordinator_client.post(me, {"role": "manager"})
    response = coordinator_client.post(me + "a/planlama/", {"q7": "2", "q8": "0", "go": "next"})
    assert response["Location"] == me + "a/katilim-ve-savunuculuk/"
    respondent = round_.respondents.get()
    assert answers_of(respondent) == {7: 2, 8: 0}

    response = coordinator_client.post(me + "a/katilim-ve-savunuculuk/", {"q10": "3", "go": "back"})
    assert response["Location"] == me + "a/planlama/"
    coordinator_client.post(me + "a/planlama/", {"q7": "4", "q8": "1", "go": "next"})
    assert answers_of(respondent) == {7: 4, 8: 1, 10: 3}
    respondent.refresh_from_db()
    assert respondent.finished_at is not None


def test_saved_answers_are_checked_when_coming_back(coordinator_client, me):
    coordinator_client.post(me, {"role": "manager"})
    coordinator_client.post(me + "a/planlama/", {"q7": "3", "go": "overview"})
    html = coordinator_client.get(me + "a/planlama/").content.decode()
    assert 'value="3" required id' not in html  # the fields are optional
    assert 'name="q7" value="3"' in html and "checked" in html.split('name="q7" value="3"')[1].split(">")[0]


def test_a_question_may_be_left_for_later(coordinator_client, me, round_):
    coordinator_client.post(me, {"role": "manager"})
    coordinator_client.post(me + "a/planlama/", {"q7": "1", "go": "overview"})
    assert answers_of(round_.respondents.get()) == {7: 1}
    html = coordinator_client.get(me).content.decode()
    assert "1 / 3 soru yanıtlandı" in html


def test_an_invalid_choice_is_a_400_and_keeps_what_was_saved(coordinator_client, me, round_):
    coordinator_client.post(me, {"role": "manager"})
    coordinator_client.post(me + "a/planlama/", {"q7": "2", "go": "next"})
    response = coordinator_client.post(me + "a/planlama/", {"q7": "9", "q8": "1"})
    assert response.status_code == 400
    assert "geçerli bir seçenek" in response.content.decode()
    assert answers_of(round_.respondents.get()) == {7: 2}


def test_an_unknown_area_is_a_404(coordinator_client, me):
    coordinator_client.post(me, {"role": "manager"})
    assert coordinator_client.get(me + "a/yok-boyle-alan/").status_code == 404


def test_an_invalid_role_is_a_400(coordinator_client, me, round_):
    response = coordinator_client.post(me, {"role": "kral"})
    assert response.status_code == 400
    assert Respondent.objects.get().role == "coordinator"


def test_the_coordinator_cannot_be_anonymous_to_themselves(coordinator_client, me, round_):
    coordinator_client.post(me, {"role": "manager", "anonymous": "on"})
    assert Respondent.objects.get().anonymous is False


def test_the_dashboard_offers_to_resume(coordinator_client, me, round_):
    services.invite(round_, [("Veli", "")])
    coordinator_client.post(me + "a/planlama/", {"q7": "2", "go": "overview"})
    html = coordinator_client.get("/o/").content.decode()
    assert f'href="{me}">Yanıtlamaya devam edin (1 / 3)' in html
    assert round_.name in html


def test_finishing_the_last_page_thanks_and_says_what_comes_next(coordinator_client, me):
    coordinator_client.post(me, {"role": "manager"})
    coordinator_client.post(me + "a/planlama/", {"q7": "2", "q8": "1", "go": "next"})
    response = coordinator_client.post(me + "a/katilim-ve-savunuculuk/", {"q10": "3", "go": "next"})
    assert response["Location"] == me + "thanks/"
    assert "Değerlendirme sayfasına dönün" in coordinator_client.get(me + "thanks/").content.decode()


def test_the_last_page_leads_back_to_what_is_left(coordinator_client, me):
    coordinator_client.post(me, {"role": "manager"})
    response = coordinator_client.post(me + "a/katilim-ve-savunuculuk/", {"q10": "3", "go": "next"})
    assert response["Location"] == me


def test_a_closed_round_takes_no_more_answers_from_the_coordinator(coordinator_client, me, round_):
    coordinator_client.post(me, {"role": "manager"})
    round_.close()
    response = coordinator_client.post(me + "a/planlama/", {"q7": "2", "go": "next"})
    assert response.status_code == 410
    assert not Answer.objects.exists()
    assert coordinator_client.get(me + "report/").status_code == 200  # the report stays readable


def test_a_choice_is_saved_as_it_is_made_with_htmx(coordinator_client, me, round_):
    coordinator_client.post(me, {"role": "manager"})
    response = coordinator_client.post(
        me + "a/planlama/", {"q7": "3", "go": "autosave"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Yanıtınız kaydedildi" in response.content.decode()
    assert answers_of(round_.respondents.get()) == {7: 3}


def test_the_area_page_works_without_javascript_and_loads_htmx_from_our_own_static_files(coordinator_client, me):
    coordinator_client.post(me, {"role": "manager"})
    html = coordinator_client.get(me + "a/planlama/").content.decode()
    assert '<form method="post" action="' + me + 'a/planlama/"' in html  # a plain form first
    assert 'src="/static/js/htmx.min.js"' in html
