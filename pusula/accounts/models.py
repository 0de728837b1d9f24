from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from pusula.lib.text import email_spelling


def email_key(address):
    """One spelling of an address for counting login attempts: case does not tell addresses apart."""
    return email_spelling(address).casefold()


def login_identity(request, credentials=None):
    """What django-axes counts failed logins against (AXES_USERNAME_CALLABLE): the address, any spelling."""
    data = credentials or getattr(request, "POST", None) or {}
    return email_key(data.get("username"))


class EmailUserManager(UserManager):
    """Users sign in with their e-mail address; there is no separate user name."""

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email((email or "").strip())
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        # E-mail addresses are matched without regard to case (Django's casefold-free iexact).
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    name = models.CharField(_("ad soyad"), max_length=150, blank=True)
    email = models.EmailField(_("e-posta"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            # Sign-up checks first, but two sign-ups at once both pass that check; this decides.
            models.UniqueConstraint(Lower("email"), name="unique_email_ignoring_case"),
        ]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name or self.email
