"""Progress across rounds that pinned two different content versions.

Version 2 of the small pack drops question 8, adds question 11, and gives question 7 three choices
instead of four; question 10 is unchanged.
"""

import re
import shutil

import pytest

from conftest import SMALL_PACK, load_folder
from pusula.assessments import services
from pusula.plans.models import Action
from pusula.reports import trends
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db


def small_pack_v2(folder):
    pack = folder / "tr"
    shutil.copytree(SMALL_PACK, pack)
    planning = pack / "areas" / "1-planlama.md"
    text = planning.read_text()
    planning.write_text(text.replace("  - question_id: 8\n    text: Bütçemiz planımıza bağlı mı?\n", ""))
    for name in ("q8-c1.md", "q8-c2.md", "bilmiyorum-q8.md", "q7-c4.md"):
        (pack / "prescriptions" / name).unlink()
    participation = pack / "areas" / "2-katilim.md"
    participation.write_text(
        participation.read_text().replace(
            "questions:\n",
            "questions:\n  - question_id: 11\n    text: Üyelerimiz kararlara nasıl katılıyor?\n",
        )
    )
    for number, title in (
        (1, "Üyeler yalnızca genel kurulda oy veriyor."),
        (2, "Üyelere önemli kararlarda danışıyoruz."),
    ):
        (pack / "prescriptions" / f"q11-c{number}.md").write_text(
            f"---\ntitle: {title}\nquestion_id: 11\nchoice_id: {number}\n---\nÜyelerin sesini düzenli olarak dinleyin.\n"
        )
    return load_folder(pack)


@pytest.fixture
def two_rounds(round_, coordinator, tmp_path):
    """Round 1 on version 1; round 2, started as the next round, on version 2."""
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 1, 10: 2})  # q7 level 2 of 4 → 33; q8 level 1 of 2 → 0; q10 level 2 of 4 → 33
    version_2 = small_pack_v2(tmp_path)
    second, _invited = services.start_next_round(round_, coordinator, "2027 öz değerlendirmesi")
    assert second.version == version_2
    me2 = second.respondents.get(user=coordinator)
    me2.role = "manager"
    me2.save()
    answer(me2, {7: 2, 10: 4, 11: 2})  # q7 level 2 of 3 → 50; q10 → 100; q11 → 100
    return round_, second


def test_questions_are_matched_by_number_and_compared_by_score_when_the_scale_changed(two_rounds):
    first, second = two_rounds
    points = trends.history(second.organization)
    assert [p.round for p in points] == [first, second]
    changes = trends.compare(*points)
    assert changes[7].kind == trends.SCALE_CHANGED
    assert (round(changes[7].before.score), changes[7].after.score, round(changes[7].delta)) == (33, 50.0, 17)
    assert (changes[7].before.choice_count, changes[7].after.choice_count) == (4, 3)
    assert changes[10].kind == trends.SAME and round(changes[10].delta) == 67
    assert changes[11].kind == trends.ADDED and changes[11].before is None and changes[11].delta is None
    assert changes[8].kind == trends.REMOVED and changes[8].after is None
    assert changes[8].question.text == "Bütçemiz planımıza bağlı mı?"


def test_area_trends_follow_areas_by_slug_and_say_when_their_questions_changed(two_rounds):
    _first, second = two_rounds
    points = trends.history(second.organization)
    by_slug = {t.slug: t for t in trends.area_trends(points, trends.compare(*points))}
    planning, participation = by_slug["planlama"], by_slug["katilim-ve-savunuculuk"]
    # Planning was q7 (33.3) and q8 (0): 16.6; now q7 alone on three choices: 50.
    assert planning.scores == [16.6, 50.0] and planning.delta == 33.4
    assert planning.questions_changed and [c.number for c in planning.removed] == [8]
    assert participation.questions_changed  # q11 was added
    assert participation.scores == [33.3, 100.0]


def test_the_report_shows_change_trend_and_actions_per_area(two_rounds, coordinator_client):
    first, second = two_rounds
    Action.objects.create(
        round=first, question=first.version.questions.get(number=7), title="Planı ekipçe yazmak", status="done"
    )
    response = coordinator_client.get(f"/o/{second.organization.slug}/rounds/{second.pk}/report/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="degisim"' in body
    assert "seçenek sayısı 4 → 3: puanla karşılaştırıldı" in body
    assert "Önceki değerlendirmede bu soru yoktu." in body  # q11
    assert "Bütçemiz planımıza bağlı mı?" in body  # q8, listed as no longer asked
    trend_images = re.findall(r'<img class="chart trend" src="([^"]*)"', body)
    assert len(trend_images) == 2 and all(src.startswith("data:image/svg+xml;base64,") for src in trend_images)
    assert "Planı ekipçe yazmak" in body and "Tamamlandı" in body


def test_the_first_round_has_no_trend(round_, coordinator_client):
    response = coordinator_client.get(f"/o/{round_.organization.slug}/rounds/{round_.pk}/report/")
    assert response.status_code == 200
    assert 'id="degisim"' not in response.content.decode()


def test_a_later_round_does_not_change_an_earlier_reports_trend(two_rounds):
    first, second = two_rounds
    assert [p.round for p in trends.history(first.organization, until=first)] == [first]


def test_history_queries_do_not_grow_with_rounds(round_, coordinator, django_assert_max_num_queries):
    previous = round_
    for n in range(4):
        me = previous.respondents.get(user=coordinator)
        me.role = "manager"
        me.save()
        answer(me, {7: 1 + n % 4, 8: 1, 10: 2})
        respondent(previous, "staff", {7: 2, 10: 3})
        previous, _invited = services.start_next_round(previous, coordinator, f"Tur {n + 2}")
    trends.history(round_.organization)  # questionnaires cached
    with django_assert_max_num_queries(4):
        points = trends.history(round_.organization)
    assert len(points) == 4


def test_the_report_queries_do_not_grow_with_rounds_or_actions(round_, coordinator, coordinator_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def next_round(previous, n):
        me = previous.respondents.get(user=coordinator)
        me.role = "manager"
        me.save()
        answer(me, {7: 1 + n % 4, 8: 1, 10: 2})
        for number in (7, 10):
            action = Action.objects.create(
                round=previous, question=previous.version.questions.get(number=number), title=f"Eylem {n}"
            )
            action.progress.create(text="ilerleme")
        return services.start_next_round(previous, coordinator, f"Tur {n + 2}")[0]

    def report_queries(assessment_round):
        url = f"/o/{assessment_round.organization.slug}/rounds/{assessment_round.pk}/report/"
        coordinator_client.get(url)  # questionnaire cached
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(url).status_code == 200
        return len(queries)

    latest = next_round(round_, 0)
    two_rounds = report_queries(latest)
    for n in range(1, 4):
        latest = next_round(latest, n)
    assert Action.objects.count() == 8
    assert report_queries(latest) == two_rounds
