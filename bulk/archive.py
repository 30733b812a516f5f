"""
The whole published data set as one JSON document, and back.

``archive_export`` writes every published record with the identifiers it has
here, and nothing private: links to unpublished records are dropped.
``archive_import`` restores such a document into an empty database, so
that exporting again gives the same document. Derived values (statuses,
date bounds) are not restored but recomputed, as on any save.
"""

import json
from decimal import Decimal

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from cases.models import (
    Case,
    CaseParticipant,
    Charge,
    Citation,
    Source,
    Statement,
    StatementParty,
    TimelineEvent,
)
from editorial.models import PUBLISHED, public_fields
from editorial.translations import (
    english_columns,
    language_codes,
    localized,
    translated_fields,
)
from people.models import (
    Affiliation,
    Facility,
    Organization,
    OrganizationMembership,
    Person,
    PersonAlias,
    PersonRole,
)

from .door import after_bulk_write

FORMAT, VERSION = "casetracker-archive", 1


class ArchiveError(Exception):
    """The document cannot be restored; the message says why."""


def _fields(record, names):
    """
    The record's ``names``, each one of its model's PUBLIC_FIELDS. A text
    written per language is its English under its own name ("title") and
    each other language that has it under the column's ("title_az").
    """
    names = public_fields(type(record), names)
    translated = translated_fields(type(record))
    fields = {}
    for name in names:
        if name not in translated:
            fields[name] = _plain(getattr(record, name))
            continue
        fields[name] = getattr(record, localized(name, settings.LANGUAGE_CODE)) or ""
        for code in language_codes():
            value = getattr(record, localized(name, code))
            if code != settings.LANGUAGE_CODE and value:
                fields[localized(name, code)] = value
    return fields


def _plain(value):
    if hasattr(value, "code"):  # a django-countries Country
        return value.code
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):  # coordinates: kept exactly, as text
        return str(value)
    return value


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def _ref(pk, allowed):
    return pk if pk in allowed else None


def _citations(citations, sources):
    return [
        _fields(c, ["quote", "quote_translation", "locator", "position"])
        | {"source": c.source_id}
        for c in sorted(citations, key=lambda c: (c.position, c.pk))
        if c.source_id in sources
    ]


FACILITY_FIELDS = [
    name for name in Facility.PUBLIC_FIELDS if name not in ("organization", "sources")
]


