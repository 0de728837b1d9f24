"""Measuring again: the next round copies the invitation list and shows people what they answered."""

import re

import pytest
from django.core import mail

from pusula.assessments import services
from pusula.assessments.models import Respondent, Round
from pusula.reports.tests.factories import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited_round(round_):
    """The coordinator, Veli (e-mail, anonymous staff), Zeynep (a name only), and a revoked link."""
    (veli, _), (zeynep, _), (gone, _) = services.invite(
        round_, [("veli@example.org", "veli@example.org"), ("Zeynep", ""), ("Eski", "")]
    )
    Respondent.objects.filter(pk=veli.pk).update(role="staff", anonymous=True)
    Respondent.objects.filter(pk=zeynep.pk).update(role="volunteer")
    services.revoke(gone)
    me = round_.respondents.get(user__isnull=False)
    me.role = "manager"
    me.save()
    answer(me, {7: 2, 10: 3})
    answer(Respondent.objects.get(pk=veli.pk), {7: 4, 8: 0})
    return round_


def test_the_next_round_copies_the_invitation_list_with_new_links(invited_round, coordinator):
    before = {r.label: r for r in invited_round.respondents.all()}
    second, invited = services.start_next_round(invited_round, coordinator, "2027")
    assert second.previous_round == invited_round and second.organization == invited_round.organization
    people = {r.label: r for r, _token in invited}
    assert set(people) == {"veli@example.org", "Zeynep"}  # the revoked link is not copied
    veli = people["veli@example.org"]
    assert (veli.email, veli.role, veli.anonymous, veli.previous) == (
        "veli@example.org", "staff", True, before["veli@example.org"],
    )  # fmt: skip
    assert veli.token_hash != before["veli@example.org"].token_hash
    assert Respondent.objects.get(round=second, user=coordinator).previous.round == invited_round
    assert sorted(r.number for r in second.respondents.all()) == [1, 2, 3]


def test_starting_the_next_round_from_the_page_mails_the_invitees(coordinator_client, invited_round, run_tasks):
    url = f"/o/{invited_round.organization.slug}/rounds/{invited_round.pk}/next/"
    response = coordinator_client.post(url, {"name": "2027 öz değerlendirmesi"})
    second = Round.objects.exclude(pk=invited_round.pk).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/rounds/{second.pk}/")
    run_tasks()
    assert [m.to for m in mail.outbox] == [["veli@example.org"]]
    page = coordinator_client.get(response["Location"]).content.decode()
    # Zeynep's new link is shown (and stays in the people table until she finishes); anonymous Veli's
    # went to Veli alone: with it the coordinator would see what Veli answered last time.
    assert len(set(re.findall(r"/r/([\w-]+)/", page))) == 1
    veli_mail = next(m for m in mail.outbox if m.to == ["veli@example.org"])
    (veli_link,) = re.findall(r"/r/([\w-]+)/", veli_mail.body)
    assert veli_link not in page
    assert "1 anonim kişinin yeni bağlantısı yalnızca kendisine e-postayla gönderildi" in page
    # Every link shown can be handed on: the WhatsApp and e-mail buttons carry it.
    assert 'href=""' not in page
    assert page.count("mailto:?subject=") == 2 and page.count("https://wa.me/?text=") == 2


def test_an_anonymous_person_without_an_address_starts_afresh(invited_round, coordinator):
    """Their new link can only go through the coordinator, so it must not open their past answers or role."""
    Respondent.objects.filter(label="veli@example.org").update(email="")
    second, invited = services.start_next_round(invited_round, coordinator, "2027")
    veli = next(r for r, _token in invited if r.label == "veli@example.org")
    assert (veli.anonymous, veli.role, veli.previous) == (False, "", None)
    assert services.previous_choices(veli) == {}


def test_a_bad_next_round_form_is_refused(coordinator_client, invited_round):
    url = f"/o/{invited_round.organization.slug}/rounds/{invited_round.pk}/next/"
    response = coordinator_client.post(url, {"name": "", "closes_on": "dün"})
    assert response.status_code == 400
    assert Round.objects.count() == 1


def test_a_returning_respondent_sees_their_previous_answer_marked(client, invited_round, coordinator):
    second, invited = services.start_next_round(invited_round, coordinator, "2027")
    veli, token = next((r, t) for r, t in invited if r.email)
    page = client.get(f"/r/{token}/a/planlama/").content.decode()
    assert "Geçen değerlendirmede seçtiğiniz yanıt" in page
    assert page.count("was-mine") == 2  # q7 level 4 and q8 Bilmiyorum, each on its own option
    assert "Bütçemiz planımıza bağlı mı?" in page
    zeynep_token = next(t for r, t in invited if r.label == "Zeynep")
    assert "Geçen değerlendirmede" not in client.get(f"/r/{zeynep_token}/a/planlama/").content.decode()


def test_the_suggested_name_moves_the_year_on():
    from pusula.assessments.views import next_round_name

    assert next_round_name("2026 öz değerlendirmesi") == "2027 öz değerlendirmesi"
    assert next_round_name("Bahar") == "Bahar — yeniden ölçüm"
