"""
Rate limits on password-reset mail: per client address and per account.

Without them anyone could fill an editor's inbox with reset links (or make
the mail server send thousands of them) from a form that needs no login.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import PasswordResetRequest
from .signals import log


def password_reset_recipients(users, *, ip_address, now=None):
    """
    Return those of ``users`` (the accounts the typed address matched) that
    may be mailed a reset link now, and count the request.

    An address makes PASSWORD_RESET_LIMIT_PER_ADDRESS requests per
    PASSWORD_RESET_WINDOW, for accounts or not (so that probing addresses
    costs as much as resetting); past that it mails no one. An account is
    mailed PASSWORD_RESET_LIMIT_PER_ACCOUNT links per window, whoever asks.
    The caller answers the same either way: the page tells nothing.
    """
    now = now or timezone.now()
    since = now - settings.PASSWORD_RESET_WINDOW
    with transaction.atomic():
        PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
        recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
        if (
            recent.filter(ip_address=ip_address).count()
            >= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        ):
            # Not counted: the address is held at the limit until its oldest
            # requests leave the window, however fast it asks.
            log.warning(
                "password reset refused, too many from the address: users=%r ip=%s",
                [user.get_username() for user in users],
                ip_address,
            )
            return []
        # Locking the accounts makes concurrent requests for one account wait
        # for each other's count; one address's requests may still overshoot
        # its limit by as many as run at once.
        list(
            get_user_model()
            .objects.select_for_update()
            .filter(pk__in=[user.pk for user in users])
        )
        allowed = [
            user
            for user in users
            if recent.filter(user=user).count()
            < settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
        ]
        if len(allowed) < len(users):
            log.warning(
                "password reset refused, too many for the account: users=%r ip=%s",
                [user.get_username() for user in users if user not in allowed],
                ip_address,
            )
        PasswordResetRequest.objects.bulk_create(
            [
                PasswordResetRequest(ip_address=ip_address, user=user, requested_at=now)
                for user in allowed
            ]
            or [PasswordResetRequest(ip_address=ip_address, requested_at=now)]
        )
    return allowed
