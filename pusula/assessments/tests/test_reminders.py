"""Reminders: one click reminds everyone unfinished, at most once a day each, never anyone who finished."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from pusula.assessments import services
from pusula.assessments.models import Respondent
from pusula.outbox.models import OutgoingMail
from pusula.reports.tests.factories import answer

pytestmark = pytest.mark.django_db


def reminders():
    """The reminders queued for the worker to send."""
    return list(OutgoingMail.objects.filter(kind="reminder").order_by("pk"))


@pytest.fixture
def base(round_):
    return f"/o/{round_.organization.slug}/rounds/{round_.pk}/"


@pytest.fixture
def people(round_):
    """Four invitees: one not started, one half-way, one finished anonymously, one without an address."""
    invited = services.invite(
        round_,
        [("Ali", "ali@example.org"), ("Banu", "banu@example.org"), ("Cem", "cem@example.org"), ("Deniz", "")],
    )
    (ali, ali_token), (banu, _), (cem, _), (deniz, _) = invited
    answer(banu, {7: 2})
    Respondent.objects.filter(pk=cem.pk).update(anonymous=True, role="volunteer")
    answer(cem, {7: 1, 8: 2, 10: 3})
    return {"ali": ali, "ali_token": ali_token, "banu": banu, "cem": cem, "deniz": deniz}


def test_one_click_reminds_everyone_unfinished_with_an_address(coordinator_client, base, people, run_tasks):
    response = coordinator_client.post(base + "remind/", follow=True)
    assert "2 kişi için hatırlatma e-postası sıraya alındı." in response.content.decode()
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["ali@example.org", "banu@example.org"]
    assert all("Hatırlatma" in m.subject for m in mail.outbox)


def test_the_reminder_carries_the_persons_own_link(coordinator_client, client, base, people):
    coordinator_client.post(base + "remind/")
    ali_mail = next(m for m in reminders() if m.to == "ali@example.org")
    assert f"/r/{people['ali_token']}/" in ali_mail.body
    assert client.get(f"/r/{people['ali_token']}/").status_code == 200  # the link they had still works


def test_reminders_are_throttled_per_person(coordinator_client, base, people):
    coordinator_client.post(base + "remind/")
    response = coordinator_client.post(base + "remind/", follow=True)
    assert len(reminders()) == 2
    assert "Şu anda hatırlatılacak kimse yok" in response.content.decode()
    assert "bir sonraki hatırlatma" in coordinator_client.get(base).content.decode()
    # A day later they may be reminded again.
    Respondent.objects.update(reminded_at=timezone.now() - timedelta(hours=25))
    coordinator_client.post(base + "remind/")
    assert len(reminders()) == 4


def test_a_claimed_reminder_is_not_sent_twice(round_, people):
    link_for = str
    assert services.send_reminder(people["ali"], link_for) is True
    assert services.send_reminder(people["ali"], link_for) is False
    assert len(reminders()) == 1


def test_nobody_who_finished_is_reminded_anonymous_or_not(round_, people):
    answer(people["banu"], {7: 2, 8: 1, 10: 1})
    assert services.remind_unfinished(round_, str) == 1
    assert [m.to for m in reminders()] == ["ali@example.org"]


def test_a_closed_round_sends_no_reminders(coordinator_client, base, round_, people):
    round_.close()
    coordinator_client.post(base + "remind/")
    assert reminders() == []


def test_the_closing_date_reminder_goes_once(round_, people):
    round_.closes_on = timezone.localdate() + timedelta(days=1)
    round_.save()
    call_command("reminders", stdout=StringIO())
    assert sorted(m.to for m in reminders()) == ["ali@example.org", "banu@example.org"]
    assert "kapanıyor" in reminders()[0].body
    assert "http://127.0.0.1:8000/r/" in next(m for m in reminders() if m.to == "ali@example.org").body
    Respondent.objects.update(reminded_at=None)
    call_command("reminders", stdout=StringIO())
    assert len(reminders()) == 2


def test_rounds_closing_later_are_not_reminded_yet(round_, people):
    round_.closes_on = timezone.localdate() + timedelta(days=10)
    round_.save()
    assert services.send_closing_reminders(str) == (0, 0)


def test_an_anonymous_persons_reminder_never_carries_their_link(round_, people):
    Respondent.objects.filter(pk=people["ali"].pk).update(anonymous=True, role="staff")
    people["ali"].refresh_from_db()
    assert services.send_reminder(people["ali"], lambda token: f"http://testserver/r/{token}/") is True
    (mail_to_ali,) = reminders()
    assert "/r/" not in mail_to_ali.body and "Anonim yanıtlamayı seçtiğinizde" in mail_to_ali.body


def test_mail_on_its_way_never_says_which_anonymous_person_has_not_finished(coordinator_client, base, round_, people):
    """A reminder goes only to someone unfinished: its address on the round page would name an
    anonymous person who has not finished. Named people's mail is listed; anonymous people's only counted."""
    Respondent.objects.filter(pk=people["ali"].pk).update(anonymous=True, role="staff")
    coordinator_client.post(base + "remind/")
    assert sorted(m.to for m in reminders()) == ["ali@example.org", "banu@example.org"]
    page = coordinator_client.get(base).content.decode()
    mails = page[page.index("Yoldaki e-postalar") :]
    assert "banu@example.org" in mails
    assert "ali@example.org" not in page
    assert "Anonim yanıtlayanlara giden 1 e-posta da yolda" in mails
