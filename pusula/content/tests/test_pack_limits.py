"""A hostile or careless pack: every trick gets `path:line: message`, exit 1, no traceback, bounded time and memory."""

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SMALL_PACK
from pusula.content import reading
from pusula.content.pack import read_pack
from pusula.content.tests.test_pack import check, prescription

BILLION_LAUGHS = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
          f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8)),
    ]
)  # fmt: skip
HEAD = "title: Başlık\nquestion_id: 7\nchoice_id: 2\n"
HUGE = "99999999999999999999"


def nest(folder, depth):
    for _ in range(depth):  # one level at a time: mkdir(parents=True) itself recurses
        folder = folder / "d"
        folder.mkdir()
    (folder / "derin.md").write_text("---\ntitle: x\n---\nx\n")


def fifo(path):
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def symlink(path, target):
    path.unlink(missing_ok=True)
    path.symlink_to(target)


def area_with(folder, old, new):
    path = folder / "areas" / "1-planlama.md"
    path.write_text(path.read_text().replace(old, new, 1))


# How to break the small pack, and the problem it must produce: (path suffix, line, text).
HOSTILE_CASES = {
    "billion laughs in front matter": (
        lambda f: prescription(f, "kahkaha.md", HEAD + BILLION_LAUGHS),
        ("kahkaha.md", 6, "aliases (*a) are not allowed"),
    ),
    "billion laughs in resources": (
        lambda f: prescription(
            f, "kaynaklar.md", HEAD + "x: &x [a, a, a, a, a, a, a, a, a]\nresources: [*x, *x, *x]\n"
        ),
        ("kaynaklar.md", 6, "aliases (*x) are not allowed"),
    ),
    "resources.tsv is a link to /dev/zero": (
        lambda f: symlink(f / "resources.tsv", "/dev/zero"),
        ("resources.tsv", 1, "symbolic link leading out of the pack"),
    ),
    "resources.tsv is a FIFO": (
        lambda f: fifo(f / "resources.tsv"),
        ("resources.tsv", 1, "not a regular file"),
    ),
    "a prescription is a FIFO": (
        lambda f: fifo(f / "prescriptions" / "boru.md"),
        ("boru.md", 1, "not a regular file"),
    ),
    "a prescription links to /etc/passwd": (
        lambda f: symlink(f / "prescriptions" / "parola.md", "/etc/passwd"),
        ("parola.md", 1, "symbolic link leading out of the pack"),
    ),
    "5000-deep nested flow YAML": (
        lambda f: prescription(f, "derin.md", HEAD + "x: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("derin.md", 5, "nested more than 16 levels deep"),
    ),
    "1100 nested folders": (
        lambda f: nest(f / "prescriptions", 1100),
        ("prescriptions/d/d/d/d/d", 1, "folders nested more than 4 deep"),
    ),
    "question_id beyond the database column": (
        lambda f: area_with(f, "question_id: 7", f"question_id: {HUGE}"),
        ("1-planlama.md", 6, f"'questions.0.question_id' must be at most 2147483647, not {HUGE}"),
    ),
    "order beyond the database column": (
        lambda f: area_with(f, "order: 1", f"order: -{HUGE}"),
        ("1-planlama.md", 4, "'order' must be at least -2147483648"),
    ),
    "level beyond the database column": (
        lambda f: prescription(f, "seviye.md", HEAD + f"level: {HUGE}\n"),
        ("seviye.md", 5, "'level' must be at most 2147483647"),
    ),
    "symlink loop": (
        lambda f: symlink(f / "prescriptions" / "dongu.md", f / "prescriptions" / "dongu.md"),
        ("dongu.md", 1, "leads nowhere or into a loop"),
    ),
    "a folder named x.md": (
        lambda f: (f / "prescriptions" / "x.md").mkdir(),
        ("x.md", 1, "a folder, not a content file"),
    ),
    "a symlinked folder": (
        lambda f: (f / "prescriptions" / "kopya").symlink_to(f / "areas"),
        ("kopya", 1, "symbolic link to a folder: not followed"),
    ),
}

# Prescription bodies whose links or markup the report would not show as written.
HEAD_LINES = 5  # '---', three keys, '---'
AUTHORING_CASES = {
    "tab-split javascript link": ("Metin [x](jav&#x09;ascript:window.__pwned='entity')", 1, "a relative address"),
    "protocol-relative link": ("Bir\niki [a](//127.0.0.1:9/x)", 2, "a relative address"),
    "absolute path": ("[b](/etc/passwd)", 1, "link '/etc/passwd': a relative address"),
    "unknown scheme": ("Metin\n\n[s](smb://sunucu/pay)", 3, "the scheme 'smb:' is not allowed"),
    "javascript link": ("[t](javascript:alert(1))", 1, "the scheme 'javascript:' is not allowed"),
    "raw HTML block": ("Metin\n\n<script>alert(1)</script>", 3, "raw HTML is not allowed"),
    "raw HTML inline": ('Metin <a href="https://x.example" onclick="x">a</a>', 1, "raw HTML is not allowed"),
    "image": ("![resim](https://example.org/x.png)", 1, "images are not shown"),
}


def unnest(folder):
    """Removes what nest() made, deepest first (shutil.rmtree recurses and would fail)."""
    chain = [folder / "d"]
    while chain[-1].is_dir():
        chain.append(chain[-1] / "d")
    for path in reversed(chain[:-1]):
        for child in path.iterdir():
            if not child.is_dir():
                child.unlink()
        path.rmdir()


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "tr"
    shutil.copytree(SMALL_PACK, folder)
    yield folder
    unnest(folder / "prescriptions")


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=list(HOSTILE_CASES))
def test_hostile_files_are_reported_with_path_and_line(pack, case):
    breaks, (suffix, line, text) = HOSTILE_CASES[case]
    breaks(pack)
    started = time.monotonic()
    code, problems = check(pack)
    assert time.monotonic() - started < 10
    assert code == 1
    expected = [p for p in problems if p.split(":")[0].endswith(suffix) and f":{line}: " in p and text in p]
    assert expected, f"no '{suffix}:{line}: ...{text}...' in {problems}"


