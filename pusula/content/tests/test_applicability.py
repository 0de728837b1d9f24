"""Questions limited to kinds of organization (`applies_to`), "Bizim için geçerli değil", retired ids."""

import shutil

import pytest

from conftest import SMALL_PACK, TESTS, load_folder
from pusula.content.models import Question
from pusula.content.pack import read_pack
from pusula.content.questionnaire import questionnaire_for
from pusula.content.tests.test_pack import check

V2_PACK = TESTS / "packs" / "v2" / "tr"


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "tr"
    shutil.copytree(V2_PACK, folder)
    return folder


def set_area_questions(folder, questions_yaml):
    (folder / "areas" / "1-planlama.md").write_text(
        "---\narea_id: planlama\ntitle: Planlama\norder: 1\nquestions:\n"
        + questions_yaml
        + "---\nÖrgütün yılını önceden düşünme kapasitesi.\n",
        encoding="utf-8",
    )


QUESTION_12 = "  - question_id: 12\n    text: Genel kurulumuz bütçeyi onaylıyor mu?\n"


def test_the_v2_pack_is_valid(pack):
    assert check(pack) == (0, [])


def test_an_unknown_kind_is_reported_where_it_stands(pack):
    set_area_questions(pack, "  - question_id: 7\n    text: Plan?\n    applies_to: [dernek, sirket]\n" + QUESTION_12)
    code, problems = check(pack)
    assert code == 1
    assert problems[0] == (
        f"{pack / 'areas' / '1-planlama.md'}:8: 'questions.0.applies_to.1' must be one of "
        "dernek, vakif, platform, kooperatif, diger, not 'sirket'"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    applies_to: []\n", "'questions.0.applies_to' must not be empty"),
        ("    applies_to: dernek\n", "'questions.0.applies_to' must be a list"),
        ("    applies_to: [vakif, vakif]\n", "question 7: 'applies_to' lists a kind twice"),
        ('    not_applicable: "  "\n', "'questions.0.not_applicable' must not be empty"),
        (f"    not_applicable: {'ç' * 601}\n", "'questions.0.not_applicable' is too long (at most 600 characters)"),
    ],
)
def test_malformed_applicability_is_reported(pack, line, message):
    set_area_questions(pack, "  - question_id: 7\n    text: Plan?\n" + line + QUESTION_12)
    code, problems = check(pack)
    assert code == 1
    assert problems[0].endswith(message), problems


def test_a_retired_id_may_not_be_used_again(pack):
    set_area_questions(
        pack, "  - question_id: 7\n    text: Plan?\n  - question_id: 8\n    text: Yeniden?\n" + QUESTION_12
    )
    code, problems = check(pack)
    assert code == 1
    assert any(p.startswith(f"{pack / 'retired.yaml'}:2: question_id 8 is retired and must not") for p in problems)


def test_a_retired_question_is_replaced_only_by_questions_of_the_pack(pack):
    (pack / "retired.yaml").write_text(
        "retired:\n  - question_id: 8\n    replaced_by: [99]\n    reason: Anlamı değişti.\n", encoding="utf-8"
    )
    assert check(pack) == (
        1,
        [f"{pack / 'retired.yaml'}:2: question 8 is replaced by 99, which is not in the pack"],
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("retired:\n  - question_id: 8\n", "retired.yaml:2: missing field 'retired.0.reason'"),
        ("retired: [8\n", "retired.yaml:2: malformed YAML"),
        ("- 8\n", "retired.yaml:1: expected 'retired:' followed by a list of questions"),
        ("retired:\n  - question_id: 8\n    reason: a\n  - question_id: 8\n    reason: b\n", "retired twice"),
    ],
)
def test_a_malformed_retired_file_is_reported(pack, text, message):
    (pack / "retired.yaml").write_text(text, encoding="utf-8")
    code, problems = check(pack)
    assert code == 1
    assert any(message in p for p in problems), problems


def test_the_small_pack_offers_every_question_to_every_kind(db):
    version = load_folder(SMALL_PACK)
    for kind in ("dernek", "platform", ""):
        assert questionnaire_for(version, kind).question_count == 3
        assert questionnaire_for(version, kind).not_asked == []


def test_a_platform_is_not_asked_what_presumes_a_general_assembly(db):
    version = load_folder(V2_PACK)
    assert Question.objects.get(version=version, number=12).applies_to == ["dernek", "vakif"]
    platform = questionnaire_for(version, "platform")
    assert sorted(q.number for q in platform.questions.values()) == [7, 10]
    assert [q.number for q in platform.not_asked] == [12]
    assert [len(area.question_list) for area in platform.areas] == [1, 1]
    assert all(c.question.number != 12 for c in platform.choices.values())
    # The version's own questionnaire (unknown kind) is untouched by the filtered one.
    assert sorted(q.number for q in questionnaire_for(version).questions.values()) == [7, 10, 12]
    assert len(questionnaire_for(version).areas[0].question_list) == 2
    assert sorted(q.number for q in questionnaire_for(version, "vakif").questions.values()) == [7, 10, 12]


