import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pusula.lib.text import turkish_slug
from pusula.lib.token_models import IssuedToken
from pusula.organizations.profile import CITY_CHOICES, FIELDS_OF_WORK, OTHER


class SizeBand(models.TextChoices):
    VOLUNTEER_ONLY = "volunteers", _("Yalnızca gönüllüler, ücretli çalışan yok")
    SMALL = "1-5", _("1–5 çalışan")
    MEDIUM = "6-20", _("6–20 çalışan")
    LARGE = "21+", _("21 ve üzeri çalışan")


class OrganizationKind(models.TextChoices):
    """The legal form, which decides the questions asked (content `applies_to`; see content.pack)."""

    DERNEK = "dernek", _("Dernek")
    VAKIF = "vakif", _("Vakıf")
    PLATFORM = "platform", _("Tüzel kişiliği olmayan platform, ağ ya da girişim")
    KOOPERATIF = "kooperatif", _("Kooperatif")
    DIGER = "diger", _("Diğer")


class OrganizationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organization(models.Model):
    name = models.CharField(_("örgütün adı"), max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    city = models.CharField(_("İl"), max_length=100, choices=CITY_CHOICES)  # capfirst("il") would give "Il"
    city_other = models.CharField(_("İl (diğer)"), max_length=100, blank=True)
    field_of_work = models.CharField(_("çalışma alanı"), max_length=40, choices=FIELDS_OF_WORK)
    field_of_work_other = models.CharField(_("çalışma alanı (diğer)"), max_length=200, blank=True)
    size_band = models.CharField(_("büyüklük"), max_length=20, choices=SizeBand.choices)
    # Blank only for organizations created before the kind was asked: they are asked every question.
    kind = models.CharField(_("örgüt türü"), max_length=20, choices=OrganizationKind.choices, blank=True)
    counted_in_comparisons = models.BooleanField(
        _("Puanlarımız karşılaştırmalarda sayılsın"),
        default=False,
        help_text=_(
            "Açarsanız alan puanlarınız, adınız hiçbir yerde görünmeden, en az beş örgütlük gruplarda benzer "
            "örgütlerin ortanca ve çeyrek değerlerine katılır; siz de raporunuzda bu örgütler arasında nerede "
            "durduğunuzu görürsünüz."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)  # the operator counts per month

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("örgüt")
        verbose_name_plural = _("örgütler")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = turkish_slug(self.name, 40) or "orgut"
            slug = base
            while Organization.objects.filter(slug=slug).exists():
                slug = f"{base}-{secrets.token_hex(2)}"
            self.slug = slug
        super().save(*args, **kwargs)

    @property
    def city_label(self):
        return self.city_other if self.city == OTHER and self.city_other else self.get_city_display()

    @property
    def field_of_work_label(self):
        if self.field_of_work == OTHER and self.field_of_work_other:
            return self.field_of_work_other
        return self.get_field_of_work_display()


class Membership(models.Model):
    """A user who runs the organization's assessments (the coordinator)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Koordinatör")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("koordinatör")
        verbose_name_plural = _("koordinatörler")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")]


class ApiToken(IssuedToken):
    """An organization's key to its own data over the JSON API (Authorization: Bearer)."""

    OWNER = "organization"
    PREFIX = "pus_"

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="api_tokens")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    @classmethod
    def issue(cls, organization, user, name):
        return cls._issue(organization=organization, created_by=user, name=name)
