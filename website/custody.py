"""
Custody and status in words, never claiming more than the sources: the one
wording used by the pages (through the template tags), the lists, search and
the embeddable badge.

Every status is said with its "as of", the last date its published, cited
evidence supports (cases/evidence.py); a count of days runs from the
documented start of custody to its documented end or its last
documentation, never to today.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib import dates

from .labels import choice_label


def _documented_to(text):
    """The date a status is documented to, as said: a source published
    between two dates documents it from the first ("26 December 2018"), no
    later day; any other date as it is written."""
    return dates.display(text.partition("/")[0] if "/" in text else text)


def as_of(record):
    """Return "as of December 2024" for a case or a person, or ""."""
    if not record.status_as_of:
        return ""
    return _("as of %(date)s") % {"date": _documented_to(record.status_as_of)}


def status_line(record):
    """Return "Sentenced, imprisoned — as of December 2024" (or the status
    alone when nothing documents it)."""
    label = choice_label(record, "status")
    when = as_of(record)
    return f"{label} — {when}" if when else label


def _days(days):
    return formats.number_format(days, force_grouping=True)


def custody_phrase(case, today):
    """
    Return how long the case's custody is documented, in words: "Held for at
    least 692 days, documented from 9 January 2023 to December 2024",
    "Released after 455 days", or "" when the dates allow no count. When the
    sentence has certainly ended with no release documented, the phrase says
    so: the count never runs past what a source supports. Reads only the
    case's own fields.
    """
    counted = case.days_in_custody()
    if counted is None:
        return ""
    days, exact = counted
    values = {
        "n": _days(days),
        "start": dates.display(case.custody_started),
        "end": _documented_to(case.status_as_of),
    }
    if case.custody_ended:
        if exact:
            return (
                ngettext("Released after %(n)s day", "Released after %(n)s days", days)
                % values
            )
        return (
            ngettext(
                "Released after at least %(n)s day",
                "Released after at least %(n)s days",
                days,
            )
            % values
        )
    if exact:
        phrase = ngettext(
            "Held for %(n)s day, documented from %(start)s to %(end)s",
            "Held for %(n)s days, documented from %(start)s to %(end)s",
            days,
        )
    else:
        phrase = ngettext(
            "Held for at least %(n)s day, documented from %(start)s to %(end)s",
            "Held for at least %(n)s days, documented from %(start)s to %(end)s",
            days,
        )
    phrase %= values
    if case.sentence_over(today):
        phrase += "; " + _(
            "the sentence ended by %(date)s at the latest, and no release is documented"
        ) % {"date": dates.display(case.sentence_latest_end)}
    return phrase


def held_in(case, cases):
    """Return the other case of ``cases`` that held the person when ``case``
    charged them ("Charged while held in the case …"), or None."""
    on = case.status_changed_on
    if on is None:
        return None
    for other in cases:
        until = other.custody_ended_on or other.status_as_of_on
        if (
            other.pk != case.pk
            and other.custody_started_on
            and until
            and other.custody_started_on <= on <= until
        ):
            return other
    return None
