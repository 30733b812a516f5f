"""
What the staff accounts keep beside django-otp's and axes' tables: recovery
codes, hashed, the two-factor resets administrators ran, and recent
password-reset requests.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """
    A user's recovery codes as a django-otp device, so that
    devices_for_user(), OTPMiddleware and reset_two_factor see it like the
    authenticator app. Each code is kept only as a salted hash
    (RecoveryCode) and works once.

    django-otp's own static device keeps its codes in clear: anyone who
    reads the database, or a backup of it, could log in with them.
    """

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")
        constraints = [
            # New codes replace the old ones on the same device
            # (two_factor.recovery_codes_replace).
            models.UniqueConstraint(
                fields=["user"], name="accounts_recoverycodedevice_one_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.user})"

    def get_throttle_factor(self):
        # After a wrong code the next is checked only 1, 2, 4… seconds later,
        # as django-otp's static device does.
        return 1

    def verify_token(self, token):
        """
        Return whether ``token`` is one of the codes; a code that matches is
        deleted.

        Each hash is tried in turn: up to ten slow (Argon2) checks, reached
        only after the right password, and throttled after a failure.
        Queries the codes.
        """
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        for code in self.codes.all():
            if check_password(token, code.code_hash):
                code.delete()
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
                return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    """One recovery code, as make_password() hashes it; deleted once used."""

    code_hash = models.CharField(_("hash"), max_length=128)

    device = models.ForeignKey(
        RecoveryCodeDevice,
        verbose_name=_("device"),
        on_delete=models.CASCADE,
        related_name="codes",
    )

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"Recovery code {self.pk} of {self.device}"


class TwoFactorReset(models.Model):
    """
    One run of ``manage.py reset_two_factor`` for one user: where their
    enrolment window starts again (two_factor.enrolment_open), and an audit
    trail of who reset whose second factor.
    """

    reset_by = models.CharField(
        _("reset by"),
        max_length=150,
        blank=True,
        help_text=_(
            "Who ran the reset: the name given to reset_two_factor --by, or "
            "else the system account that ran the command."
        ),
    )

    # A deleted user has no window left to open; the security log keeps the
    # line the reset wrote.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="two_factor_resets",
    )

    reset_at = models.DateTimeField(_("reset at"), default=timezone.now)

    class Meta:
        verbose_name = _("two-factor reset")
        verbose_name_plural = _("two-factor resets")
        ordering = ["-reset_at"]

    def __str__(self):
        return f"{self.user} ({self.reset_at:%Y-%m-%d %H:%M})"


class PasswordResetRequest(models.Model):
    """
    A recent password-reset request, counted by the rate limits
    (accounts.reset_limits): the address it came from, and the account it
    mailed, if any. Kept in the database, not the cache, so that the limits
    hold across processes and servers and while the cache is down; rows
    older than the window are deleted as new requests come.
    """

    ip_address = models.GenericIPAddressField(_("address"), null=True)

    # The account a reset link was mailed to; none when the address matched
    # no account, or the account was over its limit.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )

    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")
        indexes = [
            # The limits count an address's and an account's recent
            # requests; the pruning deletes by time alone.
            models.Index(
                fields=["ip_address", "requested_at"],
                name="accounts_resetreq_address_idx",
            ),
            models.Index(
                fields=["user", "requested_at"], name="accounts_resetreq_user_idx"
            ),
            models.Index(fields=["requested_at"], name="accounts_resetreq_time_idx"),
        ]

    def __str__(self):
        return f"{self.ip_address} ({self.requested_at:%Y-%m-%d %H:%M})"
