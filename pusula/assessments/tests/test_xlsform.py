"""Offline collection: the questionnaire as an XLSForm that pyxform converts, and KoboToolbox/ODK
submissions imported back, all rows or none."""

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from pusula.assessments.models import Answer, Respondent
from pusula.assessments.xlsform import build_xlsform

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(round_):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/"


def test_the_xlsform_converts_with_pyxform(coordinator_client, base, round_, tmp_path):
    response = coordinator_client.get(base + "xlsform.xlsx")
    assert response.status_code == 200
    path = tmp_path / "form.xlsx"
    path.write_bytes(response.content)
    xform = convert(xlsform=str(path), validate=False).xform
    for name in ("rol", "anonim", "q7", "q8", "q10", "q7_not"):
        assert f"/{name}" in xform
    assert "Bilmiyorum" in xform and "2026 öz değerlendirmesi" in xform
    assert "Yıllık bir planımız yok; işleri geldikçe yapıyoruz." in xform


def test_the_xlsform_lists_every_choice_bilmiyorum_roles_and_anonymity(round_):
    _name, _type, data = build_xlsform(round_)
    choices = list(load_workbook(io.BytesIO(data))["choices"].iter_rows(values_only=True))
    q7 = [(name, label) for list_name, name, label in choices if list_name == "q7"]
    assert [name for name, _label in q7] == ["1", "2", "3", "4", "0"] and q7[-1][1] == "Bilmiyorum"
    roles = [name for list_name, name, _label in choices if list_name == "rol"]
    assert "board_chair" in roles and "coordinator" not in roles
    assert [name for list_name, name, _label in choices if list_name == "anonim"] == ["evet", "hayir"]


def kobo_csv(rows, header=None, delimiter=";"):
    header = header or [
        "start", "end", "rol", "anonim", "alan_planlama/q7", "alan_planlama/q7_not", "alan_planlama/q8",
        "alan_katilim_ve_savunuculuk/q10", "_id", "_uuid", "_submission_time",
    ]  # fmt: skip
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return SimpleUploadedFile("kobo.csv", "\n".join(lines).encode("utf-8-sig"), content_type="text/csv")


ROWS = [
    ["2026-05-01T10:00", "2026-05-01T10:20", "staff", "hayir", "2", "Plan ekipçe yazılmıyor.", "1", "3", "11", "uuid-a", "x"],
    ["2026-05-01T11:00", "2026-05-01T11:20", "volunteer", "evet", "4", "", "0", "", "12", "uuid-b", "x"],
]  # fmt: skip


def test_a_kobo_csv_imports_each_row_as_a_respondent(coordinator_client, base, round_):
    response = coordinator_client.post(base + "import/", {"file": kobo_csv(ROWS)})
    assert response.status_code == 302
    imported = list(Respondent.objects.filter(source="import").order_by("number"))
    assert [(r.role, r.anonymous, r.external_id) for r in imported] == [
        ("staff", False, "uuid-a"),
        ("volunteer", True, "uuid-b"),
    ]
    first = {a.question.number: (a.choice.number, a.note) for a in Answer.objects.filter(respondent=imported[0])}
    assert first == {7: (2, "Plan ekipçe yazılmıyor."), 8: (1, ""), 10: (3, "")}
    assert imported[0].finished_at is not None and imported[1].finished_at is None
    # The same file again adds nobody.
    coordinator_client.post(base + "import/", {"file": kobo_csv(ROWS)})
    assert Respondent.objects.filter(source="import").count() == 2


def test_a_file_without_submission_ids_imported_again_adds_nobody(coordinator_client, base, round_):
    """A hand-made spreadsheet has no _uuid: a row is known again by its place and its answers."""
    header = ["rol", "anonim", "q7", "q8"]
    rows = [["staff", "hayir", "2", "1"], ["staff", "hayir", "2", "1"]]  # two people who answered alike
    assert coordinator_client.post(base + "import/", {"file": kobo_csv(rows, header, ",")}).status_code == 302
    assert Respondent.objects.filter(source="import").count() == 2
    response = coordinator_client.post(base + "import/", {"file": kobo_csv(rows, header, ",")}, follow=True)
    assert "0 yanıt içe aktarıldı; daha önce aktarılmış 2 yanıt atlandı." in response.content.decode()
    # The same sheet later, with one more row at its end: only that row is new.
    more = rows + [["member", "evet", "4", "0"]]
    coordinator_client.post(base + "import/", {"file": kobo_csv(more, header, ",")})
    assert sorted(Respondent.objects.filter(source="import").values_list("role", flat=True)) == [
        "member", "staff", "staff",
    ]  # fmt: skip


