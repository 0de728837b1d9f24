from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusula.content.models import Choice, ContentVersion, Question
from pusula.content.questionnaire import questionnaire_for
from pusula.lib.tokens import find_by_token, hash_token, new_token
from pusula.organizations.models import Organization, OrganizationKind


class RoundQuerySet(models.QuerySet):
    def for_org(self, organization):
        return self.filter(organization=organization)


class Round(models.Model):
    """One assessment of an organization: a content version answered by its respondents."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="rounds")
    version = models.ForeignKey(ContentVersion, models.PROTECT, related_name="rounds")
    # The organization's kind when the round started: it decides which questions the round asks, so a
    # later change of the profile never changes a round's questions or its report. Blank: every question.
    organization_kind = models.CharField(max_length=20, choices=OrganizationKind.choices, blank=True)
    name = models.CharField(_("değerlendirmenin adı"), max_length=200)
    closes_on = models.DateField(_("kapanış tarihi"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The privacy promise made to respondents on the start page (docs/privacy.md); fixed for the round.
    anonymous_minimum = models.PositiveSmallIntegerField(
        _("anonim yanıtların rapora girmesi için gereken en az kişi"),
        default=3,
        validators=[MinValueValidator(2)],
    )
    named_answers_visible = models.BooleanField(_("adıyla yanıtlayanların yanıtları tek tek görünsün"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)  # the operator counts per month
    # The round this one measures again ("start the next round"): its invitation list was copied.
    previous_round = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="+")

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        if self.closed_at is not None:
            return False
        return self.closes_on is None or self.closes_on >= timezone.localdate()

    @property
    def questionnaire(self):
        """The questions this round asks: its content version, for its organization's kind."""
        return questionnaire_for(self.version, self.organization_kind)

    def close(self):
        if self.closed_at is None:
            self.closed_at = timezone.now()
            self.save(update_fields=["closed_at"])


class Role(models.TextChoices):
    STAFF = "staff", _("Çalışan")
    MANAGER = "manager", _("Yönetici")
    BOARD_MEMBER = "board_member", _("Yönetim kurulu üyesi")
    BOARD_CHAIR = "board_chair", _("Yönetim kurulu başkanı")
    VOLUNTEER = "volunteer", _("Gönüllü")
    MEMBER = "member", _("Üye")
    OTHER = "other", _("Diğer")


class RespondentQuerySet(models.QuerySet):
    def by_token(self, token):
        """The respondent a link token belongs to, or None."""
        return find_by_token(self.select_related("round__organization", "round__version"), token)


class Respondent(models.Model):
    """A person answering a round: the coordinator through their account, others through a link."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="respondents")
    number = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    label = models.CharField(_("ad ya da not"), max_length=200, blank=True)
    email = models.EmailField(blank=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, blank=True)
    anonymous = models.BooleanField(_("anonim"), default=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The same person in the previous round, matched by invitation e-mail or label (or account), so
    # they see what they answered last time.
    previous = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="+")

    objects = RespondentQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="unique_respondent_number"),
            models.UniqueConstraint(
                fields=["round", "user"], condition=models.Q(user__isnull=False), name="unique_respondent_user"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def code(self):
        """What exports and aggregate views call a respondent: never their name."""
        return f"Y{self.number:02d}"

    @property
    def display_name(self):
        return self.code if self.anonymous else (self.label or self.email or self.code)

    @property
    def status(self):
        if self.revoked_at:
            return "revoked"
        if self.finished_at:
            return "finished"
        if self.started_at:
            return "started"
        return "invited"

    def new_token(self):
        """A fresh 256-bit link token; only its hash is kept, so the link is shown once."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.revoked_at = None
        return token


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["respondent", "question"], name="unique_answer")]


class ConsensusAnswer(models.Model):
    """The answer the organization agreed on together, with why."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="consensus")
    question = models.ForeignKey(Question, models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, models.CASCADE, related_name="+")
    note = models.TextField(_("gerekçe"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "question"], name="unique_consensus")]
