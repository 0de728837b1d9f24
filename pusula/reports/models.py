from django.db import models


class RenderedPdf(models.Model):
    """A report's rendered PDF, kept until what it shows changes, and the claim on its next render.

    `fingerprint` says what the stored `data` was rendered from; `wanted` is the fingerprint a render was
    last queued for (set by one conditional UPDATE, so a render is queued once however many ask). Kept
    in the database so every app server and worker shares it.
    """

    key = models.CharField(max_length=100, unique=True)  # "round:<pk>:<language>" or "respondent:<pk>:<language>"
    fingerprint = models.CharField(max_length=64, blank=True)
    data = models.BinaryField(default=b"")
    pages = models.PositiveIntegerField(null=True)
    render_ms = models.PositiveIntegerField(null=True)
    rendered_at = models.DateTimeField(auto_now=True)
    wanted = models.CharField(max_length=64, blank=True)
    wanted_at = models.DateTimeField(null=True)
    started_at = models.DateTimeField(null=True)
    error = models.CharField(max_length=200, blank=True)
