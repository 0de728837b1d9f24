from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    PENDING = "pending", _("gönderilecek")
    SENDING = "sending", _("gönderiliyor")
    SENT = "sent", _("gönderildi")
    FAILED = "failed", _("gönderilemedi")


class OutgoingMailQuerySet(models.QuerySet):
    def unsent(self):
        return self.exclude(status=MailStatus.SENT)


class OutgoingMail(models.Model):
    """An e-mail Pusula owes someone: written in the request, delivered by the worker, retried until sent.

    The body may hold a personal link (an invitation's token), so it is erased once the mail is sent or
    given up: the database keeps links only for as long as they are on their way.
    """

    round = models.ForeignKey("assessments.Round", models.CASCADE, null=True, blank=True, related_name="outgoing_mails")
    kind = models.CharField(max_length=30)  # "invitation", "reminder", "notice"…: what the round page calls it
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"{self.kind} → {self.to} ({self.status})"
