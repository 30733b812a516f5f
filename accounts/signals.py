"""
The security log, logger "casetracker.security": logins, failed logins,
lockouts and logouts. The views add second-factor events, the middleware
refusals and expired sessions.

A password or a code is never logged. Usernames a client typed are logged
with %r, so that a crafted one cannot forge a log line.
"""

import logging
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from .addresses import client_ip
from .models import RecoveryCodeDevice

log = logging.getLogger("casetracker.security")

# When the session's login happened; SessionLifetimeMiddleware ends the
# session SESSION_ABSOLUTE_AGE seconds later.
LOGIN_AT_SESSION_KEY = "accounts_login_at"


def ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def login_succeeded(sender, request, user, **kwargs):
    request.session[LOGIN_AT_SESSION_KEY] = int(time.time())
    device = getattr(user, "otp_device", None)
    if device is None:
        second_factor = "none"
    elif isinstance(device, RecoveryCodeDevice):
        second_factor = "recovery code"
    else:
        second_factor = "authenticator app"
    log.info(
        "login succeeded: user=%r ip=%s second_factor=%s",
        user.get_username(),
        ip(request),
        second_factor,
    )


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in credentials; only the
    # username is read.
    log.warning(
        "login failed: username=%r ip=%s", credentials.get("username"), ip(request)
    )


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    # Sent when a lockout starts and again for each attempt during it.
    log.warning("locked out: username=%r ip=%s", username, ip_address)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        log.info("logout: user=%r ip=%s", user.get_username(), ip(request))
