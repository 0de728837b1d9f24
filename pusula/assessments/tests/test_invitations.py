"""Invited respondents: personal links, e-mail, roles, anonymity, revoking, closing."""

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from pusula.assessments import services
from pusula.assessments.models import Answer, Respondent
from pusula.lib.tokens import hash_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(round_):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/"


def links_on(html):
    """The personal links a page shows, each once, in page order."""
    return list(dict.fromkeys(re.findall(r'value="http://testserver(/r/[^"]+/)"', html)))


def invite_links(client, base, people):
    client.post(base + "invite/", {"people": people})
    return links_on(client.get(base).content.decode())


def test_it_creates_links_and_emails_invitations(coordinator_client, base, round_, run_tasks):
    links = invite_links(coordinator_client, base, "ali@example.org\nVeli (yönetim kurulu)\n\n")
    assert len(links) == 2
    assert len(mail.outbox) == 0  # queued: the worker sends it
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ali@example.org"]
    assert links[0] in mail.outbox[0].body
    assert "Kadın Dayanışma Derneği" in mail.outbox[0].subject
    assert [r.label for r in round_.respondents.order_by("number")] == [
        "Ayşe",
        "ali@example.org",
        "Veli (yönetim kurulu)",
    ]


def test_a_named_persons_link_stays_at_hand_until_they_finish(coordinator_client, base, round_):
    (link,) = invite_links(coordinator_client, base, "Veli")
    assert links_on(coordinator_client.get(base).content.decode()) == [link]
    veli = round_.respondents.get(label="Veli")
    Respondent.objects.filter(pk=veli.pk).update(finished_at=timezone.now())
    assert "/r/" not in coordinator_client.get(base).content.decode()


def test_an_anonymous_persons_link_is_never_shown_again(coordinator_client, base, round_):
    (link,) = invite_links(coordinator_client, base, "Veli")
    Client().post(link, {"role": "volunteer", "anonymous": "on"})
    assert "/r/" not in coordinator_client.get(base).content.decode()


def test_each_link_can_be_shared_to_whatsapp_and_mail_without_javascript(coordinator_client, base):
    (link,) = invite_links(coordinator_client, base, "Veli")
    html = coordinator_client.get(base).content.decode()
    whatsapp = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', html).group(1)
    text = unquote(whatsapp.split("text=", 1)[1].replace("&amp;", "&"))
    assert "http://testserver" + link in text and "Kadın Dayanışma Derneği" in text
    assert "mailto:?subject=" in html  # no address: the coordinator's mail program asks for one
    assert 'data-copy="link-' in html and "<script" in html and "copy.js" in html


def test_the_mail_button_is_addressed_to_an_invitee_with_an_address(coordinator_client, base):
    invite_links(coordinator_client, base, "Veli Can <veli+stk@example.org>")
    html = coordinator_client.get(base).content.decode()
    assert 'href="mailto:veli+stk@example.org?subject=' in html


def test_an_address_typed_with_a_turkish_capital_i_is_invited_once(coordinator_client, base, round_):
    coordinator_client.post(base + "invite/", {"people": "ilknur@example.org"})
    response = coordinator_client.post(base + "invite/", {"people": "İLKNUR@EXAMPLE.ORG\nİpek <İPEK@example.org>"})
    assert response.status_code == 302
    assert sorted(round_.respondents.exclude(email="").values_list("email", flat=True)) == [
        "ayse@example.org", "iPEK@example.org", "ilknur@example.org",
    ]  # fmt: skip


