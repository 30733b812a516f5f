"""
What each public list and page loads, named once.

A list's page, its CSV/JSON downloads and its API endpoint load the same
query (``people_list()``, ``events_list()``…), and each detail page its own
(``person_page()``…), so that what one shows the others can, a prefetch added
for one serves all, and none of them fetches an unpublished record: every
query starts from ``published()``, and every related record is prefetched
from a published queryset into a ``public_…`` attribute.

Each query's number of SQL queries does not grow with the rows it returns
(tests/website/test_query_counts.py pins them).
"""

from django.db.models import Count, F, Prefetch, Q

from cases.models import (
    Case,
    CaseParticipant,
    Citation,
    Source,
    Statement,
    StatementParty,
    TimelineEvent,
)
from editorial.models import PUBLISHED
from editorial.translations import in_reader_language
from people.models import (
    Affiliation,
    Organization,
    OrganizationMembership,
    Person,
)

# Columns no public page shows: the search index and the private notes. Not
# fetching them keeps long pages light, and a page that tried to show them
# would cost a query per row, which the query-count tests catch.
UNSHOWN = ("search_text", "notes")

# A cited source's translated title is shown only in the sources fragment,
# kept under its records' fingerprints (website/fragments.py): a page's query
# leaves it out, and a fragment rendered on a miss loads it in one query
# (fragments.load_deferred). Its original title is loaded: downloads and the
# calendar show it.
SOURCE_TEXTS = ("title_translation",)


# Parts of records, for the queries below -----------------------------------


def citations():
    """Prefetch ``public_citations``: citations of published sources."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(source__publication_state=PUBLISHED)
        .select_related("source")
        .defer(*(f"source__{name}" for name in (*UNSHOWN, *SOURCE_TEXTS)))
        .order_by("position", "pk"),
        to_attr="public_citations",
    )


def parties():
    """Prefetch ``public_parties``: published authors and signatories."""
    return Prefetch(
        "parties",
        queryset=StatementParty.objects.filter(
            organization__publication_state=PUBLISHED
        )
        .select_related("organization", "via")
        .order_by("position", "pk"),
        to_attr="public_parties",
    )


def statements(lookup="statements"):
    """Prefetch ``public_statements`` with their parties and citations."""
    return Prefetch(
        lookup,
        queryset=Statement.objects.published()
        .order_by(F("date_lower").desc(nulls_last=True), "title")
        .defer(*UNSHOWN)
        .prefetch_related(parties(), citations()),
        to_attr="public_statements",
    )


def _participants():
    return Prefetch(
        "participants",
        queryset=CaseParticipant.objects.filter(
            person__publication_state=PUBLISHED
        ).select_related("person"),
        to_attr="public_participants",
    )


def _public(lookup, queryset, to_attr=None):
    return Prefetch(lookup, queryset=queryset, to_attr=to_attr or f"public_{lookup}")


# Lists: the page, its downloads and the API -------------------------------


def people_list():
    return (
        Person.objects.published()
        .prefetch_related(
            "aliases",
            "roles",
            _public("cases", Case.objects.published().order_by("-status_changed_on")),
        )
        .order_by("name", "pk")
    )


def cases_list():
    return (
        Case.objects.published()
        .select_related("person", "court", "facility", "held_at")
        .prefetch_related(
            "charges",
            _public("related_cases", Case.objects.published()),
        )
        .order_by(F("custody_started_on").desc(nulls_last=True), "title", "pk")
    )


def case_list_rows():
    """The cases of the list download in the import's columns: each with
    its person's other names and roles and its own cited sources."""
    return (
        cases_list()
        .prefetch_related("person__aliases", "person__roles", citations())
        # As a list is read, and as it reads again after an import (which
        # knows nothing of custody dates when a row has no event).
        .order_by("person__name", "title", "pk")
    )


def events_list():
    return (
        TimelineEvent.objects.published()
        .select_related("case__person", "organization")
        .prefetch_related(citations())
        .order_by("-date_lower", "-position", "-pk")
    )


def statements_list():
    return (
        Statement.objects.published()
        .select_related("addressee_organization")
        .prefetch_related(
            parties(),
            citations(),
            _public("people", Person.objects.published()),
            _public("cases", Case.objects.published().select_related("person")),
        )
        .order_by(F("date_lower").desc(nulls_last=True), "title", "pk")
    )


def organizations_list():
    return (
        Organization.objects.published()
        .with_statement_total()
        .select_related("parent")
        .prefetch_related(
            _public(
                "memberships",
                OrganizationMembership.objects.filter(
                    network__in=Organization.objects.published()
                ).select_related("network"),
                to_attr="public_networks",
            )
        )
        .order_by(in_reader_language("name"), "pk")
    )


def _held_total():
    """Count ``held_total``: the people of published cases that hold them
    at the facility as last documented (Case.held_at), the number the
    /people/?held_at= list gives."""
    return Count(
        "held_cases__person",
        filter=Q(
            held_cases__publication_state=PUBLISHED,
            held_cases__person__publication_state=PUBLISHED,
        ),
        distinct=True,
    )


