"""Compared with similar organizations: in the report page, its PDF and the API, the same figures, only
from opted-in organizations and only from five of them."""

import io
import re

import pytest
from pypdf import PdfReader

from pusula.operator.comparison import position, whole
from pusula.operator.summaries import forget_sector_figures, write_round_summary
from pusula.operator.tests.factories import summarised_organization
from pusula.organizations.models import ApiToken
from pusula.reports.services import round_report
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db

PLANLAMA, KATILIM = "planlama", "katilim-ve-savunuculuk"


def peer(version, name, planlama, counted=True, **profile):
    """Another organization of the women's field (the viewer's), of a different size band unless told."""
    profile = {"field_of_work": "women", "size_band": "21+", **profile}
    return summarised_organization(
        version, name, areas={PLANLAMA: planlama, KATILIM: planlama}, counted=counted, **profile
    )


@pytest.fixture
def answered_round(round_):
    answer(round_.respondents.get(), {7: 2, 8: 1, 10: 3})
    respondent(round_, "staff", {7: 3, 8: 2, 10: 2})
    return round_


@pytest.fixture
def viewer(answered_round):
    """The answered round's organization (women's rights, 1–5 staff), opted in, its round summarised."""
    organization = answered_round.organization
    organization.counted_in_comparisons = True
    organization.save()
    write_round_summary(answered_round)
    return answered_round


def own_score(assessment_round, slug=PLANLAMA):
    return next(a.score for a in round_report(assessment_round)["comparison"].areas if a.area.slug == slug)


def report_page(client, assessment_round):
    org = assessment_round.organization.slug
    return client.get(f"/o/{org}/rounds/{assessment_round.pk}/report/").content.decode()


def section(html):
    return html.split('id="benzer"', 1)[1].split("</section>", 1)[0] if 'id="benzer"' in html else ""


