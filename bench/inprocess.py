"""
Time pages in one process, beside reference 2 in the same run: what a page
costs a worker, without wrk, gunicorn or the network in the way.

    export DJANGO_SECRET_KEY=… DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=testserver
    export DJANGO_STATIC_ROOT=/tmp/casetracker-static   # collectstatic there first
    CACHE_URL=dummycache:// DATABASE_URL=… .venv/bin/python bench/inprocess.py \\
        [--repeat 60] [--cold] [URL …]

Each URL (default: the pages of issue 18, on the generated data) is asked
for a few times to warm up, then ``--repeat`` times; the median and the 90th
percentile are printed with the multiple of reference 2 (the person's 200
published events in one query, rendered by bench/templates/bench/events.html,
no middleware: bench/views.py), measured in the same way in the same run,
plus the page's size and its number of queries. The page cache should be off
(``CACHE_URL=dummycache://``); the fragment cache is as configured, unless
``--cold`` empties it before every request (nothing cached at all). Prints
one line of JSON per URL after the table.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

WARM_UP = 5


def default_urls():
    from cases.models import Case, TimelineEvent

    person = _person_with_200_events()
    case = Case.objects.published().filter(person=person).order_by("pk").first()
    family = person.name.split()[-1]
    kind = TimelineEvent.Kind.HUNGER_STRIKE_START
    return [
        "/",
        "/people/?country=AZ",
        person.get_absolute_url(),
        case.get_absolute_url(),
        "/cases/?country=AZ&status=" + (case.status or ""),
        f"/search/?q={person.name.replace(' ', '+')}",
        f"/search/?q={family}",
        "/search/?q=hunger+strike",
        f"/events/?kind={kind}&date_from=2015&date_to=2020",
        "/stats/",
        "/api/v1/people/",
        "/api/v1/events/?kind=sentence",
    ]


def _person_with_200_events():
    from django.db.models import Count, Q

    from people.models import Person

    published = Q(cases__events__publication_state="published")
    person = (
        Person.objects.published()
        .annotate(n=Count("cases__events", filter=published))
        .filter(n=200)
        .order_by("pk")
        .first()
    )
    if person is None:
        sys.exit("No person with exactly 200 events: generate_data --seed 1 first.")
    return person


def reference_2(slug):
    """Reference 2 as bench/views.py:events serves it, without a server."""
    from django.template import engines

    from cases.models import TimelineEvent

    template_path = Path(__file__).parent / "templates" / "bench" / "events.html"
    template = engines["django"].from_string(template_path.read_text())

    def request():
        events = (
            TimelineEvent.objects.published()
            .filter(case__person__slug=slug)
            .order_by("date_lower", "position", "pk")
        )
        return template.render({"events": events}).encode()

    return request


def page(client, url):
    def request():
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        return response.content

    return request


def measure(request, repeat, cold):
    from django.core.cache import caches
    from django.db import connection

    for _ in range(WARM_UP):
        if cold:
            caches["fragments"].clear()
        request()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Counted by a wrapper: the request's start empties connection.queries.
    with connection.execute_wrapper(count):
        if cold:
            caches["fragments"].clear()
        body = request()
    timings = []
    for _ in range(repeat):
        if cold:
            caches["fragments"].clear()
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(timings[int(0.9 * (len(timings) - 1))], 2),
        "kb": round(len(body) / 1024, 1),
        "queries": len(queries),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*")
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")
    import django

    django.setup()
    from django.test import Client

    person = _person_with_200_events()
    client = Client()
    results = [("reference 2", measure(reference_2(person.slug), args.repeat, False))]
    for url in args.urls or default_urls():
        results.append((url, measure(page(client, url), args.repeat, args.cold)))
    floor = results[0][1]["median_ms"]
    say = sys.stdout.write
    say(f"{'page':<48} {'median ms':>9} {'p90 ms':>7} {'× ref 2':>7} ")
    say(f"{'KB':>7} {'SQL':>4}\n")
    for url, result in results:
        result["x_ref2"] = round(result["median_ms"] / floor, 1)
        say(
            f"{url:<48} {result['median_ms']:>9.1f} {result['p90_ms']:>7.1f} "
            f"{result['x_ref2']:>7.1f} {result['kb']:>7.1f} {result['queries']:>4}\n"
        )
    for url, result in results:
        say(json.dumps({"url": url, "cold": args.cold, **result}) + "\n")


if __name__ == "__main__":
    main()
