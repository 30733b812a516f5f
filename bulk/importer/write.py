"""
Write: create what a Plan marks new, every editorial record a draft, with
its history, in the caller's transaction.
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from cases.models import Case, Charge, Citation, Source, TimelineEvent
from editorial.revisions import revision_add_parts, revision_propose
from people.models import (
    Organization,
    Person,
    PersonAlias,
    PersonRole,
    search_keys_of,
)
from people.models.people import SEARCH_KEYS

from ..door import after_bulk_write
from .match import Record
from .plan import cited_by
from .read import ImportRefused

CHANGE_REASON = "import_events"
BATCH = 500


def write(plan, *, user=None):
    """
    Create what ``plan`` marks new, every editorial record a draft, with its
    history; then refresh the status of each case given new events. Return
    the Counts.

    Everything is created in bulk, with its history: save() would refresh
    each case's and person's status and a person's search keys, several
    queries a record, which after_bulk_write() does for all of them at the
    end instead (a list of 10,000 people took 70 s saved one by one).

    A published event's new citations are not written: they wait, as new
    rows of the event's pending revision, for a reviewer to publish them
    (an import never changes what is public). So do the differences the
    plan proposes: each record they change gets them as its pending
    revision, whether it is published or a draft.
    """
    if plan.problems:
        raise ImportRefused(plan.problems)
    history = {"default_user": user, "default_change_reason": CHANGE_REASON}
    with transaction.atomic():
        for record in plan.people:
            _give_search_keys(record)
        for model, records in (
            (Organization, plan.organizations),
            (Person, plan.people),
            (Case, plan.cases),
            (Source, plan.sources),
        ):
            objects = [record.obj for record in records]
            for obj in objects:
                obj.created_by = obj.updated_by = user
                if hasattr(obj, "set_derived_fields"):
                    obj.set_derived_fields()
            # Their foreign keys (a case's person, court, facility) are
            # taken from the records created just before.
            bulk_create_with_history(objects, model, batch_size=BATCH, **history)
        parts = [part for record in plan.people + plan.cases for part in record.parts]
        for model, owner in (
            (PersonRole, "person"),
            (PersonAlias, "person"),
            (Charge, "case"),
        ):
            of_model = [part for part in parts if isinstance(part, model)]
            for part in of_model:
                setattr(part, f"{owner}_id", getattr(part, owner).pk)
            bulk_create_with_history(of_model, model, **history)
        if plan.propose_differences:
            # Before the new events: a case's revision holds its chronology
            # as it stands, and the new events are drafts of their own.
            for obj, values, new_parts in plan.proposals:
                values = {
                    name: value.obj if isinstance(value, Record) else value
                    for name, value in values.items()
                }
                revision_propose(obj=obj, values=values, parts=new_parts, by=user)
        events = [record.obj for record in plan.events]
        for event in events:
            event.created_by = event.updated_by = user
        pending = {id(record) for record in plan.pending_citations}
        citations = [
            record.obj for record in plan.citations if id(record) not in pending
        ]
        bulk_create_with_history(events, TimelineEvent, **history)
        bulk_create_with_history(citations, Citation, **history)
        for cited in plan.published_events_cited:
            parts = [
                record.obj
                for record in plan.pending_citations
                if cited_by(record.obj) is cited
            ]
            revision_add_parts(obj=cited, parts=parts, by=user)
        written = [
            record.obj
            for record in plan.organizations + plan.people + plan.cases + plan.sources
        ]
        after_bulk_write([*written, *parts, *events, *citations])
    return plan.counts


def _give_search_keys(record):
    """A new person's search keys, from the other names created with it:
    after_bulk_write() then has none to correct (a bulk update of 10,000
    people's keys took seconds)."""
    aliases = sorted(
        (part for part in record.parts if isinstance(part, PersonAlias)),
        key=lambda alias: (alias.position, alias.name),
    )
    values = search_keys_of(record.obj, [(a.name, a.language) for a in aliases])
    for name, value in zip(SEARCH_KEYS, values, strict=True):
        setattr(record.obj, name, value)
