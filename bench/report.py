"""
Turn one bench/run's raw results into Markdown tables and target checks.

    .venv/bin/python bench/report.py /tmp/casetracker-bench

Reads the wrk outputs (<out>/<db>/wrk/<phase>-<label>.txt), the URL list
(<out>/<db>/urls.tsv) and the JSON of the export, import and search runs;
prints the machine, the tables and every target as met or not met.
"""

import datetime
import json
import os
import re
import sys
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
PHASES = {
    "ref": "— (no middleware)",
    "ref0": "— (its bytes as a static file, nginx)",
    "proxy": "nginx micro-cache; page: Redis",
    "cache": "page: Redis; fragments: local",
    "nocache": "page: off; fragments: local",
    "nocache1": "page: off; fragments: local",
    "none": "page: off; fragments: off",
    "none1": "page: off; fragments: off",
}
DATABASES = {"postgres": "PostgreSQL", "sqlite": "SQLite"}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(text):
    """Return requests/s, p50 and p99 in ms, and the count of failures."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "failed": int(failed.group(1)) if failed else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return {
        "cores": os.cpu_count(),
        "cpu": model.group(1).strip() if model else "unknown",
        "ram_gb": round(int(mem.group(1)) / 1024 / 1024, 1),
    }


def load(out, db):
    base = out / db
    rows = []
    for line in (base / "urls.tsv").read_text().splitlines():
        phase, label, url, connections, load1 = line.split("\t")
        result = parse_wrk((base / "wrk" / f"{phase}-{label}.txt").read_text())
        rows.append(
            {
                "phase": phase,
                "label": label,
                "url": url,
                "connections": int(connections),
                "load": float(load1),
                **result,
            }
        )

    def json_of(name):
        path = base / name
        text = path.read_text() if path.exists() else ""
        return json.loads(text) if text.strip() else None

    return {
        "rows": rows,
        "info": json_of("info.json"),
        "export": json_of("export.json"),
        "import": json_of("import.json"),
        "search": json_of("search.json"),
    }


def find(rows, phase, label):
    """The row of ``phase`` and ``label``, or None if the run skipped it."""
    return next((r for r in rows if r["phase"] == phase and r["label"] == label), None)


def _ratio(rps, ref, digits=2):
    return f"{rps / ref['rps']:.{digits}f}" if ref else "—"


def table(data):
    rows = data["rows"]
    ref1, ref2 = find(rows, "ref", "ref1"), find(rows, "ref", "ref2")
    lines = [
        "| URL | page cache | conn. | req/s | p50 ms | p99 ms | × ref 0 | × ref 1 "
        "| × ref 2 | load |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        failed = f" ({r['failed']} failed)" if r["failed"] else ""
        if "timeout 0" not in r["socket_errors"] and r["socket_errors"]:
            failed += f" ({r['socket_errors']})"
        # Reference 0 is per page: the same bytes as a static file.
        ref0 = find(rows, "ref0", r["label"]) if r["phase"] == "proxy" else None
        lines.append(
            f"| `{r['url']}`{failed} | {PHASES[r['phase']]} | {r['connections']} | "
            f"{r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{_ratio(r['rps'], ref0)} | {_ratio(r['rps'], ref1, 3)} | "
            f"{_ratio(r['rps'], ref2)} | {r['load']:.2f} |"
        )
    return "\n".join(lines)


def targets(data):
    """Return (target, met, measured) for every target of issue 8."""
    rows = data["rows"]
    ref1, ref2 = find(rows, "ref", "ref1"), find(rows, "ref", "ref2")
    cached, uncached = find(rows, "cache", "person"), find(rows, "nocache", "person")
    checks = []
    for row in rows:
        ref0 = find(rows, "ref0", row["label"])
        if row["phase"] != "proxy" or not ref0:
            continue
        share = row["rps"] / ref0["rps"]
        checks.append(
            (
                f"`{row['url']}` behind nginx (micro-cache): ≥ 50% of reference 0 "
                "(the same bytes as a static file through the same nginx)",
                share >= 0.5 and not row["failed"],
                f"{share:.0%} of reference 0 ({row['rps']:,.0f} vs "
                f"{ref0['rps']:,.0f} req/s), p99 {row['p99']:.1f} ms",
            )
        )
    if cached and ref1:
        share = cached["rps"] / ref1["rps"]
        checks.append(
            (
                "Person page (200 events), cache on: ≥ 90% of reference 1 req/s, "
                "p99 < 20 ms",
                share >= 0.9 and cached["p99"] < 20,
                f"{share:.0%} of reference 1 ({cached['rps']:,.0f} vs "
                f"{ref1['rps']:,.0f} req/s), p99 {cached['p99']:.1f} ms",
            )
        )
    for row, how in (
        (uncached, "no page cache, chronology fragments cached (the default)"),
        (find(rows, "none", "person"), "nothing cached"),
    ):
        if not row or not ref2:
            continue
        share = row["rps"] / ref2["rps"]
        checks.append(
            (
                f"Person page (200 events), {how}: ≥ 50% of reference 2 req/s, "
                "p99 < 100 ms",
                share >= 0.5 and row["p99"] < 100,
                f"{share:.0%} of reference 2 ({row['rps']:,.0f} vs "
                f"{ref2['rps']:,.0f} req/s), p99 {row['p99']:.1f} ms",
            )
        )
    for label, name in (("people", "`/people/` with a filter"), ("search", "Search")):
        for phase in ("nocache1", "nocache"):
            row = find(rows, phase, label)
            if not row:
                continue
            checks.append(
                (
                    f"{name}, uncached, {row['connections']} connection(s): "
                    "p99 < 100 ms",
                    row["p99"] < 100,
                    f"p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms at "
                    f"{row['rps']:,.0f} req/s",
                )
            )
    if data["search"]:
        s = data["search"]
        checks.append(
            (
                "Search, uncached, one request at a time: p99 < 100 ms",
                s["p99_ms"] < 100,
                f"p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms over {s['requests']} "
                f"requests of {s['queries']} queries (slowest: "
                f"{s['slowest_query']!r}, {s['max_ms']} ms)",
            )
        )
    if data["export"]:
        e = data["export"]
        checks.append(
            (
                "CSV export of all events: peak memory < 150 MB",
                e["export_rss_mb"] < 150,
                f"{e['published_events']:,} events, {e['bytes'] / 1e6:.0f} MB of "
                f"CSV in {e['seconds']} s; peak RSS {e['peak_rss_mb']} MB, "
                f"{e['export_rss_mb']} MB above the {e['baseline_rss_mb']} MB "
                "after Django's start",
            )
        )
    if data["import"]:
        i = data["import"]
        checks.append(
            (
                "Import of 10,000 rows < 20 s",
                i["seconds"] < 20,
                f"{i['rows']:,} rows in {i['seconds']} s "
                f"(the same file again: {i['again_seconds']} s)",
            )
        )
    return checks


def main():
    out = Path(sys.argv[1])
    m = machine()
    say = sys.stdout.write
    say(
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram_gb']} GB RAM. "
        f"Report made {datetime.date.today().isoformat()}.\n"
    )
    command = out / "command.txt"
    if command.exists():
        say(f"Command: `{command.read_text().strip()}`\n")
    code = out / "code.txt"
    if code.exists():
        say(f"Code: {code.read_text().strip()}\n")
    for db, title in DATABASES.items():
        if not (out / db / "urls.tsv").exists():
            continue
        data = load(out, db)
        info = data["info"] or {}
        say(f"\n### {title}\n\n")
        if info:
            say(
                f"{info['people']:,} people, {info['events']:,} published events; "
                f"person page: `{info['person']}` ({info['person_events']} events).\n\n"
            )
        say(table(data) + "\n\n")
        for target, met, measured in targets(data):
            say(f"- **{'met' if met else 'NOT MET'}** — {target}: {measured}\n")


if __name__ == "__main__":
    main()
