def test_ping_is_a_health_check_that_needs_no_database(client):
    response = client.get("/-/ping/")
    assert response.status_code == 200
    assert response.content == b"ok"