def test_an_odk_central_xlsx_with_labels_imports_too(coordinator_client, base, round_):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["SubmissionDate", "rol", "anonim", "alan_planlama-q7", "alan_planlama-q8", "meta-instanceID", "KEY"])
    sheet.append(
        [
            "2026-05-01",
            "Yönetim kurulu başkanı",
            "HAYIR",
            "Yıllık bir planımız yok; işleri geldikçe yapıyoruz.",
            2,
            "uuid:c",
            "uuid:c",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("odk.xlsx", buffer.getvalue())
    assert coordinator_client.post(base + "import/", {"file": upload}).status_code == 302
    person = Respondent.objects.get(source="import")
    assert person.role == "board_chair" and not person.anonymous
    assert {a.question.number: a.choice.number for a in Answer.objects.filter(respondent=person)} == {7: 1, 8: 2}


@pytest.mark.parametrize(
    "rows, header, message",
    [
        (
            [["staff", "hayir", "9"]],
            ["rol", "anonim", "q7"],
            "Satır 2, sütun C (q7): “9” bu sorunun seçeneklerinden biri değil",
        ),
        (
            [["staff", "hayir", "1"]],
            ["rol", "anonim", "q99"],
            "Satır 1, sütun C (q99): bu değerlendirmede böyle bir soru yok",
        ),
        ([["kral", "hayir", "1"]], ["rol", "anonim", "q7"], "Satır 2, sütun A (rol): rol boş ya da tanınmıyor"),
        ([["staff", "belki", "1"]], ["rol", "anonim", "q7"], "Satır 2, sütun B (anonim): “evet” ya da “hayır” olmalı"),
        ([["1"]], ["q7"], "rol sütunu yok"),
    ],
)
def test_a_wrong_file_names_row_and_column_and_imports_nothing(coordinator_client, base, rows, header, message):
    good = [["staff", "hayir", "1"]] if header[0] == "rol" else []
    response = coordinator_client.post(base + "import/", {"file": kobo_csv(good + rows, header=header, delimiter=",")})
    assert response.status_code == 400
    html = response.content.decode()
    expected = message.replace("Satır 2", "Satır 3") if good and "Satır 2" in message else message
    assert expected in html, html.split("problems", 1)[-1][:600]
    assert "hiçbir yanıt alınmadı" in html
    assert not Respondent.objects.filter(source="import").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "boş"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"PK\x03\x04not really a zip", "geçerli bir XLSX"),
    ],
)
def test_an_unreadable_file_is_a_clear_400(coordinator_client, base, content, message):
    response = coordinator_client.post(base + "import/", {"file": SimpleUploadedFile("x.csv", content)})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_csv_field_over_the_csv_modules_limit_is_a_clear_400(coordinator_client, base):
    data = b"rol,q7,q7_not\nstaff,1," + b"x" * 200_000 + b"\n"
    response = coordinator_client.post(base + "import/", {"file": SimpleUploadedFile("k.csv", data)})
    assert response.status_code == 400
    assert "Dosya okunamadı: CSV dosyası bozuk" in response.content.decode()


def test_nul_characters_in_a_file_are_dropped(coordinator_client, base):
    """PostgreSQL stores no NUL in text: a note carrying one would fail when saved."""
    data = b"rol,q7,q7_not\nstaff,1,Not\x00u burada\n"
    assert coordinator_client.post(base + "import/", {"file": SimpleUploadedFile("k.csv", data)}).status_code == 302
    assert Answer.objects.get(respondent__source="import").note == "Notu burada"


def test_a_small_xlsx_that_unpacks_huge_is_refused_before_it_is_read(coordinator_client, base):
    """A few hundred kilobytes of zip can hold millions of cells: openpyxl would take minutes and
    gigabytes to read them. The zip's directory says how big it unpacks; that is checked first."""
    workbook = Workbook()
    workbook.active.append(["rol", "q7"])
    plain = io.BytesIO()
    workbook.save(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * 700_000
                data = re.sub(
                    rb"<sheetData>.*</sheetData>", b'<sheetData><row r="1">' + cells + b"</row></sheetData>", data
                )
            z.writestr(entry, data)
    assert len(bomb.getvalue()) < 200_000
    started = time.monotonic()
    response = coordinator_client.post(base + "import/", {"file": SimpleUploadedFile("k.xlsx", bomb.getvalue())})
    assert response.status_code == 400
    assert "açıldığında çok büyük" in response.content.decode()
    assert time.monotonic() - started < 5
    assert not Respondent.objects.filter(source="import").exists()


def test_a_closed_round_imports_nothing(coordinator_client, base, round_):
    round_.close()
    response = coordinator_client.post(base + "import/", {"file": kobo_csv(ROWS)})
    assert response.status_code == 400
    assert not Respondent.objects.filter(source="import").exists()
    # An empty form says the same (it once failed on the form's missing cleaned data).
    response = coordinator_client.post(base + "import/", {})
    assert response.status_code == 400 and "Bu değerlendirme kapandı" in response.content.decode()


def test_an_exported_form_and_a_submissions_file_in_its_shape_round_trip(coordinator_client, base, round_):
    """The names the XLSForm declares are the columns the import reads: build a Kobo-style file from it."""
    workbook = load_workbook(io.BytesIO(coordinator_client.get(base + "xlsform.xlsx").content))
    survey = list(workbook["survey"].iter_rows(values_only=True))[1:]
    groups, header = [], []
    for kind, name, *_rest in survey:
        if kind == "begin_group":
            groups.append(name)
        elif kind == "end_group":
            groups.pop()
        elif kind.startswith("select_one") or kind == "text":
            header.append("/".join(groups + [name]))
    values = {"rol": "member", "anonim": "hayir"}
    row = [values.get(column.split("/")[-1], "" if column.endswith("_not") else "1") for column in header]
    response = coordinator_client.post(
        base + "import/", {"file": kobo_csv([row], header=header + ["_uuid"], delimiter=",")}
    )
    assert response.status_code == 302
    assert Respondent.objects.get(source="import").finished_at is not None
