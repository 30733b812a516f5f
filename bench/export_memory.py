"""
Time the CSV export of every published event and measure its peak memory.

    export DJANGO_SECRET_KEY=$(head -c 48 /dev/urandom | base64)
    DATABASE_URL=… .venv/bin/python bench/export_memory.py

Streams /events/export.csv through the real view (resolved from the URL
configuration, without middleware: the page cache skips streaming responses
anyway) and reads the whole response, as a download would. Prints one JSON
object: rows, bytes, seconds, and this process's peak resident memory
(ru_maxrss) before and after, so that the export's own cost is the
difference. bench/run calls it once per database.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory
    from django.urls import resolve

    from cases.models import TimelineEvent

    events = TimelineEvent.objects.published().count()  # also opens the connection
    path = "/events/export.csv"
    match = resolve(path)
    request = RequestFactory().get(path, HTTP_HOST="127.0.0.1")
    baseline = peak_rss_mb()

    started = time.perf_counter()
    response = match.func(request, *match.args, **match.kwargs)
    size = lines = 0
    for chunk in response:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    assert response.status_code == 200, response.status_code

    result = {
        "database": connection.vendor,
        "published_events": events,
        "csv_lines": lines,
        "bytes": size,
        "seconds": round(seconds, 2),
        "rows_per_second": round(events / seconds),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
        "export_rss_mb": round(peak - baseline, 1),
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
