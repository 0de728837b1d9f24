"""Translations: sibling language folders mirror the Turkish source file by file and know when they are stale."""

import hashlib
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from conftest import SMALL_PACK, load_folder
from pusula.content.pack import read_pack
from pusula.content.questionnaire import questionnaire_for

SMALL_EN = SMALL_PACK.parent / "en"


@pytest.fixture
def content(tmp_path):
    """A writable copy of the small pack with its partial English translation: tmp/tr and tmp/en."""
    shutil.copytree(SMALL_PACK, tmp_path / "tr")
    shutil.copytree(SMALL_EN, tmp_path / "en")
    return tmp_path


def run(action, folder):
    """(exit code, stdout, stderr lines) of `pusula content <action> folder`."""
    out, err = StringIO(), StringIO()
    try:
        call_command("content", action, str(folder), stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue().splitlines()
    return 0, out.getvalue(), err.getvalue().splitlines()


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_reports_coverage_per_language_and_missing_files_as_warnings(content):
    code, out, err = run("check", content / "tr")
    assert code == 0
    assert f"{content / 'en'}: en: 5/15 files translated (33.3 %), 0 stale, 10 missing, 0 orphan" in out
    assert len(err) == 10 and all(": warning: no en translation" in line for line in err)
    assert f"{content / 'tr' / 'prescriptions' / 'seed.txt'}:1: warning: no en translation" in "\n".join(err)


def test_the_folder_of_all_languages_is_read_like_its_turkish_folder(content):
    assert run("check", content) == run("check", content / "tr")


def test_editing_one_turkish_prescription_makes_exactly_its_translation_stale(content):
    source = content / "tr" / "prescriptions" / "q7-c2.md"
    source.write_text(source.read_text().replace("iki kez", "üç kez"), encoding="utf-8")
    code, out, err = run("check", content / "tr")
    stale = [line for line in err if "stale" in line]
    assert code == 0
    assert stale == [
        f"{content / 'en' / 'prescriptions' / 'q7-c2.md'}:2: warning: stale en translation: "
        f"{source} changed since it was translated (source_sha256)"
    ]
    assert "4/15 files translated (26.7 %), 1 stale" in out


def test_a_restamped_translation_is_no_longer_stale(content):
    source = content / "tr" / "prescriptions" / "q7-c2.md"
    source.write_text(source.read_text() + "Ek bir cümle.\n", encoding="utf-8")
    target = content / "en" / "prescriptions" / "q7-c2.md"
    target.write_text(
        "\n".join(
            f"source_sha256: {sha256(source)}" if line.startswith("source_sha256:") else line
            for line in target.read_text().splitlines()
        )
        + "\n"
    )
    assert not [line for line in run("check", content / "tr")[2] if "stale" in line]


def test_a_translation_without_a_source_is_an_orphan(content):
    (content / "en" / "prescriptions" / "q99-c1.md").write_text("---\ntitle: x\n---\nx\n")
    code, out, err = run("check", content / "tr")
    assert code == 0
    assert f"{content / 'en' / 'prescriptions' / 'q99-c1.md'}:1: warning: orphan en translation" in "\n".join(err)
    assert "1 orphan" in out


def test_questions_missing_from_or_unknown_to_the_area_translation_are_warnings(content):
    area = content / "en" / "areas" / "1-planlama.md"
    area.write_text(area.read_text().replace("question_id: 8", "question_id: 9"))
    code, _out, err = run("check", content / "tr")
    assert code == 0
    text = "\n".join(err)
    assert f"{area}:9: warning: orphan en translation: question 9" in text
    assert f"{area}:5: warning: question 8 of {content / 'tr' / 'areas' / '1-planlama.md'} is not translated" in text


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda t: t.replace("choice_id: 2", "choice_id: 3"), ":5: choice_id 3 differs from the source's 2"),
        (lambda t: t.replace("source_sha256:", "kaynak:"), ":2: missing field 'source_sha256'"),
        (lambda t: t.replace("source_sha256: ", "source_sha256: x"), ":2: 'source_sha256' must be"),
        (lambda t: t.replace("choice_id: 2\n", "choice_id: 2\nresources: [yok-boyle-bir-kaynak]\n"), ":6: unknown"),
        (lambda t: t.split("---\n")[0] + "---\n" + t.split("---\n")[1] + "---\n", ": empty body"),
    ],
    ids=["other choice", "no hash", "bad hash", "unknown resource", "empty body"],
)
def test_a_broken_translation_is_an_error(content, change, expected):
    path = content / "en" / "prescriptions" / "q7-c2.md"
    path.write_text(change(path.read_text()))
    code, _out, err = run("check", content / "tr")
    assert code == 1
    assert any(line.startswith(str(path)) and expected in line for line in err), err


def test_the_version_hash_covers_every_language(content):
    before, _ = read_pack(content / "tr")
    path = content / "en" / "prescriptions" / "q7-c2.md"
    path.write_text(path.read_text().replace("twice a year", "every six months"))
    after, _ = read_pack(content / "tr")
    assert before.hash != after.hash


