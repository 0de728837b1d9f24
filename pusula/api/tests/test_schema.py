"""Schemathesis drives the live app from its own OpenAPI document: no 5xx, no response off its schema."""

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from conftest import SMALL_PACK, load_folder
from pusula.api.urls import api
from pusula.assessments import services
from pusula.operator.models import OperatorToken
from pusula.organizations.models import ApiToken, Membership, Organization
from pusula.plans.models import Action, ProgressEntry
from pusula.reports.tests.factories import respondent
from pusula.sharing.models import Share


@pytest.fixture
def api_world(transactional_db, django_user_model):
    """A round with answers, a respondent token and an organization token, as the live server sees them."""
    load_folder(SMALL_PACK)
    user = django_user_model.objects.create_user(email="api@example.org", password="kelebek-ucar-42")
    organization = Organization.objects.create(name="API Derneği", city="Ankara", field_of_work="x", size_band="1-5")
    Membership.objects.create(user=user, organization=organization)
    round_ = services.start_round(organization, user, "API turu")
    respondent(round_, "staff", {7: 2, 8: 1, 10: 3})
    question = round_.version.questions.get(number=7)
    action = Action.objects.create(round=round_, question=question, title="Plan", due_on="2026-03-01")
    ProgressEntry.objects.create(action=action, text="Başladık")
    services.start_next_round(round_, user, "API ikinci tur")
    ((_person, respondent_token),) = services.invite(round_, [("Veli", "")])
    Share.objects.create(round=round_, message="Danışmanlık")
    operator = django_user_model.objects.create_user(email="op@example.org", password="x", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="operate", content_type__app_label="operator"))
    return {
        "X-Respondent-Token": respondent_token,
        "Authorization": f"Bearer {ApiToken.issue(organization, user, 'schemathesis')[1]}",
        "X-Operator-Token": OperatorToken.issue(operator, "schemathesis")[1],
    }


# The document the app serves at /api/openapi.json; requests go to the live server below.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, api_world, live_server):
    case.call_and_validate(
        base_url=live_server.url,
        headers=api_world,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
