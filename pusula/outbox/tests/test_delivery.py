"""Mail goes through the queue: a refusing or absent mail server delays invitations and loses none."""

import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from pusula.outbox import services
from pusula.outbox.models import MailStatus, OutgoingMail


class RefusingThenAcceptingSink:
    """An SMTP server that answers 451 (try later) to the first `refusals` recipients, then accepts."""

    def __init__(self, refusals):
        self.refusals = refusals
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos[0], envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    handler = RefusingThenAcceptingSink(refusals=0)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", controller.port, 5
    yield handler
    controller.stop()


@pytest.fixture
def no_mail_server(settings):
    port = free_port()  # nobody listens there: every connection is refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5


def invite(client, round_, *emails):
    url = reverse("assessments:invite", args=[round_.organization.slug, round_.pk])
    return client.post(url, {"people": "\n".join(emails)})


def round_page(client, round_):
    return client.get(reverse("assessments:round", args=[round_.organization.slug, round_.pk])).content.decode()


def test_invitations_survive_a_refusing_server_and_arrive_when_it_accepts(
    coordinator_client, round_, smtp_sink, settings, run_tasks
):
    settings.PUSULA_MAIL_RETRY_DELAYS = [1, 1]
    smtp_sink.refusals = 3
    response = invite(coordinator_client, round_, "deniz@example.org", "ece@example.org", "ozan@example.org")
    assert response.status_code == 302
    assert OutgoingMail.objects.filter(round=round_, status=MailStatus.PENDING).count() == 3

    run_tasks()  # the server refuses each of the three
    assert smtp_sink.received == []
    mails = list(OutgoingMail.objects.filter(round=round_))
    assert [(m.status, m.attempts) for m in mails] == [(MailStatus.PENDING, 1)] * 3
    assert all("451" in m.last_error and m.next_attempt_at for m in mails)
    page = round_page(coordinator_client, round_)
    assert "Yoldaki e-postalar" in page
    assert page.count("451 4.3.0 try again later") == 3

    time.sleep(1.1)  # the retry delay passes; the server now accepts
    run_tasks()
    assert sorted(to for to, _body in smtp_sink.received) == [
        "deniz@example.org",
        "ece@example.org",
        "ozan@example.org",
    ]
    assert all("/r/" in body for _to, body in smtp_sink.received)  # each carries its personal link
    sent = OutgoingMail.objects.filter(round=round_)
    assert {(m.status, m.attempts, m.body) for m in sent} == {(MailStatus.SENT, 2, "")}
    assert "Yoldaki e-postalar" not in round_page(coordinator_client, round_)


def test_a_server_that_stays_down_marks_the_mail_failed_and_the_round_page_says_so(
    coordinator_client, round_, no_mail_server, settings, run_tasks
):
    settings.PUSULA_MAIL_RETRY_DELAYS = [0, 0]
    started = time.monotonic()
    assert invite(coordinator_client, round_, "deniz@example.org").status_code == 302
    assert time.monotonic() - started < 5  # the request never waited on the mail server

    run_tasks()
    mail = OutgoingMail.objects.get(round=round_)
    assert (mail.status, mail.attempts, mail.body) == (MailStatus.FAILED, 3, "")
    assert "ConnectionRefusedError" in mail.last_error
    page = round_page(coordinator_client, round_)
    assert "deniz@example.org" in page and "gönderilemedi" in page


def test_one_mail_is_sent_once_however_often_its_delivery_is_queued(round_, smtp_sink, run_tasks):
    from pusula.outbox.tasks import deliver_mail

    mail = services.send_later("deniz@example.org", "Konu", "Gövde", kind="notice", round=round_)
    deliver_mail.enqueue(mail.pk)
    run_tasks()
    assert [to for to, _body in smtp_sink.received] == ["deniz@example.org"]
    assert services.deliver(mail.pk) is None


def test_inviting_without_addresses_queues_nothing(coordinator_client, round_):
    assert invite(coordinator_client, round_, "Deniz").status_code == 302
    assert not OutgoingMail.objects.exists()
