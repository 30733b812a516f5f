"""
The reader's language: Accept-Language first, then the switcher's cookie,
and ``?lang=az`` on any address, which the pages' ``hreflang`` alternates
use. Addresses carry no language prefix.
"""

from django.conf import settings
from django.utils import translation

LANGUAGE_PARAMETER = "lang"
COOKIE_AGE = 365 * 24 * 60 * 60


def remember_language(response, request, code):
    """Keep ``code`` as the reader's language for the visits to come."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )


class LanguageParameterMiddleware:
    """
    Answer ``?lang=<code>`` in that language, and remember it for the rest of
    the visit when a page is shown. An unknown code is ignored: the page is
    shown in the language the reader would otherwise get.

    After LocaleMiddleware, which has chosen from the cookie and the
    browser; the page cache keys on the full address, ``?lang`` included.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        code = request.GET.get(LANGUAGE_PARAMETER)
        if code not in self.languages:
            return self.get_response(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        is_page = response.get("Content-Type", "").startswith("text/html")
        if is_page and response.status_code == 200 and remembered != code:
            remember_language(response, request, code)
        return response


def written_in(code):
    """
    Return the note beside a text shown in ``code`` to a reader of another
    language ("in English"): said in the reader's language.
    """
    notes = {
        "en": translation.gettext("in English"),
        "az": translation.gettext("in Azerbaijani"),
        "ru": translation.gettext("in Russian"),
    }
    if code in notes:
        return notes[code]
    name = translation.get_language_info(code)["name_translated"]
    return translation.gettext("in %(language)s") % {"language": name}
