import pytest

from pusula.reports.tests.factories import answer, respondent


@pytest.fixture
def answered_round(round_):
    """The coordinator picked the seed's choice for question 10; two staff members and a board member answered."""
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 0, 10: 3})
    respondent(round_, "staff", {7: 1, 8: 1, 10: 2})
    respondent(round_, "staff", {7: 1, 8: 2, 10: 2}, anonymous=True)
    respondent(round_, "board_member", {7: 4, 8: 2, 10: 4})
    return round_
