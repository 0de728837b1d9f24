from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusula.assessments.models import Round
from pusula.lib.tokens import find_by_token, hash_token, new_token


class ShareQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Share(models.Model):
    """A round's report the organization shared with the operator (the support centre), with a message."""

    class Status(models.TextChoices):
        NEW = "new", _("Yeni")
        COACHING = "coaching", _("Danışmanlıkta")
        CLOSED = "closed", _("Kapandı")

    round = models.ForeignKey(Round, models.CASCADE, related_name="shares")
    message = models.TextField(_("destek merkezine mesajınız"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("durum"), max_length=20, choices=Status.choices, default=Status.NEW)
    operator_note = models.TextField(_("destek merkezinin notu"), max_length=5000, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round"], condition=models.Q(revoked_at__isnull=True), name="one_share")
        ]
        indexes = [models.Index(fields=["revoked_at", "status"], name="share_open")]

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class ShareAccess(models.Model):
    """An operator opened a shared report: the organization sees every one."""

    share = models.ForeignKey(Share, models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    accessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accessed_at"]


class ReportLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def by_token(self, token):
        return find_by_token(self.select_related("round__organization", "round__version"), token)


class ReportLink(models.Model):
    """A read-only link to one round's report, for a funder or a partner: expiring, revocable, every opening logged."""

    EXPIRY_CHOICES = [(7, _("1 hafta")), (30, _("1 ay")), (90, _("3 ay"))]

    round = models.ForeignKey(Round, models.CASCADE, related_name="report_links")
    label = models.CharField(_("kime"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    @property
    def usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @classmethod
    def issue(cls, round, user, label, days):
        """(row, token): the token itself exists only in this return value."""
        token = new_token()
        row = cls.objects.create(
            round=round,
            label=label,
            token_hash=hash_token(token),
            created_by=user,
            expires_at=timezone.now() + timedelta(days=days),
        )
        return row, token


class LinkOpening(models.Model):
    link = models.ForeignKey(ReportLink, models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at"]
