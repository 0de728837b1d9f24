"""`pusula content check`: every problem reported as path:line: message, exit 1, never a traceback."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import SMALL_PACK
from pusula.content.pack import read_pack, word_count


@pytest.fixture
def pack(tmp_path):
    """A writable copy of the small valid pack."""
    folder = tmp_path / "tr"
    shutil.copytree(SMALL_PACK, folder)
    return folder


def check(folder):
    """(exit code, stderr lines) of `pusula content check folder`."""
    from io import StringIO

    err = StringIO()
    try:
        call_command("content", "check", str(folder), stdout=StringIO(), stderr=err)
    except CommandError as error:
        return error.returncode, err.getvalue().splitlines()
    return 0, err.getvalue().splitlines()


def prescription(folder, name, front_matter, body="Bir reçete metni."):
    path = folder / "prescriptions" / name
    path.write_text(f"---\n{front_matter}---\n{body}\n", encoding="utf-8")
    return path


def test_small_pack_is_valid(pack):
    assert check(pack) == (0, [])


def test_bundled_pack_is_valid():
    code, problems = check(Path("content/tr"))
    # stale or missing translations are warnings while translators catch up; nothing else is allowed
    assert (code, [p for p in problems if ": warning: " not in p]) == (0, [])


def test_seed_loads_as_question_10_choice_3_under_any_name(pack):
    (pack / "prescriptions" / "seed.txt").rename(pack / "prescriptions" / "herhangi-bir-ad.md")
    parsed, problems = read_pack(pack)
    assert problems == []
    seed = next(q for q in parsed.questions() if q.spec.question_id == 10).choices[3]
    assert seed.spec.title.startswith("Yürüttüğümüz savunuculuk çalışmalarıyla")
    assert seed.level == 3


def test_byte_order_mark_and_crlf_line_ends_are_accepted(pack):
    path = pack / "prescriptions" / "q7-c2.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert check(pack) == (0, [])


def test_level_defaults_to_choice_id_and_can_be_set(pack):
    parsed, _ = read_pack(pack)
    question_8 = next(q for q in parsed.questions() if q.spec.question_id == 8)
    assert question_8.choices[1].level == 1
    assert question_8.choices[2].level == 2


# Each bad case: how to break the small pack, and the problem it must produce (path suffix, line, text).
BAD_CASES = {
    "missing front matter": (
        lambda f: (f / "prescriptions/q7-c2.md").write_text("Ön bilgi yok, yalnızca metin.\n"),
        ("q7-c2.md", 1, "missing front matter"),
    ),
    "malformed front matter": (
        lambda f: (f / "prescriptions/q7-c2.md").write_text("---\ntitle: [kapanmayan\nquestion_id: 7\n---\nMetin\n"),
        ("q7-c2.md", 3, "malformed front matter"),
    ),
    "unclosed front matter": (
        lambda f: (f / "prescriptions/q7-c2.md").write_text(
            "---\ntitle: Başlık\nquestion_id: 7\nchoice_id: 2\nMetin\n"
        ),
        ("q7-c2.md", 1, "not closed"),
    ),
    "missing field": (
        lambda f: prescription(f, "q7-c2.md", "question_id: 7\nchoice_id: 2\n"),
        ("q7-c2.md", 2, "missing field 'title'"),
    ),
    "non-integer id": (
        lambda f: prescription(f, "q7-c2.md", "title: Başlık\nquestion_id: yedi\nchoice_id: 2\n"),
        ("q7-c2.md", 3, "'question_id' must be an integer"),
    ),
    "unknown question_id": (
        lambda f: prescription(f, "extra.md", "title: Başlık\nquestion_id: 99\nchoice_id: 1\n"),
        ("extra.md", 3, "unknown question_id 99"),
    ),
    "unknown area_id": (
        lambda f: prescription(f, "extra.md", "title: Bilmiyorum\narea_id: yok-boyle-alan\nchoice_id: 0\n"),
        ("extra.md", 3, "unknown area_id 'yok-boyle-alan'"),
    ),
    "duplicate question and choice": (
        lambda f: prescription(f, "zz-copy.md", "title: Kopya\nquestion_id: 7\nchoice_id: 2\n"),
        ("zz-copy.md", 4, "duplicate choice: question 7 choice 2"),
    ),
    "question with fewer than 2 choices": (
        lambda f: (f / "prescriptions/q8-c2.md").unlink(),
        ("1-planlama.md", 9, "question 8 has 1 choice(s), needs at least 2"),
    ),
    "non-contiguous choice ids": (
        lambda f: (f / "prescriptions/q7-c3.md").unlink(),
        ("1-planlama.md", 6, "question 7: choice ids must be 1..n without gaps (missing [3])"),
    ),
    "empty body": (
        lambda f: (f / "prescriptions/q7-c2.md").write_text(
            "---\ntitle: Başlık\nquestion_id: 7\nchoice_id: 2\n---\n\n  \n"
        ),
        ("q7-c2.md", 6, "empty body"),
    ),
    "unknown resource id": (
        lambda f: prescription(
            f, "q7-c2.md", "title: Başlık\nquestion_id: 7\nchoice_id: 2\nresources: [uydurma-kaynak]\n"
        ),
        ("q7-c2.md", 5, "unknown resource id 'uydurma-kaynak'"),
    ),
    "invalid UTF-8": (
        lambda f: (f / "prescriptions/q7-c2.md").write_bytes(b"---\ntitle: Ba\xfel\xfdk\nquestion_id: 7\n---\nx\n"),
        ("q7-c2.md", 2, "not valid UTF-8"),
    ),
    "binary file": (
        lambda f: (f / "prescriptions/q7-c2.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("q7-c2.md", 3, "binary file"),
    ),
    "huge file": (
        lambda f: prescription(f, "q7-c2.md", "title: Başlık\nquestion_id: 7\nchoice_id: 2\n", "uzun " * 60000),
        ("q7-c2.md", 1, "file too large"),
    ),
    "area without Bilmiyorum": (
        lambda f: (f / "prescriptions/bilmiyorum-planlama.md").unlink(),
        ("1-planlama.md", 2, "no 'Bilmiyorum' prescription"),
    ),
    "duplicate question_id across areas": (
        lambda f: (f / "areas/2-katilim.md").write_text(
            (f / "areas/2-katilim.md").read_text().replace("question_id: 10", "question_id: 7")
        ),
        ("2-katilim.md", 6, "duplicate question_id 7"),
    ),
    "bad resource address": (
        lambda f: (f / "resources.tsv").write_text(
            (f / "resources.tsv").read_text().replace("https://egitim.stgm.org.tr/", "javascript:alert(1)")
        ),
        ("resources.tsv", 8, "must be an http(s) address"),
    ),
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_bad_content_is_reported_with_path_and_line(pack, case):
    breaks, (suffix, line, text) = BAD_CASES[case]
    breaks(pack)
    code, problems = check(pack)
    assert code == 1
    expected = [p for p in problems if p.split(":")[0].endswith(suffix) and f":{line}: " in p and text in p]
    assert expected, f"no '{suffix}:{line}: ...{text}...' in {problems}"


def test_every_problem_is_reported_not_just_the_first(pack):
    for case in ("non-integer id", "unknown question_id", "area without Bilmiyorum", "bad resource address"):
        BAD_CASES[case][0](pack)
    code, problems = check(pack)
    assert code == 1
    files = {Path(p.split(":")[0]).name for p in problems}
    assert {"q7-c2.md", "extra.md", "1-planlama.md", "resources.tsv"} <= files


def test_unreadable_file_is_reported(pack):
    path = pack / "prescriptions" / "q7-c2.md"
    path.unlink()
    path.mkdir()  # a folder named like a content file cannot be read as one
    (pack / "prescriptions" / "q7-c2.md" / "inner.txt").write_text("x")
    code, problems = check(pack)
    assert code == 1
    assert any("inner.txt:1: missing front matter" in p for p in problems)


def test_console_script_exits_1_with_messages_and_no_traceback(pack):
    BAD_CASES["non-integer id"][0](pack)
    result = subprocess.run(
        [Path(sys.executable).parent / "pusula", "content", "check", str(pack)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{pack}/prescriptions/q7-c2.md:3: 'question_id' must be an integer, not 'yedi'" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_script_accepts_the_bundled_pack():
    result = subprocess.run(
        [Path(sys.executable).parent / "pusula", "content", "check", "content/tr"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_word_count_ignores_link_addresses_and_tags():
    assert word_count("Bir [<u>iki üç</u>](https://example.org/a-b-c-d) dört.") == 4
