"""Sending mail without making anyone wait for a mail server: `send_later` now, the worker delivers.

A mail server that refuses or is down delays a mail, never loses it: each failure is recorded and the
delivery is queued again after a growing pause (PUSULA_MAIL_RETRY_DELAYS, seconds); after the last
one the mail is marked failed and shown as such on its round's page.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone

from pusula.outbox.models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

# A delivery claimed this long ago whose worker never reported back (killed mid-send) may be tried again.
STALE_CLAIM = timedelta(minutes=10)


def retry_delays():
    return settings.PUSULA_MAIL_RETRY_DELAYS


def send_later(to, subject, body, *, kind, round=None):
    """Queues one plain-text e-mail; returns its OutgoingMail. Call it inside the request's transaction:
    the mail and its delivery task are committed (or rolled back) with the rest of the request."""
    from pusula.outbox.tasks import deliver_mail

    mail = OutgoingMail.objects.create(round=round, kind=kind, to=to, subject=subject, body=body)
    deliver_mail.enqueue(mail.pk)
    return mail


def deliver(mail_pk):
    """One delivery attempt. Returns the mail's status afterwards (None when it was not ours to send)."""
    now = timezone.now()
    # The claim is one conditional UPDATE, so two workers (or a retry racing a re-queue) never send twice.
    claimed = (
        OutgoingMail.objects.filter(pk=mail_pk)
        .filter(Q(status=MailStatus.PENDING) | Q(status=MailStatus.SENDING, claimed_at__lt=now - STALE_CLAIM))
        .update(status=MailStatus.SENDING, claimed_at=now)
    )
    if not claimed:
        return None
    mail = OutgoingMail.objects.get(pk=mail_pk)
    try:
        EmailMessage(mail.subject, mail.body, None, [mail.to]).send()
    except (smtplib.SMTPException, OSError) as error:
        return _failed(mail, error)
    mail.status, mail.sent_at, mail.body, mail.last_error = MailStatus.SENT, timezone.now(), "", ""
    mail.attempts += 1
    mail.save(update_fields=["status", "sent_at", "body", "last_error", "attempts"])
    return mail.status


def _failed(mail, error):
    from pusula.outbox.tasks import deliver_mail

    delays = retry_delays()
    mail.attempts += 1
    mail.last_error = _describe(error)[:300]
    logger.warning("mail %s to %s not sent (attempt %d): %s", mail.pk, mail.to, mail.attempts, mail.last_error)
    if mail.attempts > len(delays):
        mail.status, mail.body, mail.next_attempt_at = MailStatus.FAILED, "", None
    else:
        mail.status = MailStatus.PENDING
        mail.next_attempt_at = timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
        deliver_mail.using(run_after=mail.next_attempt_at).enqueue(mail.pk)
    mail.save(update_fields=["status", "body", "attempts", "last_error", "next_attempt_at"])
    return mail.status


def _describe(error):
    """The server's own answer where there is one ("451 4.3.0 try again later"), else the error's name."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(error.recipients.values()))
        return f"{code} {message.decode(errors='replace')}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    return f"{type(error).__name__}: {error}"
