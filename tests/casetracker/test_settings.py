import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
SETTINGS = (ROOT / "casetracker" / "settings.py").read_text()
VARIABLES = sorted(
    set(
        re.findall(
            r'env(?:_bool|_list|_int|_secret_key|\.str|\.db|\.cache|\.email_url)\(\s*"([A-Z_]+)"',
            SETTINGS,
        )
    )
)


def _settings_in_subprocess(**env):
    """Import the settings in a fresh interpreter with only ``env`` set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    clean.update(env)
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'casetracker.settings';"
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'],"
        " settings.CACHES['default']['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _settings_in_subprocess()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_refuses_to_start_without_secret_key_even_in_debug():
    result = _settings_in_subprocess(DJANGO_DEBUG="1")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_no_secret_key_is_published_with_the_code():
    # The key a checkout would fall back to is known to everyone.
    assert "SECRET_KEY = " not in SETTINGS.replace(
        'SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY")', ""
    )
    assert "insecure" not in (ROOT / "Makefile").read_text()


@pytest.mark.parametrize(
    "key",
    [
        "a1b2c3d4e5" * 4,  # 40 characters
        "ab" * 30,  # 2 different characters
        "django-insecure-" + secrets.token_urlsafe(50),
    ],
    ids=["short", "few characters", "django-insecure prefix"],
)
@pytest.mark.parametrize("debug", ["0", "1"])
def test_refuses_to_start_with_a_weak_secret_key(key, debug):
    result = _settings_in_subprocess(DJANGO_DEBUG=debug, DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak: use at least 50 characters" in result.stderr
    assert key not in result.stderr


def test_starts_with_a_strong_secret_key_in_debug():
    result = _settings_in_subprocess(DJANGO_DEBUG="1", **KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True django.db.backends.sqlite3")


@pytest.mark.parametrize(
    "hosts",
    ["casetracker.example.org", "localhost,casetracker.example.org", "*", "0.0.0.0"],
)
def test_debug_refuses_to_serve_beyond_this_machine(hosts):
    result = _settings_in_subprocess(
        DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS=hosts, **KEY
    )
    assert result.returncode != 0
    assert f"DJANGO_DEBUG=1 with DJANGO_ALLOWED_HOSTS={hosts!r}" in result.stderr
    assert "Set DJANGO_DEBUG=0 on a server" in result.stderr


def test_debug_serves_this_machine_under_any_loopback_name():
    hosts = "localhost,127.0.0.1,[::1],127.0.0.2,casetracker.localhost,.localhost"
    result = _settings_in_subprocess(
        DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS=hosts, **KEY
    )
    assert result.returncode == 0, result.stderr


def test_public_host_names_are_fine_with_debug_off():
    result = _settings_in_subprocess(
        DJANGO_ALLOWED_HOSTS="casetracker.example.org", **KEY
    )
    assert result.returncode == 0, result.stderr


def test_debug_is_off_by_default():
    result = _settings_in_subprocess(**KEY)
    assert result.stdout.startswith("False ")


def test_unclear_boolean_is_an_error():
    result = _settings_in_subprocess(DJANGO_DEBUG="maybe", **KEY)
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe': use 1 or 0" in result.stderr


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmemcache://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("dummycache://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url_selects_the_cache(url, backend):
    result = _settings_in_subprocess(DJANGO_DEBUG="1", CACHE_URL=url, **KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == backend


def test_database_url_selects_postgresql():
    result = _settings_in_subprocess(
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        **KEY,
    )
    assert "django.db.backends.postgresql" in result.stdout


def test_settings_read_the_variables_the_issue_names():
    assert {
        "DATABASE_URL",
        "CACHE_URL",
        "DJANGO_SECRET_KEY",
        "DJANGO_DEBUG",
        "DJANGO_ALLOWED_HOSTS",
    } <= set(VARIABLES)


@pytest.mark.parametrize("name", VARIABLES)
def test_every_variable_is_documented(name):
    assert f"`{name}`" in (ROOT / "README.md").read_text()
    assert re.search(rf"^#? ?{name}=", (ROOT / ".env.example").read_text(), re.M)


def test_make_run_keeps_its_generated_key_out_of_git():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export DJANGO_SECRET_KEY ?= $(shell cat .secret-key" in makefile
    assert "secrets.token_urlsafe(50))' > $@" in makefile
    assert "/.secret-key" in (ROOT / ".gitignore").read_text().splitlines()


def test_env_example_trusts_no_proxy_it_does_not_have():
    # Trusting a proxy that is not there lets a client choose the address the
    # lockout counts, a new one for each try.
    lines = (ROOT / ".env.example").read_text().splitlines()
    at = lines.index("DJANGO_PROXY_COUNT=0")
    # The comment right above it warns.
    assert "lockout" in " ".join(lines[at - 3 : at])
    (row,) = [
        line
        for line in (ROOT / "README.md").read_text().splitlines()
        if line.startswith("| `DJANGO_PROXY_COUNT`")
    ]
    assert "| `0` |" in row and "lockout" in row