def test_a_pasted_list_invites_everyone_once(coordinator_client, base, round_, run_tasks):
    pasted = (
        "Ayşe Kaya <ayse.kaya@example.org>, mehmet@example.org; zeynep@example.org\n"
        "Fatma Şen\tfatma@example.org\n"
        "Ali Veli, ALI@example.org\n"
        "MEHMET@example.org\n"
        "Deniz (gönüllü)\n"
    )
    coordinator_client.post(base + "invite/", {"people": pasted})
    people = list(round_.respondents.exclude(user__isnull=False).values_list("label", "email"))
    assert people == [
        ("Ayşe Kaya", "ayse.kaya@example.org"),
        ("mehmet@example.org", "mehmet@example.org"),
        ("zeynep@example.org", "zeynep@example.org"),
        ("Fatma Şen", "fatma@example.org"),
        ("Ali Veli", "ALI@example.org"),
        ("Deniz (gönüllü)", ""),
    ]
    run_tasks()
    assert len(mail.outbox) == 5
    # Pasting the same list again invites nobody twice.
    response = coordinator_client.post(base + "invite/", {"people": "ayse.kaya@example.org\nfatma@EXAMPLE.org"})
    assert response.status_code == 400
    assert "zaten davet edildi" in response.content.decode()
    assert round_.respondents.count() == 7


def test_tokens_carry_at_least_128_bits_and_only_their_hash_is_stored(round_):
    ((respondent, token),) = services.invite(round_, [("Veli", "")])
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert respondent.token_hash == hash_token(token)
    assert token not in str(Respondent.objects.filter(pk=respondent.pk).values().get())


def test_an_invalid_email_is_a_400_and_nobody_is_invited(coordinator_client, base, round_):
    response = coordinator_client.post(base + "invite/", {"people": "ali@example.org\nbozuk@adres@"})
    assert response.status_code == 400
    assert "2. satırdaki e-posta adresi geçerli değil" in response.content.decode()
    assert round_.respondents.count() == 1


def test_a_respondent_answers_through_the_link_anonymously(client, round_):
    ((respondent, token),) = services.invite(round_, [("ali@example.org", "ali@example.org")])
    link = f"/r/{token}/"
    assert client.get(link).status_code == 200
    response = client.post(link, {"role": "volunteer", "anonymous": "on"}, follow=True)
    # The coordinator saw the invitation link: choosing anonymity replaces it with one only this person has.
    new_link = response.redirect_chain[-1][0].removesuffix("a/planlama/")
    assert new_link != link and client.get(link).status_code == 404
    assert f"http://testserver{new_link}" in response.content.decode()  # shown once, to keep
    link = new_link
    client.post(link + "a/planlama/", {"q7": "1", "q8": "2", "go": "next"})
    client.post(link + "a/katilim-ve-savunuculuk/", {"q10": "4", "go": "next"})
    respondent.refresh_from_db()
    assert (respondent.role, respondent.anonymous, respondent.finished_at is not None) == ("volunteer", True, True)
    report = client.get(link + "report/").content.decode()
    assert "Kamu kurumlarıyla politika geliştirme ve izlemede ortaklık yürütüyoruz." in report


def test_the_coordinator_sees_anonymous_respondents_only_as_anonymous(coordinator_client, base, round_):
    ((respondent, token),) = services.invite(round_, [("Gizli Gönüllü", "")])
    respondent.role, respondent.anonymous, respondent.started_at = "volunteer", True, timezone.now()
    respondent.save()
    html = coordinator_client.get(base).content.decode()
    row = html.split("Gizli Gönüllü")[1].split("</tr>")[0]
    assert "anonim" in row and "Gönüllü</td>" not in row and "başladı" not in row
    assert "Anonim yanıtlayanlar: 1 kişi başladı, 0 kişi tamamladı." in html


def test_an_anonymous_respondent_gets_no_new_link_from_the_coordinator(coordinator_client, base, round_):
    ((respondent, _token),) = services.invite(round_, [("Gizli Gönüllü", "")])
    Respondent.objects.filter(pk=respondent.pk).update(role="volunteer", anonymous=True)
    before = Respondent.objects.get(pk=respondent.pk).token_hash
    coordinator_client.post(base + f"respondents/{respondent.pk}/relink/")
    assert Respondent.objects.get(pk=respondent.pk).token_hash == before
    assert "Yeni bağlantı</button>" not in coordinator_client.get(base).content.decode()


