import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

CONTROLLER = {"name": "Örnek Destek Merkezi", "address": "Ankara", "email": "kvkk@example.org", "phone": "", "kep": ""}


def test_the_notice_is_a_marked_template_citing_article_10(client):
    html = client.get("/privacy/").content.decode()
    assert "Şablon" in html
    assert "6698 sayılı" in html and "10. maddesi" in html
    assert "henüz girmedi" in html  # no controller configured


@override_settings(PUSULA_DATA_CONTROLLER=CONTROLLER)
def test_the_notice_names_the_controller_the_operator_set(client):
    html = client.get("/privacy/").content.decode()
    assert "Örnek Destek Merkezi" in html and "mailto:kvkk@example.org" in html
    assert "henüz girmedi" not in html


def test_the_notice_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get("/privacy/").content.decode()
    assert "Privacy notice" in html and "Template." in html and "Article 10" in html
    assert "Şablon" not in html


def test_sign_up_and_the_respondents_start_page_link_the_notice(client, round_):
    from pusula.assessments import services

    assert 'href="/privacy/"' in client.get("/accounts/signup/").content.decode()
    ((_person, token),) = services.invite(round_, [("A", "")])
    assert 'href="/privacy/"' in client.get(f"/r/{token}/").content.decode()
