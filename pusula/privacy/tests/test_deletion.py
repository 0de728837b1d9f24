import logging

import pytest
from django.apps import apps

from pusula.assessments import services
from pusula.operator import sector
from pusula.operator.tests.factories import summarised_organization
from pusula.organizations.models import ApiToken, Organization
from pusula.privacy.models import DeletionRecord
from pusula.reports.models import RenderedPdf
from pusula.reports.pdf import ReportPdf
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db


def rows_belonging_to(organization):
    """Every row of every table that points at the organization, directly or through other such rows.

    Walks the models' foreign keys (introspected, so a table added later is covered without editing this
    test): {model: {pk, ...}}.
    """
    owned = {Organization: {organization.pk}}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models(include_auto_created=True):
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in owned:
                    pks = set(
                        model._base_manager.filter(**{f"{field.attname}__in": owned[field.related_model]}).values_list(
                            "pk", flat=True
                        )
                    )
                    if not pks <= owned.get(model, set()):
                        owned.setdefault(model, set()).update(pks)
                        grew = True
    return owned


@pytest.fixture
def full_organization(round_, coordinator, client, run_tasks):
    """An organization with something in every table: answers, consensus, a summary, a token, stored PDFs."""
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 1, 10: 1})
    person = respondent(round_, "staff", {7: 4, 8: 2, 10: 3}, anonymous=True)
    question = next(iter(round_.version.questions.filter(number=7)))
    services.record_consensus(round_, coordinator, {question.pk: (question.choices.get(number=3).pk, "Not")})
    services.close_round(round_)
    run_tasks()
    ApiToken.issue(round_.organization, coordinator, "tablo")
    # Besides the round's PDF the worker rendered on closing: another language, a person's, the blank sheet.
    RenderedPdf.objects.create(key=ReportPdf("round", round_.pk, "en").key, fingerprint="x", data=b"%PDF")
    RenderedPdf.objects.create(key=ReportPdf("respondent", person.pk, "en").key, fingerprint="x", data=b"%PDF")
    RenderedPdf.objects.create(key=ReportPdf("paper", round_.pk, "tr", copies=3).key, fingerprint="x", data=b"%PDF")
    return round_.organization


def test_deleting_leaves_no_row_behind(full_organization, coordinator_client, outsider, caplog):
    owned = rows_belonging_to(full_organization)
    names = {model.__name__ for model in owned}
    assert {"Round", "Respondent", "Answer", "ConsensusAnswer", "RoundSummary", "AreaScore", "QuestionScore"} <= names
    assert {"ApiToken", "Membership"} <= names
    other = Organization.objects.get(name="Başka Vakıf")
    stored_pdfs = RenderedPdf.objects.count()
    assert stored_pdfs >= 3

    with caplog.at_level(logging.INFO, logger="pusula.privacy"):
        response = coordinator_client.post(
            f"/o/{full_organization.slug}/data/delete/", {"confirm_name": " Kadın  Dayanışma Derneği "}
        )
    assert response.status_code == 302
    for model, pks in owned.items():
        assert not model._base_manager.filter(pk__in=pks).exists(), model.__name__
    assert not RenderedPdf.objects.exists()
    assert Organization.objects.filter(pk=other.pk).exists()

    record = DeletionRecord.objects.get()
    assert (record.rounds, record.respondents, record.answers, record.stored_pdfs) == (1, 2, 6, stored_pdfs)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "deleted" in logged
    for personal in ("Kadın", "Dayanışma", "ayse@example.org", "Ayşe", full_organization.slug):
        assert personal not in logged
        assert personal not in str(vars(record))


def test_a_wrong_name_deletes_nothing(full_organization, coordinator_client):
    response = coordinator_client.post(f"/o/{full_organization.slug}/data/delete/", {"confirm_name": "Kadın"})
    assert response.status_code == 400
    assert "aynı değil" in response.content.decode()
    assert Organization.objects.filter(pk=full_organization.pk).exists()
    assert not DeletionRecord.objects.exists()


def test_a_deleted_organization_leaves_the_operators_figures(small_version, full_organization, coordinator_client):
    for i in range(4):
        summarised_organization(small_version, f"Ö{i}", areas={"planlama": 50.0})
    assert sector.sector_figures()["areas"][0]["organizations"] == 5
    coordinator_client.post(f"/o/{full_organization.slug}/data/delete/", {"confirm_name": full_organization.name})
    figures = sector.sector_figures()  # not the stored figures: the deletion forgot them
    assert figures["totals"]["organizations"] is None
    assert figures["areas"][0]["organizations"] is None
