"""
Staff account pages: the admin login with its second factor, setting up an
authenticator app, recovery codes, password reset and the lockout page.

Every page here is under the admin path and never cached (NoStoreMiddleware,
and never_cache on each view, so that the header does not depend on where
the URLs are included).
"""

import functools
import math
import time
from datetime import UTC, datetime

from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model, logout
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.middleware import is_verified as otp_is_verified

from . import two_factor
from .addresses import client_ip
from .forms import EnrolmentForm, LoginForm, PasswordResetForm
from .lockout import lockout_ends_at
from .signals import ip, log

# A user who passed their password and must set up an app first. Not a
# login: request.user stays anonymous, so nothing but the enrolment page
# opens to them.
ENROLLING_SESSION_KEY = "accounts_enrolling"
ENROLLING_SECONDS = 15 * 60
# The pk of the device whose key this session's enrolment page shows: only
# that one can be confirmed here (two_factor.enrolment_device_new).
ENROLMENT_DEVICE_SESSION_KEY = "accounts_enrolment_device"


def admin_context(request, **context):
    return {**admin.site.each_context(request), **context}


class AdminLoginView(auth_views.LoginView):
    authentication_form = LoginForm
    template_name = "accounts/login.html"

    def form_valid(self, form):
        if form.enrolment_needed:
            enrolment_start(self.request, form.get_user())
            return redirect("accounts:enrol")
        return super().form_valid(form)


def admin_login(request, site, extra_context=None):
    """
    Return the admin's login page, for CasetrackerAdminSite.login: Django's
    AdminSite.login with the second factor in the form.
    """
    if request.method == "GET" and site.has_permission(request):
        return redirect(reverse("admin:index", current_app=site.name))
    if request.method == "GET" and request.user.is_authenticated:
        # has_permission() was refused: not staff, or no second factor yet.
        log.warning(
            "refused admin: user=%r ip=%s is_staff=%s verified=%s next=%r",
            request.user.get_username(),
            ip(request),
            request.user.is_staff,
            two_factor.is_verified(request.user),
            request.GET.get(REDIRECT_FIELD_NAME, ""),
        )
    context = {
        **site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if (
        REDIRECT_FIELD_NAME not in request.GET
        and REDIRECT_FIELD_NAME not in request.POST
    ):
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=site.name)
    context.update(extra_context or {})
    request.current_app = site.name
    return AdminLoginView.as_view(extra_context=context)(request)


def enrolment_start(request, user):
    if request.user.is_authenticated:
        logout(request)
    request.session.cycle_key()
    request.session[ENROLLING_SESSION_KEY] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),
        "backend": user.backend,
        "at": int(time.time()),
    }
    log.info("enrolment started: user=%r ip=%s", user.get_username(), ip(request))


def enrolling_user(request):
    """
    Return (user, enrolling) for whoever may set up an app here, or (None,
    None).

    Either a user half-way through the login (their password was right less
    than ENROLLING_SECONDS ago, while enrolment was open to them, and has not
    changed since), or a logged-in staff user without an app whose session
    passes the second factor (a recovery code, or 2FA not required).
    """
    enrolling = request.session.get(ENROLLING_SESSION_KEY)
    if enrolling:
        user = (
            get_user_model()
            .objects.filter(pk=enrolling["user"], is_active=True, is_staff=True)
            .first()
        )
        if (
            user is not None
            and time.time() - enrolling["at"] < ENROLLING_SECONDS
            and constant_time_compare(enrolling["hash"], user.get_session_auth_hash())
            # When the password was given: an enrolment begun minutes
            # before the window closed may be finished.
            and two_factor.enrolment_open(
                user, now=datetime.fromtimestamp(enrolling["at"], UTC)
            )
        ):
            return user, enrolling
        del request.session[ENROLLING_SESSION_KEY]
        return None, None
    user = request.user
    if (
        user.is_active
        and user.is_staff
        and two_factor.passes_second_factor(request)
        and not two_factor.has_app(user)
    ):
        return user, None
    return None, None


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    """
    Set up an authenticator app: a new secret as a QR code and as text each
    time the page is shown, and a current code to confirm it. Then log in
    (or mark the session verified) and show ten new recovery codes.
    """
    user, enrolling = enrolling_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    shown = request.session.get(ENROLMENT_DEVICE_SESSION_KEY)
    if request.method == "GET":
        device = two_factor.enrolment_device_new(user, replacing=shown)
        request.session[ENROLMENT_DEVICE_SESSION_KEY] = device.pk
        form = EnrolmentForm()
    else:
        device = two_factor.enrolment_device(user, shown)
        if device is None:
            # A code typed from a key this session was never shown (another
            # browser's page, or a page from before a reset).
            log.warning(
                "enrolment refused, no key shown in this session: user=%r ip=%s",
                user.get_username(),
                ip(request),
            )
            messages.error(
                request,
                _(
                    "No key was shown on this page, or it has expired. Add "
                    "this new key to your app, and enter the code it shows."
                ),
            )
            return redirect("accounts:enrol")
        form = EnrolmentForm(request.POST)
        if form.is_valid():
            if two_factor.enrolment_confirm(device, form.cleaned_data["code"]):
                return enrolment_finish(request, user, enrolling, device)
            log.warning(
                "enrolment code failed: user=%r ip=%s",
                user.get_username(),
                ip(request),
            )
            form.add_error(
                "code",
                _(
                    "That is not the code your app shows now. Check that your "
                    "phone's clock is right, and enter the next code."
                ),
            )
    return TemplateResponse(
        request,
        "accounts/enrol.html",
        admin_context(
            request,
            title=_("Set up two-factor authentication"),
            form=form,
            enrolling_user=user,
            qr_code=two_factor.qr_code_svg(device),
            secret=two_factor.secret_text(device),
        ),
    )


