"""
The actors: people (prisoners, lawyers, judges…), the other names they go by,
organizations, and who belonged to what, when.
"""

from .facilities import Facility, LetterGuidance
from .organizations import (
    Affiliation,
    Organization,
    OrganizationMembership,
    OrganizationQuerySet,
    Period,
)
from .people import (
    Person,
    PersonAlias,
    PersonQuerySet,
    PersonRole,
    refresh_search_keys,
    refresh_status,
    search_keys_of,
)

__all__ = [
    "Affiliation",
    "Facility",
    "LetterGuidance",
    "Organization",
    "OrganizationMembership",
    "OrganizationQuerySet",
    "Period",
    "Person",
    "PersonAlias",
    "PersonQuerySet",
    "PersonRole",
    "refresh_search_keys",
    "refresh_status",
    "search_keys_of",
]