def test_stats_show_coverage_per_language(content):
    stale = content / "tr" / "prescriptions" / "q7-c2.md"
    stale.write_text(stale.read_text() + "Değişti.\n", encoding="utf-8")
    code, out, _err = run("stats", content / "tr")
    assert code == 0 and "en: 4/15 files translated (26.7 %), 1 stale" in out
    assert re.search(r"en +planlama +4/9 files translated", out)
    assert re.search(r"en +katilim-ve-savunuculuk +0/6 files translated", out)


@pytest.mark.django_db
def test_one_version_holds_both_languages_on_the_same_rows():
    version = load_folder(SMALL_PACK)
    turkish, english = questionnaire_for(version, language="tr"), questionnaire_for(version, language="en")
    assert turkish.choices.keys() == english.choices.keys() and turkish.questions.keys() == english.questions.keys()

    planning = english.area("planlama")
    assert (planning.title, planning.untranslated) == ("Planning", False)
    assert turkish.area("planlama").title == "Planlama"
    q7 = next(q for q in planning.question_list if q.number == 7)
    assert q7.text == "How do we prepare our annual work plan?" and q7.help == "Think of the last two years."
    assert [c.untranslated for c in q7.scored_choices] == [False, False, True, True]
    assert q7.scored_choices[0].resources == [
        "herkes-plan-sever-plan-lover-organisations",
        "code-of-good-practice-for-civil",
    ]
    assert q7.dont_know.title == "I don't know"
    assert next(q for q in planning.question_list if q.number == 8).dont_know.untranslated  # its own Turkish advice

    participation = english.area("katilim-ve-savunuculuk")
    assert participation.untranslated and participation.title == "Katılım ve Savunuculuk"


@pytest.mark.django_db
def test_the_active_language_chooses_the_texts():
    version = load_folder(SMALL_PACK)
    with translation.override("en"):
        assert questionnaire_for(version).area("planlama").title == "Planning"
    with translation.override("tr"):
        assert questionnaire_for(version).area("planlama").title == "Planlama"


def test_the_small_english_pack_is_what_the_tests_expect():
    pack, problems = read_pack(SMALL_PACK)
    assert problems == [] and Path(pack.languages["en"].folder) == SMALL_EN


# The bundled English pack (content/en) next to the Turkish one.
BUNDLED = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def bundled():
    pack, problems = read_pack(BUNDLED / "tr")
    assert problems == []
    return pack


def english_texts(pack):
    """(path of the source file, English title and body) of every translated prescription and Bilmiyorum."""
    owners = [q for a in pack.areas for q in a.questions]
    prescriptions = [p for q in owners for p in q.choices.values()]
    prescriptions += [a.dont_know for a in pack.areas] + [q.dont_know for q in owners if q.dont_know]
    return [(p.path, p.translations["en"]) for p in prescriptions if "en" in p.translations]


def test_the_bundled_english_pack_is_read_without_errors_and_covers_every_area(bundled):
    # Turkish edits make English files stale or missing (warnings, see `pusula content check`); never errors.
    assert all("en" in area.translations for area in bundled.areas)
    assert len(english_texts(bundled)) >= 150


def test_bundled_english_links_only_to_catalogue_resources(bundled):
    from pusula.lib.markdown import link_targets

    catalogue = {spec.url for spec in bundled.resources.values()}
    for path, english in english_texts(bundled):
        for href, _text in link_targets(english["body"]):
            assert href in catalogue, f"English of {path}: {href} is not in resources.tsv"
        assert set(english["resources"]) <= bundled.resources.keys(), path


def test_bundled_english_invents_no_stok_course_numbers(bundled):
    for path, english in english_texts(bundled):
        numbers = set(re.findall(r"\b(\d{3})\s?-\s?[A-ZÇĞİÖŞÜ]", english["body"]))
        numbers |= set(re.findall(r"STOK\W{0,3}(\d{2,4})\b", english["body"]))
        assert numbers <= {"104", "500"}, f"English of {path}: {numbers}"


def test_the_seed_keeps_its_turkish_and_has_an_english_file_of_its_own(bundled):
    seed = next(q for q in bundled.questions() if q.spec.question_id == 10).choices[3]
    english = BUNDLED / "en" / seed.path.relative_to(BUNDLED / "tr")
    assert seed.path.name == english.name == "000_4311e7ae714fb9e5.txt"
    assert f"source_sha256: {sha256(seed.path)}" in english.read_text(encoding="utf-8")
    assert seed.translations["en"]["title"].startswith("Through our advocacy work")


def test_editing_one_bundled_turkish_prescription_makes_exactly_its_english_file_stale(tmp_path):
    shutil.copytree(BUNDLED / "tr", tmp_path / "tr")
    shutil.copytree(BUNDLED / "en", tmp_path / "en")
    before = {line.split(":")[0] for line in run("check", tmp_path / "tr")[2] if "stale en translation" in line}
    fresh = next(path for path in sorted((tmp_path / "en" / "prescriptions").rglob("*.md")) if str(path) not in before)
    source = tmp_path / "tr" / fresh.relative_to(tmp_path / "en")
    source.write_text(source.read_text(encoding="utf-8") + "\nBir cümle daha.\n", encoding="utf-8")
    code, _out, err = run("check", tmp_path / "tr")
    after = {line.split(":")[0] for line in err if "stale en translation" in line}
    assert code == 0 and after - before == {str(fresh)}
