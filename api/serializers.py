"""
The public API's representations: published records only, never a private
field (each serializer lists its fields explicitly), links between records
as absolute URLs, and a link to each record's public page.
"""

from urllib.parse import quote

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from cases.models import Case, Citation, Source, Statement, TimelineEvent
from editorial.models import public_fields
from editorial.translations import translated_fields, translations_of
from lib import dates
from people.models import Facility, Organization, Person


class Links:
    """A request's absolute API links: each view's URL is reversed once, with
    a stand-in key, and every record's link is that prefix and its own key.

    A page of 50 people used to reverse 150 URLs or more; ``reverse()`` is the
    costliest part of a list after its queries (issue 18)."""

    STAND_IN = "0"  # a key every converter of ours accepts: slug and int

    def __init__(self, request):
        self.request = request
        self.prefixes = {}

    def to(self, name, key):
        prefix = self.prefixes.get(name)
        if prefix is None:
            url = reverse(name, args=[self.STAND_IN], request=self.request)
            if not url.endswith(f"/{self.STAND_IN}/"):
                raise ValueError(f"{name} must end in its key and a slash: {url}")
            prefix = self.prefixes[name] = url[: -len(self.STAND_IN) - 1]
        # quote() as reverse() quotes an argument; slugs and ids pass as they are.
        return f"{prefix}{quote(str(key), safe=URL_SAFE)}/"


# What reverse() leaves unquoted in a path argument: RFC 3986's sub-delims
# and "/~:@" (django/urls/resolvers.py).
URL_SAFE = "!$&'()*+,;=/~:@"


def _link(context, name, key):
    """The absolute API link for a record of view ``name``, through the
    serializer's context, where one ``Links`` serves the whole response."""
    links = context.get("links")
    if links is None:
        links = context["links"] = Links(context["request"])
    return links.to(name, key)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PublicLink(serializers.Field):
    """An absolute API link to a related record, or null unless published."""

    def __init__(self, view_name, key="slug", **kwargs):
        self.view_name, self.key = view_name, key
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None or not value.is_published:
            return None
        return _link(self.context, self.view_name, getattr(value, self.key))


EDTF_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": (
        "A date as precise as its source, and no more: its EDTF text "
        "(2012-06 is June 2012, 2011~ about 2011, 2023-01-09/2023-02-27 an "
        "interval), the earliest and latest day it allows, and its precision "
        "(day, month, year, interval). Null when there is no date."
    ),
    "properties": {
        "text": {"type": "string", "example": "2012-06"},
        "lower": {"type": "string", "format": "date", "nullable": True},
        "upper": {"type": "string", "format": "date", "nullable": True},
        "precision": {
            "type": "string",
            "enum": ["day", "month", "year", "interval"],
        },
    },
}


@extend_schema_field(EDTF_SCHEMA)
class EDTFDate(serializers.Field):
    """An EDTF text field as {text, lower, upper, precision}, or null."""

    def __init__(self, source=None, **kwargs):
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, text):
        if not text:
            return None
        lower, upper, precision = dates.bounds(text)
        return {
            "text": text,
            "lower": lower.isoformat() if lower else None,
            "upper": upper.isoformat() if upper else None,
            "precision": precision,
        }


@extend_schema_field(OpenApiTypes.URI)
class HtmlLink(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class SelfLink(serializers.Field):
    def __init__(self, view_name, key="slug", **kwargs):
        self.view_name, self.key = view_name, key
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return _link(self.context, self.view_name, getattr(obj, self.key))


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
class LinkList(serializers.Field):
    """Links to the published records of a prefetched ``to_attr`` list."""

    def __init__(self, view_name, key="slug", **kwargs):
        self.view_name, self.key = view_name, key
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, records):
        return [
            _link(self.context, self.view_name, getattr(r, self.key)) for r in records
        ]


