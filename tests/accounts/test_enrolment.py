"""Setting up an authenticator app, and who may do it on a password alone."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TwoFactorReset
from tests.conftest import STAFF_PASSWORD, recovery_codes_shown

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:enrol")


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED = True
    settings.OTP_ENROLMENT_DAYS = 3


def log_in(client, user, code=""):
    return client.post(
        reverse("admin:login"),
        {"username": user.username, "password": STAFF_PASSWORD, "otp_token": code},
    )


def shown_secret(response):
    return re.search(r"<code>([A-Z2-7 ]{16,})</code>", response.content.decode())[1]


def test_new_staff_user_enrols_and_gets_recovery_codes(client, make_staff, totp):
    user = make_staff()
    response = log_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == ENROL

    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "</svg>" in html
    secret = shown_secret(page)

    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = client.post(ENROL, {"code": "000000"})
        assert "not the code your app shows now" in wrong.content.decode()
        assert shown_secret(wrong) == secret  # the same key, to try again
        clock.shift(timedelta(seconds=2))  # django-otp's throttle after a failure
        response = client.post(ENROL, {"code": totp(secret)})
    assert response.status_code == 200
    codes = recovery_codes_shown(response)
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert client.get(reverse("admin:index")).status_code == 200
    again = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert "10 recovery codes left" in again
    assert not any(code in again for code in codes)


def test_enrolled_user_then_logs_in_with_the_app(client, make_staff, totp):
    user = make_staff()
    log_in(client, user)
    secret = shown_secret(client.get(ENROL))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(ENROL, {"code": totp(secret)})
        client.logout()
        clock.shift(timedelta(seconds=30))
        assert log_in(client, user).status_code == 200  # now the code is needed
        assert log_in(client, user, totp(secret)).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:people_person_changelist"),
        reverse("accounts:recovery-codes"),
    ],
)
def test_password_alone_opens_nothing_but_the_enrolment_page(client, make_staff, url):
    log_in(client, make_staff())
    assert "_auth_user_id" not in client.session
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_enrolment_page_is_closed_without_a_password(client, make_staff):
    make_staff()
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_enrolment_page_closes_a_while_after_the_password(client, make_staff):
    user = make_staff()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        log_in(client, user)
        clock.shift(timedelta(minutes=16))
        assert client.get(ENROL).status_code == 302


def test_enrolment_page_closes_when_the_password_changes(client, make_staff):
    user = make_staff()
    log_in(client, user)
    user.set_password("another long passphrase")
    user.save()
    assert client.get(ENROL).status_code == 302


def test_enrolment_closes_days_after_the_account_was_created(client, make_staff):
    with time_machine.travel(timezone.now() - timedelta(days=4)):
        user = make_staff()
    response = log_in(client, user)
    assert response.status_code == 200
    assert "Ask an administrator to reset it" in response.content.decode()
    assert ENROL not in response.get("Location", "")


def test_enrolment_started_in_time_can_be_finished(client, make_staff, totp):
    # The password was given 5 minutes before the window closed; the page
    # stays usable for the quarter of an hour that follows a password.
    with time_machine.travel(timezone.now() - timedelta(days=3) + timedelta(minutes=5)):
        user = make_staff()
    log_in(client, user)
    secret = shown_secret(client.get(ENROL))
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        response = client.post(ENROL, {"code": totp(secret)})
    assert len(recovery_codes_shown(response)) == 10
    assert TOTPDevice.objects.get(user=user).confirmed is True


def test_user_with_an_app_cannot_enrol_another(client, make_staff, totp):
    user = make_staff(app=True)
    log_in(client, user, totp(TOTPDevice.objects.get(user=user)))
    assert client.get(ENROL).status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_enrolment_mails_the_user(client, make_staff, totp, mailoutbox):
    user = make_staff()
    log_in(client, user)
    client.post(ENROL, {"code": totp(shown_secret(client.get(ENROL)))})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "tell your administrator" in mailoutbox[0].body


def test_enrolment_page_needs_no_script_or_style(client, make_staff):
    log_in(client, make_staff())
    html = client.get(ENROL).content.decode()
    assert "<script>" not in html and "style=" not in html
    assert "data:" not in html


def test_staff_may_enrol_when_not_required(settings, client, make_staff, totp):
    settings.OTP_REQUIRED = False
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        user = make_staff()
    client.force_login(user)
    secret = shown_secret(client.get(ENROL))
    assert len(recovery_codes_shown(client.post(ENROL, {"code": totp(secret)}))) == 10
    assert TOTPDevice.objects.get(user=user).confirmed is True


def test_app_shows_the_configured_issuer(settings, client, make_staff):
    settings.OTP_TOTP_ISSUER = "Reading list"
    user = make_staff()
    log_in(client, user)
    client.get(ENROL)
    url = TOTPDevice.objects.get(user=user).config_url
    assert url.startswith("otpauth://totp/Reading%20list%3A")
    assert "issuer=Reading%20list" in url


@pytest.mark.parametrize("reset", [False, True], ids=["new account", "after reset"])
def test_key_copied_by_someone_with_the_password_opens_nothing(make_staff, totp, reset):
    # Someone who has the password opens the enrolment page, copies the key
    # and leaves; then the editor enrols with a key of their own.
    user = make_staff(app=reset)
    if reset:
        call_command("reset_two_factor", user.username, verbosity=0)
    attacker, editor = Client(), Client()
    log_in(attacker, user)
    copied = shown_secret(attacker.get(ENROL))
    log_in(editor, user)
    secret = shown_secret(editor.get(ENROL))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        enrolled = editor.post(ENROL, {"code": totp(secret)})
        assert len(recovery_codes_shown(enrolled)) == 10
        clock.shift(timedelta(seconds=30))
        response = log_in(Client(), user, totp(copied))
        assert response.status_code == 200
        assert "correct username, password and code" in response.content.decode()
        # Nor does the attacker's page, left open, confirm the copied key.
        assert attacker.post(ENROL, {"code": totp(copied)}).status_code == 302
    assert "_auth_user_id" not in attacker.session
    # The copied key is gone: only the editor's device is left.
    assert [d.confirmed for d in TOTPDevice.objects.filter(user=user)] == [True]


def test_showing_the_page_again_shows_a_new_key(client, make_staff, totp):
    user = make_staff()
    log_in(client, user)
    first = shown_secret(client.get(ENROL))
    second = shown_secret(client.get(ENROL))
    assert first != second
    assert TOTPDevice.objects.filter(user=user).count() == 1
    with time_machine.travel(timezone.now(), tick=False) as clock:
        refused = client.post(ENROL, {"code": totp(first)})
        assert "not the code your app shows now" in refused.content.decode()
        clock.shift(timedelta(seconds=2))  # django-otp's throttle after a failure
        enrolled = client.post(ENROL, {"code": totp(second)})
        assert len(recovery_codes_shown(enrolled)) == 10


def test_code_posted_without_a_key_shown_in_the_session_is_refused(
    client, make_staff, totp
):
    user = make_staff()
    other = Client()
    log_in(other, user)
    secret = shown_secret(other.get(ENROL))
    log_in(client, user)
    response = client.post(ENROL, {"code": totp(secret)}, follow=True)
    assert "No key was shown on this page" in response.content.decode()
    assert shown_secret(response) != secret
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_showing_the_enrolment_page_does_not_extend_the_window(client, make_staff):
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        user = make_staff()
    log_in(client, user)
    assert client.get(ENROL).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        response = log_in(Client(), user)
    assert response.status_code == 200
    assert "Ask an administrator to reset it" in response.content.decode()


def test_enrolment_window_counts_from_the_last_reset(client, make_staff):
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        user = make_staff(app=True)
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        call_command("reset_two_factor", user.username, verbosity=0)
    assert log_in(client, user)["Location"] == ENROL
    assert client.get(ENROL).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        response = log_in(Client(), user)
    assert response.status_code == 200
    assert "Ask an administrator to reset it" in response.content.decode()


def test_reset_records_who_was_reset_when_and_by_whom(make_staff):
    user = make_staff(app=True)
    with time_machine.travel(timezone.now(), tick=False):
        call_command("reset_two_factor", user.username, "--by", "Aygun", verbosity=0)
        reset = TwoFactorReset.objects.get()
        assert (reset.user, reset.reset_by, reset.reset_at) == (
            user,
            "Aygun",
            timezone.now(),
        )
