import pytest

pytestmark = pytest.mark.django_db


def test_turkish_by_default_whatever_the_browser_prefers(client):
    response = client.get("/accounts/login/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "tr"
    assert "Giriş yapın" in response.content.decode()


def test_the_switcher_sets_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_turkish(client):
    client.cookies["django_language"] = "xx"
    assert client.get("/")["Content-Language"] == "tr"
