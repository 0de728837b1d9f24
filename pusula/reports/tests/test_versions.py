"""Content version 2 beside version 1: old rounds unchanged, new rounds on v2, questions by kind."""

import base64
import re

import pytest

from conftest import load_folder
from pusula.assessments import services
from pusula.assessments.models import ConsensusAnswer
from pusula.content.models import ContentVersion
from pusula.content.tests.test_applicability import V2_PACK
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
CHART = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
GENERATED_AT = re.compile(r'"generated_at": "[^"]+"')


def page(client, url):
    """The page as text; charts decoded with their random element ids blanked, form tokens left out."""
    response = client.get(url)
    assert response.status_code == 200
    html = GENERATED_AT.sub("", CSRF.sub("", response.content.decode()))  # the export's own timestamp
    return CHART.sub(lambda m: UUID.sub("ID", base64.b64decode(m.group(1)).decode()), html)


def test_a_round_on_version_1_renders_exactly_as_before_after_version_2_is_loaded(
    coordinator_client, answered_round, coordinator
):
    base = f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/"
    q10 = answered_round.questionnaire.questions
    ConsensusAnswer.objects.create(
        round=answered_round,
        question=next(q for q in q10.values() if q.number == 10),
        choice=next(c for q in q10.values() if q.number == 10 for c in q.scored_choices if c.number == 3),
        note="Birlikte karar verdik.",
        recorded_by=coordinator,
    )
    urls = [base + "report/", base + "me/report/", base + "consensus/", base + "export.json", base]
    before = {url: page(coordinator_client, url) for url in urls}
    assert page(coordinator_client, base + "report/") == before[base + "report/"]  # rendering is repeatable

    version_2 = load_folder(V2_PACK)
    assert ContentVersion.objects.current() == version_2
    assert {url: page(coordinator_client, url) for url in urls} == before
    assert "Genel kurulumuz bütçeyi" not in before[base + "report/"]

    new_round = services.start_round(answered_round.organization, coordinator, "2027")
    assert new_round.version == version_2
    assert 12 in {q.number for q in new_round.questionnaire.questions.values()}


@pytest.fixture
def platform_round(organization, coordinator):
    organization.kind = "platform"
    organization.save()
    load_folder(V2_PACK)
    return services.start_round(organization, coordinator, "Platform değerlendirmesi")


def test_a_platform_is_not_asked_about_a_general_assembly(coordinator_client, platform_round):
    assert platform_round.organization_kind == "platform"
    base = f"/o/{platform_round.organization.slug}/rounds/{platform_round.pk}/me/"
    coordinator_client.post(base, {"role": "manager"})
    html = coordinator_client.get(base + "a/planlama/").content.decode()
    assert 'id="soru-7"' in html and 'id="soru-12"' not in html
    assert "bütün parçaları örgütünüz için bugün doğru olan en yüksek seçeneği" in html
    start = coordinator_client.get(base).content.decode()
    assert "2 soru var" in start
    assert "Örgüt türünüz (Tüzel kişiliği olmayan platform, ağ ya da girişim) için geçerli olmayan 1 soru" in start

    # An answer to a question the round does not ask is ignored; the two asked ones finish the round.
    coordinator_client.post(base + "a/planlama/", {"q7": "3", "q12": "2", "go": "next"})
    coordinator_client.post(base + "a/katilim-ve-savunuculuk/", {"q10": "3", "go": "next"})
    me = platform_round.respondents.get()
    assert me.finished_at is not None
    assert sorted(me.answers.values_list("question__number", flat=True)) == [7, 10]

    report = coordinator_client.get(f"/o/{platform_round.organization.slug}/rounds/{platform_round.pk}/report/")
    html = report.content.decode()
    assert "örgüt türü “Tüzel kişiliği olmayan platform, ağ ya da girişim” için geçerli olmadığından sorulmadı" in html
    # Listed by its text alone: "12." would read as a twelfth question of a two-question round.
    assert "<li>Genel kurulumuz bütçeyi plana bakarak mı onaylıyor?" in html and "12. Genel" not in html
    assert 'id="soru-12"' not in html


def test_a_change_of_kind_after_the_start_does_not_change_the_round(platform_round):
    platform_round.organization.kind = "dernek"
    platform_round.organization.save()
    platform_round.refresh_from_db()
    assert 12 not in {q.number for q in platform_round.questionnaire.questions.values()}


def test_an_organization_of_unknown_kind_is_asked_every_question(organization, coordinator):
    organization.kind = ""
    organization.save()
    load_folder(V2_PACK)
    round_ = services.start_round(organization, coordinator, "Eski profil")
    assert round_.questionnaire.question_count == 3 and round_.questionnaire.not_asked == []


def test_not_applicable_is_offered_where_declared_and_never_scored(coordinator_client, organization, coordinator):
    load_folder(V2_PACK)
    round_ = services.start_round(organization, coordinator, "Dernek değerlendirmesi")
    base = f"/o/{organization.slug}/rounds/{round_.pk}/"
    coordinator_client.post(base + "me/", {"role": "manager"})
    form = coordinator_client.get(base + "me/a/planlama/").content.decode()
    assert form.count("Bizim için geçerli değil") == 1  # question 7 only; question 12 does not declare it
    assert form.index("Bizim için geçerli değil") < form.index("Bilmiyorum")

    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: -1, 12: 2, 10: 1})
    respondent(round_, "staff", {7: -1, 12: 1, 10: 1})
    html = coordinator_client.get(base + "me/report/").content.decode()
    assert "Yanıtınız:</span> Bizim için geçerli değil" in html
    assert "Henüz bir yılı doldurmamış örgütler için bu soru puanlanmaz." in html
    assert "Planlama</a></th><td>100</td>" in html  # question 12 at its top level; question 7 not scored
    assert "3 / 3 soru yanıtlandı" in html  # a "does not apply" answer is an answer

    round_report = coordinator_client.get(base + "report/").content.decode()
    assert "-1." not in round_report
    assert (
        '<span class="label">En çok seçilen yanıt (uzlaşı henüz kaydedilmedi):</span>\n        Bizim için geçerli değil'
        in round_report
    )
