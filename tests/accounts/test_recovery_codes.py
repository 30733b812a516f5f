"""Recovery codes: kept only as salted hashes, each one good for one login."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode
from accounts.two_factor import recovery_codes_left, recovery_codes_replace
from tests.conftest import STAFF_PASSWORD, recovery_codes_shown

pytestmark = pytest.mark.django_db

CODES_URL = reverse("accounts:recovery-codes")


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED = True


def log_in(client, user, code=""):
    return client.post(
        reverse("admin:login"),
        {"username": user.username, "password": STAFF_PASSWORD, "otp_token": code},
    )


def database_text():
    """Return all the database holds as text, the sessions decoded."""
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    sessions = [str(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join([dump.getvalue(), *sessions]).lower()


def in_clear(codes, text):
    return [code for code in codes if code in text or code.replace("-", "") in text]


def test_database_holds_no_code_in_clear_after_enrolment(client, make_staff, totp):
    user = make_staff()
    log_in(client, user)
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=user)
    codes = recovery_codes_shown(
        client.post(reverse("accounts:enrol"), {"code": totp(device)})
    )
    assert len(codes) == 10
    assert in_clear(codes, database_text()) == []
    assert RecoveryCode.objects.filter(device__user=user).count() == 10


def test_database_holds_no_code_in_clear_after_replacement(client, make_staff, totp):
    user = make_staff(app=True)
    log_in(client, user, totp(TOTPDevice.objects.get(user=user)))
    codes = recovery_codes_shown(client.post(CODES_URL))
    assert len(codes) == 10
    assert in_clear(codes, database_text()) == []


def test_codes_are_stored_as_salted_hashes(make_staff):
    user = make_staff(app=True)
    codes = recovery_codes_replace(user)
    hashes = list(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(set(hashes)) == 10
    # Salted: the same code never hashes the same way twice.
    assert make_password(codes[0]) not in hashes


def test_each_code_logs_in_once(make_staff):
    user = make_staff(app=True)
    codes = recovery_codes_replace(user)
    for left, code in zip(range(9, -1, -1), codes, strict=True):
        assert log_in(Client(), user, code).status_code == 302
        assert recovery_codes_left(user) == left
    # Four, not all ten: the fifth failure would lock the account.
    for code in codes[:4]:
        assert log_in(Client(), user, code).status_code == 200


def test_new_codes_replace_the_old_ones(make_staff):
    user = make_staff(app=True)
    old = recovery_codes_replace(user)
    new = recovery_codes_replace(user)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert log_in(Client(), user, old[0]).status_code == 200
        clock.shift(timedelta(seconds=2))  # django-otp's throttle after a failure
        assert log_in(Client(), user, new[0]).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_migration_hashes_the_plain_codes_and_deletes_them(django_user_model):
    executor = MigrationExecutor(connection)
    before = [("accounts", "0002_recoverycodedevice_recoverycode_and_more")]
    after = [("accounts", "0003_hash_plain_recovery_codes")]
    executor.migrate(before)
    try:
        user = django_user_model.objects.create_user(
            "editor-with-old-codes", password=STAFF_PASSWORD, is_staff=True
        )
        static = StaticDevice.objects.create(user_id=user.pk, name="Recovery codes")
        static.token_set.create(token="abcdefgh")
        static.token_set.create(token="ijklmnop")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        assert not StaticDevice.objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert in_clear(["abcdefgh", "ijklmnop"], database_text()) == []
    TOTPDevice.objects.create(user=user, name="Phone")
    assert recovery_codes_left(user) == 2
    assert log_in(Client(), user, "abcd-efgh").status_code == 302
    assert log_in(Client(), user, "abcd-efgh").status_code == 200
    assert recovery_codes_left(user) == 1


def test_admin_offers_no_plain_codes(admin_client):
    assert not any(
        model._meta.app_label == "otp_static" for model in admin.site._registry
    )
    assert "otp_static" not in admin_client.get(reverse("admin:index")).content.decode()


def test_codes_alone_are_a_second_factor(make_staff):
    user = make_staff()
    codes = recovery_codes_replace(user)
    assert [d.name for d in devices_for_user(user)] == ["Recovery codes"]
    response = log_in(Client(), user)
    assert response.status_code == 200  # a code is asked for, not enrolment
    assert "correct username, password and code" in response.content.decode()
    assert log_in(Client(), user, codes[0]).status_code == 302
