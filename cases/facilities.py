"""
Where a case holds its person, as last documented: the one rule, read from
the case's published events in order. Plain data in, plain data out; the
case's refresh_status() stores the result (Case.held_at).
"""

from dataclasses import dataclass

# Event kinds (cases.models.TimelineEvent.Kind values) that place a person
# in the facility the event names.
PLACING = frozenset({"detention", "pretrial_detention", "transfer", "in_custody"})
# Kinds after which the last facility named no longer says where the person
# is: they left it (released, under house arrest, exiled, dead), or were
# moved or detained again without the place being named.
UNPLACING = frozenset(
    {
        "house_arrest",
        "release",
        "pardon",
        "acquittal",
        "charges_dropped",
        "exile",
        "death",
    }
)
MOVING = frozenset({"detention", "pretrial_detention", "transfer"})


@dataclass(frozen=True)
class Placing:
    """One published event: its kind, EDTF date and the detention facility
    it names (an Organization pk), or None."""

    kind: str
    date: str
    place: int | None


def held_at(events):
    """
    Return the Placing that says where the person is held, from ``events``
    (Placings in chronological order), or None when no facility is
    documented for the last placement. Call it only for a case whose status
    is custodial: whether the person is still held is the status's rule.

    A report that someone is held without naming where ("in_custody") leaves
    the place as it was; a detention or a transfer without a place means the
    last named one is no longer where they are.
    """
    found = None
    for event in events:
        if event.kind in UNPLACING:
            found = None
        elif event.kind in PLACING and event.place is not None:
            found = event
        elif event.kind in MOVING:
            found = None
    return found
