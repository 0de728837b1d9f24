from django.db import models
from django.utils.translation import gettext_lazy as _

from pusula.content.pack import DONT_KNOW, NOT_APPLICABLE


class ContentVersionQuerySet(models.QuerySet):
    def current(self, language="tr"):
        """The newest loaded version: new assessments start on it."""
        return self.filter(language=language).order_by("-loaded_at", "-id").first()


class ContentVersion(models.Model):
    """One loaded state of a content pack and its translations, identified by the hash of their files.

    `language` is the source language (Turkish); the other languages live in the texts' `translations`.
    """

    hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8)
    source = models.CharField(max_length=255)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = ContentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-loaded_at", "-id"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        # No language prefix: one version holds every language of the pack.
        return self.hash[:8]


class Resource(models.Model):
    version = models.ForeignKey(ContentVersion, models.CASCADE, related_name="resources")
    slug = models.SlugField(max_length=100)
    kind = models.CharField(max_length=40)
    code = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    publisher = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, blank=True)
    url = models.URLField(max_length=500)
    topics = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="unique_resource_slug")]

    def __str__(self):
        return self.title


class Area(models.Model):
    version = models.ForeignKey(ContentVersion, models.CASCADE, related_name="areas")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    order = models.IntegerField()
    description = models.TextField()
    translations = models.JSONField(default=dict, blank=True)  # language: {title, description}

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="unique_area_slug")]

    def __str__(self):
        return self.title


class Question(models.Model):
    version = models.ForeignKey(ContentVersion, models.CASCADE, related_name="questions")
    area = models.ForeignKey(Area, models.CASCADE, related_name="questions")
    number = models.IntegerField(help_text=_("question_id of the content pack"))
    position = models.IntegerField()
    text = models.TextField()
    help = models.TextField(blank=True)
    translations = models.JSONField(default=dict, blank=True)  # language: {text, help}
    applies_to = models.JSONField(default=list, help_text=_("kinds of organization asked; empty: every kind"))

    class Meta:
        ordering = ["area__order", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="unique_question_number")]

    def __str__(self):
        return f"{self.number}. {self.text}"

    def applies_to_kind(self, kind):
        """Whether an organization of `kind` is asked this question; one of unknown kind is asked all."""
        return not kind or not self.applies_to or kind in self.applies_to


class Choice(models.Model):
    """An answer option and its prescription.

    Two numbers are never scored: 0 is "Bilmiyorum" (advice on finding out) and -1 is "Bizim için geçerli
    değil", offered only where the content declares that a question can legitimately not apply.
    """

    question = models.ForeignKey(Question, models.CASCADE, related_name="choices")
    number = models.IntegerField()
    level = models.IntegerField(null=True, blank=True)
    title = models.TextField()
    body = models.TextField()
    resources = models.JSONField(default=list)
    translations = models.JSONField(default=dict, blank=True)  # language: {title, body, resources}

    class Meta:
        ordering = ["question_id", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="unique_choice_number")]

    def __str__(self):
        return self.title

    # The same hash as Model.__hash__, cheaper: a report counts answers keyed by choice (reports.tallies),
    # thousands of times a page. Choices are only ever hashed once saved.
    def __hash__(self):
        return hash(self.id)

    @property
    def is_dont_know(self):
        return self.number == DONT_KNOW

    @property
    def is_not_applicable(self):
        return self.number == NOT_APPLICABLE

    @property
    def is_scored(self):
        return self.number > 0

    @property
    def unscored_label(self):
        """What the option is called on pages and reports when it carries no level, else None."""
        if self.is_dont_know:
            return _("Bilmiyorum")
        if self.is_not_applicable:
            return _("Bizim için geçerli değil")
        return None
