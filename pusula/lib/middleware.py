from django.conf import settings
from django.utils import translation


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
