import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_reports_nothing_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="casetracker.example.org",
        DJANGO_EMAIL_URL="smtp+tls://casetracker:password@mail.example.org:587",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("url", ["/", "/people/", "/api/v1/people/", "/events/feed/"])
def test_public_responses_carry_the_security_headers(client, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_in_production(settings):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/people/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/people/"


def test_cookies_are_secure_and_http_only(client, make_person):
    response = client.get("/language/az/?next=/", secure=True)
    cookie = response.cookies["django_language"]
    assert cookie["secure"] and cookie["httponly"]
    from django.conf import settings

    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_SECURE and settings.CSRF_COOKIE_HTTPONLY


def test_public_pages_carry_no_inline_script_or_style(client, demo_data):
    for url in ["/", "/people/bakhtiyar-hajiyev/", "/cases/", "/statements/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "<script " not in html.replace(
            '<script type="application/ld+json">', ""
        )
        assert " style=" not in html and "<style" not in html


def test_deploy_check_warns_when_mail_goes_to_the_console():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="casetracker.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "accounts.W001" in result.stderr + result.stdout
    assert "Set DJANGO_EMAIL_URL" in result.stderr + result.stdout
