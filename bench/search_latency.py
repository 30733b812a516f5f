"""
Time single searches, one after another, against a running server.

    export DJANGO_SECRET_KEY=$(head -c 48 /dev/urandom | base64)
    DATABASE_URL=… .venv/bin/python bench/search_latency.py \\
        http://127.0.0.1:8765

Takes its queries from the generated data (names in their three scripts,
a family name alone, words of event titles), asks each one several times
and prints one JSON object with the latency percentiles. Run it against a
server without the page cache (CACHE_URL=dummycache://), or it times the
cache. bench/run does.
"""

import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPEAT = 5


def queries():
    from people.models import Person, PersonAlias

    people = Person.objects.published().filter(slug__startswith="gen-")
    names = list(people.order_by("pk").values_list("name", flat=True)[:8])
    aliases = list(
        PersonAlias.objects.filter(person__in=people)
        .order_by("pk")
        .values_list("name", flat=True)[:6]
    )
    families = sorted({name.split()[-1] for name in names})[:3]
    words = ["hunger strike", "transfer", "Sentence"]
    return names + aliases + families + words


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    base = sys.argv[1].rstrip("/")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")
    import django

    django.setup()
    timings, slowest = [], (0, "")
    asked = queries()
    for query in asked:
        url = f"{base}/search/?{urllib.parse.urlencode({'q': query})}"
        for _ in range(REPEAT):
            started = time.perf_counter()
            with urllib.request.urlopen(url) as response:
                response.read()
                assert response.status == 200, (url, response.status)
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            slowest = max(slowest, (elapsed, query))
    result = {
        "queries": len(asked),
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p99_ms": round(percentile(timings, 99), 1),
        "max_ms": round(slowest[0], 1),
        "slowest_query": slowest[1],
        "examples": asked,
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
