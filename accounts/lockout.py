"""Lockouts after failed logins: what a success clears, and when they end."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


class LockoutHandler(AxesDatabaseHandler):
    """
    axes' database handler, except that a successful login clears the failed
    attempts on that username only.

    axes would also clear every failure from the same address, whatever the
    username: someone with an account of their own could then guess another
    editor's password without end, four tries between two logins of theirs.
    """

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_ends_at(*, username, ip_address, now=None):
    """
    Return when neither the username nor the address is locked any more, or
    None if neither is locked now.

    axes counts the failures of the attempts newer than the cool-off; each
    attempt row sums one client's failures and carries the time of its last.
    A lockout lasts until enough of the oldest rows have aged out to leave
    fewer failures than the limit.
    """
    now = now or timezone.now()
    cool_off = settings.AXES_COOLOFF_TIME
    ends = []
    for field, value in (("username", username), ("ip_address", ip_address)):
        if not value:
            continue
        rows = list(
            AccessAttempt.objects.filter(
                **{field: value}, attempt_time__gte=now - cool_off
            )
            .order_by("attempt_time")
            .values_list("attempt_time", "failures_since_start")
        )
        failures = sum(count for _, count in rows)
        for attempt_time, count in rows:
            if failures < settings.AXES_FAILURE_LIMIT:
                break
            ends.append(attempt_time + cool_off)
            failures -= count
    return max(ends, default=None)