def facilities_list():
    return (
        Organization.objects.published()
        .filter(kind=Organization.Kind.DETENTION_FACILITY)
        .select_related("facility")
        .defer("search_text", "notes", "contacts", "facility__notes")
        .annotate(held_total=_held_total())
        .order_by(in_reader_language("name"), "pk")
    )


def sources_list():
    return (
        Source.objects.published()
        .select_related("publisher_organization")
        .order_by(F("published_on").desc(nulls_last=True), "pk")
    )


# Pages of one record ------------------------------------------------------


def person_page():
    return Person.objects.published().prefetch_related(
        "aliases",
        "roles",
        _public(
            "affiliations",
            Affiliation.objects.filter(
                organization__publication_state=PUBLISHED
            ).select_related("organization"),
        ),
        _public(
            "cases",
            Case.objects.published()
            .select_related("court", "facility__facility", "held_at__facility")
            .defer(*UNSHOWN)
            .prefetch_related("charges", citations(), _participants())
            .order_by("custody_started_on", "pk"),
        ),
        statements(),
        _public(
            "case_roles",
            CaseParticipant.objects.filter(
                case__in=Case.objects.published()
            ).select_related("case__person"),
        ),
    )


def case_page():
    return (
        Case.objects.published()
        .select_related("person", "court", "facility__facility", "held_at__facility")
        .prefetch_related(
            "charges",
            "person__aliases",
            citations(),
            statements(),
            _participants(),
            _public("related_cases", Case.objects.published().select_related("person")),
        )
    )


def statement_page():
    return statements_list()


def organization_page():
    published = Organization.objects.published()
    return published.select_related("parent").prefetch_related(
        _public(
            "member_links",
            OrganizationMembership.objects.filter(member__in=published)
            .select_related("member")
            .order_by("member__name"),
            to_attr="public_members",
        ),
        _public(
            "memberships",
            OrganizationMembership.objects.filter(network__in=published)
            .select_related("network")
            .order_by("network__name"),
            to_attr="public_networks",
        ),
        _public("children", published.order_by("name")),
    )


def facility_page():
    return (
        Organization.objects.published()
        .filter(kind=Organization.Kind.DETENTION_FACILITY)
        .select_related("facility")
        .defer("search_text", "notes", "contacts", "facility__notes")
        .annotate(held_total=_held_total())
        .prefetch_related(
            _public(
                "facility__sources",
                Source.objects.published().order_by("published_on", "pk"),
                to_attr="public_sources",
            )
        )
    )


def held_at(organization):
    """The published cases that hold their person at ``organization`` as
    last documented, with their people, by name."""
    return list(
        Case.objects.published()
        .filter(held_at=organization)
        .select_related("person")
        .defer(*UNSHOWN, "person__notes", "person__contacts")
        .order_by("person__name", "pk")
    )


def transfers_of(organization):
    """
    Return (into, out_of): the published transfers that brought people to
    ``organization`` and those that took them elsewhere, newest first, as
    (event, the other facility or None) pairs. The other facility is named
    only when it is published. Two queries, whatever the number.
    """
    from cases import facilities as placing

    kinds = placing.PLACING | placing.UNPLACING
    touched = (
        TimelineEvent.objects.published()
        .filter(organization=organization, kind__in=placing.PLACING)
        .values("case")
    )
    events = (
        TimelineEvent.objects.published()
        .filter(case__in=touched, kind__in=kinds)
        .select_related("case__person", "organization")
        .defer(*UNSHOWN, "description")
        .order_by("case_id", "date_lower", "position", "pk")
    )
    into, out_of = [], []
    case_id, here = None, None
    for event in events:
        if event.case_id != case_id:
            case_id, here = event.case_id, None
        body = event.organization
        if body is not None and (
            body.kind != Organization.Kind.DETENTION_FACILITY or not body.is_published
        ):
            body = None
        if event.kind == TimelineEvent.Kind.TRANSFER:
            if body == organization and here != organization:
                into.append((event, here))
            elif here == organization and body != organization:
                out_of.append((event, body))
        if event.kind in placing.UNPLACING:
            here = None
        elif body is not None or event.kind in placing.MOVING:
            here = body
    newest = lambda pair: (pair[0].date_lower, pair[0].position, pair[0].pk)  # noqa: E731
    return sorted(into, key=newest, reverse=True), sorted(
        out_of, key=newest, reverse=True
    )


def facilities_in(country):
    """The published places of detention of ``country``, by name, with
    their details and ``held_total``: the table beside its map."""
    return list(facilities_list().filter(country=country))


def statements_of(organization):
    """The published statements an organization authored or signed, with
    its role in each (``party_role``)."""
    found = list(
        Statement.objects.published()
        .filter(parties__organization=organization)
        .distinct()
        .order_by(F("date_lower").desc(nulls_last=True), "title")
        .prefetch_related(_public("people", Person.objects.published()))
    )
    roles = dict(
        organization.statement_parts.filter(statement__in=found).values_list(
            "statement_id", "role"
        )
    )
    for statement in found:
        statement.party_role = roles.get(statement.pk)
    return found
