"""The security log, "casetracker.security": what it records, and what not."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import recovery_codes_replace
from editorial.models import PublicationState
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.44"


@pytest.fixture(autouse=True)
def _security_log(settings, caplog):
    settings.OTP_REQUIRED = True
    caplog.set_level(logging.INFO, logger="casetracker.security")


def security_log(caplog):
    return "\n".join(
        r.getMessage() for r in caplog.records if r.name == "casetracker.security"
    )


def log_in(username, code="", password=STAFF_PASSWORD):
    return Client(REMOTE_ADDR=ADDRESS).post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": code},
    )


def test_login_is_logged_with_user_address_and_factor(caplog, make_staff, totp):
    user = make_staff(app=True)
    log_in(user.username, totp(TOTPDevice.objects.get(user=user)))
    assert (
        f"login succeeded: user='{user.username}' ip={ADDRESS} "
        "second_factor=authenticator app"
    ) in security_log(caplog)


def test_failed_login_is_logged_without_the_password(caplog, make_staff):
    log_in("someone", password="a secret guess")
    text = security_log(caplog)
    assert f"login failed: username='someone' ip={ADDRESS}" in text
    assert "a secret guess" not in caplog.text


def test_typed_username_cannot_forge_a_log_line(caplog):
    log_in("x\nlogin succeeded: user='admin'")
    assert "\nlogin succeeded" not in security_log(caplog)


def test_wrong_code_is_logged_without_the_code(caplog, make_staff):
    user = make_staff(app=True)
    log_in(user.username, "314159")
    text = security_log(caplog)
    assert f"second factor failed: user='{user.username}' ip={ADDRESS}" in text
    assert "314159" not in caplog.text


def test_lockout_is_logged(caplog, make_staff):
    user = make_staff(app=True)
    for _ in range(5):
        log_in(user.username, password="wrong password")
    assert f"locked out: username='{user.username}' ip={ADDRESS}" in security_log(
        caplog
    )


def test_recovery_code_use_is_logged(caplog, make_staff):
    user = make_staff(app=True)
    code = recovery_codes_replace(user)[0]
    log_in(user.username, code)
    text = security_log(caplog)
    assert f"recovery code used: user='{user.username}'" in text
    assert "codes_left=9" in text
    assert "second_factor=recovery code" in text
    assert code not in caplog.text


def test_enrolment_is_logged(caplog, client, make_staff, totp):
    user = make_staff()
    client.post(
        reverse("admin:login"),
        {"username": user.username, "password": STAFF_PASSWORD},
    )
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:enrol"), {"code": totp(device)})
    text = security_log(caplog)
    assert f"enrolment started: user='{user.username}'" in text
    assert f"two-factor enrolled: user='{user.username}'" in text


def test_enrolment_refused_after_the_window_is_logged(caplog, make_staff):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        user = make_staff()
    log_in(user.username)
    assert f"login refused, enrolment closed: user='{user.username}'" in (
        security_log(caplog)
    )


def test_two_factor_reset_is_logged(caplog, make_staff):
    user = make_staff(app=True)
    call_command("reset_two_factor", user.username, verbosity=0)
    assert f"two-factor reset: user='{user.username}' devices_removed=1" in (
        security_log(caplog)
    )


def test_password_reset_is_logged(caplog, client, make_staff, mailoutbox):
    user = make_staff()
    client.post(reverse("accounts:password-reset"), {"email": user.email})
    assert f"password reset requested: users=['{user.username}']" in security_log(
        caplog
    )


def test_admin_refusing_a_session_without_its_code_is_logged(
    caplog, client, make_staff
):
    user = make_staff(app=True)
    client.force_login(user)
    client.get(reverse("admin:index"), follow=True)
    assert (
        f"refused admin: user='{user.username}' ip=127.0.0.1 is_staff=True "
        "verified=False"
    ) in security_log(caplog)


def test_refused_action_is_logged(caplog, editor_client, editor, make_person):
    person = make_person(publication_state=PublicationState.PUBLISHED)
    url = reverse("admin:people_person_delete", args=[person.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert f"refused: user='editor' ip=127.0.0.1 POST '{url}'" in security_log(caplog)


def test_session_end_is_logged(settings, caplog, editor):
    settings.SESSION_COOKIE_AGE = 24 * 3600  # no end by inactivity first
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        client.force_login(editor)
        clock.shift(timedelta(hours=12, minutes=1))
        client.get(reverse("admin:index"))
    assert "session ended after its maximum lifetime: user='editor'" in (
        security_log(caplog)
    )


def test_security_log_reaches_the_console():
    from casetracker import settings as project_settings

    config = project_settings.LOGGING
    assert config["loggers"]["casetracker.security"]["level"] == "INFO"
    assert config["loggers"]["casetracker.security"].get("propagate", True)
    assert config["root"]["handlers"] == ["console"]


def test_failed_attempts_are_stored_without_password_or_code(make_staff):
    from axes.models import AccessAttempt

    user = make_staff(app=True)
    code = recovery_codes_replace(user)[0]
    log_in(user.username, code, password="a secret guess")
    log_in(user.username, "271828")
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "a secret guess" not in stored
    assert code not in stored and "271828" not in stored
