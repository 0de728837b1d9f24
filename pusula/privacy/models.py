from django.db import models


class DeletionRecord(models.Model):
    """That an organization was deleted, and how much went with it: no name, no e-mail, nothing personal."""

    deleted_at = models.DateTimeField(auto_now_add=True)
    organization_id = models.BigIntegerField()  # the id it had; it now points at nothing
    rounds = models.PositiveIntegerField()
    respondents = models.PositiveIntegerField()
    answers = models.PositiveIntegerField()
    stored_pdfs = models.PositiveIntegerField()

    class Meta:
        ordering = ["-deleted_at"]
