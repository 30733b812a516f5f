"""The staff account settings: read from the environment, strictly."""

import os
import subprocess
import sys

import pytest

from casetracker import settings as project_settings
from tests.casetracker.test_settings import KEY, ROOT


def setting(name, **env):
    """Return repr(settings.<name>) from a fresh interpreter with ``env`` set
    (and a strong secret key), or the error that stopped it."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    clean.update(KEY)
    clean.update(env)
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'casetracker.settings';"
        f"from django.conf import settings; print(repr(settings.{name}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_two_factor_is_required_even_in_debug():
    assert setting("OTP_REQUIRED") == "True"
    assert setting("OTP_REQUIRED", DJANGO_DEBUG="1") == "True"
    assert setting("OTP_REQUIRED", DJANGO_DEBUG="1", DJANGO_OTP_REQUIRED="0") == "False"


def test_make_run_turns_two_factor_off_for_the_demo_and_says_so():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export DJANGO_OTP_REQUIRED ?= 0" in makefile
    assert "DJANGO_OTP_REQUIRED=0, staff log in without a second factor" in makefile


@pytest.mark.parametrize(
    ("name", "variable", "value", "expected"),
    [
        ("SESSION_COOKIE_AGE", "DJANGO_SESSION_IDLE_MINUTES", "15", "900"),
        ("SESSION_ABSOLUTE_AGE", "DJANGO_SESSION_MAX_HOURS", "8", "28800"),
        ("OTP_ENROLMENT_DAYS", "DJANGO_OTP_ENROLMENT_DAYS", "7", "7"),
        ("PROXY_COUNT", "DJANGO_PROXY_COUNT", "1", "1"),
        ("ADMIN_URL", "DJANGO_ADMIN_URL", "office-7f3a/", "'office-7f3a/'"),
        ("DEFAULT_FROM_EMAIL", "DJANGO_DEFAULT_FROM_EMAIL", "a@b.org", "'a@b.org'"),
        (
            "EMAIL_HOST",
            "DJANGO_EMAIL_URL",
            "smtp+tls://user:secret@mail.example.org:587",
            "'mail.example.org'",
        ),
    ],
)
def test_staff_settings_come_from_the_environment(name, variable, value, expected):
    assert setting(name, DJANGO_DEBUG="1", **{variable: value}) == expected


def test_defaults():
    assert setting("SESSION_COOKIE_AGE", DJANGO_DEBUG="1") == "1800"
    assert setting("SESSION_ABSOLUTE_AGE", DJANGO_DEBUG="1") == "43200"
    assert setting("ADMIN_URL", DJANGO_DEBUG="1") == "'admin/'"
    assert setting("EMAIL_BACKEND", DJANGO_DEBUG="1") == (
        "'django.core.mail.backends.console.EmailBackend'"
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_SESSION_IDLE_MINUTES", "half an hour", "use a whole number"),
        ("DJANGO_SESSION_MAX_HOURS", "0", "at least 1"),
        ("DJANGO_OTP_ENROLMENT_DAYS", "-1", "at least 1"),
        ("DJANGO_PROXY_COUNT", "one", "use a whole number"),
        ("DJANGO_OTP_REQUIRED", "sometimes", "use 1 or 0"),
        ("DJANGO_ADMIN_URL", "/admin", "ending with a slash"),
        ("DJANGO_ADMIN_URL", "", "ending with a slash"),
        ("DJANGO_ADMIN_URL", "a dmin/", "ending with a slash"),
        ("DJANGO_EMAIL_URL", "mail.example.org", "Invalid email schema"),
    ],
)
def test_unclear_staff_settings_stop_the_app(variable, value, message):
    error = setting("DEBUG", DJANGO_DEBUG="1", **{variable: value})
    assert "ImproperlyConfigured" in error
    assert message in error


def test_passwords_are_hashed_with_argon2_first():
    # tests/conftest.py swaps in a fast hasher; these are the real settings.
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_axes_locks_for_a_while_not_forever():
    assert project_settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert project_settings.AXES_FAILURE_LIMIT == 5
    assert project_settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert project_settings.AXES_RESET_ON_SUCCESS is True
