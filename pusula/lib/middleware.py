from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Turkish unless the person picked another language with the switcher.

    The browser's Accept-Language is deliberately not consulted: most users are Turkish speakers on
    phones set to English, and the content itself is Turkish, so a half-English page would help nobody.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def _undecodable(encoded):
    """True if any name or value of an application/x-www-form-urlencoded string is not valid UTF-8."""
    for field in encoded.replace(b";", b"&").split(b"&"):
        try:
            unquote_to_bytes(field.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


class RejectUndecodableFormsMiddleware:
    """A form or query string that is not UTF-8 gets a 400 with a message.

    Django would decode it with replacement characters, and a name would be saved as '���'. Pusula's
    forms are all application/x-www-form-urlencoded (no file uploads), so the raw body says it all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        is_form = request.content_type == "application/x-www-form-urlencoded"
        if _undecodable(query) or (is_form and request.method == "POST" and _undecodable(request.body)):
            message = _("Gönderilen bilgiler geçerli UTF-8 olmayan karakterler içeriyor; hiçbir şey kaydedilmedi.")
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


class NoIndexMiddleware:
    """Tells search engines to keep every page but the home page out of their index.

    Respondent links, reports and dashboards are private; a link pasted somewhere public must not make
    an organization's report findable. robots.txt asks crawlers to stay out as well.
    """

    PUBLIC_PATHS = {"/", "/robots.txt"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path not in self.PUBLIC_PATHS:
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