@extend_schema_field(
    {
        "type": "object",
        "description": (
            "Every language's text of each field written per language: "
            '{"title": {"en": "…", "ru": "…"}}. The field itself holds the '
            "requested language's (Accept-Language or ?lang=), else English."
        ),
        "additionalProperties": {
            "type": "object",
            "additionalProperties": {"type": "string"},
        },
    }
)
class Translations(serializers.Field):
    """The record's texts in every language that has them."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        model = type(obj)
        return {
            name: translations_of(obj, name)
            for name in translated_fields(model)
            if name in model.PUBLIC_FIELDS
        }


class CitationSerializer(serializers.ModelSerializer):
    source = PublicLink("api:source-detail", key="pk")
    translations = Translations()

    class Meta:
        model = Citation
        fields = public_fields(
            Citation,
            ["source", "quote", "locator", "translations"],
        )


class AliasSerializer(serializers.Serializer):
    name = serializers.CharField()
    script = serializers.CharField()
    language = serializers.CharField()


class ChargeSerializer(serializers.Serializer):
    article = serializers.CharField()
    code = serializers.CharField()
    description = serializers.CharField()
    translations = Translations()


class PartySerializer(serializers.Serializer):
    organization = PublicLink("api:organization-detail")
    name = serializers.CharField(source="organization.name")
    role = serializers.CharField()
    via = PublicLink("api:organization-detail")


class PersonSerializer(serializers.ModelSerializer):
    translations = Translations()
    api_url = SelfLink("api:person-detail")
    html_url = HtmlLink()
    id = serializers.CharField(source="slug", read_only=True)
    country = serializers.CharField(source="country.code", allow_blank=True)
    other_names = AliasSerializer(source="aliases", many=True, read_only=True)
    roles = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    cases = LinkList("api:case-detail", source="public_cases")
    born_date = EDTFDate("born")
    status_as_of = EDTFDate()
    last_documented = EDTFDate()

    class Meta:
        model = Person
        fields = public_fields(
            Person,
            [
                "api_url",
                "html_url",
                "id",
                "name",
                "name_native",
                "other_names",
                "roles",
                "gender",
                "born",
                "born_date",
                "country",
                "status",
                "status_as_of",
                "last_documented",
                "biography",
                "photo",
                "photo_credit",
                "cases",
                "updated_at",
                "translations",
            ],
        )

    def get_roles(self, person) -> list[str]:
        return [role.role for role in person.roles.all()]

    def get_photo(self, person) -> str | None:
        if not person.photo:
            return None
        return self.context["request"].build_absolute_uri(person.photo.url)


class CaseSerializer(serializers.ModelSerializer):
    translations = Translations()
    api_url = SelfLink("api:case-detail")
    html_url = HtmlLink()
    id = serializers.CharField(source="slug", read_only=True)
    person = PublicLink("api:person-detail")
    country = serializers.CharField(source="country.code")
    court = PublicLink("api:organization-detail")
    facility = PublicLink("api:organization-detail")
    held_at = PublicLink(
        "api:facility-detail",
        help_text=(
            "The place of detention where the case holds its person, as last "
            "documented (null when not held, or no place is documented)."
        ),
    )
    held_at_since = EDTFDate()
    charges = ChargeSerializer(many=True, read_only=True)
    related_cases = LinkList("api:case-detail", source="public_related_cases")
    status_changed_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=(
            "The earliest day the date that set the status allows: for a date "
            "of a month or a year, its first day. status_since gives that date "
            "as the source gives it, with its precision."
        ),
    )
    status_since = EDTFDate()
    status_as_of = EDTFDate()
    last_documented = EDTFDate()
    custody_started_date = EDTFDate("custody_started")
    custody_ended_date = EDTFDate("custody_ended")
    sentence_latest_end = EDTFDate()

    class Meta:
        model = Case
        fields = public_fields(
            Case,
            [
                "api_url",
                "html_url",
                "id",
                "title",
                "person",
                "country",
                "status",
                "status_changed_on",
                "status_since",
                "status_as_of",
                "last_documented",
                "custody_started",
                "custody_started_date",
                "custody_ended",
                "custody_ended_date",
                "summary",
                "charges",
                "court",
                "facility",
                "held_at",
                "held_at_since",
                "sentence",
                "sentence_months",
                "sentence_starts",
                "sentence_ends",
                "sentence_latest_end",
                "related_cases",
                "updated_at",
                "translations",
            ],
        )


class EventSerializer(serializers.ModelSerializer):
    translations = Translations()
    api_url = SelfLink("api:event-detail", key="pk")
    html_url = HtmlLink()
    case = PublicLink("api:case-detail")
    person = PublicLink("api:person-detail", source="case.person")
    organization = PublicLink("api:organization-detail")
    citations = CitationSerializer(source="public_citations", many=True, read_only=True)

    class Meta:
        model = TimelineEvent
        fields = public_fields(
            TimelineEvent,
            [
                "api_url",
                "html_url",
                "id",
                "case",
                "person",
                "kind",
                "title",
                "description",
                "place",
                "organization",
                "date",
                "date_lower",
                "date_upper",
                "date_precision",
                "position",
                "verification",
                "is_scheduled",
                "outcome",
                "citations",
                "updated_at",
                "translations",
            ],
        )


class OrganizationSerializer(serializers.ModelSerializer):
    translations = Translations()
    api_url = SelfLink("api:organization-detail")
    html_url = HtmlLink()
    id = serializers.CharField(source="slug", read_only=True)
    country = serializers.CharField(source="country.code", allow_blank=True)
    parent = PublicLink("api:organization-detail")
    networks = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = public_fields(
            Organization,
            [
                "api_url",
                "html_url",
                "id",
                "name",
                "acronym",
                "kind",
                "country",
                "website",
                "description",
                "parent",
                "networks",
                "updated_at",
                "translations",
            ],
        )

    def get_networks(self, organization) -> list[str]:
        return [
            _link(self.context, "api:organization-detail", link.network.slug)
            for link in organization.public_networks
        ]


def _detail(name):
    """A public field of the facility's details, or null without them."""
    public_fields(Facility, [name])

    def get(organization):
        facility = getattr(organization, "facility", None)
        return getattr(facility, name) if facility is not None else None

    return get