@pytest.mark.parametrize("case", AUTHORING_CASES, ids=list(AUTHORING_CASES))
def test_links_and_markup_the_report_would_not_show_are_errors(pack, case):
    body, line, text = AUTHORING_CASES[case]
    prescription(pack, "q7-c2.md", HEAD, "\n" + body)  # a blank line first: the line count must still hold
    code, problems = check(pack)
    assert code == 1
    expected = f"q7-c2.md:{HEAD_LINES + 1 + line}: "
    assert any(expected in p and text in p for p in problems), f"no '{expected}...{text}' in {problems}"


@pytest.mark.parametrize(
    "breaks, expected",
    [
        (
            lambda f: (f / "prescriptions" / "notlar.docx").write_bytes(b"PK\x03\x04"),
            "notlar.docx:1: warning: not a content file (.md or .txt): skipped",
        ),
        (lambda f: (f / "eski").mkdir(), "eski:1: warning: not part of a content pack"),
    ],
)
def test_files_that_are_plainly_not_content_are_skipped_with_a_warning(pack, breaks, expected):
    breaks(pack)
    code, problems = check(pack)
    assert code == 0
    assert any(expected in p for p in problems), problems


def test_plain_formatting_tags_and_https_links_are_fine(pack):
    prescription(pack, "q7-c2.md", HEAD, "[<u>STOK</u>](https://www.stgm.org.tr/) <b>kalın</b> [e](mailto:a@b.org)")
    assert check(pack) == (0, [])


def test_the_pack_size_is_bounded(pack, monkeypatch):
    monkeypatch.setattr(reading, "MAX_PACK_BYTES", 3000)
    code, problems = check(pack)
    assert code == 1
    assert any("the pack is larger than 3000 bytes: not read" in p for p in problems)


def test_the_number_of_files_is_bounded(pack, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILES", 3)
    code, problems = check(pack)
    assert code == 1
    assert any("more than 3 content files: not read" in p for p in problems)


def test_a_symlink_inside_the_pack_is_read(pack):
    path = pack / "prescriptions" / "q7-c2.md"
    (pack / "prescriptions" / "gercek").mkdir()
    path.rename(pack / "prescriptions" / "gercek" / "q7-c2.md")
    path.symlink_to(pack / "prescriptions" / "gercek" / "q7-c2.md")
    code, problems = check(pack)
    assert problems and all("duplicate choice" in p for p in problems)  # read twice: once by each name


def _limited(seconds, megabytes):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    return {"preexec_fn": limit, "timeout": seconds}


def test_a_pack_of_every_hostile_file_at_once_within_30_s_and_1_gb(pack):
    cases = {case: value for case, value in HOSTILE_CASES.items() if case != "resources.tsv is a FIFO"}
    for breaks, _expected in cases.values():
        breaks(pack)
    started = time.monotonic()
    result = subprocess.run(
        [Path(sys.executable).parent / "pusula", "content", "check", str(pack)],
        capture_output=True,
        text=True,
        **_limited(30, 1024),
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    for crash in ("MemoryError", "RecursionError", "OverflowError", "UnicodeDecodeError"):
        assert crash not in result.stderr
    for case, (_breaks, (suffix, line, text)) in cases.items():
        assert any(suffix in row and f":{line}: " in row and text in row for row in result.stderr.splitlines()), case
    assert elapsed < 30


ALIASES = st.recursive(
    st.one_of(st.integers(), st.text(max_size=5), st.none()),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=3), children, max_size=4)
    ),
    max_leaves=30,
)


@st.composite
def yaml_documents(draw):
    """YAML text: random structures, some nodes anchored and referred to again, nested up to 40 deep."""
    text = "title: x\nv: " + json.dumps(draw(ALIASES)) + "\n"  # JSON is YAML's flow style
    depth = draw(st.integers(0, 40))
    text += "deep: " + "[" * depth + "1" + "]" * depth + "\n"
    if draw(st.booleans()):
        references = ", ".join(["*a"] * draw(st.integers(1, 9)))
        text += f"a: &a {json.dumps(draw(ALIASES))}\nb: [{references}]\n"
    return text


@settings(max_examples=60, deadline=None)
@given(front_matter=yaml_documents())
def test_any_yaml_with_aliases_or_depth_yields_problems_not_exceptions(front_matter):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tr"
        shutil.copytree(SMALL_PACK, folder)
        (folder / "prescriptions" / "q7-c2.md").write_text("---\n" + front_matter + "---\nMetin\n", encoding="utf-8")
        pack, problems = read_pack(folder)
        assert pack is None and problems, front_matter  # the extra keys are unknown fields at least
        hazards = ("aliases (*a) are not allowed", "nested more than 16 levels deep")
        if "*a" in front_matter or "[" * 15 in front_matter:  # 15 lists + the mapping + the scalar: 17
            # YAML stops at the first of them, so one is named
            assert any(h in p.message for p in problems for h in hazards), (front_matter, problems)
