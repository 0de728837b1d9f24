import pytest

from pusula.organizations.models import Membership, Organization
from pusula.organizations.profile import province_for

pytestmark = pytest.mark.django_db


def test_it_creates_the_profile_and_makes_the_user_coordinator(coordinator_client, coordinator):
    response = coordinator_client.post(
        "/o/new/",
        {
            "name": "Kadın Dayanışma Derneği",
            "kind": "dernek",
            "city": "İzmir",
            "field_of_work": "women",
            "size_band": "1-5",
        },
    )
    organization = Organization.objects.get()
    assert organization.kind == "dernek"
    assert response["Location"] == f"/o/{organization.slug}/"
    assert Membership.objects.filter(user=coordinator, organization=organization).exists()


def test_slug_keeps_turkish_letters_readable(coordinator_client):
    coordinator_client.post(
        "/o/new/",
        {"name": "Işık İnsan Hakları Derneği", "city": "Muş", "field_of_work": "human-rights", "size_band": "21+"},
    )
    assert Organization.objects.get().slug == "isik-insan-haklari-dernegi"


def test_the_opt_in_to_comparisons_is_off_unless_ticked(coordinator_client):
    coordinator_client.post(
        "/o/new/", {"name": "X Derneği", "city": "Van", "field_of_work": "education", "size_band": "1-5"}
    )
    assert Organization.objects.get().counted_in_comparisons is False


def test_other_keeps_the_free_text_and_asks_for_it(coordinator_client):
    data = {"name": "Y", "city": "other", "field_of_work": "other", "size_band": "1-5"}
    response = coordinator_client.post("/o/new/", data)
    assert response.status_code == 400
    assert "Diğer" in response.content.decode()
    coordinator_client.post("/o/new/", {**data, "city_other": "Berlin", "field_of_work_other": "Arıcılık"})
    organization = Organization.objects.get()
    assert (organization.city_label, organization.field_of_work_label) == ("Berlin", "Arıcılık")


def test_a_city_outside_the_list_is_refused(coordinator_client):
    data = {"name": "Y", "city": "Atlantis", "field_of_work": "education", "size_band": "1-5"}
    assert coordinator_client.post("/o/new/", data).status_code == 400
    assert not Organization.objects.exists()


def test_free_text_cities_match_provinces_whatever_their_case():
    assert [province_for(t) for t in ("İZMİR", "izmir", " Iğdır ", "IĞDIR", "Idir")] == [
        "İzmir",
        "İzmir",
        "Iğdır",
        "Iğdır",
        None,
    ]


def test_it_rejects_an_invalid_size_band(coordinator_client):
    response = coordinator_client.post(
        "/o/new/", {"name": "X", "kind": "dernek", "city": "Y", "field_of_work": "Z", "size_band": "çok"}
    )
    assert response.status_code == 400
    assert not Organization.objects.exists()


@pytest.mark.parametrize("kind", ["sirket", "Dernek"])
def test_it_asks_for_a_known_kind_of_organization(coordinator_client, kind):
    response = coordinator_client.post(
        "/o/new/", {"name": "X", "kind": kind, "city": "Van", "field_of_work": "education", "size_band": "1-5"}
    )
    assert response.status_code == 400
    assert not Organization.objects.exists()


def test_dashboard_lists_only_own_organizations(coordinator_client, organization, outsider):
    html = coordinator_client.get("/o/").content.decode()
    assert "Kadın Dayanışma Derneği" in html
    assert "Başka Vakıf" not in html


def test_outsider_gets_404_for_another_organization(client, organization, outsider):
    client.force_login(outsider)
    assert client.get(f"/o/{organization.slug}/").status_code == 404
    assert client.post(f"/o/{organization.slug}/edit/", {"name": "Ele geçirildi"}).status_code == 404
    organization.refresh_from_db()
    assert organization.name == "Kadın Dayanışma Derneği"


def test_anonymous_visitor_is_sent_to_login(client, organization):
    response = client.get(f"/o/{organization.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
