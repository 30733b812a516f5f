"""
What the staff accounts keep beside django-otp's and axes' tables: the
two-factor resets administrators ran.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