def enrolment_finish(request, user, enrolling, device):
    """Log in with the device just confirmed, and show new recovery codes."""
    device.refresh_from_db()
    del request.session[ENROLMENT_DEVICE_SESSION_KEY]
    codes = two_factor.recovery_codes_replace(user)
    if enrolling:
        del request.session[ENROLLING_SESSION_KEY]
        user.otp_device = device
        auth_login(request, user, backend=enrolling["backend"])
        # What OTPMiddleware gives the user on the next request, so that the
        # codes page below shows the admin as to a verified session.
        user.is_verified = functools.partial(otp_is_verified, user)
    else:
        otp_login(request, device)
    log.warning("two-factor enrolled: user=%r ip=%s", user.get_username(), ip(request))
    notify_enrolled(request, user)
    return recovery_codes_page(request, codes)


def notify_enrolled(request, user):
    """
    Mail the user that an app was set up, so that someone who did it with a
    stolen password is noticed by the account's owner.
    """
    if not user.email:
        return
    body = render_to_string(
        "accounts/enrolled_email.txt",
        {"user": user, "ip": client_ip(request), "when": timezone.now()},
    )
    try:
        send_mail(
            _("Two-factor authentication was set up for your account"),
            body,
            None,
            [user.email],
        )
    except OSError:
        log.exception("enrolment mail failed: user=%r", user.get_username())


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """
    Show how many recovery codes are left; POST replaces them all and shows
    the new ones, once. Needs a session that passed the second factor.
    """
    user = request.user
    if not (user.is_active and user.is_staff and two_factor.is_verified(user)):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if request.method == "POST":
        codes = two_factor.recovery_codes_replace(user)
        log.warning(
            "recovery codes replaced: user=%r ip=%s", user.get_username(), ip(request)
        )
        return recovery_codes_page(request, codes)
    return recovery_codes_page(request)


def recovery_codes_page(request, codes=()):
    """
    Return the recovery codes page: new ``codes`` shown once, or how many
    are left.

    New codes are shown in the response to the request that made them, not
    after a redirect: kept in the session for the next page, they would lie
    in clear in the session table until it is cleared.
    """
    return TemplateResponse(
        request,
        "accounts/recovery_codes.html",
        admin_context(
            request,
            title=_("Recovery codes"),
            codes=[two_factor.format_recovery_code(code) for code in codes],
            codes_left=two_factor.recovery_codes_left(request.user),
        ),
    )


def locked_out(request, response=None, credentials=None):
    """
    Return the lockout page (axes' AXES_LOCKOUT_CALLABLE): status 429, and
    when to try again.
    """
    now = timezone.now()
    until = lockout_ends_at(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None) or client_ip(request),
        now=now,
    ) or (now + settings.AXES_COOLOFF_TIME)
    response = render(
        request,
        "accounts/locked_out.html",
        admin_context(request, title=_("Too many failed logins"), until=until),
        status=429,
    )
    response["Retry-After"] = str(max(1, math.ceil((until - now).total_seconds())))
    add_never_cache_headers(response)
    return response


class AdminPageMixin:
    """Django's password reset views, dressed as admin pages."""

    @method_decorator(never_cache)
    def dispatch(self, *args, **kwargs):
        return super().dispatch(*args, **kwargs)

    def get_context_data(self, **kwargs):
        return admin_context(self.request, **super().get_context_data(**kwargs))


class PasswordResetView(AdminPageMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_form_kwargs(self):
        # The rate limits count by the client's address.
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetDoneView(AdminPageMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminPageMixin, auth_views.PasswordResetConfirmView):
    # A new password is one factor: the user still logs in with their code.
    post_reset_login = False
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        log.warning(
            "password reset: user=%r ip=%s",
            self.user.get_username(),
            ip(self.request),
        )
        return super().form_valid(form)


class PasswordResetCompleteView(AdminPageMixin, auth_views.PasswordResetCompleteView):
    pass