def api_similar(client, assessment_round):
    _row, token = ApiToken.issue(assessment_round.organization, None, "test")
    response = client.get(f"/api/v1/rounds/{assessment_round.pk}/report", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.json()["similar"]


def test_a_group_of_four_shows_nothing_and_says_why(coordinator_client, viewer, small_version):
    for i, score in enumerate((10.0, 20.0, 80.0)):
        peer(small_version, f"Kadın {i}", score)
    html = section(report_page(coordinator_client, viewer))
    assert "henüz 5’ten az" in html and "“Kadın hakları ve toplumsal cinsiyet eşitliği”" in html
    assert "“1–5 çalışan”" in html  # the size band group: the viewer alone
    assert "<table" not in html and "ortanca <strong>" not in html
    similar = api_similar(coordinator_client, viewer)
    assert similar["counted"] is True
    for group in similar["groups"]:
        assert all(a["organizations"] is None and a["median"] is None for a in group["areas"])


def test_five_show_the_quartiles_in_the_page_the_pdf_and_the_api(
    coordinator_client, viewer, small_version, download_pdf
):
    scores = [10.0, 20.0, 80.0, 90.0]
    for i, score in enumerate(scores):
        peer(small_version, f"Kadın {i}", score)
    mine = own_score(viewer)
    ranked = sorted([whole(s) for s in scores] + [whole(mine)])
    q1, median, q3 = ranked[1], ranked[2], ranked[3]  # nearest rank of five: 2nd, 3rd and 4th

    similar = api_similar(coordinator_client, viewer)
    field_group = next(g for g in similar["groups"] if g["group"] == "field_of_work")
    area = next(a for a in field_group["areas"] if a["area_id"] == PLANLAMA)
    assert (area["organizations"], area["q1"], area["median"], area["q3"]) == (5, q1, median, q3)
    assert area["position"] == position(whole(mine), q1, median, q3)
    size_group = next(g for g in similar["groups"] if g["group"] == "size_band")
    assert all(a["median"] is None for a in size_group["areas"])  # still the viewer alone
    export = coordinator_client.get(f"/o/{viewer.organization.slug}/rounds/{viewer.pk}/export.json").json()
    assert export["report"]["similar"] == similar  # the round's JSON export, as the API

    html = section(report_page(coordinator_client, viewer))
    expected = f"ortanca <strong>{median}</strong> ({q1}–{q3})"
    assert expected in html and "(5 örgüt)" in html
    assert "Aynı büyüklük" not in html  # the group under five has no column, only its sentence
    assert "“1–5 çalışan”" in html

    org = viewer.organization.slug
    reader = PdfReader(io.BytesIO(download_pdf(coordinator_client, f"/o/{org}/rounds/{viewer.pk}/report.pdf").content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert f"ortanca {median} ({q1}–{q3})" in text
    assert "Benzer örgütlerle karşılaştırma" in text


def test_organizations_that_did_not_opt_in_are_not_counted(coordinator_client, viewer, small_version):
    for i, score in enumerate((10.0, 20.0, 80.0)):
        peer(small_version, f"Kadın {i}", score)
    for i in range(5):
        peer(small_version, f"Sayılmak istemeyen {i}", 100.0, counted=False)
    similar = api_similar(coordinator_client, viewer)
    field_group = next(g for g in similar["groups"] if g["group"] == "field_of_work")
    assert all(a["organizations"] is None for a in field_group["areas"])  # four opted in, whatever the rest

    peer(small_version, "Kadın 3", 90.0)
    forget_sector_figures()  # as a new summary does
    similar = api_similar(coordinator_client, viewer)
    field_group = next(g for g in similar["groups"] if g["group"] == "field_of_work")
    area = next(a for a in field_group["areas"] if a["area_id"] == PLANLAMA)
    assert area["organizations"] == 5 and area["q3"] <= 90  # none of the five 100s


def test_an_organization_that_did_not_opt_in_sees_no_comparison(coordinator_client, answered_round, small_version):
    """Only members of the group see its figures: the set is the same for every viewer, and switching the
    opt-in off and on cannot show the group with and without one's own score to set side by side."""
    write_round_summary(answered_round)
    for i in range(6):
        peer(small_version, f"Kadın {i}", 10.0 * i)
    html = section(report_page(coordinator_client, answered_round))
    assert "Örgüt bilgilerinden izin verebilirsiniz." in html and "ortanca" not in html
    assert api_similar(coordinator_client, answered_round) == {"counted": False, "minimum": 5, "groups": []}


def test_the_group_counts_the_viewer_itself(viewer, small_version):
    for i, score in enumerate((10.0, 20.0, 80.0, 90.0)):
        peer(small_version, f"Kadın {i}", score)
    similar = round_report(viewer)["similar"]
    (field_group,) = [g for g in similar.groups if g.field == "field_of_work"]
    assert field_group.organizations == 5


def test_other_field_of_work_is_compared_by_size_only(coordinator_client, viewer, small_version):
    organization = viewer.organization
    organization.field_of_work, organization.field_of_work_other = "other", "Arıcılık"
    organization.save()
    for i in range(4):
        peer(small_version, f"Küçük {i}", 40.0 + i, field_of_work="education", size_band="1-5")
    forget_sector_figures()
    similar = round_report(viewer)["similar"]
    assert [g.field for g in similar.groups] == ["size_band"] and similar.other_field
    html = section(report_page(coordinator_client, viewer))
    assert "yalnızca büyüklüğe göre" in html and "Aynı büyüklük" in html


def test_positions():
    assert position(10, 20, 40, 60) == "lowest_quarter"
    assert position(20, 20, 40, 60) == "below_median"
    assert position(40, 20, 40, 60) == "median"
    assert position(60, 20, 40, 60) == "above_median"
    assert position(61, 20, 40, 60) == "highest_quarter"
    assert whole(62.5) == 63 and whole(None) is None


def test_the_profile_explains_the_opt_in_in_one_sentence(coordinator_client, organization):
    html = coordinator_client.get(f"/o/{organization.slug}/edit/").content.decode()
    help_text = re.search(r"Açarsanız alan puanlarınız[^<]*", html).group(0)
    assert help_text.count(".") == 1 and help_text.endswith("görürsünüz.")
