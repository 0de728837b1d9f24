"""Responses shared by every app."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(filename, mimetype, data):
    """A download: the renderers' (filename, mimetype, bytes), with a file name any browser keeps
    (non-ASCII names are sent RFC 6266 style)."""
    response = HttpResponse(data, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
