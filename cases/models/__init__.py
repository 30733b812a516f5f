"""
What happened, and the evidence: cases, their charges and people, the
chronology of events, the sources that document them, and what organizations
said about them.
"""

from .case import Case, CaseParticipant, CaseQuerySet, Charge
from .events import TimelineEvent, TimelineEventQuerySet
from .sources import Citation, Source
from .statements import Statement, StatementParty

__all__ = [
    "Case",
    "CaseParticipant",
    "CaseQuerySet",
    "Charge",
    "Citation",
    "Source",
    "Statement",
    "StatementParty",
    "TimelineEvent",
    "TimelineEventQuerySet",
]
