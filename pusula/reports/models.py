from django.db import models


class RenderedPdf(models.Model):
    """A rendered report PDF, kept until what it shows changes.

    Rendering a 50-page report takes WeasyPrint seconds; the same round downloaded again is served from
    here. Kept in the database so every app server shares it.
    """

    key = models.CharField(max_length=100, unique=True)  # "round:<pk>" or "respondent:<pk>"
    fingerprint = models.CharField(max_length=64)
    data = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now=True)