def archive_export():
    """Return the published data set as a dict, in a stable order."""
    orgs = _ids(Organization.objects.published())
    people = _ids(Person.objects.published())
    cases = _ids(Case.objects.published())
    sources = _ids(Source.objects.published())
    document = {"format": FORMAT, "version": VERSION}

    document["organizations"] = [
        _fields(
            o, ["slug", "name", "acronym", "kind", "country", "website", "description"]
        )
        | {"id": o.pk, "parent": _ref(o.parent_id, orgs)}
        for o in Organization.objects.filter(pk__in=orgs).order_by("pk")
    ]
    document["memberships"] = [
        {
            "member": m.member_id,
            "network": m.network_id,
            "started": m.started,
            "ended": m.ended,
        }
        for m in OrganizationMembership.objects.filter(
            member__in=orgs, network__in=orgs
        ).order_by("pk")
    ]
    document["sources"] = [
        _fields(
            s,
            [
                "title",
                "title_translation",
                "publisher",
                "kind",
                "url",
                "archive_url",
                "identifier",
                "language",
                "published",
                "accessed_on",
            ],
        )
        | {
            "id": s.pk,
            "publisher_organization": _ref(s.publisher_organization_id, orgs),
        }
        for s in Source.objects.filter(pk__in=sources).order_by("pk")
    ]
    # Places of detention's details (people.Facility), of published
    # facilities; older documents have none.
    document["facilities"] = [
        _fields(f, FACILITY_FIELDS)
        | {
            "organization": f.organization_id,
            "sources": sorted(s.pk for s in f.sources.all() if s.pk in sources),
        }
        for f in Facility.objects.filter(organization__in=orgs)
        .prefetch_related("sources")
        .order_by("organization_id")
    ]
    document["people"] = [
        _fields(
            p,
            [
                "slug",
                "name",
                "name_native",
                "gender",
                "born",
                "country",
                "biography",
                "photo_credit",
                "photo_is_shareable",
                "status",
            ],
        )
        | {
            "id": p.pk,
            "aliases": [
                _fields(a, ["name", "script", "language", "position"])
                for a in sorted(p.aliases.all(), key=lambda a: (a.position, a.name))
            ],
            "roles": sorted(r.role for r in p.roles.all()),
            "affiliations": [
                _fields(a, ["role", "title", "started", "ended"])
                | {"organization": a.organization_id}
                for a in sorted(p.affiliations.all(), key=lambda a: a.pk)
                if a.organization_id in orgs
            ],
        }
        for p in Person.objects.filter(pk__in=people)
        .prefetch_related("aliases", "roles", "affiliations")
        .order_by("pk")
    ]
    document["cases"] = [
        _fields(
            c,
            [
                "slug",
                "title",
                "country",
                "summary",
                "sentence",
                "sentence_months",
                "sentence_starts",
                "sentence_ends",
                "status",
            ],
        )
        | {
            "id": c.pk,
            "person": c.person_id,
            "court": _ref(c.court_id, orgs),
            "facility": _ref(c.facility_id, orgs),
            "related_cases": sorted(
                r.pk for r in c.related_cases.all() if r.pk in cases
            ),
            "charges": [
                _fields(ch, ["article", "code", "description", "position"])
                for ch in sorted(c.charges.all(), key=lambda ch: (ch.position, ch.pk))
            ],
            "participants": [
                _fields(pa, ["role", "note", "position"]) | {"person": pa.person_id}
                for pa in sorted(
                    c.participants.all(), key=lambda pa: (pa.position, pa.pk)
                )
                if pa.person_id in people
            ],
            "citations": _citations(c.citations.all(), sources),
        }
        for c in Case.objects.filter(pk__in=cases)
        .prefetch_related("related_cases", "charges", "participants", "citations")
        .order_by("pk")
    ]
    document["events"] = [
        _fields(
            e,
            [
                "kind",
                "title",
                "description",
                "place",
                "date",
                "position",
                "verification",
                "is_scheduled",
                "outcome",
            ],
        )
        | {
            "id": e.pk,
            "case": e.case_id,
            "organization": _ref(e.organization_id, orgs),
            "citations": _citations(e.citations.all(), sources),
        }
        for e in TimelineEvent.objects.published()
        .prefetch_related("citations")
        .order_by("pk")
    ]
    document["statements"] = [
        _fields(
            s,
            [
                "slug",
                "title",
                "kind",
                "designation",
                "date",
                "summary",
                "demands",
                "quote",
                "quote_translation",
                "speaker",
                "addressee",
                "petition_target",
                "signature_count",
                "signature_goal",
                "signatories_stated",
                "outcome",
                "outcome_description",
            ],
        )
        | {
            "id": s.pk,
            "addressee_organization": _ref(s.addressee_organization_id, orgs),
            "people": sorted(p.pk for p in s.people.all() if p.pk in people),
            "cases": sorted(c.pk for c in s.cases.all() if c.pk in cases),
            "parties": [
                _fields(pa, ["role", "position"])
                | {"organization": pa.organization_id, "via": _ref(pa.via_id, orgs)}
                for pa in sorted(s.parties.all(), key=lambda pa: (pa.position, pa.pk))
                if pa.organization_id in orgs
            ],
            "citations": _citations(s.citations.all(), sources),
        }
        for s in Statement.objects.published()
        .prefetch_related("people", "cases", "parties", "citations")
        .order_by("pk")
    ]
    return document


def archive_dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _strip(row, *names):
    return {k: v for k, v in row.items() if k not in names}


