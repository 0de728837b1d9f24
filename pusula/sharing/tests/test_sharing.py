from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from pusula.reports.tests.factories import answer
from pusula.sharing.models import LinkOpening, ReportLink, Share, ShareAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(django_user_model):
    user = django_user_model.objects.create_user(
        email="destek@example.org", password="x", is_staff=True, name="Destek Ekibi"
    )
    user.user_permissions.add(Permission.objects.get(codename="operate", content_type__app_label="operator"))
    client = Client()  # apart from the coordinator's client
    client.force_login(user)
    return client


@pytest.fixture
def answered_round(round_):
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 8: 1})
    return round_


def sharing_url(round_, rest=""):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/sharing/{rest}"


def test_the_operator_sees_a_report_only_once_shared_and_the_organization_sees_each_access(
    answered_round, coordinator_client, operator_client, django_user_model
):
    assert operator_client.get("/operator/shared/").content.decode().count("Kadın Dayanışma") == 0
    # The operator is no member: the organization's own report URL stays closed.
    assert (
        operator_client.get(f"/o/{answered_round.organization.slug}/rounds/{answered_round.pk}/report/").status_code
        == 404
    )

    coordinator_client.post(sharing_url(answered_round, "share/"), {"message": "Danışmanlık istiyoruz."})
    share = Share.objects.get()
    listing = operator_client.get("/operator/shared/").content.decode()
    assert "Kadın Dayanışma Derneği" in listing and "Danışmanlık istiyoruz." in listing

    page = operator_client.get(f"/operator/shared/{share.pk}/")
    assert page.status_code == 200 and "Örgüt raporu" in page.content.decode()
    assert ShareAccess.objects.filter(share=share).count() == 1
    operator_client.post(f"/operator/shared/{share.pk}/", {"status": "coaching", "operator_note": "Ekim eğitimi"})
    share.refresh_from_db()
    assert (share.status, share.operator_note) == ("coaching", "Ekim eğitimi")
    assert ShareAccess.objects.filter(share=share).count() == 2

    log = coordinator_client.get(sharing_url(answered_round)).content.decode()
    assert log.count("Destek Ekibi") == 2  # both accesses, by name
    assert "Ekim eğitimi" not in log  # the operator's working note stays the operator's

    coordinator_client.post(sharing_url(answered_round, "revoke/"))
    assert operator_client.get(f"/operator/shared/{share.pk}/").status_code == 404
    assert "Kadın Dayanışma" not in operator_client.get("/operator/shared/").content.decode()


def test_sharing_twice_keeps_one_active_share(answered_round, coordinator_client):
    coordinator_client.post(sharing_url(answered_round, "share/"), {"message": "1"})
    coordinator_client.post(sharing_url(answered_round, "share/"), {"message": "2"})
    assert Share.objects.active().count() == 1


def test_a_funder_link_opens_the_report_until_it_expires_or_is_revoked(answered_round, coordinator_client):
    client = Client()
    coordinator_client.post(sharing_url(answered_round, "links/"), {"label": "Vakıf X", "days": "30"})
    page = coordinator_client.get(sharing_url(answered_round)).content.decode()
    url = page.split('readonly value="', 1)[1].split('"', 1)[0]
    path = url.split("testserver", 1)[1]
    assert path.startswith("/l/")
    assert "readonly value" not in coordinator_client.get(sharing_url(answered_round)).content.decode()  # shown once

    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Örgüt raporu" in html and "Vakıf X" in html
    assert "Uzlaşıyı kaydet" not in html and "report.pdf" not in html  # read-only: no coordinator actions
    assert LinkOpening.objects.count() == 1

    link = ReportLink.objects.get()
    ReportLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 410
    ReportLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() + timedelta(days=1))
    coordinator_client.post(sharing_url(answered_round, f"links/{link.pk}/revoke/"))
    assert client.get(path).status_code == 410
    assert LinkOpening.objects.count() == 1  # refused openings are not counted as openings
    assert client.get("/l/" + "x" * 43 + "/").status_code == 404


def test_a_bad_link_form_is_a_400(answered_round, coordinator_client):
    response = coordinator_client.post(sharing_url(answered_round, "links/"), {"label": "", "days": "9999"})
    assert response.status_code == 400
    assert not ReportLink.objects.exists()


def test_a_coordinator_is_not_an_operator(answered_round, coordinator_client):
    coordinator_client.post(sharing_url(answered_round, "share/"), {"message": ""})
    assert coordinator_client.get("/operator/shared/").status_code == 403
    assert coordinator_client.get(f"/operator/shared/{Share.objects.get().pk}/").status_code == 403


@pytest.fixture
def planned_round(answered_round, coordinator):
    """The answered round with a plan: one action, its progress."""
    from pusula.plans import services as plan_services

    question = next(q for q in answered_round.questionnaire.questions.values() if q.number == 7)
    action = plan_services.create_action(
        answered_round, question, coordinator, {"title": "Yıllık plan atölyesi", "responsible": "Ayşe"}, []
    )
    plan_services.add_progress(action, coordinator, timezone.localdate(), "İlk toplantı yapıldı")
    return answered_round


def test_the_operator_sees_the_shared_reports_plan_read_only(planned_round, coordinator_client, operator_client):
    sharing_page = coordinator_client.get(sharing_url(planned_round)).content.decode()
    assert "iyileştirme planını" in sharing_page  # the organization is told the plan goes with the report
    coordinator_client.post(sharing_url(planned_round, "share/"), {"message": ""})
    html = operator_client.get(f"/operator/shared/{Share.objects.get().pk}/").content.decode()
    plan = html.split('id="plan"', 1)[1].split("</section>", 1)[0]
    assert "Yıllık plan atölyesi" in plan and "İlk toplantı yapıldı" in plan
    assert "/plan/" not in plan and "<form" not in plan  # nothing to open or edit
