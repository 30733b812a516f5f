"""Passwords: strong, Argon2-hashed, and a reset never skips the code."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from casetracker import settings as project_settings

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED = True


def test_new_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("correct horse battery").startswith("argon2$")


def test_old_pbkdf2_hashes_still_verify(settings, make_staff):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = make_staff()
    user.password = make_password("old long password", hasher="pbkdf2_sha256")
    user.save()
    assert user.check_password("old long password") is True
    user.refresh_from_db()
    assert user.password.startswith("argon2$")  # upgraded on the check


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "at least 12 characters"),
        ("123456789012345", "entirely numeric"),
        ("password1234", "too common"),
        ("staff-editor-1", "too similar"),
    ],
)
def test_weak_passwords_are_refused(django_user_model, password, message):
    user = django_user_model(username="staff-editor-1")
    with pytest.raises(ValidationError, match=message):
        validate_password(password, user)


def reset_link(client, user, mailoutbox):
    client.post(reverse("accounts:password-reset"), {"email": user.email})
    assert len(mailoutbox) == 1
    return re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body)[1]


def test_password_reset_sets_a_new_password_without_logging_in(
    client, make_staff, mailoutbox
):
    user = make_staff(app=True)
    link = reset_link(client, user, mailoutbox)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:password-reset-complete")
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) is True
    assert client.get(reverse("admin:index")).status_code == 302


def test_password_reset_does_not_bypass_the_second_factor(
    client, make_staff, mailoutbox, totp
):
    user = make_staff(app=True)
    link = reset_link(client, user, mailoutbox)
    client.post(
        client.get(link)["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    login = {"username": user.username, "password": NEW_PASSWORD}
    response = client.post(reverse("admin:login"), login)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        code = totp(TOTPDevice.objects.get(user=user))
        response = client.post(reverse("admin:login"), {**login, "otp_token": code})
    assert response.status_code == 302


def test_password_reset_mail_says_the_code_is_still_needed(
    client, make_staff, mailoutbox
):
    user = make_staff(app=True)
    reset_link(client, user, mailoutbox)
    assert "authenticator app" in mailoutbox[0].body
    assert user.username in mailoutbox[0].body


def test_password_reset_tells_nothing_about_unknown_addresses(client, mailoutbox):
    response = client.post(
        reverse("accounts:password-reset"), {"email": "nobody@example.org"}
    )
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox == []
