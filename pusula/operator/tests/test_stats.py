import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pusula.operator.models import AreaScore
from pusula.operator.stats import quantiles, shown
from pusula.operator.tests.factories import summarised_organization

pytestmark = pytest.mark.django_db


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1]


def test_shown_hides_figures_about_fewer_than_five():
    assert [shown(n) for n in (0, 1, 4, 5, 6)] == [None, None, None, 5, 6]
    assert shown(4, 99.0) is None
    assert shown(5, 99.0) == 99.0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 100), min_size=5, max_size=30))
def test_quantiles_in_the_database_are_nearest_rank_quantiles(small_version, scores):
    AreaScore.objects.all().delete()
    for i, score in enumerate(scores):
        summarised_organization(small_version, f"Örgüt {i}", areas={"planlama": float(score)})
    ((n, values),) = quantiles(AreaScore.objects.filter(latest=True), "area", "score").values()
    assert n == len(scores)
    assert values == [float(nearest_rank(scores, p)) for p in (0.1, 0.25, 0.5, 0.75, 0.9)]


def test_a_group_of_four_gets_no_quantiles(small_version):
    for i in range(4):
        summarised_organization(small_version, f"Örgüt {i}", areas={"planlama": 10.0 * i})
    assert quantiles(AreaScore.objects.all(), "area", "score") == {"planlama": (4, None)}
