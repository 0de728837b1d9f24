"""The Turkish content pack shipped in content/tr: complete, level-specific, only real resources."""

import re
import statistics
from io import StringIO
from itertools import combinations
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import SEED
from pusula.content.pack import read_pack, word_count
from pusula.lib.markdown import link_targets

BUNDLED = Path(__file__).resolve().parents[3] / "content" / "tr"
REFERENCE = SEED.parent.parent / "reference" / "resources.tsv"


@pytest.fixture(scope="module")
def pack():
    parsed, problems = read_pack(BUNDLED)
    assert problems == []
    return parsed


def all_prescriptions(pack):
    """Every prescription text of the pack, Bilmiyorum advice included."""
    texts = list(pack.prescriptions())
    for area in pack.areas:
        texts += [area.dont_know] + [q.dont_know for q in area.questions if q.dont_know]
    return texts


def test_it_covers_the_capacity_areas(pack):
    titles = [area.spec.title for area in pack.areas]
    assert len(titles) >= 9
    for expected in (
        "Yönetişim",
        "Stratejik Yönetim",
        "Planlama",
        "Katılım ve Savunuculuk",
        "Kaynak Geliştirme",
        "Mali Yönetim",
        "İletişim",
        "İnsanlar",
    ):
        assert expected in titles
    assert any(title.startswith("İzleme, Değerlendirme ve Öğrenme") for title in titles)


def test_at_least_40_questions_3_to_6_per_area(pack):
    assert len(pack.questions()) >= 40
    for area in pack.areas:
        assert 3 <= len(area.questions) <= 6, area.spec.area_id


def test_every_question_has_4_or_5_contiguous_choices_each_with_a_prescription(pack):
    for question in pack.questions():
        numbers = sorted(question.choices)
        assert numbers in ([1, 2, 3, 4], [1, 2, 3, 4, 5]), question.spec.question_id
        assert all(question.choices[n].body for n in numbers)


def test_question_10_is_the_first_of_participation_and_advocacy(pack):
    area = next(a for a in pack.areas if a.spec.area_id == "katilim-ve-savunuculuk")
    assert area.questions[0].spec.question_id == 10
    assert [a.spec.area_id for a in pack.areas][:4] == [
        "yonetisim",
        "stratejik-yonetim",
        "planlama",
        "katilim-ve-savunuculuk",
    ]


def test_question_10_choice_3_is_the_seed_byte_for_byte(pack):
    if not SEED.exists():
        pytest.skip(f"the shared seed is not beside this checkout ({SEED})")
    seed = next(q for q in pack.questions() if q.spec.question_id == 10).choices[3]
    assert seed.path.read_bytes() == SEED.read_bytes()


def test_every_prescription_has_150_to_500_words(pack):
    counts = {str(p.path.relative_to(BUNDLED)): word_count(p.body) for p in pack.prescriptions()}
    too_short = {path: n for path, n in counts.items() if n < 150}
    too_long = {path: n for path, n in counts.items() if n > 500}
    assert not too_short and not too_long, (too_short, too_long)
    assert statistics.median(counts.values()) >= 200


def test_every_area_has_bilmiyorum_advice(pack):
    for area in pack.areas:
        assert area.dont_know is not None and word_count(area.dont_know.body) >= 80


def test_links_point_only_to_catalogue_resources(pack):
    catalogue = {spec.url for spec in pack.resources.values()}
    for prescription in all_prescriptions(pack):
        for href, _text in link_targets(prescription.body):
            assert href in catalogue, f"{prescription.path}: {href} is not in resources.tsv"


def test_the_catalogue_is_taken_from_the_reference_list(pack):
    if not REFERENCE.exists():
        pytest.skip(f"the shared reference list is not beside this checkout ({REFERENCE})")
    reference = {}
    for line in REFERENCE.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        reference[cells[0]] = (cells[2], cells[6])
    for resource_id, spec in pack.resources.items():
        assert reference.get(resource_id) == (spec.code, spec.url), resource_id


def test_no_invented_stok_course_numbers(pack):
    for prescription in all_prescriptions(pack):
        numbers = set(re.findall(r"\b(\d{3})\s?-\s?[A-ZÇĞİÖŞÜ]", prescription.body))
        numbers |= set(re.findall(r"STOK\W{0,3}(\d{2,4})\b", prescription.body))
        assert numbers <= {"104", "500"}, f"{prescription.path}: {numbers}"


