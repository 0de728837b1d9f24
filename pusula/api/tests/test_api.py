import pytest

from pusula.assessments import services
from pusula.assessments.models import Answer
from pusula.organizations.models import ApiToken
from pusula.reports.tests.factories import respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_token(organization, coordinator):
    return ApiToken.issue(organization, coordinator, "test")[1]


@pytest.fixture
def invited(round_):
    ((person, token),) = services.invite(round_, [("Veli", "")])
    return person, token


def test_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    assert "/api/v1/respondent/answers" in document["paths"]
    assert document["info"]["title"] == "Pusula API"


def test_questionnaire_of_the_current_version(client, small_version):
    data = client.get("/api/v1/content/current").json()
    assert data["content_version"] == small_version.hash
    assert [q["question_id"] for area in data["areas"] for q in area["questions"]] == [7, 8, 10]
    assert data["areas"][1]["questions"][0]["choices"][2]["statement"].startswith("Yürüttüğümüz savunuculuk")


@pytest.mark.parametrize("version_hash", ["0" * 64, "İı%00ğ", "f" * 65, "%FF"])
def test_unknown_version_is_404_with_detail(client, small_version, version_hash):
    # A NUL byte reached PostgreSQL's query and failed there (scripts/with-postgres.sh).
    response = client.get("/api/v1/content/" + version_hash)
    assert response.status_code == 404
    assert response.json() == {"detail": "No content version with this hash."}


def test_a_version_is_found_by_its_hash(client, small_version):
    assert client.get("/api/v1/content/" + small_version.hash).json()["content_version"] == small_version.hash


def test_a_respondent_saves_and_reads_their_answers(client, invited):
    person, token = invited
    response = client.put(
        "/api/v1/respondent/answers",
        {"role": "volunteer", "answers": [{"question_id": 7, "choice_id": 2}, {"question_id": 8, "choice_id": 0}]},
        content_type="application/json",
        headers={"X-Respondent-Token": token},
    )
    assert response.status_code == 200
    assert response.json()["answers"] == [{"question_id": 7, "choice_id": 2}, {"question_id": 8, "choice_id": 0}]
    assert response.json()["role"] == "volunteer"
    assert client.get("/api/v1/respondent", headers={"X-Respondent-Token": token}).json()["code"] == person.code


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"answers": [{"question_id": 99, "choice_id": 1}]}, "Unknown question_id 99."),
        ({"answers": [{"question_id": 7, "choice_id": 9}]}, "Question 7 has no choice_id 9."),
    ],
)
def test_bad_answers_are_400_and_save_nothing(client, invited, payload, message):
    _person, token = invited
    response = client.put(
        "/api/v1/respondent/answers", payload, content_type="application/json", headers={"X-Respondent-Token": token}
    )
    assert (response.status_code, response.json()) == (400, {"detail": message})
    assert not Answer.objects.exists()


def test_an_invitee_cannot_take_the_coordinators_role(client, invited):
    """As on the start page: "coordinator" is the role of whoever runs the round, never of an invitee."""
    person, token = invited
    response = put_answers(client, token, '{"role": "coordinator", "answers": []}')
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "The role 'coordinator' is the round's coordinator's own; choose another."},
    )
    person.refresh_from_db()
    assert person.role == ""


@pytest.mark.parametrize(
    "body",
    [
        '{"answers": "hepsi"}',
        "{bozuk",
        '{"answers": [{"question_id": -1, "choice_id": 1}]}',
        '{"role": "kral", "answers": []}',
    ],
)
def test_malformed_bodies_are_4xx(client, invited, body):
    _person, token = invited
    response = client.put(
        "/api/v1/respondent/answers", body, content_type="application/json", headers={"X-Respondent-Token": token}
    )
    assert 400 <= response.status_code < 500


def test_respondent_endpoints_need_a_valid_unrevoked_token(client, invited):
    person, token = invited
    assert client.get("/api/v1/respondent").status_code == 401
    assert client.get("/api/v1/respondent", headers={"X-Respondent-Token": "x" * 43}).status_code == 401
    services.revoke(person)
    assert client.get("/api/v1/respondent", headers={"X-Respondent-Token": token}).status_code == 401


def test_a_closed_round_takes_no_answers(client, invited, round_):
    _person, token = invited
    round_.close()
    response = client.put(
        "/api/v1/respondent/answers",
        {"answers": []},
        content_type="application/json",
        headers={"X-Respondent-Token": token},
    )
    assert response.status_code == 410


