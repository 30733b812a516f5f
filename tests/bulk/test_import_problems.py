"""
Every problem of every row: an editor fixes a file in one pass, not one
problem per try.
"""

import pytest

from tests.bulk.test_import import csv_file, event_row, problems_of

pytestmark = pytest.mark.django_db


def by_line(problems):
    lines = {}
    for problem in problems:
        lines.setdefault(problem.line, set()).add(problem.column)
    return lines


def test_each_row_reports_all_of_its_problems():
    data = csv_file(
        # A future date and no source.
        event_row(event_date="2999-01-01", source_url="", source_title=""),
        # An unknown kind, a date that is not EDTF and an empty title.
        event_row(event_kind="arested", event_date="3 March 2017", title=""),
        # A bad country, a title too long for the field and a future date.
        event_row(country="Azerbaijan", title="x" * 300, event_date="2999-05"),
        # No person, a source address that is not one, and a future source date.
        event_row(person="", source_url="example.org", source_date="2999"),
    )

    problems = problems_of(data)

    assert by_line(problems) == {
        2: {"event_date", "source_url"},
        3: {"event_kind", "event_date", "title"},
        4: {"country", "title", "event_date"},
        5: {"person", "source_url", "source_date"},
    }
    texts = [str(problem) for problem in problems]
    assert "line 2, event_date: 1 January 2999 is in the future." in texts
    assert any(text.startswith("line 4, title: ") and "300" in text for text in texts)


def test_a_problem_is_reported_once():
    data = csv_file(event_row(event_date="2999-01-01"))

    (problem,) = problems_of(data)

    assert str(problem) == "line 2, event_date: 1 January 2999 is in the future."
