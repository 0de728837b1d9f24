"""API keys, as an abstract model: the organization's (organizations.ApiToken) and the operator's
(operator.OperatorToken) differ only in whom they belong to."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusula.lib.tokens import find_by_token, hash_token, new_token


class IssuedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def by_token(self, token):
        """The active key for a token, with its owner; None when unknown or revoked."""
        return find_by_token(self.active().select_related(self.model.OWNER), token)


class IssuedToken(models.Model):
    """A key shown once and kept as a hash, with the first characters to recognise it by; revocable."""

    OWNER = ""  # the field naming whom the key belongs to
    PREFIX = ""  # tells the kinds of key apart at a glance

    name = models.CharField(_("ad"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = IssuedTokenQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @classmethod
    def _issue(cls, **fields):
        """(row, token): the token itself exists only in this return value."""
        token = new_token(prefix=cls.PREFIX)
        return cls.objects.create(token_hash=hash_token(token), prefix=token[:8], **fields), token
