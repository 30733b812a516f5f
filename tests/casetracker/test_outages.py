"""
A dependency that is down degrades the site; it never takes it down with a
bare 500. The database case runs the app in a process of its own, pointed
at a PostgreSQL port nothing listens on, as production would meet an
outage.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
paths = ["/", "/people/", "/api/v1/people/", "/robots.txt", "/static/css/site.css"]
for path in paths:
    response = client.get(path)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    answers[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "type": response.get("Content-Type", ""),
        "body": body.decode("utf-8", "replace")[:2000],
    }
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def database_down(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nothing",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": "locmemcache://",
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    env.setdefault("DJANGO_SECRET_KEY", "outage-test-" + "k7Qz9pL2xV4mN8rT" * 4)
    # Production settings serve hashed static files from a manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_pages_answer_a_calm_503_while_the_database_is_down(database_down):
    for path in ("/", "/people/"):
        answer = database_down[path]
        assert answer["status"] == 503, path
        assert answer["retry_after"] == "30"
        assert "text/html" in answer["type"]
        assert "Briefly unavailable" in answer["body"]
        assert "Traceback" not in answer["body"]


def test_the_api_answers_json_503_with_retry_after(database_down):
    answer = database_down["/api/v1/people/"]
    assert answer["status"] == 503
    assert answer["retry_after"] == "30"
    assert answer["type"].startswith("application/json")
    assert json.loads(answer["body"])["detail"].startswith("The service is briefly")


def test_what_needs_no_database_still_works(database_down):
    assert database_down["/robots.txt"]["status"] == 200
    assert "Sitemap:" in database_down["/robots.txt"]["body"]
    assert database_down["/static/css/site.css"]["status"] == 200
