"""
Write operations that span several models, one transaction each.
"""

import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation

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
from editorial.models import PUBLISHED
from editorial.translations import (
    english_columns,
    language_codes,
    localized,
    translated_fields,
)
from people.models import (
    Affiliation,
    Organization,
    OrganizationMembership,
    Person,
    PersonAlias,
    PersonRole,
)

from ..door import after_bulk_write

CHANGE_REASON = "load_demo"


class _Loader:
    """Upserts by natural key, saving a record only when something differs,
    so that a second run writes nothing (no new versions, no history)."""

    def __init__(self):
        self.created = Counter()
        self.updated = Counter()
        self.written = []

    def upsert(self, model, lookup, values, row=None):
        """Create or update the ``model`` record found by ``lookup``. Its
        texts in ``values`` are English; ``row`` gives their translations
        (``title_az``…) and the translation fields' (``quote_translation_ru``)."""
        values = _per_language(model, values, row or {})
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj)
            self.created[model._meta.verbose_name_plural] += 1
            return obj
        changed = False
        for name, value in values.items():
            field = model._meta.get_field(name)
            current = getattr(obj, field.attname)
            wanted = value.pk if hasattr(value, "pk") else value
            if field.get_prep_value(current) != field.get_prep_value(wanted):
                setattr(obj, name, value)
                changed = True
        if changed:
            self._save(obj)
            self.updated[model._meta.verbose_name_plural] += 1
        return obj

    def _save(self, obj):
        obj.full_clean()
        obj._change_reason = CHANGE_REASON
        obj.save()
        self.written.append(obj)

    def set_m2m(self, manager, objects):
        if set(manager.all()) != set(objects):
            manager.set(objects)


def demo_load(*, demo_dir):
    """
    Load the demo data in ``demo_dir``/demo.toml; return (created, updated)
    counters by model. Idempotent: a second run changes nothing.
    """
    data = tomllib.loads((Path(demo_dir) / "demo.toml").read_text(encoding="utf-8"))
    _check_translations(data.get("translations", {}))
    loader = _Loader()
    # Field names without a language (a charge's description) mean English.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        orgs = _load_organizations(loader, data["organizations"])
        sources = _load_sources(loader, data["sources"], orgs)
        people = _load_people(loader, data["people"], orgs)
        cases = _load_cases(loader, data["cases"], people, orgs, sources)
        _load_statements(loader, data["statements"], people, cases, orgs, sources)
        if loader.written:
            after_bulk_write(loader.written)
    return loader.created, loader.updated


def _check_translations(table):
    """The demo's translations are the editors' (the documents themselves
    are not translated), into languages the site speaks."""
    unknown = set(table.get("languages", ())) - set(language_codes())
    if unknown or table.get("made_by", "editors") != "editors":
        raise ValueError(f"demo.toml [translations]: {table!r}")


def _per_language(model, values, row):
    """Return ``values`` with each text of ``model`` written per language:
    the English from ``values``, the others from ``row``'s ``<field>_<code>``
    (empty where it has none)."""
    values = english_columns(model, values)
    for name in translated_fields(model):
        for code in language_codes():
            if code != settings.LANGUAGE_CODE:
                values[localized(name, code)] = row.get(localized(name, code), "")
    return values


def _load_organizations(loader, rows):
    orgs = {}
    for row in rows:
        values = {
            "name": row["name"],
            "acronym": row.get("acronym", ""),
            "kind": row["kind"],
            "country": row.get("country", ""),
            "description": row.get("description", ""),
            "parent": orgs[row["parent"]] if "parent" in row else None,
            "publication_state": PUBLISHED,
        }
        orgs[row["slug"]] = loader.upsert(
            Organization, {"slug": row["slug"]}, values, row
        )
    for row in rows:
        for network in row.get("networks", []):
            loader.upsert(
                OrganizationMembership,
                {"member": orgs[row["slug"]], "network": orgs[network], "started": ""},
                {"ended": ""},
            )
    return orgs


def _load_sources(loader, rows, orgs):
    sources = {}
    for row in rows:
        values = {
            "title": row["title"],
            "publisher": row.get("publisher", ""),
            "publisher_organization": orgs.get(row.get("publisher_organization")),
            "kind": row["kind"],
            "language": row.get("language", ""),
            "published": row.get("published", ""),
            "url": row.get("url", ""),
            "publication_state": PUBLISHED,
        }
        sources[row["key"]] = loader.upsert(
            Source, {"identifier": f"Demo document {row['key']}"}, values, row
        )
    return sources


