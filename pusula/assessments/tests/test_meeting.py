"""Consensus meeting mode: agenda from the largest disagreement, one question per screen, resumable."""

import re

import pytest

from pusula.assessments import services
from pusula.assessments.models import Answer, ConsensusAnswer
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db

Q7_TITLES = (
    "Yıllık bir planımız yok; işleri geldikçe yapıyoruz.",
    "Planımızı bütçeye ve göstergelere bağlı hazırlıyor, sonuçlarını paylaşıyoruz.",
)


@pytest.fixture
def meeting_round(round_):
    """Question 7 split from level 1 to 4; question 8 agreed (level 1, one Bilmiyorum); question 10 all on 3."""
    me = round_.respondents.get()
    answer(me, {7: 2, 8: 0, 10: 3})
    respondent(round_, "staff", {7: 1, 8: 1, 10: 3})
    respondent(round_, "board_member", {7: 4, 8: 1, 10: 3})
    return round_


@pytest.fixture
def base(meeting_round):
    return f"/o/{meeting_round.organization.slug}/rounds/{meeting_round.pk}/consensus/"


def test_the_agenda_starts_from_the_largest_disagreement_then_the_areas(coordinator_client, base):
    html = coordinator_client.get(base).content.decode()
    assert "0 / 3 uzlaşıldı" in html
    assert f'href="{base}7/" accesskey="s">Toplantıyı başlatın' in html
    disputed, rest = html.split("Önce: en farklı gördüğünüz sorular", 1)[1].split("<h2>Planlama</h2>", 1)
    assert f"{base}7/" in disputed and f"{base}8/" not in disputed
    assert rest.index(f"{base}8/") < rest.index(f"{base}10/")


def test_a_question_shows_every_choice_in_full_with_counts_and_its_prescription(coordinator_client, base):
    html = coordinator_client.get(base + "7/").content.decode()
    for title in Q7_TITLES:
        assert title in html
    assert html.count('<details class="recipe">') == 5  # four choices and Bilmiyorum
    assert "Gündem 1 / 3" in html and "0 / 3 uzlaşıldı" in html
    assert 'value="1"' in html and "1 kişi" in html and "0 kişi" in html
    assert 'accesskey="n"' in html and 'src="/static/js/meeting.js"' in html


def test_recording_moves_on_to_the_next_open_question_and_the_agenda_resumes_there(
    coordinator_client, base, meeting_round
):
    response = coordinator_client.post(base + "7/", {"choice": "2", "note": "Plan var, ekip sonradan öğreniyor."})
    assert response["Location"] == base + "8/"
    agreed = ConsensusAnswer.objects.get(round=meeting_round)
    assert (agreed.choice.number, agreed.note) == (2, "Plan var, ekip sonradan öğreniyor.")
    html = coordinator_client.get(base).content.decode()
    assert "1 / 3 uzlaşıldı" in html
    assert f'href="{base}8/" accesskey="s">Kaldığınız yerden sürdürün' in html
    coordinator_client.post(base + "10/", {"choice": "3"})
    assert coordinator_client.post(base + "8/", {"choice": "0"})["Location"] == base
    assert "Bütün sorularda uzlaştınız." in coordinator_client.get(base).content.decode()


def test_an_agreed_answer_can_be_changed_or_cleared(coordinator_client, base, meeting_round):
    coordinator_client.post(base + "7/", {"choice": "2"})
    html = coordinator_client.get(base + "7/").content.decode()
    assert re.search(r'<input type="radio" name="choice" value="2"[^>]*checked', html)
    coordinator_client.post(base + "7/", {"go": "clear"})
    assert not ConsensusAnswer.objects.filter(round=meeting_round).exists()


@pytest.mark.parametrize("data", [{}, {"choice": "9"}, {"choice": "x"}, {"choice": "2", "note": "x" * 2001}])
def test_bad_input_is_a_400_and_records_nothing(coordinator_client, base, meeting_round, data):
    response = coordinator_client.post(base + "7/", data)
    assert response.status_code == 400
    assert not ConsensusAnswer.objects.filter(round=meeting_round).exists()


def test_a_question_not_in_the_round_is_a_404(coordinator_client, base):
    assert coordinator_client.get(base + "99/").status_code == 404


