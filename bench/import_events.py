"""
Time the CSV event import (bulk/importer/) on a generated file: 500
people with 20 events each, 10,000 rows by default; with ``--list N``, a
prisoner list instead: N rows, one person each, with their roles, gender,
birth year and another name, two charges, a court and a facility (shared by
many, as in a country's list) and a sentence, and the arrest as the event.

    export DJANGO_SECRET_KEY=$(head -c 48 /dev/urandom | base64)
    .venv/bin/python bench/import_events.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/import_events.py

Runs in a scratch database that it creates and drops, as the test runner
does (test_casetracker_bench_import; a file in the temporary directory for
SQLite),
and prints the time of each stage: the first import, then the same file
again (which creates nothing), and what EDTF date parsing alone costs.
"""

import argparse
import csv
import datetime
import functools
import io
import os
import sys
import tempfile
import time
from pathlib import Path

KINDS = [
    "detention",
    "charge",
    "pretrial_detention",
    "trial",
    "sentence",
    "appeal",
    "cassation",
    "transfer",
    "health",
    "hunger_strike_start",
    "hunger_strike_end",
    "ill_treatment",
    "Transfer",  # labels and odd case are accepted too
    "Health",
    "parole_hearing",
    "echr_application",
    "UN opinion",
    "pardon",
    "release",
    "travel_ban",
]
COLUMNS = (
    "person,person_native,country,case,event_date,event_kind,title,description,"
    "source_url,source_title,source_publisher,source_date"
).split(",")


def generate(people=500, events=20, sources=4):
    """Return a CSV file (bytes) of ``people`` × ``events`` rows: each person
    one case, events a few weeks apart from a date of their own, each citing
    one of the person's ``sources``. The content is made up, for timing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    start = datetime.date(2000, 1, 3)
    for p in range(people):
        name = f"Bench Person {p:04d}"
        for e in range(events):
            day = start + datetime.timedelta(days=p * 11 + e * 23)
            date = day.isoformat() if e % 5 else day.isoformat()[:7]  # some months
            description = "Made up, for timing, with a comma"
            if e % 7 == 0:
                description += "\nand a second line."
            s = e % sources
            writer.writerow(
                [
                    name,
                    f"Bənç Pərsən {p:04d}",
                    "AZ",
                    f"{name}: bench case",
                    date,
                    KINDS[e % len(KINDS)],
                    f"Bench event {e} of {name}",
                    description,
                    f"https://example.org/bench/{p}/{s}",
                    f"Bench source {s} about {name}",
                    "Bench Publisher",
                    f"{2010 + s}-0{1 + s}",
                ]
            )
    return ("\ufeff" + out.getvalue()).encode()


LIST_COLUMNS = (
    "person,person_native,person_role,person_gender,person_born,"
    "person_other_names,country,case,case_charges,case_court,case_facility,"
    "case_sentence,case_sentence_months,event_date,event_kind,title,"
    "source_url,source_title,source_publisher,source_date"
).split(",")
ROLES = ["journalist", "Human rights defender", "activist; blogger", "politician"]


def generate_list(rows=10_000, courts=25, facilities=40):
    """Return a prisoner list (bytes) of ``rows`` people, one row each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LIST_COLUMNS)
    start = datetime.date(2015, 1, 5)
    for p in range(rows):
        name = f"Bench Listed {p:05d}"
        day = start + datetime.timedelta(days=p % 3000)
        writer.writerow(
            [
                name,
                f"Bənç Listəd {p:05d}",
                ROLES[p % len(ROLES)],
                ("female", "male", "")[p % 3],
                str(1960 + p % 40),
                f"Бенч Листед {p:05d}",
                "AZ",
                f"{name}: bench list case",
                f"CC 234.4.{1 + p % 3}: drug possession; CC 221.{1 + p % 3}",
                f"Bench Court {p % courts}",
                f"Bench Facility {p % facilities}",
                f"{1 + p % 10} years in prison",
                str(12 * (1 + p % 10)),
                day.isoformat(),
                "detention",
                f"Arrested ({name})",
                f"https://example.org/bench-list/{p // 100}",
                f"Bench list, part {p // 100}",
                "Bench Publisher",
                "2024-05",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode()


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument(
        "--list",
        type=int,
        metavar="ROWS",
        help="Time a prisoner list of ROWS people, one row each, instead.",
    )
    parser.add_argument(
        "--dates-parsed",
        action="store_true",
        help="Parse the file's dates before timing, with an unbounded cache, "
        "to see what the import costs apart from EDTF parsing.",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")
    import django

    django.setup()
    from django.db import connection

    # A name of its own, not the test suite's, which may be in use.
    scratch = "test_casetracker_bench_import"
    if connection.vendor == "sqlite":  # a file, as in use; not in memory
        scratch = str(Path(tempfile.gettempdir()) / f"{scratch}.sqlite3")
    connection.settings_dict["TEST"]["NAME"] = scratch
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    from django.db import connection, transaction

    from bulk.importer import import_events, parse, validate, write
    from cases.models import TimelineEvent
    from lib import dates

    if args.list:
        data, rows = generate_list(args.list), args.list
    else:
        data = generate(args.people, args.events)
        rows = args.people * args.events

    def timed(label, function):
        started, cpu = time.perf_counter(), time.process_time()
        result = function()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        say(f"  {label:<40} {wall:6.2f} s  (this process's CPU: {cpu:.2f} s)")
        return result

    def cold():
        if not args.dates_parsed:
            dates._parse_edtf.cache_clear()

    parsed = parse(data)
    distinct = {row["event_date"] for row in parsed.rows}
    distinct |= {row["source_date"] for row in parsed.rows}
    say(
        f"{connection.vendor}: {rows} rows, {len(data) / 1e6:.1f} MB, "
        f"{len(distinct)} distinct dates"
    )
    cold()
    timed(
        "EDTF: parsing those dates alone",
        lambda: [dates.parse_edtf(d) for d in distinct],
    )
    if args.dates_parsed:
        unbounded = functools.cache(dates._parse_edtf.__wrapped__)
        dates._parse_edtf = unbounded
        [dates.parse_edtf(text) for text in distinct]
        say("  (dates parsed before timing; no EDTF cost below)")

    cold()

    def first_import():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            parsed = timed("parse (bytes → rows)", lambda: parse(data))
            plan = timed("validate (match, model checks)", lambda: validate(parsed))
            assert not plan.problems, plan.problems[:5]
            timed("write", lambda: write(plan))
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
        timed(
            "commit (and its on_commit callbacks)",
            lambda: atomic.__exit__(None, None, None),
        )
        return plan

    plan = timed("first import, in all", first_import)
    say(f"  created {plan.counts}")

    cold()
    plan = timed("the same file again", lambda: import_events(data=data))
    assert plan.counts.total == 0
    assert TimelineEvent.objects.count() == rows


if __name__ == "__main__":
    main()
