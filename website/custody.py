"""
How long someone was held, in words: the one wording of custody, used by the
pages (through the custody_phrase template tag) and the embeddable badge.
"""

from django.utils import formats
from django.utils.translation import ngettext

from lib import dates


def custody_phrase(case, today):
    """
    Return "Detained for 1,234 days", "Released after at least 455 days", or
    "" when the dates allow no count. Reads only the case's own fields.

    When the sentence has ended and no release is documented, the phrase
    says so, and counts only to the sentence's end: a running count would
    claim years of detention that no source reports.
    """
    counted = case.days_in_custody(today)
    if counted is None:
        return ""
    days, exact = counted
    number = formats.number_format(days, force_grouping=True)
    if case.sentence_over_unreleased(today):
        return ngettext(
            "Detained for at least %(n)s day; the sentence ended %(date)s "
            "and no release is documented",
            "Detained for at least %(n)s days; the sentence ended %(date)s "
            "and no release is documented",
            days,
        ) % {"n": number, "date": dates.display(case.sentence_ends)}
    if case.custody_ended:
        if exact:
            return ngettext(
                "Released after %(n)s day", "Released after %(n)s days", days
            ) % {"n": number}
        return ngettext(
            "Released after at least %(n)s day",
            "Released after at least %(n)s days",
            days,
        ) % {"n": number}
    if exact:
        return ngettext("Detained for %(n)s day", "Detained for %(n)s days", days) % {
            "n": number
        }
    return ngettext(
        "Detained for at least %(n)s day", "Detained for at least %(n)s days", days
    ) % {"n": number}
