"""The round report and the round page on a phone: nothing scrolls sideways, the score table becomes
cards, the radar's labels are legible; on a wide screen the same table is a table."""

import pytest

from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.browser


@pytest.fixture
def compared_round(round_):
    """Roles compared at the widest: three groups' columns, with anonymous answers in the totals."""
    round_.named_answers_visible = True
    round_.save()
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 1, 10: 3})
    for role, answers in [
        ("board_member", {7: 4, 8: 2, 10: 4}),
        ("staff", {7: 1, 8: 1, 10: 2}),
        ("staff", {7: 2, 8: 2, 10: 1}),
        ("member", {7: 3, 8: 1, 10: 2}),
        ("member", {7: 1, 8: 0, 10: 2}),
    ]:
        respondent(round_, role, answers)
    for role, answers in [("volunteer", {7: 4, 8: 2, 10: 1}), ("volunteer", {7: 1, 8: 1, 10: 3})]:
        respondent(round_, role, answers, anonymous=True)
    respondent(round_, "staff", {7: 2, 8: 2, 10: 4}, anonymous=True)
    return round_


@pytest.mark.parametrize("page_path", ["report/", ""])
def test_no_horizontal_scroll_at_390_px(new_context, sign_in, coordinator, compared_round, page_path):
    context = new_context(viewport={"width": 390, "height": 844})
    sign_in(context, coordinator)
    page = context.new_page()
    page.goto(f"/o/{compared_round.organization.slug}/rounds/{compared_round.pk}/{page_path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.body.scrollWidth") <= 390


def test_the_score_table_is_cards_on_a_phone_and_a_table_on_a_wide_screen(
    new_context, sign_in, coordinator, compared_round
):
    url = f"/o/{compared_round.organization.slug}/rounds/{compared_round.pk}/report/"
    for width, display in ((390, "block"), (1280, "table-cell")):
        context = new_context(viewport={"width": width, "height": 900})
        sign_in(context, coordinator)
        page = context.new_page()
        page.goto(url)
        cell = page.locator("table.scores tbody tr").first.locator("td").first
        assert cell.evaluate("td => getComputedStyle(td).display") in (display, "flex")
        if width == 390:
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            assert label == '"Örgüt puanı"'  # each value under its column's name
            table = page.locator("table.scores").bounding_box()
            assert table["x"] + table["width"] <= 390
        radar = page.locator("img.chart.radar")
        assert radar.evaluate("img => img.complete && img.naturalWidth > 0")
        # Drawn at 620 px with 24 px labels: at least 11 px on screen wherever it is shown.
        assert radar.bounding_box()["width"] / 620 * 24 >= 11
