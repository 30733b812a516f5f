"""Repeated failed logins lock the account and the address, for a while."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.addresses import client_ip
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER, EDITOR_OFFICE = "203.0.113.7", "198.51.100.20"


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def log_in(username, code="", password=STAFF_PASSWORD, ip=EDITOR_OFFICE):
    return Client(REMOTE_ADDR=ip).post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": code},
    )


def fail(username, times=5, ip=ATTACKER):
    for _ in range(times):
        response = log_in(username, password="not the password", ip=ip)
    return response


def code(user, clock, totp):
    # A code is accepted once per 30 s step: move on to a fresh one.
    clock.shift(timedelta(seconds=30))
    return totp(TOTPDevice.objects.get(user=user))


def test_four_failures_do_not_lock(make_staff, clock, totp):
    user = make_staff(app=True)
    assert fail(user.username, times=4).status_code == 200
    assert log_in(user.username, code(user, clock, totp)).status_code == 302


def test_five_failures_lock_the_account_from_any_address(make_staff, clock, totp):
    user = make_staff(app=True)
    assert fail(user.username).status_code == 429
    response = log_in(user.username, code(user, clock, totp), ip=EDITOR_OFFICE)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_five_failures_lock_the_address_for_any_account(make_staff, clock, totp):
    user = make_staff(app=True)
    for n in range(5):
        fail(f"guess-{n}", times=1)
    assert (
        log_in(user.username, code(user, clock, totp), ip=ATTACKER).status_code == 429
    )
    assert log_in(user.username, code(user, clock, totp)).status_code == 302


def test_wrong_codes_count_towards_the_lockout(make_staff, clock, totp):
    user = make_staff(app=True)
    for _ in range(5):
        clock.shift(timedelta(seconds=30))
        response = log_in(user.username, "123456", ip=ATTACKER)
    assert response.status_code == 429
    assert log_in(user.username, code(user, clock, totp)).status_code == 429


def test_lockout_ends_after_the_cool_off(make_staff, clock, totp):
    user = make_staff(app=True)
    fail(user.username)
    clock.shift(timedelta(minutes=29))
    assert log_in(user.username, code(user, clock, totp)).status_code == 429
    clock.shift(timedelta(minutes=1, seconds=1))
    assert log_in(user.username, code(user, clock, totp)).status_code == 302


def test_failures_during_a_lockout_do_not_extend_it(make_staff, clock, totp):
    user = make_staff(app=True)
    fail(user.username)
    clock.shift(timedelta(minutes=20))
    assert fail(user.username).status_code == 429
    clock.shift(timedelta(minutes=11))
    assert log_in(user.username, code(user, clock, totp)).status_code == 302


def test_lockout_page_says_when_to_try_again(make_staff, clock):
    user = make_staff(app=True)
    fail(user.username, times=4)
    clock.shift(timedelta(minutes=10))
    response = fail(user.username, times=1)
    assert response.status_code == 429
    until = timezone.now() + timedelta(minutes=30)
    assert f"Try again after {until:%H:%M} UTC" in response.content.decode()
    assert response["Retry-After"] == str(30 * 60)
    assert "no-store" in response["Cache-Control"]


def test_lockout_page_counts_down(make_staff, clock):
    user = make_staff(app=True)
    fail(user.username)
    clock.shift(timedelta(minutes=20))
    response = fail(user.username, times=1)
    assert response["Retry-After"] == str(10 * 60)
    assert "in 10\xa0minutes" in response.content.decode()


def test_success_resets_the_count(make_staff, clock, totp):
    user = make_staff(app=True)
    fail(user.username, times=4, ip=EDITOR_OFFICE)
    assert log_in(user.username, code(user, clock, totp)).status_code == 302
    assert fail(user.username, times=4, ip=EDITOR_OFFICE).status_code == 200
    assert log_in(user.username, code(user, clock, totp)).status_code == 302


def test_client_address_is_the_connection_by_default():
    request = RequestFactory().get(
        "/", REMOTE_ADDR=EDITOR_OFFICE, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    assert client_ip(request) == EDITOR_OFFICE


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, f"{ATTACKER}", ATTACKER),
        # The client wrote the left entry; the proxy appended the right one.
        (1, f"10.9.9.9, {ATTACKER}", ATTACKER),
        (2, f"10.9.9.9, {ATTACKER}, 192.0.2.1", ATTACKER),
        (2, f"{ATTACKER}", "127.0.0.1"),  # fewer entries than proxies
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_client_address_behind_proxies(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected


def test_lockout_by_address_behind_a_proxy(settings, make_staff, clock, totp):
    settings.PROXY_COUNT = 1
    user = make_staff(app=True)
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for n in range(5):
        attempt = proxy.post(
            reverse("admin:login"),
            {"username": f"guess-{n}", "password": "x" * 12},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {ATTACKER}",
        )
    assert attempt.status_code == 429
    response = proxy.post(
        reverse("admin:login"),
        {
            "username": user.username,
            "password": STAFF_PASSWORD,
            "otp_token": code(user, clock, totp),
        },
        HTTP_X_FORWARDED_FOR=EDITOR_OFFICE,
    )
    assert response.status_code == 302


def test_own_login_does_not_clear_failures_on_another_account(make_staff, clock, totp):
    insider, target = make_staff(app=True), make_staff(app=True)
    fail(target.username, times=4)
    assert (
        log_in(insider.username, code(insider, clock, totp), ip=ATTACKER).status_code
        == 302
    )
    assert fail(target.username, times=1).status_code == 429
