import pytest
from django.contrib.auth.models import Permission

from pusula.operator.models import OperatorToken
from pusula.organizations.models import ApiToken
from pusula.reports.tests.factories import answer
from pusula.sharing.models import Share, ShareAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_round(round_):
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 1})
    Share.objects.create(round=round_, message="Eğitim istiyoruz")
    return round_


def test_the_operator_api_lists_only_shared_reports_and_logs_each(client, operator_user, shared_round, outsider):
    _row, token = OperatorToken.issue(operator_user, "pano")
    response = client.get("/api/v1/operator/shared", headers={"X-Operator-Token": token})
    assert response.status_code == 200
    (item,) = response.json()
    assert item["organization"] == "Kadın Dayanışma Derneği" and item["message"] == "Eğitim istiyoruz"
    assert item["report"]["round_id"] == shared_round.pk
    assert item["plan"]["round_id"] == shared_round.pk and item["plan"]["actions"] == []  # no plan yet
    assert ShareAccess.objects.count() == 1

    Share.objects.update(revoked_at="2026-01-01T00:00Z")
    assert client.get("/api/v1/operator/shared", headers={"X-Operator-Token": token}).json() == []


def test_only_a_live_operator_key_opens_the_operator_api(client, operator_user, organization, coordinator):
    _row, org_token = ApiToken.issue(organization, coordinator, "tablo")
    for headers in ({}, {"Authorization": f"Bearer {org_token}"}, {"X-Operator-Token": org_token}):
        assert client.get("/api/v1/operator/summary", headers=headers).status_code == 401
    row, token = OperatorToken.issue(operator_user, "pano")
    assert client.get("/api/v1/operator/summary", headers={"X-Operator-Token": token}).status_code == 200
    operator_user.user_permissions.clear()  # no longer an operator: the key stops working
    operator_user = type(operator_user).objects.get(pk=operator_user.pk)
    assert client.get("/api/v1/operator/summary", headers={"X-Operator-Token": token}).status_code == 401
    row.revoke()
    assert client.get("/api/v1/operator/shared", headers={"X-Operator-Token": token}).status_code == 401


def test_an_operator_makes_and_revokes_their_keys(client, operator_user, django_user_model):
    client.force_login(operator_user)
    response = client.post("/operator/api-tokens/", {"name": "Pano"})
    assert response.status_code == 302
    page = client.get("/operator/api-tokens/").content.decode()
    token = page.split('readonly value="', 1)[1].split('"', 1)[0]
    assert token.startswith("pop_")
    row = OperatorToken.objects.get()
    other = django_user_model.objects.create_user(email="b@example.org", password="x", is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="operate"))
    client.force_login(other)
    assert client.post(f"/operator/api-tokens/{row.pk}/revoke/").status_code == 404  # not theirs
    client.force_login(operator_user)
    client.post(f"/operator/api-tokens/{row.pk}/revoke/")
    row.refresh_from_db()
    assert row.revoked_at is not None
