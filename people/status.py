"""
A person's status: the vocabulary, shared with cases (whose events set it,
cases/status.py), and which of a person's cases sets it.

Plain rules over objects with ``status`` and ``status_changed_on``: the
Person model stores what ``headline_case`` picks, and the person page, the
badge and the generator call the same function.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    CHARGED = "charged", _("Charged, not detained")
    # Charged in this case while another case holds the person: never "not
    # detained" (cases/models/case.py, refresh_status).
    CHARGED_WHILE_HELD = "charged_while_held", _("Charged while held")
    DETAINED = "detained", _("Detained")
    PRETRIAL_DETENTION = "pretrial_detention", _("In pretrial detention")
    HOUSE_ARREST = "house_arrest", _("Under house arrest")
    SENTENCED = "sentenced", _("Sentenced, imprisoned")
    RELEASED = "released", _("Released")
    PARDONED = "pardoned", _("Pardoned")
    ACQUITTED = "acquitted", _("Acquitted")
    CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
    IN_EXILE = "in_exile", _("In exile")
    DIED_IN_CUSTODY = "died_in_custody", _("Died in custody")
    DECEASED = "deceased", _("Deceased")


# Deprived of liberty: counted as "detained now" and in days of detention.
# House arrest counts, as it does for the UN Working Group on Arbitrary
# Detention.
CUSTODIAL = frozenset(
    {
        Status.DETAINED,
        Status.PRETRIAL_DETENTION,
        Status.HOUSE_ARREST,
        Status.SENTENCED,
    }
)


# No longer held, as last documented: the "released" of the custody filter.
RELEASED = frozenset(
    {
        Status.RELEASED,
        Status.PARDONED,
        Status.ACQUITTED,
        Status.CHARGES_DROPPED,
        Status.IN_EXILE,
    }
)


class Custody(models.TextChoices):
    """The custody filter of /people/ and /cases/, and the home page's
    figures: held as last documented within the freshness window
    (CASETRACKER_FRESH_DAYS), last documented held longer ago, released, or
    nothing documented."""

    HELD = "held", _("Held, as last documented")
    STALE = "stale", _("Last documented held, not recently")
    RELEASED = "released", _("Released, as last documented")
    UNKNOWN = "unknown", _("Nothing documented")


def fresh_since(today):
    """Return the first day a custody documented on it still counts as
    "held, as last documented" on ``today``."""
    return today - datetime.timedelta(days=settings.CASETRACKER_FRESH_DAYS)


def headline_case(cases):
    """
    Return the case that sets a person's status, or None if none says
    anything: a case that holds them wins over one that does not; among
    equals, the case documented latest, then the one whose status changed
    last (ties: the later record). ``cases`` are the person's published
    cases.
    """
    held = [case for case in cases if case.status in CUSTODIAL]
    candidates = held or [case for case in cases if case.status != Status.UNKNOWN]
    if not candidates:
        return None
    least = datetime.date.min
    return max(
        candidates,
        key=lambda case: (
            getattr(case, "status_as_of_on", None) or least,
            case.status_changed_on or least,
            case.pk or 0,
        ),
    )


def status_of(cases):
    """Return the status a person's ``cases`` give them."""
    case = headline_case(cases)
    return case.status if case is not None else Status.UNKNOWN
