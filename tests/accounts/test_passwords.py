"""Passwords: strong, Argon2-hashed, and a reset never skips the code."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import PasswordResetRequest
from casetracker import settings as project_settings

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def _otp_required(settings, caplog):
    settings.OTP_REQUIRED = True
    caplog.set_level(logging.INFO, logger="casetracker.security")


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


# The tests' default cache is DummyCache, which keeps nothing: the limits
# below hold only because they are counted in the database.


def ask_reset(email, address="192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(
        reverse("accounts:password-reset"), {"email": email}
    )


def security_log(caplog):
    return "\n".join(
        r.getMessage() for r in caplog.records if r.name == "casetracker.security"
    )


def test_password_reset_mails_an_account_three_times_an_hour(
    make_staff, mailoutbox, caplog
):
    user = make_staff()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        answers = [ask_reset(user.email, f"192.0.2.{n}") for n in range(1, 5)]
        assert len(mailoutbox) == 3
        # The fourth answer is the page everyone gets: nothing tells.
        assert {a.status_code for a in answers} == {302}
        assert {a["Location"] for a in answers} == {
            reverse("accounts:password-reset-done")
        }
        assert (
            f"password reset refused, too many for the account: "
            f"users=['{user.username}'] ip=192.0.2.4"
        ) in security_log(caplog)
        clock.shift(timedelta(hours=1, seconds=1))
        ask_reset(user.email, "192.0.2.5")
        assert len(mailoutbox) == 4


def test_password_reset_from_one_address_stops_after_ten_requests(
    make_staff, mailoutbox, caplog
):
    user = make_staff()
    for n in range(10):
        ask_reset(f"nobody-{n}@example.org")
    response = ask_reset(user.email)
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox == []
    assert "password reset refused, too many from the address" in security_log(caplog)
    # Another address is not held back by this one.
    ask_reset(user.email, "198.51.100.7")
    assert len(mailoutbox) == 1


def test_password_reset_limits_forget_requests_older_than_the_window(make_staff):
    user = make_staff()
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        ask_reset(user.email)
    ask_reset(user.email)
    assert PasswordResetRequest.objects.count() == 1


def test_deploy_check_warns_when_mail_is_not_delivered(settings):
    settings.DEBUG = False
    for backend in ["console", "locmem", "dummy", "filebased"]:
        settings.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
        (warning,) = [
            message
            for message in run_checks(include_deployment_checks=True)
            if message.id == "accounts.W001"
        ]
        assert "password-reset links and security notices reach no one" in (warning.msg)
        assert "DJANGO_EMAIL_URL" in warning.hint


def test_deploy_check_is_quiet_when_mail_is_sent_or_in_debug(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert "accounts.W001" not in {
        m.id for m in run_checks(include_deployment_checks=True)
    }
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "accounts.W001" not in {
        m.id for m in run_checks(include_deployment_checks=True)
    }
