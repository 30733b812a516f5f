"""
deploy/rehearse's publication step: what a reviewer does in the admin, done
with the same service functions the admin's actions call
(editorial.services), on the primary; then timed through the balancer.

    python deploy/rehearse_publish.py BALANCER_URL

Run with the rehearsal's environment (DATABASE_URL, DATABASE_REPLICA_URL,
CACHE_URL). Prints what it saw, and the figures as one JSON line last.
"""

import html
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connections  # noqa: E402

from cases.models import TimelineEvent  # noqa: E402
from editorial.services import publication_publish, publication_return  # noqa: E402

BALANCER = sys.argv[1].rstrip("/")


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


POLL = 0.005
TIMEOUT = 10.0


def fetch(path, cookie=None):
    request = urllib.request.Request(BALANCER + path)
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Cache-Status")


def primary_lsn():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_sql(sql, *params):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] if cursor.description else None


def replayed(lsn):
    return replica_sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn)


def seconds(value):
    return "never (waited 10 s)" if value is None else f"{value:.3f} s"


def wait(condition, timeout=TIMEOUT):
    """Seconds until condition() held, or None after timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(POLL)
    return None


def shows(path, title, cookie=None):
    return title in fetch(path, cookie)[0]


def timed_change(change, path, title, present):
    """Make ``change``; time the replica's replay and the balancer's page."""
    change()
    committed = time.monotonic()
    lsn = primary_lsn()
    replica_at = page_at = None
    while time.monotonic() - committed < TIMEOUT and page_at is None:
        now = time.monotonic()
        if replica_at is None and replayed(lsn):
            replica_at = now - committed
        if page_at is None and shows(path, title) == present:
            page_at = time.monotonic() - committed
        time.sleep(POLL)
    return replica_at, page_at


def main():
    reviewer = get_user_model().objects.get(username="reviewer")
    event = (
        TimelineEvent.objects.filter(publication_state="published")
        .select_related("case__person")
        .order_by("pk")
        .first()
    )
    path = f"/people/{event.case.person.slug}/"
    title = html.escape(event.title)
    figures = {"page": path, "event": event.title}
    say(f"  the record: event {event.pk} {event.title!r}, shown on {path}")

    # Unpublish it first (also a reviewer's action), and wait until the
    # balancer's page no longer shows it: the start of the measurement.
    def unpublish():
        publication_return(obj=event, by=reviewer, comment="deploy/rehearse")

    def publish():
        publication_publish(obj=event, by=reviewer)

    replica_s, page_s = timed_change(unpublish, path, title, present=False)
    say(f"  unpublished: gone from the page after {seconds(page_s)}")

    replica_s, page_s = timed_change(publish, path, title, present=True)
    figures["replica_replay_s"] = replica_s
    figures["publish_to_page_s"] = page_s
    say(
        f"  published on the primary: replayed by the replica after "
        f"{replica_s * 1000:.1f} ms; shown by the balancer's page after "
        f"{page_s:.3f} s (the micro-cache keeps a copy 1-2 s)"
        if page_s is not None and replica_s is not None
        else f"  published: NOT shown within {TIMEOUT} s (replica {replica_s})"
    )

    # Proof that anonymous pages read the replica: with its replay paused, a
    # change on the primary is not on the anonymous page, and is on a page
    # read with a session cookie (the router's rule: the primary).
    replica_sql("SELECT pg_wal_replay_pause()")
    try:
        publication_return(obj=event, by=reviewer, comment="deploy/rehearse")
        time.sleep(2.5)  # past the micro-cache's copy
        anonymous = shows(path, title)
        primary = shows(path, title, cookie="sessionid=rehearsal")
        figures["replica_paused_anonymous_shows_old"] = anonymous
        figures["replica_paused_session_cookie_shows_new"] = not primary
        say(
            "  replica's replay paused, event unpublished on the primary: "
            f"anonymous page still shows it: {anonymous} (read from the "
            f"replica); with a session cookie: {'gone' if not primary else 'shown'}"
            " (read from the primary)"
        )
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")
    gone = wait(lambda: not shows(path, title), timeout=6)
    figures["after_resume_gone_s"] = gone
    say(
        f"  replay resumed: gone from the anonymous page after {gone:.3f} s"
        if gone is not None
        else "  replay resumed: STILL SHOWN after 6 s: the page rendered from "
        "the lagging replica was cached under the new public version "
        "(docs/deployment.md, 'Known limit')"
    )
    # Put it back: a new public version, now that the replica has caught up.
    publish()
    say("  published again")
    say(json.dumps(figures))


if __name__ == "__main__":
    main()
