"""
The one door every bulk write goes out through.

A record saved one at a time derives its own columns in save(): date bounds
and search text (each model's ``set_derived_fields()``), its version, then
the case's and the person's status, the person's search keys, whether
cases and events are publicly visible, and the public version that makes
cached pages stale. A bulk write (the import, the
archive, the demo loader, the generator) skips some of that for speed, and
calls ``after_bulk_write()`` with what it wrote, which does the rest in a few
queries, whatever the number of records. A test writes the same records
through save() and through each bulk path and compares every derived column
(tests/bulk/test_door.py).

Columns a bulk path must insert (a date's lower bound is NOT NULL) it fills by
calling ``set_derived_fields()`` itself, before inserting: the same function
save() calls. What it leaves out, or gets wrong, is set right here.
"""

from collections import defaultdict

from django.db import connection, transaction

from cases.models import Case, TimelineEvent
from cases.models.case import refresh_status as refresh_case_status
from editorial.models import EditorialModel
from editorial.public import bump_public_version
from people.models import Person, PersonAlias, refresh_search_keys, refresh_status

BATCH = 500


def after_bulk_write(objects):
    """
    Finish a bulk write of ``objects`` (saved instances of any of our
    models, in any order) as save() would have: derived columns, version
    numbers, search keys, statuses, visibility, the public version. Return the number of
    records whose derived columns had to be corrected. One transaction.
    """
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    with transaction.atomic():
        corrected = sum(_derive(model, records) for model, records in by_model.items())
        for model, records in by_model.items():
            if issubclass(model, EditorialModel):
                _first_versions(model, records)
        people = _people_touched(by_model)
        refresh_search_keys(people.values())
        cases = _cases_touched(by_model)
        refresh_case_status(cases, people=_people_of(cases, people))
        # People with no case among them: their status may still change
        # (a person restored with cases that already hold them).
        with_cases = _ids(cases, "person")
        refresh_status(p for p in people.values() if p.pk not in with_cases)
        _refresh_visibility(cases, people)
        bump_public_version()
        tables = {model._meta.db_table for model in by_model}
        tables |= {Case._meta.db_table, Person._meta.db_table}  # their statuses
        transaction.on_commit(lambda: refresh_planner_statistics(sorted(tables)))
    return corrected


# SQLite reads this many rows of each index for its statistics, not all of
# them (approximate statistics: a bulk write does not wait for a full scan).
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(tables):
    """
    Bring the query planner's statistics of ``tables`` up to date, once a
    bulk write has committed, so that nobody has to know to do it: without
    them SQLite reads a person's events through the publication_state index,
    every row of it (bench/RESULTS.md), and PostgreSQL plans on its last
    autovacuum's view until the next one. ``ANALYZE`` on both databases:
    SQLite's ``PRAGMA optimize`` (3.40) analyses only tables this connection
    has already read through an index, so a fresh load would stay without
    statistics.
    """
    sqlite = connection.vendor == "sqlite"
    # On PostgreSQL, VACUUM too, where it may run (outside a transaction):
    # it marks the pages written as all-visible, without which no count can
    # be read from an index alone (the public events' index: /events/).
    # Autovacuum would, in its own time.
    vacuum = not sqlite and transaction.get_autocommit()
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        if sqlite:
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
        if sqlite:
            cursor.execute("PRAGMA analysis_limit = 0")
            cursor.execute("PRAGMA optimize")


def _derive(model, records):
    """Run each record's set_derived_fields(); store what it changed."""
    if not hasattr(model, "set_derived_fields"):
        return 0
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    changed, fields = [], set()
    for record in (r for r in records if r.pk is not None):
        before = [getattr(record, name) for name in names]
        record.set_derived_fields()
        differ = [
            name
            for name, old in zip(names, before, strict=True)
            if getattr(record, name) != old
        ]
        if differ:
            changed.append(record)
            fields.update(differ)
    if changed:
        model._default_manager.bulk_update(changed, sorted(fields), batch_size=BATCH)
    return len(changed)


def _refresh_visibility(cases, people):
    """Store whether the cases of the people written, the other cases
    written (or whose events were), and their events, are publicly
    visible: each case once."""
    others = {case.pk for case in cases if case.person_id not in people}
    for name, ids in (("person", set(people)), ("pk", others)):
        ids = sorted(ids)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            Case.objects.filter(**{f"{name}__in": batch}).refresh_visibility()


def _first_versions(model, records):
    """Records inserted in bulk start at version 1, as save() would give."""
    fresh = [record.pk for record in records if record.pk and not record.version]
    for start in range(0, len(fresh), BATCH):
        model._default_manager.filter(
            pk__in=fresh[start : start + BATCH], version=0
        ).update(version=1)
    for record in records:
        record.version = record.version or 1


def _people_touched(by_model):
    """The people whose names or cases a write may have changed, by pk."""
    people = {person.pk: person for person in by_model.get(Person, [])}
    wanted = {alias.person_id for alias in by_model.get(PersonAlias, [])}
    wanted -= set(people)
    for start in range(0, len(ids := sorted(wanted)), BATCH):
        for person in Person.objects.filter(pk__in=ids[start : start + BATCH]):
            people[person.pk] = person
    return people


def _cases_touched(by_model):
    """The cases whose events a write may have changed."""
    cases = {case.pk: case for case in by_model.get(Case, [])}
    wanted = {event.case_id for event in by_model.get(TimelineEvent, [])}
    wanted -= set(cases)
    ids = sorted(wanted)
    for start in range(0, len(ids), BATCH):
        for case in Case.objects.filter(pk__in=ids[start : start + BATCH]):
            cases[case.pk] = case
    return list(cases.values())


def _people_of(cases, people):
    """The Person instances of ``cases``: those already at hand, else loaded."""
    wanted = _ids(cases, "person") - set(people)
    ids = sorted(wanted)
    found = dict(people)
    for start in range(0, len(ids), BATCH):
        for person in Person.objects.filter(pk__in=ids[start : start + BATCH]):
            found[person.pk] = person
    return [found[pk] for pk in _ids(cases, "person")]


def _ids(records, name):
    return {getattr(record, f"{name}_id") for record in records}
