"""`pusula content diff OLD NEW`: questions added, retired and changed, from folders or loaded versions."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import SMALL_PACK, load_folder
from pusula.content.pack import read_pack
from pusula.content.services import content_diff, snapshot_of_pack, snapshot_of_version
from pusula.content.tests.test_applicability import V2_PACK


def diff_output(old, new):
    out = StringIO()
    call_command("content", "diff", str(old), str(new), stdout=out)
    return out.getvalue()


def snapshot(folder):
    pack, problems = read_pack(folder)
    assert problems == []
    return snapshot_of_pack(pack), pack.retired


def test_a_pack_compared_with_itself_has_no_changes():
    before, _ = snapshot(SMALL_PACK)
    diff = content_diff(before, before)
    assert diff.is_empty and diff.unchanged == 3


def test_it_finds_added_retired_and_changed_questions():
    before, _ = snapshot(SMALL_PACK)
    after, reasons = snapshot(V2_PACK)
    diff = content_diff(before, after, reasons)
    assert diff.added == [(12, "planlama", "Genel kurulumuz bütçeyi plana bakarak mı onaylıyor?")]
    assert [(n, replaced) for n, _area, _text, _reason, replaced in diff.retired] == [(8, [12])]
    assert diff.retired[0][3].startswith("Bütçe sorusu genel kurulun onayına odaklandı")
    (change,) = diff.changed
    assert change.question_id == 7
    assert change.fields == [("not_applicable", "", "Henüz bir yılı doldurmamış örgütler için bu soru puanlanmaz.")]
    assert change.statements == [
        (
            2,
            "Yönetim kurulu bir plan yazıyor, ekip sonradan öğreniyor.",
            "Planı yönetim kurulu yazıyor; çalışanlar ve gönüllüler onu toplantıda öğreniyor.",
        )
    ]
    assert diff.unchanged == 1  # question 10


def test_the_command_prints_the_diff_of_two_folders():
    text = diff_output(SMALL_PACK, V2_PACK)
    assert "1 added, 1 retired, 1 changed, 1 unchanged" in text
    assert "+ 12 [planlama] Genel kurulumuz bütçeyi plana bakarak mı onaylıyor? (only: dernek, vakif)" in text
    assert "- 8 [planlama] Bütçemiz planımıza bağlı mı?\n      replaced by: 12\n      why: Bütçe sorusu" in text
    assert "choice 2: Yönetim kurulu bir plan yazıyor, ekip sonradan öğreniyor.\n" in text
    assert "→ Planı yönetim kurulu yazıyor; çalışanlar ve gönüllüler onu toplantıda öğreniyor." in text


@pytest.mark.django_db
def test_loaded_versions_compare_like_their_folders():
    old, new = load_folder(SMALL_PACK), load_folder(V2_PACK)
    from_db = content_diff(snapshot_of_version(old), snapshot_of_version(new))
    from_files = content_diff(snapshot(SMALL_PACK)[0], snapshot(V2_PACK)[0])
    assert from_db == from_files
    text = diff_output(old.label, new.hash[:10])
    assert "1 added, 1 retired, 1 changed, 1 unchanged" in text


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["tr-00000000", "nowhere", "tr-ab"])
def test_an_unknown_version_is_a_clear_error(where):
    load_folder(SMALL_PACK)
    with pytest.raises(CommandError, match="neither a folder nor a loaded content version"):
        diff_output(SMALL_PACK, where)


def test_an_invalid_folder_reports_its_problems(tmp_path):
    (tmp_path / "tr").mkdir()
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("content", "diff", str(SMALL_PACK), str(tmp_path / "tr"), stdout=StringIO(), stderr=err)
    assert error.value.returncode == 1
    assert "no area files found" in err.getvalue()


def test_a_revised_prescription_shows_the_sentences_that_changed():
    from pusula.content.services import sentence_changes

    old = "Bütçe önemlidir. Üstelik 5253 sayılı Kanun bunu ister. Plan yapın.\n\n- Bir madde."
    new = "Bütçe önemlidir. Genel kurulun görevleri Türk Medeni Kanunu'ndan ve tüzükten gelir. Plan yapın.\n\n- Bir madde."
    assert sentence_changes(old, new) == (
        ["Üstelik 5253 sayılı Kanun bunu ister."],
        ["Genel kurulun görevleri Türk Medeni Kanunu'ndan ve tüzükten gelir."],
    )
    assert sentence_changes(old, old) == ([], [])
