"""From a round's report to action: improvement candidates, their ratings, and the plan's actions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusula.assessments.models import Round
from pusula.content.models import Question, Resource

RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]
HIGH_RATING = 4  # 4 and 5 count as high on the matrix; 3 is the middle of the scale, so it does not


class Quadrant(models.TextChoices):
    QUICK_WIN = "quick_win", _("Hızlı kazanımlar")
    MAJOR_PROJECT = "major_project", _("Büyük projeler")
    SMALL_IMPROVEMENT = "small_improvement", _("Küçük iyileştirmeler")
    LATER = "later", _("Sonra yeniden düşünün")


def quadrant_for(importance, feasibility):
    if importance is None or feasibility is None:
        return None
    if importance >= HIGH_RATING:
        return Quadrant.QUICK_WIN if feasibility >= HIGH_RATING else Quadrant.MAJOR_PROJECT
    return Quadrant.SMALL_IMPROVEMENT if feasibility >= HIGH_RATING else Quadrant.LATER


class Candidate(models.Model):
    """A question the organization considers working on, with the team's ratings.

    Suggested candidates (lowest levels, widest disagreement) are worked out from the report each time;
    a row exists once a candidate is rated or added by hand.
    """

    class Source(models.TextChoices):
        SUGGESTED = "suggested", _("Önerilen")
        ADDED = "added", _("Eklenen")

    round = models.ForeignKey(Round, models.CASCADE, related_name="candidates")
    question = models.ForeignKey(Question, models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SUGGESTED)
    importance = models.PositiveSmallIntegerField(_("önem / etki"), null=True, blank=True, choices=RATING_CHOICES)
    feasibility = models.PositiveSmallIntegerField(_("uygulanabilirlik"), null=True, blank=True, choices=RATING_CHOICES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "question"], name="unique_candidate"),
            models.CheckConstraint(
                condition=models.Q(importance__isnull=True) | models.Q(importance__gte=1, importance__lte=5),
                name="candidate_importance_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(feasibility__isnull=True) | models.Q(feasibility__gte=1, feasibility__lte=5),
                name="candidate_feasibility_1_5",
            ),
        ]

    @property
    def quadrant(self):
        return quadrant_for(self.importance, self.feasibility)


class ActionQuerySet(models.QuerySet):
    def for_round(self, round):
        return self.filter(round=round)

    def open(self):
        return self.filter(status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS])

    def due_by(self, day):
        """Open actions whose end date is on or before `day` (overdue ones included)."""
        return self.open().filter(due_on__isnull=False, due_on__lte=day)


class Action(models.Model):
    """One step of the improvement plan, aimed at one question of the round."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlandı")
        IN_PROGRESS = "in_progress", _("Sürüyor")
        DONE = "done", _("Tamamlandı")
        DROPPED = "dropped", _("Vazgeçildi")

    round = models.ForeignKey(Round, models.CASCADE, related_name="actions")
    question = models.ForeignKey(Question, models.CASCADE, related_name="+")
    title = models.CharField(_("ne yapılacak"), max_length=300)
    responsible = models.CharField(_("sorumlu kişi"), max_length=200, blank=True)
    starts_on = models.DateField(_("başlangıç tarihi"), null=True, blank=True)
    due_on = models.DateField(_("bitiş tarihi"), null=True, blank=True)
    resources_needed = models.TextField(_("gereken kaynaklar"), blank=True, max_length=4000)
    success_indicator = models.TextField(_("başarı göstergesi"), blank=True, max_length=4000)
    status = models.CharField(_("durum"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notlar"), blank=True, max_length=10000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(due_on__isnull=True)
                | models.Q(starts_on__lte=models.F("due_on")),
                name="action_starts_before_due",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class ActionResource(models.Model):
    """A learning resource linked to an action, from the prescription; ticked once studied."""

    action = models.ForeignKey(Action, models.CASCADE, related_name="learning")
    resource = models.ForeignKey(Resource, models.CASCADE, related_name="+")
    studied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["action", "resource"], name="unique_action_resource")]


class ProgressEntry(models.Model):
    """A dated line in an action's progress log."""

    action = models.ForeignKey(Action, models.CASCADE, related_name="progress")
    written_on = models.DateField(_("tarih"), default=timezone.localdate)
    text = models.TextField(_("ne oldu"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
