"""
What a case's published, cited evidence supports, and until when.

A status is only as current as the last thing that documents it. Each of a
case's published events with a published citation documents the case on its
date, and each source that cites it on the date the source was published;
``last_documented()`` is the latest of these. Custody is documented from its
start to that date, and never past the latest day the sentence can have
ended, unless an event of custody (a transfer, a hunger strike, a report
that the person is held) shows the person still held after it:
``custody_documented()``.

Dates are compared by the earliest day their EDTF text allows
(``lib.dates.certain_bounds``): "December 2024" documents 1 December 2024,
no later day. Plain rules over plain values, no database.
"""

import datetime
from dataclasses import dataclass, field

from lib import dates

from .status import CUSTODIAL

# Events that happen to someone while held: one dated after the sentence's
# latest end shows that custody went on. A judgment, an opinion or an award
# says nothing of where the person is.
CUSTODY_EVENTS = frozenset(
    {
        "detention",
        "in_custody",
        "pretrial_detention",
        "house_arrest",
        "sentence",
        "trial",
        "appeal",
        "cassation",
        "transfer",
        "hunger_strike_start",
        "hunger_strike_end",
        "ill_treatment",
        "health",
        "parole_hearing",
    }
)


@dataclass(frozen=True, order=True)
class Dated:
    """An EDTF text and the earliest day it allows, which is what it claims."""

    day: datetime.date
    text: str = field(compare=False)

    @classmethod
    def of(cls, text):
        earliest, _latest = dates.certain_bounds(text)
        return cls(earliest, text) if earliest is not None else None


@dataclass(frozen=True)
class Evidence:
    """A published event with at least one published citation."""

    kind: str
    date: str
    sources: tuple = ()  # the EDTF publication dates of its published sources

    def documents(self):
        """The dates this event and its sources document the case on."""
        found = [Dated.of(self.date), *(Dated.of(text) for text in self.sources)]
        return [dated for dated in found if dated is not None]


def last_documented(evidence):
    """Return the latest Dated that ``evidence`` supports, or None."""
    return max((d for item in evidence for d in item.documents()), default=None)


def sentence_end(*, ends="", starts="", months=None, evidence=()):
    """
    Return the Dated latest end of the sentence, or None: the end the
    editors recorded (its latest day), else ``months`` from its start (the
    recorded start, else the date of the last sentence among ``evidence``).
    """
    if ends:
        _earliest, latest = dates.certain_bounds(ends)
        return Dated(latest, ends) if latest else None
    if not starts:
        sentences = [item.date for item in evidence if item.kind == "sentence"]
        starts = sentences[-1] if sentences else ""
    text, day = dates.latest_end(starts, months)
    return Dated(day, text) if text else None


@dataclass(frozen=True)
class Custody:
    """How far custody is documented: ``until``; ``at_sentence_end`` when
    later evidence exists but says nothing of custody past the sentence's
    latest end, so custody is documented only to what came before it."""

    until: Dated | None = None
    at_sentence_end: bool = False


def custody_documented(status, evidence, end=None):
    """
    Return the Custody of a case whose status is ``status``: for a custodial
    status, documented to its last documented date; but never past the
    sentence's latest ``end`` (a Dated) unless a custody event after it
    documents more: then only to the last documentation not after the end.
    For any other status, Custody() (its end is recorded).
    """
    if status not in CUSTODIAL:
        return Custody()
    until = last_documented(evidence)
    if until is None or end is None or until.day <= end.day:
        return Custody(until)
    documented = [d for item in evidence for d in item.documents()]
    later = [
        dated
        for item in evidence
        if item.kind in CUSTODY_EVENTS
        and (own := Dated.of(item.date)) is not None
        and own.day > end.day
        for dated in item.documents()
    ]
    if later:
        return Custody(max(later))
    before = [dated for dated in documented if dated.day <= end.day]
    return Custody(max(before, default=None), at_sentence_end=True)
