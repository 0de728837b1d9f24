from django.http import HttpResponse


def ping(request):
    """A bare view: the health check, and the benchmark's ceiling for a request through the middleware."""
    return HttpResponse("ok", content_type="text/plain")


ROBOTS_TXT = """User-agent: *
Disallow: /r/
Disallow: /o/
Disallow: /accounts/
Disallow: /api/
Disallow: /i18n/
"""


def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain")
