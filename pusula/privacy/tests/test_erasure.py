import pytest

from pusula.assessments import services
from pusula.assessments.models import Answer, Respondent
from pusula.reports.models import RenderedPdf
from pusula.reports.pdf import ReportPdf
from pusula.reports.tests.factories import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(round_):
    ((person, token),) = services.invite(round_, [("Veli", "veli@example.org")])
    Respondent.objects.filter(pk=person.pk).update(role="staff")
    answer(person, {7: 4, 8: 1})
    RenderedPdf.objects.create(key=ReportPdf("round", round_.pk, "tr").key, fingerprint="x", data=b"%PDF")
    RenderedPdf.objects.create(key=ReportPdf("respondent", person.pk, "en").key, fingerprint="x", data=b"%PDF")
    return person, token


def test_a_respondent_erases_their_answers_through_their_link(client, invited, round_):
    person, token = invited
    assert "/erase/" in client.get(f"/r/{token}/").content.decode()
    assert client.get(f"/r/{token}/erase/").status_code == 200
    assert Answer.objects.filter(respondent=person).count() == 2  # a look changes nothing

    response = client.post(f"/r/{token}/erase/")
    assert response.status_code == 200
    assert not Respondent.objects.filter(pk=person.pk).exists()
    assert not Answer.objects.filter(respondent_id=person.pk).exists()
    assert not RenderedPdf.objects.exists()  # the round's PDF showed their answers too
    assert client.get(f"/r/{token}/").status_code == 404
    assert round_.respondents.count() == 1  # the coordinator's own place is untouched


def test_after_the_round_closes_answers_stay(client, invited, round_):
    person, token = invited
    services.close_round(round_)
    assert client.post(f"/r/{token}/erase/").status_code == 410
    assert Answer.objects.filter(respondent=person).count() == 2


def test_the_coordinators_own_page_offers_no_erasure(coordinator_client, round_):
    html = coordinator_client.get(f"/o/{round_.organization.slug}/rounds/{round_.pk}/me/").content.decode()
    assert "/erase/" not in html
