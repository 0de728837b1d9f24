from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusula.assessments.journey import coordinator_steps
from pusula.content.models import Choice, ContentVersion, Question
from pusula.content.questionnaire import questionnaire_for
from pusula.lib.tokens import derived_token, find_by_token, hash_token, new_token
from pusula.organizations.models import Organization, OrganizationKind


class RoundQuerySet(models.QuerySet):
    def for_org(self, organization):
        return self.filter(organization=organization)

    def with_progress(self, user):
        """Counts the round's next step depends on, for the user viewing it, in the same query."""
        people = Respondent.objects.filter(round=models.OuterRef("pk"))
        mine = people.filter(user=user)
        invited = models.Q(respondents__user__isnull=True, respondents__revoked_at__isnull=True)
        return self.annotate(
            respondent_count=models.Count("respondents", filter=models.Q(respondents__revoked_at__isnull=True)),
            finished_count=models.Count("respondents", filter=models.Q(respondents__finished_at__isnull=False)),
            invited_count=models.Count("respondents", filter=invited),
            # Only people answering by link can still finish (and be reminded); a paper sheet is done.
            unfinished_count=models.Count(
                "respondents",
                filter=invited & models.Q(respondents__finished_at__isnull=True, respondents__source=Source.LINK),
            ),
            mine_answered=models.Subquery(
                Answer.objects.filter(respondent__round=models.OuterRef("pk"), respondent__user=user)
                .values("respondent")
                .annotate(n=models.Count("pk"))
                .values("n")[:1]
            ),
            mine_exists=models.Exists(mine),
            mine_finished=models.Exists(mine.filter(finished_at__isnull=False)),
            consensus_count=models.Subquery(
                ConsensusAnswer.objects.filter(round=models.OuterRef("pk"))
                .values("round")
                .annotate(n=models.Count("pk"))
                .values("n")[:1]
            ),
        )


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
    # When the respondents who had not finished were told the closing date is near (sent once).
    closing_reminder_sent_at = models.DateTimeField(null=True, blank=True)
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

    def steps(self, question_count, reminders_due=0):
        """The coordinator's steps for a round annotated by RoundQuerySet.with_progress."""
        return coordinator_steps(
            self,
            invited=self.invited_count,
            unfinished=self.unfinished_count,
            mine_answered=self.mine_answered or 0,
            mine_finished=self.mine_finished if self.mine_exists else None,
            consensus=self.consensus_count or 0,
            questions=question_count,
            reminders_due=reminders_due,
        )


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinatör")
    STAFF = "staff", _("Çalışan")
    MANAGER = "manager", _("Yönetici")
    BOARD_MEMBER = "board_member", _("Yönetim kurulu üyesi")
    BOARD_CHAIR = "board_chair", _("Yönetim kurulu başkanı")
    VOLUNTEER = "volunteer", _("Gönüllü")
    MEMBER = "member", _("Üye")
    OTHER = "other", _("Diğer")


class Source(models.TextChoices):
    """How a respondent's answers reach Pusula."""

    LINK = "link", _("bağlantı")
    PAPER = "paper", _("kâğıt")
    IMPORT = "import", _("içe aktarma")


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
    # The link token is derived from this key and the server's secret, so a reminder can carry the same
    # link; the database alone does not give the link away.
    link_key = models.CharField(max_length=64, blank=True)
    label = models.CharField(_("ad ya da not"), max_length=200, blank=True)
    email = models.EmailField(blank=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, blank=True)
    anonymous = models.BooleanField(_("anonim"), default=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LINK)
    # The submission's own id (KoboToolbox _uuid, ODK instanceID): the same file imported twice adds nobody.
    external_id = models.CharField(max_length=100, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The same person in the previous round, matched by invitation e-mail or label (or account), so
    # they see what they answered last time.
    previous = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RespondentQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="unique_respondent_number"),
            models.UniqueConstraint(
                fields=["round", "user"], condition=models.Q(user__isnull=False), name="unique_respondent_user"
            ),
            models.UniqueConstraint(
                fields=["round", "external_id"], condition=~models.Q(external_id=""), name="unique_respondent_import"
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
        """A fresh link: a new random key, the token derived from it; only the token's hash is kept."""
        self.link_key = new_token()
        token = self.link_token()
        self.token_hash = hash_token(token)
        self.revoked_at = None
        return token

    def link_token(self):
        """The token of the current link, or None for a link made before keys (or no link at all)."""
        return derived_token(self.link_key, purpose="respondent-link") if self.link_key else None


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, models.CASCADE, related_name="+")
    note = models.TextField(_("notunuz"), blank=True)
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