class FacilitySerializer(serializers.ModelSerializer):
    """A place of detention: an organization of kind "detention_facility"
    with its details (kind of facility, address, how to write)."""

    api_url = SelfLink("api:facility-detail")
    html_url = HtmlLink()
    organization = SelfLink("api:organization-detail")
    id = serializers.CharField(source="slug", read_only=True)
    country = serializers.CharField(source="country.code", allow_blank=True)
    names = serializers.SerializerMethodField()
    facility_kind = serializers.SerializerMethodField()
    region = serializers.SerializerMethodField()
    postal_address = serializers.SerializerMethodField()
    addressee_name = serializers.SerializerMethodField()
    addressee_birth_year = serializers.SerializerMethodField()
    letter_languages = serializers.SerializerMethodField()
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    held_total = serializers.IntegerField(
        read_only=True,
        help_text="People of published cases held here, as last documented.",
    )

    class Meta:
        model = Organization
        fields = public_fields(
            Organization,
            [
                "api_url",
                "html_url",
                "organization",
                "id",
                "name",
                "names",
                "facility_kind",
                "country",
                "region",
                "postal_address",
                "addressee_name",
                "addressee_birth_year",
                "letter_languages",
                "latitude",
                "longitude",
                "description",
                "held_total",
                "updated_at",
            ],
        )

    def get_names(self, organization) -> dict[str, str]:
        return translations_of(organization, "name")

    def get_facility_kind(self, organization) -> str | None:
        return _detail("kind")(organization)

    def get_region(self, organization) -> str | None:
        return _detail("region")(organization)

    def get_postal_address(self, organization) -> str | None:
        return _detail("postal_address")(organization)

    def get_addressee_name(self, organization) -> str | None:
        return _detail("addressee_name")(organization)

    def get_addressee_birth_year(self, organization) -> bool | None:
        return _detail("addressee_birth_year")(organization)

    def get_letter_languages(self, organization) -> list[str]:
        return (_detail("letter_languages")(organization) or "").split()

    def get_latitude(self, organization) -> float | None:
        value = _detail("latitude")(organization)
        return float(value) if value is not None else None

    def get_longitude(self, organization) -> float | None:
        value = _detail("longitude")(organization)
        return float(value) if value is not None else None


class StatementSerializer(serializers.ModelSerializer):
    translations = Translations()
    date_precision = serializers.ChoiceField(
        choices=dates.Precision.choices,
        allow_blank=True,
        read_only=True,
        help_text="The precision of date; empty when the statement is undated.",
    )
    api_url = SelfLink("api:statement-detail")
    html_url = HtmlLink()
    id = serializers.CharField(source="slug", read_only=True)
    demands = serializers.ListField(
        source="demand_list", child=serializers.CharField(), read_only=True
    )
    addressee_organization = PublicLink("api:organization-detail")
    parties = PartySerializer(source="public_parties", many=True, read_only=True)
    people = LinkList("api:person-detail", source="public_people")
    cases = LinkList("api:case-detail", source="public_cases")
    citations = CitationSerializer(source="public_citations", many=True, read_only=True)

    class Meta:
        model = Statement
        fields = public_fields(
            Statement,
            [
                "api_url",
                "html_url",
                "id",
                "title",
                "kind",
                "designation",
                "date",
                "date_lower",
                "date_upper",
                "date_precision",
                "summary",
                "demands",
                "quote",
                "speaker",
                "addressee",
                "addressee_organization",
                "petition_target",
                "signature_count",
                "signature_goal",
                "signatories_stated",
                "outcome",
                "outcome_description",
                "parties",
                "people",
                "cases",
                "citations",
                "updated_at",
                "translations",
            ],
        )


class SourceSerializer(serializers.ModelSerializer):
    translations = Translations()
    api_url = SelfLink("api:source-detail", key="pk")
    publisher_organization = PublicLink("api:organization-detail")

    class Meta:
        model = Source
        fields = public_fields(
            Source,
            [
                "api_url",
                "id",
                "title",
                "publisher",
                "publisher_organization",
                "kind",
                "url",
                "archive_url",
                "identifier",
                "language",
                "published",
                "published_on",
                "accessed_on",
                "translations",
            ],
        )
