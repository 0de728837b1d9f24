import pytest

from pusula.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_signs_up_and_logs_in(client):
    response = client.post(
        "/accounts/signup/", {"name": "Ayşe", "email": "ayse@example.org", "password": "kelebek-ucar-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/new/"
    assert User.objects.get().check_password("kelebek-ucar-42")
    assert client.get("/o/new/").status_code == 200


def test_it_rejects_weak_password_with_message(client):
    response = client.post("/accounts/signup/", {"email": "ayse@example.org", "password": "12345678"})
    assert response.status_code == 400
    assert not User.objects.exists()
    assert "error" in response.content.decode()


def test_it_rejects_a_taken_email_ignoring_case(client, coordinator):
    response = client.post("/accounts/signup/", {"email": "AYSE@example.org", "password": "kelebek-ucar-42"})
    assert response.status_code == 400
    assert User.objects.count() == 1


def test_login_with_email(client, coordinator):
    response = client.post("/accounts/login/", {"username": "ayse@example.org", "password": "kelebek-ucar-42"})
    assert response.status_code == 302


def test_failed_login_is_a_400_and_five_failures_lock_the_account(client, coordinator):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "ayse@example.org", "password": "yanlis"})
        assert response.status_code in (400, 429)
    response = client.post("/accounts/login/", {"username": "ayse@example.org", "password": "kelebek-ucar-42"})
    assert response.status_code == 429
    assert "Çok fazla" in response.content.decode()
