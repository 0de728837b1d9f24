import csv
import io
import re

import pytest

from pusula.operator import sector
from pusula.operator.models import OperatorToken, SectorFigures
from pusula.operator.tests.factories import earlier_round, summarised_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups_of_five_and_four(small_version):
    """Five education organizations in Van, four health ones in Muş: only the five may be described."""
    for i in range(5):
        summarised_organization(
            small_version, f"Eğitim {i}", field_of_work="education", city="Van", areas={"planlama": 40.0 + i}
        )
    for i in range(4):
        summarised_organization(
            small_version, f"Sağlık {i}", field_of_work="health", city="Muş", areas={"planlama": 90.0 - i}
        )


def test_a_group_of_four_is_suppressed_in_the_page_the_csv_and_the_api(
    operator_client, operator_user, groups_of_five_and_four
):
    html = operator_client.get("/operator/").content.decode()
    fields = {row["value"]: row for row in sector.sector_figures()["breakdowns"]["field_of_work"]}
    assert fields["education"]["organizations"] == 5 and fields["education"]["quantiles"][2] == 42.0
    assert fields["health"]["organizations"] is None and fields["health"]["quantiles"] is None
    health_row = html.split('<th scope="row">Sağlık</th>', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td>([^<]*)</td>", health_row) == ["&lt;5"] * 4  # organizations and three quartiles
    muş_row = html.split('<th scope="row">Muş</th>', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td>([^<]*)</td>", muş_row) == ["&lt;5"] * 4

    rows = list(csv.reader(io.StringIO(operator_client.get("/operator/sector.csv").content.decode())))
    health = next(r for r in rows if r[0] == "field_of_work" and r[1] == "health")
    education = next(r for r in rows if r[0] == "field_of_work" and r[1] == "education")
    assert health[3:9] == ["<5"] * 6
    assert education[3] == "5" and education[6] == "42.0"
    city = {r[1]: r for r in rows if r[0] == "city"}
    assert city["Muş"][3] == "<5" and city["Van"][3] == "5"

    _row, token = OperatorToken.issue(operator_user, "tablo")
    summary = operator_client.get("/api/v1/operator/summary", headers={"X-Operator-Token": token}).json()
    groups = {g["value"]: g for g in summary["breakdowns"]["field_of_work"]}
    assert groups["health"]["organizations"] is None and groups["health"]["quantiles"] is None
    assert groups["education"]["organizations"] == 5 and groups["education"]["quantiles"][2] == 42.0


def test_with_four_organizations_in_all_nothing_is_shown(operator_client, small_version):
    for i in range(4):
        summarised_organization(small_version, f"Ö{i}", areas={"planlama": 10.0 * i})
    figures = sector.sector_figures()
    assert figures["totals"]["organizations"] is None
    assert figures["areas"][0]["organizations"] is None and figures["areas"][0]["histogram"] is None
    assert figures["weakest_questions"] == [] and figures["disagreements"] == []
    assert all(value is None for row in figures["breakdowns"]["size_band"] for value in row["quantiles"] or [None])


def test_sector_figures_from_five_organizations(operator_client, groups_of_five_and_four):
    figures = sector.sector_figures()
    assert figures["totals"]["organizations"] == 9
    (area,) = figures["areas"]
    assert area["organizations"] == 9
    assert area["histogram"][4] == 5  # the five education ones, 40–44
    assert area["histogram"][8] is None  # three health ones: not shown
    (weakest,) = figures["weakest_questions"]
    assert weakest["question"] == 7 and weakest["organizations"] == 9


def test_stored_figures_are_read_back_in_one_query(
    operator_client, groups_of_five_and_four, django_assert_max_num_queries
):
    operator_client.get("/operator/")
    assert SectorFigures.objects.count() == 1
    with django_assert_max_num_queries(5):  # session, user, two for permissions, the stored figures
        assert operator_client.get("/operator/").status_code == 200


def test_computing_takes_as_many_queries_for_ten_organizations_as_for_five(small_version):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            sector.compute_sector_figures()
        return len(captured)

    for i in range(5):
        summarised_organization(small_version, f"A{i}", field_of_work="education")
    count_queries()  # builds the questionnaire, kept for the process
    five = count_queries()
    for i in range(5):
        summarised_organization(small_version, f"B{i}", field_of_work="women", city="İzmir", size_band="21+")
    assert count_queries() == five


def test_only_operators_see_the_dashboard(client, coordinator, django_user_model):
    assert client.get("/operator/")["Location"].startswith("/accounts/login/")
    client.force_login(coordinator)
    assert client.get("/operator/").status_code == 403
    staff = django_user_model.objects.create_user(email="staff@example.org", password="x", is_staff=True)
    client.force_login(staff)  # staff without the operator permission
    assert client.get("/operator/sector.csv").status_code == 403
    assert client.post("/operator/refresh/").status_code == 403


def test_the_sector_csv_keeps_a_content_authors_formula_as_text(operator_client, groups_of_five_and_four, monkeypatch):
    """Question and area titles come from content packs; a spreadsheet must not run one."""
    figures = sector.sector_figures()
    figures["weakest_questions"][0]["text"] = '=HYPERLINK("http://example.org/x","tıkla")'
    figures["areas"][0]["title"] = "@SUM(1+1)"
    monkeypatch.setattr(sector, "sector_figures", lambda: figures)
    rows = list(csv.reader(io.StringIO(operator_client.get("/operator/sector.csv").content.decode())))
    texts = {row[2] for row in rows if row[0] in ("weakest_question", "area")}
    assert texts == {'\'=HYPERLINK("http://example.org/x","tıkla")', "'@SUM(1+1)"}
    assert any(row[0] == "weakest_question" and row[-1] and float(row[-1]) for row in rows)  # numbers stay numbers


def test_disagreements_count_every_round_not_only_the_latest(small_version):
    """Question 8 was disputed in earlier rounds only; question 7 in the latest, a little."""
    for i in range(5):
        organization = summarised_organization(
            small_version, f"Ö{i}", questions={7: (3, 66.7, 5.0), 8: (2, 50.0, None)}
        )
        earlier_round(small_version, organization, {8: (1, 0.0, 40.0), 7: (3, 66.7, 5.0)})
    rows = {row["question"]: row for row in sector.compute_sector_figures()["disagreements"]}
    assert rows[8]["spread"] == 40.0 and rows[8]["organizations"] == 5 and rows[8]["rounds"] == 5
    assert rows[7]["spread"] == 5.0 and rows[7]["rounds"] == 10
    assert [row["question"] for row in sector.compute_sector_figures()["disagreements"]] == [8, 7]


def test_four_organizations_stay_hidden_however_many_rounds_they_have(small_version):
    for i in range(4):
        organization = summarised_organization(small_version, f"Ö{i}", questions={8: (1, 0.0, 30.0)})
        for _ in range(3):
            earlier_round(small_version, organization, {8: (1, 0.0, 30.0)})
    assert sector.compute_sector_figures()["disagreements"] == []  # 16 rounds, but four organizations
    summarised_organization(small_version, "Beşinci", questions={8: (1, 0.0, 30.0)})
    (row,) = sector.compute_sector_figures()["disagreements"]
    assert (row["question"], row["organizations"], row["rounds"]) == (8, 5, 17)