def test_not_applicable_is_a_choice_of_its_own_only_where_declared(db):
    version = load_folder(V2_PACK)
    questions = {q.number: q for q in questionnaire_for(version).questions.values()}
    q7 = questions[7]
    assert [c.number for c in q7.options] == [1, 2, 3, 4, -1, 0]
    assert q7.not_applicable.body == "Henüz bir yılı doldurmamış örgütler için bu soru puanlanmaz."
    assert q7.not_applicable.level is None and not q7.not_applicable.is_scored
    assert str(q7.not_applicable.unscored_label) == "Bizim için geçerli değil"
    assert questions[12].not_applicable is None
    assert [c.number for c in questions[12].options] == [1, 2, 0]


def test_stats_count_questions_per_kind(pack):
    from pusula.content.services import pack_stats

    parsed, problems = read_pack(pack)
    assert problems == []
    stats = pack_stats(parsed)
    assert stats["kinds"] == {"dernek": 3, "vakif": 3, "platform": 2, "kooperatif": 2, "diger": 2}
    assert stats["areas"][0]["kinds"]["platform"] == 1
    assert stats["not_applicable_offered"] == 1
    assert stats["retired"] == [8]


def test_questions_are_numbered_one_to_n_for_every_kind(db):
    """Question 12 is the second of the version; a platform is not asked it, so it reads 1, 2, not 1, 3."""
    version = load_folder(V2_PACK)
    platform = questionnaire_for(version, "platform")
    assert [(q.number, q.ordinal) for q in platform.in_order()] == [(7, 1), (10, 2)]
    assert {c.question.ordinal for c in platform.choices.values()} == {1, 2}
    assert all(q.area is area for area in platform.areas for q in area.question_list)
    # The version's own numbering, and a kind asked everything, are untouched.
    assert [(q.number, q.ordinal) for q in questionnaire_for(version).in_order()] == [(7, 1), (12, 2), (10, 3)]
    assert [q.ordinal for q in questionnaire_for(version, "vakif").in_order()] == [1, 2, 3]


def test_every_page_numbers_a_platforms_questions_alike(client, coordinator, django_user_model):
    """The questionnaire, the reports, the paper form, the XLSForm and the meeting count 1, 2."""
    import io
    import re

    from django.template.loader import render_to_string
    from openpyxl import load_workbook

    from pusula.assessments import paper, services, xlsform
    from pusula.organizations.models import Membership, Organization
    from pusula.reports.tests.factories import answer

    load_folder(V2_PACK)
    platform = Organization.objects.create(name="Kent Platformu", kind="platform", city="Van", size_band="1-5")
    Membership.objects.create(user=coordinator, organization=platform)
    round_ = services.start_round(platform, coordinator, "2026")
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 10: 1})
    client.force_login(coordinator)
    base = f"/o/{platform.slug}/rounds/{round_.pk}"

    def numbers(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return [int(n) for n in re.findall(r'class="qnum">(\d+)\.<', response.content.decode())]

    asked = numbers(f"{base}/me/a/planlama/") + numbers(f"{base}/me/a/katilim-ve-savunuculuk/")
    assert asked == [1, 2]
    assert numbers(f"{base}/report/") == [1, 2]
    # The question not asked is listed by its text: a number beside it would read as a third question.
    report = client.get(f"{base}/report/").content.decode()
    assert "<li>Genel kurulumuz bütçeyi plana bakarak mı onaylıyor?" in report
    assert numbers(f"{base}/me/report/") == [1, 2]
    assert [numbers(f"{base}/consensus/{n}/")[0] for n in (7, 10)] == [1, 2]
    context = {"round": round_, "organization": platform, "questionnaire": round_.questionnaire, "roles": []}
    sheet = render_to_string("assessments/paper_questionnaire.html", {**context, "codes": paper.sheet_codes(round_, 1)})
    assert [int(n) for n in re.findall(r'class="qnum">(\d+)\.<', sheet)] == [1, 2]
    _name, _type, data = xlsform.build_xlsform(round_)
    labels = [row[2] for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True)]
    assert [label.split(".")[0] for label in labels if label and re.match(r"\d+\. ", label)] == ["1", "2"]

    # The plan: priorities, an action on question 10 (the second asked), its page and the plan's XLSX.
    from pusula.content.models import Question
    from pusula.plans import exports as plan_exports
    from pusula.plans import services as plan_services

    assert numbers(f"{base}/plan/priorities/") == [1, 2]
    assert numbers(f"{base}/plan/actions/new/?q=10") == [2]
    question_10 = Question.objects.get(version=round_.version, number=10)
    action = plan_services.create_action(round_, question_10, coordinator, {"title": "Toplantı"}, [])
    page = client.get(f"{base}/plan/actions/{action.pk}/").content.decode()
    assert "· 2. Kamu kurumları" in page
    assert "· Soru 2</span>" in client.get(f"{base}/plan/").content.decode()
    assert "Soru 2. Kamu kurumları" in client.get(f"{base}/report/").content.decode()
    _name, _type, data = plan_exports.plan_xlsx(round_)
    assert load_workbook(io.BytesIO(data)).active["A2"].value.startswith("2. Kamu kurumları")
