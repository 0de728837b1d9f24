"""The Django admin: a superuser administers organizations and users, and grants the operator permission."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group

from pusula.operator.access import is_operator, operator_permission
from pusula.organizations.models import Organization
from pusula.privacy.models import DeletionRecord
from pusula.reports.models import RenderedPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="kok@example.org", password="x"))
    return client


def test_organizations_are_listed_searched_and_edited(superuser_client, organization, outsider):
    page = superuser_client.get("/admin/organizations/organization/?q=dayanışma").content.decode()
    assert "Kadın Dayanışma Derneği" in page and "Başka Vakıf" not in page
    page = superuser_client.get("/admin/organizations/organization/?q=ayse@example.org").content.decode()
    assert "Kadın Dayanışma Derneği" in page  # found by a coordinator's address
    change = superuser_client.get(f"/admin/organizations/organization/{organization.pk}/change/").content.decode()
    assert "Ayşe" in change and "Koordinatörler" in change  # the coordinator, inline


def test_the_operator_permission_is_granted_to_a_user(superuser_client, coordinator):
    form = superuser_client.get(f"/admin/accounts/user/{coordinator.pk}/change/").content.decode()
    assert f'value="{operator_permission().pk}"' in form
    response = superuser_client.post(
        "/admin/accounts/user/", {"action": "grant_operator", "_selected_action": [coordinator.pk]}
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert is_operator(type(coordinator).objects.get(pk=coordinator.pk))
    listing = superuser_client.get("/admin/accounts/user/?operator=yes").content.decode()
    assert "ayse@example.org" in listing
    superuser_client.post("/admin/accounts/user/", {"action": "revoke_operator", "_selected_action": [coordinator.pk]})
    assert not is_operator(type(coordinator).objects.get(pk=coordinator.pk))
    assert "ayse@example.org" not in superuser_client.get("/admin/accounts/user/?operator=yes").content.decode()


def test_the_operator_permission_is_granted_through_a_group(superuser_client, coordinator):
    response = superuser_client.post(
        "/admin/auth/group/add/", {"name": "Destek merkezi", "permissions": [operator_permission().pk]}
    )
    assert response.status_code == 302
    coordinator.is_staff = True
    coordinator.save()
    coordinator.groups.add(Group.objects.get(name="Destek merkezi"))
    assert is_operator(type(coordinator).objects.get(pk=coordinator.pk))
    assert "ayse@example.org" in superuser_client.get("/admin/accounts/user/?operator=yes").content.decode()


def test_a_user_is_added_by_email(superuser_client, django_user_model):
    response = superuser_client.post(
        "/admin/accounts/user/add/",
        {"email": "yeni@example.org", "usable_password": "true", "password1": "uzun-bir-sifre-93", "password2": "uzun-bir-sifre-93"},
    )  # fmt: skip
    assert response.status_code == 302
    assert django_user_model.objects.get(email="yeni@example.org").check_password("uzun-bir-sifre-93")


def test_deleting_an_organization_in_the_admin_is_the_real_deletion(superuser_client, round_):
    organization = round_.organization
    RenderedPdf.objects.create(key=f"round:{round_.pk}:tr", fingerprint="x", data=b"%PDF")  # as pdf.py keys them
    superuser_client.post(f"/admin/organizations/organization/{organization.pk}/change/", {
        "name": organization.name, "kind": "dernek", "city": "İzmir", "field_of_work": "women", "size_band": "1-5",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})  # fmt: skip
    assert LogEntry.objects.filter(object_id=str(organization.pk)).exists()  # the change, named in the history
    response = superuser_client.post(f"/admin/organizations/organization/{organization.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=organization.pk).exists()
    assert not RenderedPdf.objects.exists()
    assert DeletionRecord.objects.get().rounds == 1
    assert not LogEntry.objects.filter(object_repr__contains="Dayanışma").exists()
