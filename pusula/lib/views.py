from django.http import HttpResponse


def ping(request):
    """A bare view: the health check, and the benchmark's ceiling for a request through the middleware."""
    return HttpResponse("ok", content_type="text/plain")
