"""Site-wide views that know nothing about cases: language, favicon, errors."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.http import require_safe

from ..languages import remember_language


@require_safe
def set_language(request, code):
    """
    Remember the reader's language in a cookie and go back to ``next``.

    A plain link rather than Django's POST form, so that public pages carry
    no CSRF token and can be cached; a language preference is harmless to
    set from another site.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    remember_language(response, request, code)
    return response


@require_safe
def favicon(request):
    return HttpResponseRedirect(static("img/favicon.svg"))


def page_not_found(request, exception):
    """404 in the site's style; in JSON for the API, whose clients read JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


# Seconds a client should wait before asking again while the database is
# unreachable: a restart or a fail-over takes about that long.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """
    500 in the site's style. While the database cannot be reached (the
    error being handled is the driver's OperationalError or InterfaceError)
    a calm 503 with Retry-After instead, which crawlers and API clients know
    to retry; in JSON for the API.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        detail = (
            "The service is briefly unavailable; try again shortly."
            if unavailable
            else "Server error."
        )
        response = JsonResponse({"detail": detail}, status=status)
    else:
        # No request context: its processors could need the database.
        template = "503.html" if unavailable else "500.html"
        response = HttpResponse(render_to_string(template), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_safe
def robots_txt(request):
    """Crawlers may read every public page; search result pages add nothing."""
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /search/", "Allow: /", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def about(request):
    """What the site documents and promises, and how each figure is made."""
    return render(
        request,
        "about.html",
        {
            "fresh_days": settings.CASETRACKER_FRESH_DAYS,
            "contact": settings.CASETRACKER_CONTACT_EMAIL,
            "licence": settings.CASETRACKER_DATA_LICENCE,
        },
    )


@require_safe
def data(request):
    """Every download, the archive and the API, in one place."""
    return render(
        request,
        "data.html",
        {"lists": DOWNLOADS, "licence": settings.CASETRACKER_DATA_LICENCE},
    )


# (title, list URL name, download URL name) of each public list.
DOWNLOADS = [
    (_("People"), "people:person-list", "people:person-export"),
    (_("Cases"), "cases:case-list", "cases:case-export"),
    (_("Events"), "cases:event-list", "cases:event-export"),
    (_("Statements"), "cases:statement-list", "cases:statement-export"),
    (_("Organizations"), "people:organization-list", "people:organization-export"),
    (_("Places of detention"), "people:facility-list", "people:facility-export"),
]
