"""
Writing to a prisoner: the "Write to …" section of a person's page and its
printable letter sheet. Only what is public goes in: the facility's public
postal address, the addressee line it requires, the languages letters may
be written in and the editors' guidance. A person's own contacts, home
address and family stay private fields and are never read here.
"""

from dataclasses import dataclass

from people.models import LetterGuidance, Organization
from people.status import CUSTODIAL, headline_case


@dataclass(frozen=True)
class Letter:
    person: object
    case: object  # the case that holds the person there
    facility: object  # people.Facility
    addressee: str
    birth_year_missing: bool
    country_guidance: str

    @property
    def address_lines(self):
        return [self.addressee, *self.facility.address_lines]


def _writable(case):
    """The facility details where ``case`` holds its person as last
    documented, if they give a public postal address."""
    place = case.held_at if case.held_at_id else None
    if (
        case.status not in CUSTODIAL
        or place is None
        or not place.is_published
        or place.kind != Organization.Kind.DETENTION_FACILITY
    ):
        return None
    facility = getattr(place, "facility", None)
    return facility if facility is not None and facility.postal_address else None


def letter_to(person, cases):
    """
    Return the Letter to ``person`` held, as last documented, in a facility
    with a public postal address, or None. ``cases``: their published cases,
    with ``held_at__facility`` selected; the headline case decides when
    several hold them. One query (the country's guidance), only then.
    """
    candidates = [(case, _writable(case)) for case in cases]
    candidates = [(case, facility) for case, facility in candidates if facility]
    if not candidates:
        return None
    headline = headline_case(cases)
    case, facility = next(
        ((c, f) for c, f in candidates if c == headline), candidates[0]
    )
    addressee, missing = facility.addressee(person)
    country = facility.organization.country
    guidance = (
        LetterGuidance.objects.published()
        .filter(country=country)
        .values_list("guidance", flat=True)
        .first()
        if country
        else None
    )
    return Letter(person, case, facility, addressee, missing, guidance or "")
