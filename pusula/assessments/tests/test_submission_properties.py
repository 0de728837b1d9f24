"""Whatever a browser (or anyone) posts to an area page: a redirect or a 400, never a 500, never a bad row."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pusula.assessments import services
from pusula.assessments.models import Answer

FIELD_NAMES = st.sampled_from(["q7", "q8", "q10", "q", "q07", "go", "csrfmiddlewaretoken", "Q7", "q٧"])
VALUES = st.one_of(
    st.sampled_from(
        ["0", "1", "2", "3", "4", "5", "-1", "", " 2", "2.0", "1e3", "next", "back", "overview", "99999999999999999999"]
    ),
    st.text(max_size=12),
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(FIELD_NAMES, st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=6))
def test_any_post_is_answered_with_a_redirect_or_a_400(client, round_, data):
    ((person, token),) = services.invite(round_, [("", "")])
    client.post(f"/r/{token}/", {"role": "staff"})
    response = client.post(f"/r/{token}/a/planlama/", data)
    assert response.status_code in (302, 400)
    for saved in Answer.objects.filter(respondent=person).select_related("question", "choice"):
        assert saved.choice.question_id == saved.question_id
        assert saved.question.number in (7, 8)
