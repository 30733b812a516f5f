"""
Import timeline events from a spreadsheet saved as CSV, for
``manage.py import_events`` and the admin's "Import events from CSV" page.
The format is described in README.md ("Importing events from a
spreadsheet"); docs/import-example.csv is an example.

Stages, each in its own module and with its own data:

- ``parse(data)`` (read.py): bytes → ``Parsed``: the rows, each with the line of the
  file it starts on (a quoted field may span lines), and the problems of the
  file as a whole (encoding, header, quotes).
- ``validate(parsed)`` (plan.py, with checks.py and match.py): rows →
  ``Plan``: for each row the person, case,
  source, event and citation it names, matched with what the database holds
  or new, and every problem of every row, with its line and column. Reads the
  database, never writes.
- ``write(plan, user=…)`` (write.py): creates what the plan marks new, as drafts.

``import_events()`` runs the three in one transaction and writes nothing if
any row has a problem. The admin page previews with ``parse`` and
``validate`` and writes with ``import_events``, so both apply the same rules.
"""

from django.db import connection, transaction

from .plan import Counts, Plan, validate
from .read import COLUMNS, REQUIRED_COLUMNS, ImportRefused, Parsed, Problem, parse
from .write import CHANGE_REASON, write

__all__ = [
    "CHANGE_REASON",
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "Counts",
    "ImportRefused",
    "Parsed",
    "Plan",
    "Problem",
    "import_events",
    "parse",
    "validate",
    "write",
]


def import_events(*, data, user=None, dry_run=False, propose_differences=False):
    """
    Import the CSV file ``data`` (bytes) in one transaction; return its Plan.
    Raise ImportRefused, having written nothing, if any row has a problem.
    Idempotent: a second import of the same file creates nothing.
    ``user``, if given, must have permission to add each kind of record the
    file creates, and is recorded as their creator. ``dry_run`` checks
    everything and writes nothing. ``propose_differences``: what the file
    says of existing records and they do not hold becomes a pending revision
    of each, by ``user``, for a reviewer; otherwise it is only listed.
    """
    with transaction.atomic():
        if not dry_run:
            _lock_imports()
        plan = validate(parse(data), user=user, propose_differences=propose_differences)
        if plan.problems:
            raise ImportRefused(plan.problems)
        if not dry_run:
            write(plan, user=user)
    return plan


def _lock_imports():
    """Make concurrent imports wait for each other, so that two uploads of
    one file cannot both create the same new person. (SQLite lets one
    writer at a time anyway.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('import_events'))")
