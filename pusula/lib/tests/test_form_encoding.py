"""Form fields that are not valid UTF-8 are refused with a 400 and a message, never stored as '���'."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pusula.accounts.models import User
from pusula.assessments.models import Respondent
from pusula.organizations.models import Organization

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
MESSAGE = "geçerli UTF-8 olmayan"


def test_an_organization_name_of_invalid_bytes_is_refused(coordinator_client):
    body = "name=%FF%FE%FD&city=Van&field_of_work=E%C4%9Fitim&size_band=1-5"
    response = coordinator_client.post("/o/new/", body, content_type=FORM)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Organization.objects.exists()


def test_an_invitation_label_of_invalid_bytes_is_refused(coordinator_client, round_):
    before = Respondent.objects.count()
    url = f"/o/{round_.organization.slug}/rounds/{round_.pk}/invite/"
    response = coordinator_client.post(url, "people=Veli%FF%FE", content_type=FORM)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert Respondent.objects.count() == before


def test_invalid_bytes_in_a_field_name_or_the_query_string_are_refused_too(client):
    assert client.post("/accounts/login/", "user%FFname=a", content_type=FORM).status_code == 400
    assert client.get("/accounts/login/?next=%FF").status_code == 400


def test_valid_turkish_text_still_goes_through(coordinator_client):
    body = (
        "name="
        + quote_from_bytes("Çığ Öğüş İnsan Hakları Derneği".encode())
        + "&kind=dernek&city=Van&field_of_work=education&size_band=1-5"
    )
    response = coordinator_client.post("/o/new/", body, content_type=FORM)
    assert response.status_code == 302
    assert Organization.objects.get().name == "Çığ Öğüş İnsan Hakları Derneği"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.binary(max_size=40))
def test_any_bytes_in_a_form_field_give_a_4xx_or_are_stored_exactly(client, name):
    User.objects.filter(email="rastgele@example.org").delete()
    body = f"name={quote_from_bytes(name)}&email=rastgele%40example.org&password=kelebek-ucar-42"
    response = client.post("/accounts/signup/", body, content_type=FORM)
    client.logout()
    try:
        text = name.decode("utf-8")
    except UnicodeDecodeError:
        assert response.status_code == 400
        assert MESSAGE in response.content.decode()
        assert not User.objects.filter(email="rastgele@example.org").exists()
        return
    assert response.status_code in (302, 400)
    user = User.objects.filter(email="rastgele@example.org").first()
    if response.status_code == 302:
        assert user.name == text.strip()
    assert "\ufffd" not in "".join(User.objects.values_list("name", flat=True)) or "\ufffd" in text