def test_an_organization_reads_its_rounds_and_report(client, round_, org_token):
    respondent(round_, "staff", {7: 1, 8: 1, 10: 2})
    respondent(round_, "staff", {7: 4, 8: 2, 10: 2})
    auth = {"Authorization": f"Bearer {org_token}"}
    rounds = client.get("/api/v1/rounds", headers=auth).json()
    assert [(r["id"], r["finished"]) for r in rounds] == [(round_.pk, 2)]
    report = client.get(f"/api/v1/rounds/{round_.pk}/report", headers=auth).json()
    assert report["respondents"] == 2
    assert report["groups"] == [] and report["privacy"]["roles_compared"] is False
    assert "aynı rol grubunda" in report["privacy"]["not_compared_reason"]  # both are staff
    assert report["disagreements"][0] == 7
    planning = report["areas"][0]
    assert (planning["area_id"], planning["score"], planning["source"]) == (
        "planlama",
        0.0,  # the lower of two equally common answers, for each of the two questions
        {"consensus": 0, "most_common": 2, "unanswered": 0},
    )
    assert planning["answers_mean"] == 50.0


def test_an_organization_token_sees_only_its_own_rounds(client, round_, outsider):
    other_token = ApiToken.issue(outsider.memberships.get().organization, outsider, "x")[1]
    auth = {"Authorization": f"Bearer {other_token}"}
    assert client.get("/api/v1/rounds", headers=auth).json() == []
    assert client.get(f"/api/v1/rounds/{round_.pk}", headers=auth).status_code == 404
    assert client.get(f"/api/v1/rounds/{round_.pk}/report", headers=auth).status_code == 404


def test_a_revoked_organization_token_is_refused(client, coordinator_client, organization, round_, org_token):
    row = ApiToken.objects.get()
    coordinator_client.post(f"/o/{organization.slug}/api-tokens/{row.pk}/revoke/")
    assert client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {org_token}"}).status_code == 401


def test_the_coordinator_creates_a_token_shown_once(coordinator_client, organization):
    coordinator_client.post(f"/o/{organization.slug}/api-tokens/", {"name": "tablo"})
    html = coordinator_client.get(f"/o/{organization.slug}/api-tokens/").content.decode()
    assert 'value="pus_' in html
    assert 'value="pus_' not in coordinator_client.get(f"/o/{organization.slug}/api-tokens/").content.decode()


def put_answers(client, token, body, content_type="application/json"):
    return client.put(
        "/api/v1/respondent/answers", body, content_type=content_type, headers={"X-Respondent-Token": token}
    )


def test_a_json_body_sent_as_anything_but_json_is_415(client, invited):
    _person, token = invited
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/jsonx"):
        response = put_answers(client, token, '{"answers": [{"question_id": 7, "choice_id": 2}]}', content_type)
        assert response.status_code == 415, content_type
        assert "application/json" in response.json()["detail"]
    assert not Answer.objects.exists()
    response = put_answers(client, token, '{"answers": []}', "application/json; charset=utf-8")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ('{"answers": [{"question_id": true, "choice_id": 2}]}', ["answers", 0, "question_id"]),
        ('{"answers": [{"question_id": 7, "choice_id": false}]}', ["answers", 0, "choice_id"]),
        ('{"answers": [{"question_id": "7", "choice_id": 2}]}', ["answers", 0, "question_id"]),
        ('{"answers": [{"question_id": 7.0, "choice_id": 2}]}', ["answers", 0, "question_id"]),
        ('{"answers": [{"question_id": 7, "choice_id": 2, "comment": "x"}]}', ["answers", 0, "comment"]),
        ('{"answers": [], "rol": "staff"}', ["rol"]),
        ('{"answers": [{"question_id": 7, "choice_id": 1}, {"question_id": 7, "choice_id": 4}]}', ["answers"]),
    ],
    ids=["boolean id", "boolean choice", "string id", "float id", "unknown answer field", "unknown field", "duplicate"],
)
def test_strict_bodies_are_422_naming_the_field(client, invited, body, field):
    _person, token = invited
    response = put_answers(client, token, body)
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert any(error["loc"][-len(field) :] == field for error in errors), errors
    assert not Answer.objects.exists()


def test_a_duplicate_question_is_named_in_the_message(client, invited):
    _person, token = invited
    body = '{"answers": [{"question_id": 7, "choice_id": 1}, {"question_id": 7, "choice_id": 4}]}'
    (error,) = put_answers(client, token, body).json()["detail"]
    assert "question_id 7" in error["msg"]


def test_a_body_of_invalid_utf8_is_a_400(client, invited):
    _person, token = invited
    response = put_answers(client, token, b'{"answers": [], "role": "\xff\xfe"}')
    assert response.status_code == 400