def test_the_start_page_says_who_sees_what_with_the_rounds_own_settings(client, round_):
    ((_respondent, token),) = services.invite(round_, [("Ali", "")])
    html = client.get(f"/r/{token}/").content.decode()
    assert "Kim neyi görür?" in html and "en az 3 anonim kişi" in html and "tek tek görmez" in html
    round_.named_answers_visible, round_.anonymous_minimum = True, 4
    round_.save()
    html = client.get(f"/r/{token}/").content.decode()
    assert "koordinatör yanıtlarınızı tek tek de görür" in html and "en az 4 anonim kişi" in html


def test_a_link_never_shows_another_respondents_answers(client, round_):
    (first, first_token), (second, second_token) = services.invite(round_, [("A", ""), ("B", "")])
    for token, role, choice in ((first_token, "staff", "1"), (second_token, "manager", "4")):
        client.post(f"/r/{token}/", {"role": role})
        client.post(f"/r/{token}/a/planlama/", {"q7": choice, "go": "overview"})
    first_report = client.get(f"/r/{first_token}/report/").content.decode()
    assert "Yıllık bir planımız yok; işleri geldikçe yapıyoruz." in first_report
    assert "Planımızı bütçeye ve göstergelere bağlı hazırlıyor" not in first_report.split("Yanıtınız")[1]
    assert Answer.objects.get(respondent=first).choice.number == 1


def test_a_revoked_link_gets_a_clear_page(client, coordinator_client, base, round_):
    ((respondent, token),) = services.invite(round_, [("A", "")])
    coordinator_client.post(base + f"respondents/{respondent.pk}/revoke/")
    response = client.get(f"/r/{token}/")
    assert response.status_code == 410
    assert "iptal edildi" in response.content.decode()
    assert client.post(f"/r/{token}/a/planlama/", {"q7": "1"}).status_code == 410


def test_a_new_link_replaces_the_old_one(coordinator_client, client, base, round_):
    ((respondent, token),) = services.invite(round_, [("A", "")])
    coordinator_client.post(base + f"respondents/{respondent.pk}/relink/")
    new_link = re.findall(r'value="http://testserver(/r/[^"]+/)"', coordinator_client.get(base).content.decode())
    assert client.get(f"/r/{token}/").status_code == 404  # the old link is simply no longer known
    assert client.get(new_link[0]).status_code == 200


def test_a_closed_round_stops_its_links(client, coordinator_client, base, round_):
    ((_respondent, token),) = services.invite(round_, [("A", "")])
    coordinator_client.post(base + "close/")
    response = client.get(f"/r/{token}/")
    assert response.status_code == 410
    assert "kapandı" in response.content.decode()


def test_links_expire_after_the_closing_date(client, round_):
    ((_respondent, token),) = services.invite(round_, [("A", "")])
    round_.closes_on = timezone.localdate() - timedelta(days=1)
    round_.save()
    assert client.get(f"/r/{token}/").status_code == 410


def test_an_unknown_token_is_a_404_page(client, round_):
    response = client.get("/r/" + "x" * 43 + "/")
    assert response.status_code == 404
    assert "geçersiz" in response.content.decode()


def test_a_closed_round_accepts_no_invitations(coordinator_client, base, round_):
    round_.close()
    coordinator_client.post(base + "invite/", {"people": "Veli"})
    assert round_.respondents.count() == 1


def test_a_new_round_takes_its_privacy_settings_from_the_form_and_the_site(
    coordinator_client, organization, small_version, settings
):
    settings.PUSULA_ANONYMOUS_MINIMUM = 5
    response = coordinator_client.post(
        f"/o/{organization.slug}/rounds/new/", {"name": "Açık tur", "named_answers_visible": "on"}
    )
    assert response.status_code == 302
    created = organization.rounds.get(name="Açık tur")
    assert (created.named_answers_visible, created.anonymous_minimum) == (True, 5)
