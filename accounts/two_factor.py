"""
The second factor for staff: an authenticator app (TOTP) and recovery codes
(accounts.models.RecoveryCodeDevice, hashed), both django-otp devices.

A session is verified when django-otp's OTPMiddleware finds in it the device
that passed (``request.user.is_verified()``); ``django_otp.login`` or a login
whose user carries ``otp_device`` puts it there.
"""

import secrets
from base64 import b32encode
from datetime import timedelta

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCode, RecoveryCodeDevice, TwoFactorReset

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def passes_second_factor(request):
    """Return whether the second factor lets the request's user into the admin."""
    if not settings.OTP_REQUIRED:
        return True
    return is_verified(request.user)


def is_verified(user):
    """Return whether the user's session passed a TOTP or recovery code."""
    # OTPMiddleware adds is_verified(); a user from anywhere else has not.
    check = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and check and check())


def has_device(user):
    """Return whether the user has an authenticator app or recovery codes."""
    return next(devices_for_user(user), None) is not None


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalize_code(code):
    """Return a code as stored: no spaces or dashes, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def verify_code(user, code):
    """
    Return the user's device that accepts ``code``, or None.

    Six digits go to the authenticator app, anything else to the recovery
    codes: only one device is tried, so that a mistyped TOTP code never
    throttles the recovery codes. A recovery code works once.
    """
    code = normalize_code(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else RecoveryCodeDevice
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True)
        for device in devices.select_for_update():
            if device.verify_token(code):
                return device
    return None


def recovery_codes_left(user):
    return RecoveryCode.objects.filter(
        device__user=user, device__confirmed=True
    ).count()


def new_recovery_code():
    """Return a random recovery code: 8 base32 letters and digits, 40 bits."""
    return b32encode(secrets.token_bytes(5)).decode().lower()


def recovery_codes_replace(user):
    """
    Return RECOVERY_CODE_COUNT new recovery codes for the user, which replace
    any old ones. Only their hashes are stored: the codes themselves exist
    only in what this returns.

    The device itself is kept: a session verified by a recovery code stays
    verified.
    """
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    # Ten slow hashes, made before the transaction so that no lock waits on
    # them.
    hashes = [make_password(code) for code in codes]
    with transaction.atomic():
        device, _ = RecoveryCodeDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_DEVICE_NAME}
        )
        device.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=code_hash) for code_hash in hashes
        )
    return codes


def format_recovery_code(code):
    """Return a recovery code as shown: 'abcd-efgh'."""
    return f"{code[:4]}-{code[4:]}"


def enrolment_opened_at(user):
    """
    Return when enrolment last opened to the user: when the account was
    created or, if later, when an administrator last reset its second
    factor. Queries the user's resets.
    """
    last_reset = user.two_factor_resets.aggregate(at=Max("reset_at"))["at"]
    return max(user.date_joined, last_reset or user.date_joined)


def enrolment_open(user, now=None):
    """
    Return whether the user may set up an authenticator app after their
    password alone.

    Trust on first use: whoever sets up the app first owns the account. So
    it is open only to a user without an app, for OTP_ENROLMENT_DAYS after
    the account was created or an administrator ran reset_two_factor. Only
    those two start the window: showing the enrolment page does not.
    """
    if has_app(user):
        return False
    now = now or timezone.now()
    return now - enrolment_opened_at(user) < timedelta(days=settings.OTP_ENROLMENT_DAYS)


def enrolment_device_new(user, *, replacing=None):
    """
    Return a new unconfirmed device, with a secret of its own, for one
    showing of the enrolment page; delete the device ``replacing`` (the pk
    of the one the same session showed before) if it is still unconfirmed.

    Never a device another session showed: someone who had the password
    and copied the key shown to them must not find it confirmed later by
    the account's owner.
    """
    with transaction.atomic():
        if replacing is not None:
            TOTPDevice.objects.filter(pk=replacing, user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )


def enrolment_device(user, pk):
    """Return the user's unconfirmed device ``pk``, or None."""
    if pk is None:
        return None
    return TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first()


def enrolment_confirm(device, code):
    """
    Confirm the device if ``code`` is its current code; return whether it was.

    Every other unconfirmed device of the user is deleted: the keys other
    sessions were shown never work.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not device.verify_token(normalize_code(code)):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def two_factor_reset(*, user, by=""):
    """
    Remove all of the user's devices and open enrolment again, recording who
    did it (``by``); return how many devices were removed. Sessions verified
    by a removed device lose that.
    """
    with transaction.atomic():
        removed = 0
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
        TwoFactorReset.objects.create(user=user, reset_by=by)
    return removed


def secret_text(device):
    """Return the device's secret as an app wants it typed: base32, in fours."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """
    Return the device's otpauth:// URL as an inline SVG QR code.

    Inline markup needs no script, style or data: URL, so it passes the
    Content-Security-Policy; the white background keeps it scannable in the
    admin's dark theme.
    """
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
    )
    svg = image.to_string(encoding="unicode")
    # The markup is qrcode's own, from a URL it encodes as a path: no text of
    # the user's appears in it.
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" ', 1))
