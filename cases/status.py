"""
A case's status follows from its events.

``derive()`` walks a case's events in chronological order and returns the
status after the last one that changes it, with the dates custody began and
ended. ``Case.refresh_status()`` is its only caller that writes; a person's
status follows from their cases (people/status.py, ``headline_case``).
"""

from dataclasses import dataclass

from people.status import CUSTODIAL, Status

__all__ = ["CUSTODIAL", "Derived", "Status", "derive"]


@dataclass(frozen=True)
class Derived:
    status: str
    status_changed_on: object = None  # the date of the event that set it
    status_since: str = ""  # that event's date as its EDTF text
    custody_started_on: object = None  # datetime.date or None
    custody_ended_on: object = None
    custody_started: str = ""  # the EDTF text of the event that began custody
    custody_ended: str = ""
    # False when custody began with a report that someone is held
    # ("in_custody"): the arrest itself came earlier, on a date not known.
    custody_start_known: bool = True


def _next_status(kind, current):
    """Return the status after an event of ``kind``, or None if it changes none."""
    # Event kinds are cases.models.TimelineEvent.Kind values; plain strings
    # here keep this module free of model imports.
    simple = {
        "detention": Status.DETAINED,
        "pretrial_detention": Status.PRETRIAL_DETENTION,
        "house_arrest": Status.HOUSE_ARREST,
        "sentence": Status.SENTENCED,
        "release": Status.RELEASED,
        "pardon": Status.PARDONED,
        "acquittal": Status.ACQUITTED,
        "charges_dropped": Status.CHARGES_DROPPED,
        "exile": Status.IN_EXILE,
    }
    if kind in simple:
        return simple[kind]
    if kind == "in_custody":
        # A report that someone is held says nothing new if they are.
        return None if current in CUSTODIAL else Status.DETAINED
    if kind == "charge":
        # A new charge against someone already held leaves them held.
        return None if current in CUSTODIAL else Status.CHARGED
    if kind == "death":
        return Status.DIED_IN_CUSTODY if current in CUSTODIAL else Status.DECEASED
    return None


def derive(events):
    """
    Return the Derived status of a case from its events.

    ``events`` are (kind, date_lower, date) triples in chronological order,
    ``date`` being the EDTF text. Custody
    starts with the first custodial status after liberty; a second
    ``detention`` while held means an unrecorded release in between (a short
    detention, then a new arrest), so custody counts from the later one.
    """
    status = Status.UNKNOWN
    changed_on = started = ended = None
    started_text = ended_text = since = ""
    start_known = True
    for kind, date_lower, text in events:
        new = _next_status(kind, status)
        if new is None:
            continue
        was_held = status in CUSTODIAL
        now_held = new in CUSTODIAL
        if now_held and (not was_held or kind == "detention"):
            started, started_text, ended, ended_text = date_lower, text, None, ""
            start_known = kind != "in_custody"
        elif was_held and not now_held:
            ended, ended_text = date_lower, text
        status, changed_on, since = new, date_lower, text
    return Derived(
        status=status,
        status_changed_on=changed_on,
        status_since=since,
        custody_started_on=started,
        custody_ended_on=ended,
        custody_started=started_text,
        custody_ended=ended_text,
        custody_start_known=start_known,
    )
