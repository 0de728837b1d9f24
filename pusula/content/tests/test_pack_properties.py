"""Whatever a content file holds, the validator answers with problems, never an exception."""

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SMALL_PACK
from pusula.content.pack import read_pack

FRONT_MATTER_LINES = st.sampled_from(
    ["---", "title: Başlık", "question_id: 7", "question_id: x", "choice_id: 2", "choice_id: -1", "choice_id: 2.5",
     "level: 0", "resources: [stok-104]", "resources: bozuk", "area_id: planlama", "area_id: Büyük Harf", "title:",
     "- liste", "{", "key: [1, 2", "\ttab: 1", "question_id: 99999999999999999999999", ": boş anahtar", "title: !!python/object:os.system"]
)  # fmt: skip


def files():
    text = st.lists(st.one_of(FRONT_MATTER_LINES, st.text(max_size=40)), max_size=12).map("\n".join)
    return st.one_of(text.map(lambda t: t.encode("utf-8", "replace")), st.binary(max_size=200))


@settings(max_examples=80, deadline=None)
@given(prescription=files(), area=st.one_of(st.none(), files()))
def test_any_file_yields_problems_or_a_pack_never_an_exception(prescription, area):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tr"
        shutil.copytree(SMALL_PACK, folder)
        (folder / "prescriptions" / "q7-c2.md").write_bytes(prescription)
        if area is not None:
            (folder / "areas" / "1-planlama.md").write_bytes(area)
        pack, problems = read_pack(folder)
        assert (pack is None) == bool(problems)
        for problem in problems:
            assert str(problem).startswith(str(folder)) and problem.line >= 1 and problem.message
