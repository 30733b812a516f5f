import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "casetracker" / "settings.py").read_text()
VARIABLES = sorted(
    set(
        re.findall(
            r'env(?:_bool|_list|_int|\.str|\.db|\.cache|\.email_url)\(\s*"([A-Z_]+)"',
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


def test_starts_without_secret_key_in_debug():
    result = _settings_in_subprocess(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True django.db.backends.sqlite3")


def test_debug_is_off_by_default():
    result = _settings_in_subprocess(DJANGO_SECRET_KEY="k" * 50)
    assert result.stdout.startswith("False ")


def test_unclear_boolean_is_an_error():
    result = _settings_in_subprocess(DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY="k" * 50)
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
    result = _settings_in_subprocess(DJANGO_DEBUG="1", CACHE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == backend


def test_database_url_selects_postgresql():
    result = _settings_in_subprocess(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
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
