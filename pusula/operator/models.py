from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pusula.assessments.models import Round
from pusula.lib.token_models import IssuedToken
from pusula.organizations.models import Organization


class RoundSummary(models.Model):
    """An organization's scores in one round, written when the round closes or its consensus changes.

    The operator's figures are aggregated from these rows in the database, never from answers: one row
    per round, one per area and one per question below it. `latest` marks each organization's newest
    summarised round, the one the sector profile counts; it is copied onto the area and question rows so
    that the sector's figures are read from one index each.
    """

    round = models.OneToOneField(Round, models.CASCADE, related_name="summary")
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="round_summaries")
    completed = models.BooleanField(default=False)  # the round is closed
    summarised_on = models.DateField()  # the day the round closed, or of the last consensus change
    respondents = models.PositiveIntegerField()
    overall = models.FloatField(null=True)
    latest = models.BooleanField(default=False)
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["latest", "overall"], name="summary_latest_overall"),
            models.Index(fields=["summarised_on"], name="summary_day"),
        ]


class AreaScore(models.Model):
    summary = models.ForeignKey(RoundSummary, models.CASCADE, related_name="areas")
    area = models.SlugField(max_length=100)  # the content pack's area_id, stable across versions
    score = models.FloatField()
    band = models.PositiveSmallIntegerField()  # 0–9: the score's tenth, for histograms
    latest = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["latest", "area", "score", "band"], name="areascore_latest")]


class QuestionScore(models.Model):
    summary = models.ForeignKey(RoundSummary, models.CASCADE, related_name="questions")
    question = models.PositiveIntegerField()  # the content pack's question_id, stable across versions
    choice = models.PositiveSmallIntegerField()  # the organization's answer; 0 is "Bilmiyorum"
    score = models.FloatField(null=True)  # None for "Bilmiyorum"
    spread = models.FloatField(null=True)  # how far apart its people answered; None with fewer than two
    latest = models.BooleanField(default=False)

    class Meta:
        # Covers the sector's question figures (weakest, resources, disagreement) without reading the table.
        indexes = [
            models.Index(fields=["latest", "question", "choice", "score", "spread"], name="questionscore_latest")
        ]


class SectorFigures(models.Model):
    """The dashboard's figures as last computed: recomputed when a summary changes or after a few minutes.

    Computing them reads every summary, seconds at 100,000 organizations; reading them is one row.
    """

    key = models.CharField(max_length=200, unique=True)
    data = models.JSONField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField()  # what computing them took

    class Meta:
        permissions = [("operate", _("Destek merkezi panosunu ve paylaşılan raporları görebilir"))]


class OperatorToken(IssuedToken):
    """An operator's key to the operator API (X-Operator-Token).

    It works only while its user is still an operator: taking the permission away closes the API too.
    """

    OWNER = "user"
    PREFIX = "pop_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="operator_tokens")

    @classmethod
    def issue(cls, user, name):
        return cls._issue(user=user, name=name)
