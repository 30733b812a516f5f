"""The second factor: who gets into the admin, and with which codes."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode
from accounts.two_factor import recovery_codes_left, recovery_codes_replace
from tests.conftest import STAFF_PASSWORD, recovery_codes_shown

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED = True


def log_in(client, user, code="", password=STAFF_PASSWORD):
    return client.post(
        reverse("admin:login"),
        {"username": user.username, "password": password, "otp_token": code},
    )


def test_verified_staff_session_gets_the_admin(editor_client):
    assert editor_client.get(reverse("admin:index")).status_code == 200


def test_staff_session_without_second_factor_is_refused_the_admin(client, make_staff):
    client.force_login(make_staff(app=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:password_change")).status_code == 302


def test_second_factor_is_optional_when_not_required(settings, client, make_staff):
    settings.OTP_REQUIRED = False
    client.force_login(make_staff())
    assert client.get(reverse("admin:index")).status_code == 200


def test_login_form_asks_for_a_code(client):
    response = client.get(reverse("admin:login"))
    assert 'name="otp_token"' in response.content.decode()
    assert 'autocomplete="one-time-code"' in response.content.decode()


def test_password_and_app_code_log_in(client, make_staff, totp):
    user = make_staff(app=True)
    response = log_in(client, user, totp(TOTPDevice.objects.get(user=user)))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_password_alone_is_refused_when_the_user_has_an_app(client, make_staff):
    response = log_in(client, make_staff(app=True))
    assert response.status_code == 200
    assert "correct username, password and code" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_code_is_refused_like_a_wrong_password(client, make_staff, totp):
    user = make_staff(app=True)
    code = totp(TOTPDevice.objects.get(user=user))
    wrong_code = log_in(client, user, f"{(int(code) + 1) % 1_000_000:06d}")
    wrong_password = log_in(client, user, code, password="wrong password here")
    assert wrong_code.status_code == wrong_password.status_code == 200
    assert (
        wrong_code.context["form"].non_field_errors()
        == wrong_password.context["form"].non_field_errors()
    )
    assert "_auth_user_id" not in client.session


def test_app_code_works_once(client, make_staff, totp):
    user = make_staff(app=True)
    code = totp(TOTPDevice.objects.get(user=user))
    assert log_in(client, user, code).status_code == 302
    client.logout()
    assert log_in(client, user, code).status_code == 200


def test_recovery_code_logs_in_once(client, make_staff):
    user = make_staff(app=True)
    code = recovery_codes_replace(user)[0]
    response = log_in(client, user, f" {code[:4].upper()}-{code[4:]} ")
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert recovery_codes_left(user) == 9
    client.logout()
    assert log_in(client, user, code).status_code == 200
    assert "_auth_user_id" not in client.session


def test_recovery_codes_page_shows_new_codes_once(client, make_staff, totp):
    user = make_staff(app=True)
    log_in(client, user, totp(TOTPDevice.objects.get(user=user)))
    url = reverse("accounts:recovery-codes")
    assert "0 recovery codes left" in client.get(url).content.decode()
    codes = recovery_codes_shown(client.post(url))
    assert len(set(codes)) == 10
    again = client.get(url).content.decode()
    assert not any(code in again for code in codes)
    assert "10 recovery codes left" in again


def test_new_recovery_codes_replace_the_old_ones(client, make_staff):
    user = make_staff(app=True)
    old = recovery_codes_replace(user)
    log_in(client, user, old[0])
    client.post(reverse("accounts:recovery-codes"))
    client.logout()
    assert log_in(client, user, old[1]).status_code == 200
    # The session verified by a recovery code stays verified after it.
    assert recovery_codes_left(user) == 10


def test_recovery_codes_page_needs_a_verified_session(client, make_staff):
    client.force_login(make_staff(app=True))
    url = reverse("accounts:recovery-codes")
    assert client.get(url).status_code == 302
    assert client.post(url).status_code == 302
    assert not RecoveryCode.objects.exists()


def test_non_staff_cannot_log_in_with_a_code(client, django_user_model, totp):
    user = django_user_model.objects.create_user("reader", password=STAFF_PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="Phone")
    assert log_in(client, user, totp(device)).status_code == 200
    assert "_auth_user_id" not in client.session


def test_reset_two_factor_removes_the_devices(client, make_staff, capsys):
    user = make_staff(app=True)
    recovery_codes_replace(user)
    client.force_login(user)
    call_command("reset_two_factor", user.username)
    assert "Removed 2 device(s)" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not RecoveryCode.objects.filter(device__user=user).exists()


def test_reset_two_factor_unverifies_the_users_sessions(editor_client, editor):
    call_command("reset_two_factor", editor.username, verbosity=0)
    assert editor_client.get(reverse("admin:index")).status_code == 302


def test_reset_two_factor_dry_run_removes_nothing(make_staff, capsys):
    user = make_staff(app=True)
    call_command("reset_two_factor", user.username, "--dry-run")
    assert "Would remove 1 device(s)" in capsys.readouterr().out
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_reset_two_factor_refuses_an_unknown_user():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("reset_two_factor", "nobody")


def test_reset_two_factor_reopens_enrolment_for_an_old_account(client, make_staff):
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        user = make_staff(app=True)
    call_command("reset_two_factor", user.username, verbosity=0)
    response = log_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:enrol")


def test_reset_two_factor_takes_several_users(make_staff):
    alice, bob = make_staff(app=True), make_staff(app=True)
    call_command("reset_two_factor", alice.username, bob.username, verbosity=0)
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_administrators_see_the_resets_read_only(admin_client, make_staff):
    user = make_staff(app=True)
    call_command("reset_two_factor", user.username, "--by", "Aygun", verbosity=0)
    url = reverse("admin:accounts_twofactorreset_changelist")
    page = admin_client.get(url).content.decode()
    assert user.username in page and "Aygun" in page
    assert (
        admin_client.get(reverse("admin:accounts_twofactorreset_add")).status_code
        == 403
    )
