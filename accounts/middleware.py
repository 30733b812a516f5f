"""Middleware for staff sessions and pages: lifetime, caching, refusals."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .signals import LOGIN_AT_SESSION_KEY, ip, log


class SessionLifetimeMiddleware:
    """
    End a logged-in session SESSION_ABSOLUTE_AGE seconds after its login,
    however active it has been.

    Inactivity ends sessions without help: SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST. A session without a login time predates this
    middleware and ends too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        if key and not (key.isascii() and key.isalnum()):
            # Not a key Django makes, so no session; looking it up could fail
            # (PostgreSQL refuses a NUL byte), and SESSION_SAVE_EVERY_REQUEST
            # would look it up on any page. SessionMiddleware then deletes
            # the cookie.
            request.session = type(request.session)()
        # Without a session cookie there is no login to end; not touching the
        # session keeps public pages free of "Vary: Cookie", so caches can
        # share them between visitors.
        if key and SESSION_KEY in request.session:
            login_at = request.session.get(LOGIN_AT_SESSION_KEY, 0)
            if time.time() - login_at > settings.SESSION_ABSOLUTE_AGE:
                self.end(request)
        return self.get_response(request)

    def end(self, request):
        log.info(
            "session ended after its maximum lifetime: user=%r ip=%s",
            request.user.get_username(),
            ip(request),
        )
        logout(request)
        # OTPMiddleware's attributes, which the new anonymous user lacks.
        request.user.otp_device = None
        request.user.is_verified = lambda: False


class NoStoreMiddleware:
    """
    Mark every response under the admin path (admin, login, account pages,
    lockout and error pages) Cache-Control: no-store, so that no browser or
    proxy keeps a copy of what staff saw.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(reverse("admin:index")):
            add_never_cache_headers(response)
        return response


class RefusalLogMiddleware:
    """Log every 403: the admin refusing a user a page or an action, CSRF."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log.warning(
                "refused: user=%r ip=%s %s %r",
                request.user.get_username(),
                ip(request),
                request.method,
                request.path,
            )
        return response
