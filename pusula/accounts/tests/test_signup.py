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


@pytest.mark.parametrize("spelling", ["Ayse@Example.org", "AYSE@EXAMPLE.ORG", " ayse@example.ORG "])
def test_five_failures_lock_every_spelling_of_the_address(client, coordinator, spelling):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "ayse@example.org", "password": "yanlis"})
    response = client.post("/accounts/login/", {"username": spelling, "password": "yanlis"})
    assert response.status_code == 429
    response = client.post("/accounts/login/", {"username": spelling, "password": "kelebek-ucar-42"})
    assert response.status_code == 429  # the right password in another spelling does not get in either
    assert "_auth_user_id" not in client.session


def test_failures_in_mixed_spellings_add_up(client, coordinator):
    for spelling in (
        "Ayse@example.org",
        "AYSE@example.org",
        "ayse@EXAMPLE.org",
        "aYsE@example.org",
        "ayse@example.org",
    ):
        client.post("/accounts/login/", {"username": spelling, "password": "yanlis"})
    response = client.post("/accounts/login/", {"username": "ayse@example.org", "password": "kelebek-ucar-42"})
    assert response.status_code == 429


def test_login_ignores_the_case_of_the_address(client, coordinator):
    response = client.post("/accounts/login/", {"username": "AYSE@Example.ORG", "password": "kelebek-ucar-42"})
    assert response.status_code == 302


def test_the_address_is_unique_ignoring_case_in_the_database(coordinator, django_user_model):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create(email="AYSE@EXAMPLE.ORG")


def test_the_domain_is_stored_in_lower_case(client):
    client.post("/accounts/signup/", {"email": " Ayse@EXAMPLE.Org ", "password": "kelebek-ucar-42"})
    assert User.objects.get().email == "Ayse@example.org"


def test_a_signup_that_loses_the_race_gets_the_ordinary_message(client, monkeypatch):
    """Both passed the form's check; the other one's row landed first."""
    from pusula.accounts.forms import SignupForm

    monkeypatch.setattr(SignupForm, "clean_email", lambda form: form.cleaned_data["email"])
    User.objects.create_user(email="ayse@example.org", password="x-baska-sifre-9")
    response = client.post("/accounts/signup/", {"email": "Ayse@example.org", "password": "kelebek-ucar-42"})
    assert response.status_code == 400
    assert "Bu e-posta adresiyle bir hesap zaten var" in response.content.decode()
    assert User.objects.count() == 1


@pytest.fixture
def ilknur(django_user_model):
    return django_user_model.objects.create_user(email="ilknur@example.org", password="kelebek-ucar-42")


def test_a_turkish_capital_i_in_the_address_is_an_i(client, ilknur):
    """A Turkish keyboard's capital of "i" is "İ": "İLKNUR@EXAMPLE.ORG" is ilknur@example.org."""
    response = client.post("/accounts/login/", {"username": "İLKNUR@EXAMPLE.ORG", "password": "kelebek-ucar-42"})
    assert response.status_code == 302
    client.logout()
    response = client.post("/accounts/signup/", {"email": "İlknur@example.org", "password": "baska-bir-parola-9"})
    assert response.status_code == 400 and "zaten var" in response.content.decode()


def test_failures_with_a_turkish_capital_i_add_up_with_the_others(client, ilknur):
    for spelling in ("ilknur@example.org", "İLKNUR@example.org", "Ilknur@example.org", "İlknur@example.org", "x"):
        client.post(
            "/accounts/login/",
            {"username": spelling if spelling != "x" else "ilknur@example.org", "password": "yanlis"},
        )
    response = client.post("/accounts/login/", {"username": "İLKNUR@EXAMPLE.ORG", "password": "kelebek-ucar-42"})
    assert response.status_code == 429
