import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lib import dates
from lib.dates import Precision, parse_edtf

D = datetime.date


@pytest.mark.parametrize(
    ("text", "lower", "upper", "precision"),
    [
        ("2011-05-18", D(2011, 5, 18), D(2011, 5, 18), Precision.DAY),
        ("2012-06", D(2012, 6, 1), D(2012, 6, 30), Precision.MONTH),
        ("2012-02", D(2012, 2, 1), D(2012, 2, 29), Precision.MONTH),
        ("2011", D(2011, 1, 1), D(2011, 12, 31), Precision.YEAR),
        ("2011~", D(2011, 1, 1), D(2011, 12, 31), Precision.YEAR),
        ("2011-06?", D(2011, 6, 1), D(2011, 6, 30), Precision.MONTH),
        ("2011-05-18%", D(2011, 5, 18), D(2011, 5, 18), Precision.DAY),
        ("2023-01-09/2023-02-27", D(2023, 1, 9), D(2023, 2, 27), Precision.INTERVAL),
        ("2018-08/2018-12-26", D(2018, 8, 1), D(2018, 12, 26), Precision.INTERVAL),
        ("2023-01-09/..", D(2023, 1, 9), None, Precision.INTERVAL),
        (" 2011-05-18 ", D(2011, 5, 18), D(2011, 5, 18), Precision.DAY),
    ],
)
def test_parse_gives_bounds_and_precision(text, lower, upper, precision):
    parsed = parse_edtf(text)
    assert (parsed.lower, parsed.upper, parsed.precision) == (lower, upper, precision)


def test_open_interval_is_open():
    assert parse_edtf("2023-01-09/..").is_open is True
    assert parse_edtf("2023-01-09/2023-02-27").is_open is False


@pytest.mark.parametrize(
    "text",
    [
        "",
        "18 May 2011",
        "2011-13",
        "2023-02-30",
        "2011-05-18T10:00",
        "201X",
        "2011-21",
        "[..2011]",
        "-0500",
        "0000",
        "yesterday",
        "2011-5-18",
    ],
)
def test_malformed_date_is_refused_with_examples(text):
    with pytest.raises(ValidationError) as error:
        parse_edtf(text)
    message = " ".join(error.value.messages)
    for example in ["2011-05-18", "2012-06", "2011", "2011~", "2023-01-09/2023-02-27"]:
        assert example in message


def test_reversed_interval_is_refused():
    with pytest.raises(ValidationError, match="ends before it starts"):
        parse_edtf("2000/1999")


def test_open_start_is_refused_with_advice():
    with pytest.raises(ValidationError, match="needs a known start"):
        parse_edtf("../2023-01")


def test_unknown_end_is_refused_with_advice():
    with pytest.raises(ValidationError, match="/\\.\\."):
        parse_edtf("2023-01-09/")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2011-05-18", "18 May 2011"),
        ("2012-06", "June 2012"),
        ("2011", "2011"),
        ("2011~", "c. 2011"),
        ("2011-06?", "June 2011 (uncertain)"),
        ("2023-02-27~", "c. 27 February 2023"),
        ("2023-01-09/2023-02-27", "9 January – 27 February 2023"),
        ("2018-08/2018-12-26", "August – 26 December 2018"),
        ("2017/2018-10-19", "2017 – 19 October 2018"),
        ("2022-12-01/2023-01-05", "1 December 2022 – 5 January 2023"),
        ("2023-01-09/..", "since 9 January 2023"),
        ("", ""),
    ],
)
def test_display_at_own_precision(text, shown):
    with translation.override("en"):
        assert dates.display(text) == shown


def test_display_is_translated():
    with translation.override("ru"):
        assert dates.display("2011-05-18") == "18 мая 2011"


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2011-03-04", D(2011, 3, 4), D(2011, 3, 4)),
        ("2011", D(2011, 1, 1), D(2011, 12, 31)),
        ("2011~", D(2010, 1, 1), D(2012, 12, 31)),
        ("2011-06?", D(2011, 5, 1), D(2011, 7, 31)),
        ("2011-06-15%", D(2011, 6, 13), D(2011, 6, 17)),
        ("2023-01-09/..", D(2023, 1, 9), None),
    ],
)
def test_certain_bounds_widen_imprecise_dates(text, earliest, latest):
    assert dates.certain_bounds(text) == (earliest, latest)


def test_display_never_calls_the_edtf_parser(monkeypatch):
    import edtf

    def fail(*args, **kwargs):
        raise AssertionError("parsed while rendering")

    monkeypatch.setattr(edtf, "parse_edtf", fail)
    assert dates.display("2012-06") == "June 2012"
    assert dates.certain_bounds("2012-06")[0] == D(2012, 6, 1)


def _by_the_edtf_parser(text):
    """What the edtf package says of a plain date: (lower, upper) or None."""
    from edtf import parse_edtf as edtf_parse
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = edtf_parse(text)
        return (
            dates._struct_to_date(parsed.lower_strict()),
            dates._struct_to_date(parsed.upper_strict()),
        )
    except (EDTFParseException, ValueError, OverflowError, TypeError):
        return None


PLAIN_DATES = [
    f"{year}{rest}"
    for year in ("0000", "0001", "1900", "1999", "2000", "2023", "2024", "2100", "9999")
    for rest in (
        "",
        *(f"-{month:02d}" for month in range(1, 13)),
        *(
            f"-{month:02d}-{day:02d}"
            for month in (1, 2, 4, 12)
            for day in (1, 28, 29, 30, 31)
        ),
    )
]


@pytest.mark.parametrize("text", PLAIN_DATES)
def test_plain_dates_are_read_as_the_edtf_parser_reads_them(text, monkeypatch):
    expected = _by_the_edtf_parser(text)
    if expected is None:
        with pytest.raises(ValidationError):
            parse_edtf(text)
    else:
        parsed = parse_edtf(text)
        assert (parsed.lower, parsed.upper) == expected


def test_plain_dates_skip_the_edtf_parser(monkeypatch):
    import edtf

    def refuse(text):
        raise AssertionError("edtf parser called")

    monkeypatch.setattr(edtf, "parse_edtf", refuse)
    dates._parse_edtf.cache_clear()
    assert parse_edtf("1987-06-05").precision == Precision.DAY
    with pytest.raises(AssertionError):
        parse_edtf("1987-06-05~")
