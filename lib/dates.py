"""
Partial and uncertain dates, written in EDTF (Library of Congress Extended
Date/Time Format).

Sources rarely give a full date: "June 2012", "in 2011", "around 9 January".
Editors write what the source says as EDTF text; ``parse_edtf()`` checks it
with the ``edtf`` package once, on save, and returns the bounds and precision
that models store beside the text for sorting and filtering.

Parsing costs milliseconds, so nothing here that runs while a page renders
touches the ``edtf`` package: ``display()`` and ``certain_bounds()`` read the
stored text with a small regular expression, which is safe because only the
forms in ``FORM`` are ever stored.

Supported forms:

    2011-05-18, 2012-06, 2011           day, month, year
    2011~, 2011-06?, 2011-05-18%        approximate, uncertain, both
    2023-01-09/2023-02-27               an interval (either end at any of the above)
    2023-01-09/..                       an interval still open (ongoing)
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

EXAMPLES = "2011-05-18, 2012-06, 2011, 2011~ or 2023-01-09/2023-02-27"

_POINT = (
    r"(?P<{p}year>\d{{4}})"
    r"(?:-(?P<{p}month>0[1-9]|1[0-2])(?:-(?P<{p}day>0[1-9]|[12]\d|3[01]))?)?"
    r"(?P<{p}qualifier>[~?%])?"
)
FORM = re.compile(
    "^"
    + _POINT.format(p="s_")
    + r"(?:/(?:(?P<open>\.\.)|"
    + _POINT.format(p="e_")
    + "))?$"
)


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    INTERVAL = "interval", _("Interval")


@dataclass(frozen=True)
class EDTFDate:
    """A validated EDTF string and what models store beside it."""

    text: str
    lower: datetime.date
    upper: datetime.date | None  # None: an interval still open ("2023-01-09/..")
    precision: str

    @property
    def is_open(self):
        return self.upper is None


def _refuse(text, reason=""):
    message = _("“%(value)s” is not a date this site understands. ") % {"value": text}
    if reason:
        message += reason + " "
    message += _("Use a date like %(examples)s.") % {"examples": EXAMPLES}
    raise ValidationError(message, code="invalid_edtf")


def parse_edtf(text):
    """
    Return the EDTFDate for ``text``, or raise ValidationError with a message
    that shows valid examples.

    Runs the ``edtf`` parser (4-10 ms here) for all but plain dates: call it
    when saving, never while rendering. Results are cached, so validating and
    then saving the same text parses it once.
    """
    return _parse_edtf((text or "").strip())


@functools.lru_cache(maxsize=16384)
def _parse_edtf(text):
    from edtf import parse_edtf as edtf_parse
    from edtf.parser.edtf_exceptions import EDTFParseException

    if not text:
        _refuse(text, gettext("The date is empty."))
    match = FORM.match(text)
    if match is None:
        if text.startswith("..") or text.startswith("/"):
            _refuse(
                text,
                gettext(
                    "An interval needs a known start; if only the latest "
                    "possible date is known, give that date and say so in "
                    "the description."
                ),
            )
        if text.endswith("/"):
            _refuse(text, gettext("For an interval still going on, end it with “/..”."))
        _refuse(text)
    if match["e_year"] is None and not match["open"] and not match["s_qualifier"]:
        return _plain_date(text, match)
    try:
        parsed = edtf_parse(text)
    except EDTFParseException:
        _refuse(text, gettext("There is no such day or month."))

    try:
        lower = _struct_to_date(parsed.lower_strict())
        upper = None if match["open"] else _struct_to_date(parsed.upper_strict())
    except (ValueError, OverflowError, TypeError):
        _refuse(text, gettext("The year is out of range."))
    if upper is not None and upper < lower:
        _refuse(text, gettext("The interval ends before it starts."))

    if match["open"] or match["e_year"]:
        precision = Precision.INTERVAL
    elif match["s_day"]:
        precision = Precision.DAY
    elif match["s_month"]:
        precision = Precision.MONTH
    else:
        precision = Precision.YEAR
    return EDTFDate(text=text, lower=lower, upper=upper, precision=precision)


def _plain_date(text, match):
    """
    A plain day, month or year ("2011-05-18", "2012-06", "2011"), the most
    common form, read without the ``edtf`` parser: an import of thousands of
    distinct dates would otherwise spend most of its time there. Gives what
    the parser gives (tests/lib/test_dates.py compares the two).
    """
    year = int(match["s_year"])
    month = int(match["s_month"]) if match["s_month"] else None
    day = int(match["s_day"]) if match["s_day"] else None
    if year < datetime.MINYEAR:
        _refuse(text, gettext("The year is out of range."))
    try:
        if day is not None:
            lower = upper = datetime.date(year, month, day)
            precision = Precision.DAY
        elif month is not None:
            lower = datetime.date(year, month, 1)
            upper = datetime.date(year, month, calendar.monthrange(year, month)[1])
            precision = Precision.MONTH
        else:
            lower, upper = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            precision = Precision.YEAR
    except ValueError:
        _refuse(text, gettext("There is no such day or month."))
    return EDTFDate(text=text, lower=lower, upper=upper, precision=precision)


def bounds(text):
    """
    Return (lower, upper, precision) for the EDTF ``text``, as models store
    beside it: the earliest and latest days it allows (upper None for an
    interval still open), and its precision; (None, None, "") when the text
    is empty. The one translation of EDTF text into date columns: every
    save() and every bulk write goes through it.
    """
    if not (text or "").strip():
        return None, None, ""
    parsed = parse_edtf(text)
    return parsed.lower, parsed.upper, parsed.precision


def latest(text):
    """Return the latest day ``text`` allows: its upper bound, or for an
    interval still open its start; None when the text is empty."""
    lower, upper, _precision = bounds(text)
    return upper or lower


def latest_end(start, months):
    """
    Return (text, day) for the latest a term of ``months`` begun on the EDTF
    ``start`` can end: from the latest day ``start`` allows, ``months`` later
    less a day, written at the precision of ``start`` ("2018-01" and 72
    months: "2024-01", day 2024-01-30). A later day is never possible: time
    held before the term began (pretrial credit, unknown here) only brings the
    end forward. (None, None) when either is missing or unreadable.
    """
    _earliest, latest = certain_bounds(start)
    if latest is None or not months:
        return None, None
    last = latest + relativedelta(months=months) - datetime.timedelta(days=1)
    point, end, _open = _points(start)
    point = end or point
    if point.day:
        text = last.isoformat()
    elif point.month:
        text = f"{last.year:04d}-{last.month:02d}"
    else:
        text = f"{last.year:04d}"
    return text, last


def validate_edtf(text):
    """Validator for model and form fields holding EDTF text."""
    parse_edtf(text)


def _struct_to_date(value):
    if value is None or isinstance(value, float):  # edtf gives ±inf for open ends
        raise ValueError("unbounded")
    return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)


# Reading stored text (cheap; no edtf parser) -----------------------------


@dataclass(frozen=True)
class _Point:
    year: int
    month: int | None
    day: int | None
    qualifier: str

    @property
    def first_day(self):
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self):
        return self._last_day_from(self.first_day)

    def _last_day_from(self, start):
        """Return the last day of the day, month or year (at this point's
        precision) that ``start`` falls in."""
        if self.day:
            return start
        month = start.month if self.month else 12
        return datetime.date(
            start.year, month, calendar.monthrange(start.year, month)[1]
        )

    @property
    def latest_possible(self):
        return self._last_day_from(self.first_day + self.padding)

    @property
    def unit(self):
        if self.day:
            return relativedelta(days=1)
        if self.month:
            return relativedelta(months=1)
        return relativedelta(years=1)

    @property
    def padding(self):
        """Return how far an approximate or uncertain date may stray."""
        if not self.qualifier:
            return relativedelta()
        return self.unit * (2 if self.qualifier == "%" else 1)


def _points(text):
    match = FORM.match(text or "")
    if match is None:
        return None, None, False

    def point(prefix):
        if not match[prefix + "year"]:
            return None
        return _Point(
            year=int(match[prefix + "year"]),
            month=int(match[prefix + "month"]) if match[prefix + "month"] else None,
            day=int(match[prefix + "day"]) if match[prefix + "day"] else None,
            qualifier=match[prefix + "qualifier"] or "",
        )

    return point("s_"), point("e_"), bool(match["open"])


@functools.lru_cache(maxsize=16384)
def certain_bounds(text):
    """
    Return (earliest, latest) dates the event can possibly have, widening an
    approximate or uncertain date the way the edtf package's fuzzy bounds do.
    ``latest`` is None for an open interval.

    Chronology checks compare these: only a certain contradiction is an error.
    Kept per text (the statistics ask for the same few thousand dates tens of
    thousands of times); the dates returned are immutable.
    """
    start, end, is_open = _points(text)
    if start is None:
        return None, None
    earliest = start.first_day - start.padding
    if is_open:
        return earliest, None
    return earliest, (end or start).latest_possible


# Turkic languages dot their capital I: "İyun" is "iyun", "I" is "ı".
DOTTED_I_LANGUAGES = {"az", "tr"}


def _month_case(shown):
    """
    Return a formatted date with its month name in lower case where the
    language writes it so inside a sentence ("9 yanvar 2023", "ноябрь –
    декабрь 2024"); Django's month-only names are capitalised for a heading.
    The translators decide, so that a new language needs no code.
    """
    # Translators: write "lower" if your language writes month names in
    # lower case inside a sentence; otherwise leave it as it is.
    if pgettext("month names inside a sentence", "as written") != "lower":
        return shown
    if translation.get_language().split("-")[0] in DOTTED_I_LANGUAGES:
        shown = shown.replace("İ", "i").replace("I", "ı")
    return shown.lower()


def _format_point(point, with_year=True):
    if point.day:
        fmt = pgettext("date format, day precision", "j E Y")
        if not with_year:
            fmt = pgettext("date format, day and month", "j E")
    elif point.month:
        fmt = pgettext("date format, month precision", "F Y")
        if not with_year:
            fmt = pgettext("date format, month only", "F")
    else:
        fmt = "Y"
    shown = _month_case(formats.date_format(point.first_day, fmt))
    if point.qualifier == "~":
        return gettext("c. %(date)s") % {"date": shown}
    if point.qualifier == "?":
        return gettext("%(date)s (uncertain)") % {"date": shown}
    if point.qualifier == "%":
        return gettext("c. %(date)s (uncertain)") % {"date": shown}
    return shown


def display(text):
    """
    Return the date as a reader says it, at its own precision: "18 May 2011",
    "June 2012", "2011", "c. 2011", "9 January – 27 February 2023".
    Text that is not a stored EDTF form is returned as it is.
    """
    # A pure function of the text and the language: a list of 50 cards says
    # "December 2024" 50 times, and each saying costs a date format.
    return _display(text or "", translation.get_language())


@functools.lru_cache(maxsize=4096)
def _display(text, language):
    start, end, is_open = _points(text)
    if start is None:
        return text or ""
    if is_open:
        return gettext("since %(date)s") % {"date": _format_point(start)}
    if end is None:
        return _format_point(start)
    same_year = (
        start.year == end.year
        and start.month
        and end.month
        and not start.qualifier
        and not end.qualifier
    )
    return gettext("%(start)s – %(end)s") % {
        "start": _format_point(start, with_year=not same_year),
        "end": _format_point(end),
    }


def is_closed_interval(text):
    """Whether ``text`` is an interval with a known end ("2019-07/2019-08")."""
    start, end, _is_open = _points(text)
    return start is not None and end is not None


def span(text):
    """
    Return the (first, last) days of ``text`` when it is a closed interval
    whose ends are both certain days ("2019-07-01/2019-08-15"), else None:
    only then is its length known to the day.
    """
    start, end, is_open = _points(text)
    if is_open or start is None or end is None:
        return None
    if not (start.day and end.day) or start.qualifier or end.qualifier:
        return None
    return start.first_day, end.first_day


def display_span(text):
    """
    Return an interval with its length when it is known to the day: "45
    days, 1 July – 15 August 2019"; otherwise the date as ``display`` says
    it.
    """
    days = span(text)
    if days is None:
        return display(text)
    length = (days[1] - days[0]).days
    return ngettext("%(days)s day, %(dates)s", "%(days)s days, %(dates)s", length) % {
        "days": length,
        "dates": display(text),
    }


def machine_readable(text):
    """Return the HTML <time> value of a single date ("2012-06"), else ""."""
    start, end, is_open = _points(text)
    if start is None or end is not None or is_open:
        return ""
    return text.rstrip("~?%")


def iso_endpoints(text):
    """Return the (start, end) of ``text`` as ISO 8601 dates of their own
    precision ("2012-06"), for schema.org; each None where the date is
    approximate or uncertain ("2023-02-26~", "2019?"), which ISO 8601 cannot
    say; ``end`` is None too for a single date or an interval still open."""
    match = FORM.match(text or "")
    if match is None:
        return None, None
    start, _, end = text.partition("/")

    def certain(point):
        return point if point and point[-1].isdigit() else None

    return certain(start), certain(end)
