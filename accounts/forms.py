from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import two_factor
from .addresses import client_ip
from .models import RecoveryCodeDevice
from .reset_limits import password_reset_recipients
from .signals import ip, log

CODE_WIDGET_ATTRS = {
    "autocomplete": "one-time-code",
    "autocapitalize": "none",
    "spellcheck": "false",
}


class LoginForm(AdminAuthenticationForm):
    """
    The admin login: username, password and a code, on one page.

    A wrong code fails like a wrong password, with the same message, and
    counts towards the lockout (user_login_failed, which axes records). A
    staff user without a device, while enrolment is open to them, passes
    with the password alone to set up their app: ``enrolment_needed``.
    """

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=32,
        help_text=_(
            "The six digits your authenticator app shows, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s, password and code for a "
            "staff account. Username and password are case-sensitive."
        ),
        "enrolment_closed": _(
            "Two-factor authentication is not set up for this account, and "
            "the time to set it up has passed. Ask an administrator to reset "
            "it for you."
        ),
    }

    enrolment_needed = False

    def clean(self):
        super().clean()
        user = self.get_user()
        if user is None:  # a field was missing; its error is on the form
            return self.cleaned_data
        code = self.cleaned_data.get("otp_token", "")
        if not two_factor.has_device(user):
            if settings.OTP_REQUIRED:
                if not two_factor.enrolment_open(user):
                    log.warning(
                        "login refused, enrolment closed: user=%r ip=%s",
                        user.get_username(),
                        ip(self.request),
                    )
                    raise ValidationError(
                        self.error_messages["enrolment_closed"],
                        code="enrolment_closed",
                    )
                self.enrolment_needed = True
            return self.cleaned_data
        if not code and not settings.OTP_REQUIRED:
            return self.cleaned_data
        device = two_factor.verify_code(user, code) if code else None
        if device is None:
            self.second_factor_failed(user)
        user.otp_device = device
        if isinstance(device, RecoveryCodeDevice):
            log.warning(
                "recovery code used: user=%r ip=%s codes_left=%d",
                user.get_username(),
                ip(self.request),
                two_factor.recovery_codes_left(user),
            )
        return self.cleaned_data

    def second_factor_failed(self, user):
        log.warning(
            "second factor failed: user=%r ip=%s",
            user.get_username(),
            ip(self.request),
        )
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username()},
            request=self.request,
        )
        self.user_cache = None
        raise self.get_invalid_login_error()


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now."),
        widget=forms.TextInput(attrs={**CODE_WIDGET_ATTRS, "inputmode": "numeric"}),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """
    Django's password-reset form, except that it mails only the accounts the
    rate limits let through (accounts.reset_limits). The page that follows
    is the same either way.
    """

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def get_users(self, email):
        users = list(super().get_users(email))
        log.info(
            "password reset requested: users=%r ip=%s",
            [user.get_username() for user in users],
            ip(self.request),
        )
        return password_reset_recipients(users, ip_address=client_ip(self.request))