def _load_people(loader, rows, orgs):
    people = {}
    for row in rows:
        values = {
            "name": row["name"],
            "name_native": row.get("name_native", ""),
            "gender": row.get("gender", ""),
            "country": row.get("country", ""),
            "biography": row.get("biography", ""),
            "publication_state": PUBLISHED,
        }
        person = loader.upsert(Person, {"slug": row["slug"]}, values, row)
        people[row["slug"]] = person
        for position, alias in enumerate(row.get("aliases", [])):
            loader.upsert(
                PersonAlias,
                {"person": person, "name": alias["name"]},
                {
                    "script": alias["script"],
                    "language": alias.get("language", ""),
                    "position": position,
                },
            )
        for role in row.get("roles", []):
            loader.upsert(PersonRole, {"person": person, "role": role}, {})
        for link in row.get("affiliations", []):
            loader.upsert(
                Affiliation,
                {
                    "person": person,
                    "organization": orgs[link["organization"]],
                    "role": link["role"],
                },
                {
                    "title": link.get("title", ""),
                    "started": link.get("started", ""),
                    "ended": link.get("ended", ""),
                },
            )
    return people


def _load_cases(loader, rows, people, orgs, sources):
    cases = {}
    for row in rows:
        values = {
            "title": row["title"],
            "person": people[row["person"]],
            "country": row["country"],
            "summary": row.get("summary", ""),
            "sentence": row.get("sentence", ""),
            "sentence_months": row.get("sentence_months"),
            "sentence_starts": row.get("sentence_starts", ""),
            "sentence_ends": row.get("sentence_ends", ""),
            "publication_state": PUBLISHED,
        }
        case = loader.upsert(Case, {"slug": row["slug"]}, values, row)
        cases[row["slug"]] = case
        for position, charge in enumerate(row.get("charges", [])):
            loader.upsert(
                Charge,
                {"case": case, "description_en": charge["description"]},
                {
                    "article": charge.get("article", ""),
                    "code": charge.get("code", ""),
                    "position": position,
                },
                charge,
            )
        for position, part in enumerate(row.get("participants", [])):
            loader.upsert(
                CaseParticipant,
                {"case": case, "person": people[part["person"]], "role": part["role"]},
                {"position": position},
            )
        for event_row in row.get("events", []):
            event = loader.upsert(
                TimelineEvent,
                {"case": case, "date": event_row["date"], "kind": event_row["kind"]},
                {
                    "title": event_row["title"],
                    "description": event_row.get("description", ""),
                    "place": event_row.get("place", ""),
                    "organization": orgs.get(event_row.get("organization")),
                    "position": event_row.get("position", 0),
                    "verification": event_row.get(
                        "verification", TimelineEvent.Verification.SINGLE_SOURCE
                    ),
                    "publication_state": PUBLISHED,
                },
                event_row,
            )
            _load_citations(loader, {"event": event}, event_row["citations"], sources)
    return cases


def _load_citations(loader, target, rows, sources):
    for position, citation in enumerate(rows):
        loader.upsert(
            Citation,
            {**target, "source": sources[citation["source"]], "position": position},
            {"quote": citation["quote"]},
            citation,
        )


def _load_statements(loader, rows, people, cases, orgs, sources):
    for row in rows:
        values = {
            "title": row["title"],
            "kind": row["kind"],
            "designation": row.get("designation", ""),
            "date": row.get("date", ""),
            "summary": row.get("summary", ""),
            "demands": row.get("demands", ""),
            "quote": row.get("quote", ""),
            "speaker": row.get("speaker", ""),
            "addressee": row.get("addressee", ""),
            "addressee_organization": orgs.get(row.get("addressee_organization")),
            "petition_target": row.get("petition_target", ""),
            "signature_count": row.get("signature_count"),
            "signature_goal": row.get("signature_goal"),
            "signatories_stated": row.get("signatories_stated"),
            "outcome": row.get("outcome", ""),
            "outcome_description": row.get("outcome_description", ""),
            "publication_state": PUBLISHED,
        }
        statement = loader.upsert(Statement, {"slug": row["slug"]}, values, row)
        loader.set_m2m(
            statement.people, [people[slug] for slug in row.get("people", [])]
        )
        loader.set_m2m(statement.cases, [cases[slug] for slug in row.get("cases", [])])
        for position, party in enumerate(row.get("parties", [])):
            loader.upsert(
                StatementParty,
                {
                    "statement": statement,
                    "organization": orgs[party["organization"]],
                    "via": orgs.get(party.get("via")),
                },
                {"role": party["role"], "position": position},
            )
        _load_citations(loader, {"statement": statement}, row["citations"], sources)