def archive_import(document):
    """Restore an exported document into an empty database; return counts."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ArchiveError(f"Not a {FORMAT} document of version {VERSION}.")
    if _holds_nul(document):
        raise ArchiveError(
            "The document holds a NUL character (\\u0000), which cannot be "
            "stored; nothing was imported."
        )
    for model in (Person, Organization, Case, Source, Statement, TimelineEvent):
        if model.objects.exists():
            raise ArchiveError(
                f"The database already holds {model._meta.verbose_name_plural}: "
                "import_data restores into an empty database only."
            )
    for kind, label in (("events", "event"), ("statements", "statement")):
        uncited = [
            row.get("id") for row in document.get(kind, []) if not row["citations"]
        ]
        if uncited:
            raise ArchiveError(
                f"The document holds published {kind} without a citation "
                f"({label} ids {', '.join(map(str, uncited[:10]))}): every "
                f"published {label} cites a published source; nothing was imported."
            )
    published = {"publication_state": PUBLISHED}
    written = []

    def create(model, **values):
        written.append(model.objects.create(**english_columns(model, values)))
        return written[-1]

    with transaction.atomic():
        for row in document["organizations"]:
            create(Organization, **_strip(row, "parent"), **published)
        for row in document["organizations"]:
            if row["parent"]:
                Organization.objects.filter(pk=row["id"]).update(
                    parent_id=row["parent"]
                )
        for row in document["memberships"]:
            create(
                OrganizationMembership,
                member_id=row["member"],
                network_id=row["network"],
                started=row["started"],
                ended=row["ended"],
            )
        for row in document["sources"]:
            create(
                Source,
                **_strip(row, "publisher_organization"),
                publisher_organization_id=row["publisher_organization"],
                **published,
            )
        for row in document.get("facilities", []):
            facility = create(
                Facility,
                **_strip(row, "organization", "sources"),
                organization_id=row["organization"],
            )
            facility.sources.set(row["sources"])
        for row in document["people"]:
            person = create(
                Person,
                **_strip(row, "aliases", "roles", "affiliations", "status"),
                **published,
            )
            for alias in row["aliases"]:
                create(PersonAlias, person=person, **alias)
            for role in row["roles"]:
                create(PersonRole, person=person, role=role)
            for link in row["affiliations"]:
                create(
                    Affiliation,
                    person=person,
                    organization_id=link["organization"],
                    **_strip(link, "organization"),
                )
        for row in document["cases"]:
            case = create(
                Case,
                **_strip(
                    row,
                    "person",
                    "court",
                    "facility",
                    "related_cases",
                    "charges",
                    "participants",
                    "citations",
                    "status",
                ),
                person_id=row["person"],
                court_id=row["court"],
                facility_id=row["facility"],
                **published,
            )
            for charge in row["charges"]:
                create(Charge, case=case, **charge)
            # Archives written before cases cited sources of their own have none.
            for citation in row.get("citations", []):
                create(
                    Citation,
                    case=case,
                    source_id=citation["source"],
                    **_strip(citation, "source"),
                )
            for participant in row["participants"]:
                create(
                    CaseParticipant,
                    case=case,
                    person_id=participant["person"],
                    **_strip(participant, "person"),
                )
        for row in document["cases"]:
            if row["related_cases"]:
                Case.objects.get(pk=row["id"]).related_cases.set(row["related_cases"])
        for row in document["events"]:
            event = create(
                TimelineEvent,
                **_strip(row, "case", "organization", "citations"),
                case_id=row["case"],
                organization_id=row["organization"],
                **published,
            )
            for citation in row["citations"]:
                create(
                    Citation,
                    event=event,
                    source_id=citation["source"],
                    **_strip(citation, "source"),
                )
        for row in document["statements"]:
            statement = create(
                Statement,
                **_strip(
                    row,
                    "addressee_organization",
                    "people",
                    "cases",
                    "parties",
                    "citations",
                ),
                addressee_organization_id=row["addressee_organization"],
                **published,
            )
            statement.people.set(row["people"])
            statement.cases.set(row["cases"])
            for party in row["parties"]:
                create(
                    StatementParty,
                    statement=statement,
                    organization_id=party["organization"],
                    via_id=party["via"],
                    role=party["role"],
                    position=party["position"],
                )
            for citation in row["citations"]:
                create(
                    Citation,
                    statement=statement,
                    source_id=citation["source"],
                    **_strip(citation, "source"),
                )
        _reset_sequences()
        after_bulk_write(written)
    return {
        name: len(document.get(name, []))
        for name in (
            "organizations",
            "facilities",
            "sources",
            "people",
            "cases",
            "events",
            "statements",
        )
    }


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _reset_sequences():
    """After inserting explicit ids, let new records continue after them."""
    models = [
        Organization,
        OrganizationMembership,
        Source,
        Person,
        PersonAlias,
        PersonRole,
        Affiliation,
        Case,
        Charge,
        CaseParticipant,
        TimelineEvent,
        Citation,
        Statement,
        StatementParty,
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