def paragraphs(text):
    for block in re.split(r"\n\s*\n", text):
        block = " ".join(block.split())
        if len(block) >= 200:
            yield block


def test_no_two_prescriptions_share_a_long_paragraph(pack):
    seen = {}
    for prescription in all_prescriptions(pack):
        for block in set(paragraphs(prescription.body)):
            seen.setdefault(block, []).append(prescription.path.name)
    shared = {block[:80]: paths for block, paths in seen.items() if len(paths) > 1}
    assert shared == {}


def test_choices_of_a_question_are_distinct_statements(pack):
    for question in pack.questions():
        titles = [question.choices[n].spec.title for n in sorted(question.choices)]
        assert len(set(titles)) == len(titles)
        for a, b in combinations(titles, 2):
            assert a.casefold() != b.casefold()


def test_stats_command_prints_counts_per_area():
    out = StringIO()
    call_command("content", "stats", str(BUNDLED), stdout=out)
    text = out.getvalue()
    # questions, then questions asked of each kind (dernek, vakif, platform, kooperatif, diger), prescriptions
    assert re.search(r"^katilim-ve-savunuculuk\s+5\s+5\s+5\s+5\s+5\s+5\s+20\s+\d+/\d+/\d+$", text, re.M)
    # Governance without general assembly, board and statutes for a platform; DERBİS only for associations.
    assert re.search(r"^yonetisim\s+6\s+6\s+6\s+3\s+6\s+6\s+24\s+", text, re.M)
    assert re.search(r"^mali-yonetim\s+6\s+5\s+5\s+1\s+4\s+4\s+24\s+", text, re.M)
    assert re.search(r"^total\s+48\s+47\s+47\s+40\s+46\s+46\s+192\s+", text, re.M)
    assert "retired question ids: 7, 14, 17, 26, 29, 35" in text
    assert "resources used: 85 of 93" in text


PRESUMES_LEGAL_PERSONALITY = re.compile(
    r"genel kurul|denetim kurul|yasal defter|defter tasdik|tüzü|mütevelli|vakıf senedi|DERBİS|VGM|Vakıflar Genel",
    re.IGNORECASE,
)


def test_a_platform_is_asked_nothing_that_presumes_a_legal_person(pack):
    asked = [q for q in pack.questions() if q.applies_to("platform")]
    assert len(asked) == 40
    for question in asked:
        texts = [question.spec.text, question.spec.help] + [c.spec.title for c in question.choices.values()]
        found = [t for t in texts if PRESUMES_LEGAL_PERSONALITY.search(t)]
        assert not found, (question.spec.question_id, found)
    not_asked = {q.spec.question_id for q in pack.questions() if not q.applies_to("platform")}
    assert {1, 2, 3, 18, 20, 21, 52, 53} == not_asked


def test_legal_duties_are_asked_by_kind(pack):
    kinds = {q.spec.question_id: q.spec.applies_to for q in pack.questions()}
    assert kinds[52] == ["dernek"]  # DERBİS and the annual declaration
    assert kinds[53] == ["vakif"]  # declarations to the VGM


JUDGING_WORDS = re.compile(r"\b(gerçekten|kabaca|ortam|ortamı|ortamımız)\b", re.IGNORECASE)


def test_choice_statements_describe_practice_without_judging_words(pack):
    for question in pack.questions():
        for number, choice in question.choices.items():
            assert not JUDGING_WORDS.search(choice.spec.title), (question.spec.question_id, number, choice.spec.title)
            # "… ancak … yapmıyoruz" leaves a gap between levels: a statement says what is done.
            assert not re.search(r"\bancak\b", choice.spec.title, re.IGNORECASE), (question.spec.question_id, number)


def test_retired_questions_are_replaced_and_never_reused(pack):
    assert set(pack.retired) == {7, 14, 17, 26, 29, 35}
    numbers = {q.spec.question_id for q in pack.questions()}
    assert not numbers & set(pack.retired)
    for entry in pack.retired.values():
        assert entry.replaced_by and set(entry.replaced_by) <= numbers and entry.reason


def test_not_applicable_is_offered_only_where_a_question_can_legitimately_not_apply(pack):
    offered = {q.spec.question_id for q in pack.questions() if q.spec.not_applicable}
    assert offered == {11, 16, 51}  # no advocacy, grants declined on principle, no contact with vulnerable people