def test_the_report_marks_agreed_items_with_the_meetings_note(coordinator_client, base, meeting_round):
    coordinator_client.post(base + "7/", {"choice": "2", "note": "Plan var, ekip sonradan öğreniyor."})
    report = coordinator_client.get(base.replace("consensus/", "report/")).content.decode()
    item = report.split('id="soru-7"', 1)[1].split('<div class="item', 1)[0]
    assert "✓ uzlaşıldı" in item and "Plan var, ekip sonradan öğreniyor." in item
    assert "✓ uzlaşıldı" not in report.split('id="soru-8"', 1)[1].split('<div class="item', 1)[0]


def test_notes_are_shown_without_names_and_anonymous_ones_only_among_enough_anonymous_people(
    coordinator_client, base, meeting_round
):
    veli = respondent(meeting_round, "staff", {7: 3})
    Answer.objects.filter(respondent=veli).update(note="Veli'nin notu: bütçe tablosu var.")
    first = respondent(meeting_round, "volunteer", {7: 1}, anonymous=True)
    Answer.objects.filter(respondent=first).update(note="Anonim not bir.")
    html = coordinator_client.get(base + "7/").content.decode()
    assert "bütçe tablosu var" in html
    assert "Anonim not bir." not in html  # one anonymous answer: its note would point at its writer
    for _number in range(2):
        respondent(meeting_round, "member", {7: 2}, anonymous=True)
    html = coordinator_client.get(base + "7/").content.decode()
    assert "Anonim not bir." in html
    assert "Gönüllü" not in html.split("Yanıtlayanların notları", 1)[1]


def test_notes_are_escaped(coordinator_client, base, meeting_round):
    person = respondent(meeting_round, "staff", {7: 3})
    Answer.objects.filter(respondent=person).update(note='<script>alert(1)</script><img src=x onerror="y">')
    html = coordinator_client.get(base + "7/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_the_meeting_is_the_organizations_own(client, outsider, base):
    client.force_login(outsider)
    assert client.get(base).status_code == 404
    assert client.post(base + "7/", {"choice": "1"}).status_code == 404
    assert not ConsensusAnswer.objects.exists()


def test_the_agenda_needs_a_fixed_number_of_queries(
    coordinator_client, base, meeting_round, django_assert_max_num_queries
):
    coordinator_client.get(base)
    for number in range(5):
        respondent(meeting_round, "staff", {7: 1 + number % 4, 8: 2, 10: 1})
    with django_assert_max_num_queries(12):
        coordinator_client.get(base + "7/")


def test_a_respondents_note_is_saved_beside_their_answer(client, round_):
    ((person, token),) = services.invite(round_, [("Veli", "")])
    client.post(f"/r/{token}/", {"role": "staff"})
    client.post(f"/r/{token}/a/planlama/", {"q7": "3", "n7": "Planı ekipçe yazdık.", "go": "overview"})
    assert Answer.objects.get(respondent=person).note == "Planı ekipçe yazdık."
    assert "Planı ekipçe yazdık." in client.get(f"/r/{token}/a/planlama/").content.decode()


def test_a_note_without_a_choice_is_a_400_on_submit_but_no_obstacle_to_autosave(client, round_):
    ((person, token),) = services.invite(round_, [("Veli", "")])
    client.post(f"/r/{token}/", {"role": "staff"})
    response = client.post(f"/r/{token}/a/planlama/", {"q7": "3", "n8": "Bütçe?", "go": "next"})
    assert response.status_code == 400
    assert "Bütçe?" in response.content.decode()
    assert not Answer.objects.filter(respondent=person).exists()
    response = client.post(
        f"/r/{token}/a/planlama/", {"q7": "3", "n8": "Bütçe?", "go": "autosave"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert Answer.objects.get(respondent=person).choice.number == 3


def test_saving_a_choice_without_notes_keeps_the_note(round_):
    ((person, _token),) = services.invite(round_, [("Veli", "")])
    answer(person, {7: 3})
    Answer.objects.filter(respondent=person).update(note="Kanıt: toplantı tutanakları.")
    answer(person, {7: 4})  # e.g. the API, which carries no notes
    assert Answer.objects.get(respondent=person).note == "Kanıt: toplantı tutanakları."
