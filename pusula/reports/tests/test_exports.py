"""Exports open as people expect: the CSV in a Turkish-locale spreadsheet, the XLSX with its sheets.

The CSV is read as LibreOffice Calc reads a file with a Turkish locale (Text Import: UTF-8, separator
`;`, string delimiter `"`, "detect special numbers"): a cell is a number when it is digits with a
decimal comma, a date-time when it is day.month.year hour:minute; anything else is text.
"""

import csv
import io
import re
from datetime import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from pusula.assessments.models import ConsensusAnswer
from pusula.reports.tests.factories import respondent

pytestmark = pytest.mark.django_db

TURKISH_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
TURKISH_DATETIME = re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$")


def as_libreoffice_tr(data):
    """Rows of typed cells, as Calc's import with a Turkish locale gives them."""
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark that makes Calc and Excel read UTF-8
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))

    def typed(cell):
        if TURKISH_NUMBER.match(cell):
            return float(cell.replace(",", "."))
        if TURKISH_DATETIME.match(cell):
            return datetime.strptime(cell, "%d.%m.%Y %H:%M")
        return cell

    return [[typed(cell) for cell in row] for row in rows]


@pytest.fixture
def hostile_note(round_, coordinator_client, base):
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    respondent(round_, "staff", {7: 1, 8: 1, 10: 2})
    respondent(round_, "staff", {7: 2, 8: 2, 10: 2})
    note = '=HYPERLINK("http://kötü.example";"tıkla"); "ayrıntı"\nikinci satır, virgüllü'
    coordinator_client.post(base + "consensus/7/", {"choice": "2", "note": note})
    return note


@pytest.fixture
def base(round_):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/"


def test_the_csv_opens_as_columns_with_numbers_in_a_turkish_locale(coordinator_client, base, hostile_note):
    rows = as_libreoffice_tr(coordinator_client.get(base + "export.csv").content)
    header = rows[0]
    assert len(header) == 12 and header[:3] == ["Alan no", "Alan", "Soru no"]
    assert all(len(row) == len(header) for row in rows)  # every row in its columns, the note included
    q7 = dict(zip(header, rows[1]))
    assert q7["Yanıtların ortalaması"] == 16.6 and isinstance(q7["Soru no"], float)  # numbers, not text
    assert q7["Uzlaşı notu"] == "'" + hostile_note  # kept whole, and as text rather than a formula
    assert q7["Kaynak"] == "Uzlaşı" and q7["Dağılım"] == "1 kişi 1. düzey, 1 kişi 2. düzey dedi"
    # Read with a comma, as a program set to another locale would, the same file is one column wide.
    assert len(next(csv.reader(io.StringIO(coordinator_client.get(base + "export.csv").content.decode())))) < 3


def test_consensus_times_are_local_in_the_workbook(coordinator_client, base, hostile_note, round_):

    recorded = ConsensusAnswer.objects.get(round=round_).recorded_at
    workbook = load_workbook(io.BytesIO(coordinator_client.get(base + "export.xlsx").content))
    sheet = workbook["Uzlaşı notları"]
    local = timezone.localtime(recorded).replace(tzinfo=None)  # Europe/Istanbul, three hours ahead of UTC
    assert abs((sheet["F2"].value - local).total_seconds()) < 1
    assert sheet["E2"].value == hostile_note and sheet["E2"].data_type == "s"


def test_a_negative_number_is_a_number_in_the_csv_and_text_that_looks_like_one_stays_text():
    """Choice -1 is "Bizim için geçerli değil": a spreadsheet must read it as -1, not as the text '-1."""
    from pusula.reports.exports import _csv_cell

    assert [_csv_cell(-1), _csv_cell(-1.25), _csv_cell("-1 ya da =1")] == ["-1", "-1,2", "'-1 ya da =1"]
