"""Pages travel compressed, and private ones ask search engines to stay away."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_html_is_sent_gzipped_to_browsers_that_accept_it(coordinator_client, round_):
    url = f"/o/{round_.organization.slug}/rounds/{round_.pk}/report/"
    plain = coordinator_client.get(url)
    packed = coordinator_client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "Örgüt raporu" in html and len(packed.content) < len(plain.content) / 2


def test_private_pages_are_noindex_and_the_home_page_is_not(client, coordinator_client, round_):
    from pusula.assessments import services

    ((_person, token),) = services.invite(round_, [("Veli", "")])
    base = f"/o/{round_.organization.slug}/rounds/{round_.pk}/"
    for response in (
        client.get(f"/r/{token}/"),
        coordinator_client.get(base),
        coordinator_client.get(base + "report/"),
    ):
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in client.get("/")


def test_robots_txt_keeps_crawlers_out_of_links_and_reports(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    rules = response.content.decode().splitlines()
    assert "User-agent: *" in rules and "Disallow: /r/" in rules and "Disallow: /o/" in rules
