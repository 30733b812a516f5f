"""
Read: the CSV file's bytes to ``Parsed`` rows, each with the line of the
file it starts on (a quoted field may span lines), and the problems of the
file as a whole (encoding, header, quotes, NUL bytes).
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.lists import LIST_COLUMNS, TRANSLATION_COLUMNS

COLUMNS = (*LIST_COLUMNS, *TRANSLATION_COLUMNS)

# event_date, event_kind and title too, in a file whose rows have events
# (plan.py checks them row by row: a row of a list may have none).
REQUIRED_COLUMNS = (
    "person",
    "country",
    "case",
    "source_url",
)


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, at a line of the file and a column
    ("" for the whole line)."""

    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return f"line {self.line}, {self.column}: {self.message}"
        return f"line {self.line}: {self.message}"


class ImportRefused(ValidationError):
    """The file has problems; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


@dataclass(frozen=True)
class Row:
    """One event as the file gives it: stripped text by column name."""

    line: int
    values: dict

    def __getitem__(self, column):
        return self.values.get(column, "")


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    columns: tuple = ()
    problems: list = field(default_factory=list)
    header_line: int = 1


def parse(data):
    """
    Return the Parsed rows of the CSV file ``data`` (bytes): UTF-8, with or
    without a byte-order mark, a header row naming the columns, quoted fields
    holding commas, quotes and line breaks as spreadsheets write them.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Parsed(
            problems=[
                Problem(
                    1,
                    "",
                    _(
                        "the file is in UTF-16 (“Unicode text”); expected UTF-8: "
                        "in your spreadsheet, save it as “CSV UTF-8”."
                    ),
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Parsed(problems=[_encoding_problem(data, error)])
    return _read(text)


def _read(text):
    parsed = Parsed()
    if not text.strip():
        parsed.problems.append(
            Problem(
                1,
                "",
                _(
                    "the file is empty; expected a header row naming the columns "
                    "(%(columns)s), then one event per row."
                )
                % {"columns": ", ".join(COLUMNS)},
            )
        )
        return parsed
    records, problem = _records(text)
    if problem:
        parsed.problems.append(problem)
    records = [
        (line, fields) for line, fields in records if any(f.strip() for f in fields)
    ]
    if not records:
        return parsed
    (header_line, header), *body = records
    names = [name.strip().lower() for name in header]
    parsed.header_line = header_line
    parsed.problems += _header_problems(header_line, names, body)
    parsed.columns = tuple(name for name in COLUMNS if name in names)
    for line, fields in body:
        extra = [value for value in fields[len(names) :] if value.strip()]
        if extra:
            parsed.problems.append(
                Problem(
                    line,
                    "",
                    _(
                        "%(count)s fields, but the header names %(expected)s "
                        "columns; a field that holds a comma must be in double "
                        "quotes."
                    )
                    % {"count": len(fields), "expected": len(names)},
                )
            )
            continue
        values = {}
        for name, value in zip(names, fields, strict=False):
            if "\x00" in value:
                # PostgreSQL cannot store it: refused here, not at the write.
                parsed.problems.append(
                    Problem(
                        line,
                        name if name in COLUMNS else "",
                        _(
                            "this field holds a NUL byte, which cannot be "
                            "stored; expected plain text: remove it, or save "
                            "the file again as “CSV UTF-8”."
                        ),
                    )
                )
                value = value.replace("\x00", "")
            if name in COLUMNS and name not in values:
                value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
                if name != "description":
                    value = " ".join(value.split())
                values[name] = value
        parsed.rows.append(Row(line, values))
    if not parsed.rows and not problem:
        parsed.problems.append(
            Problem(
                header_line + 1,
                "",
                _(
                    "no rows below the header row; expected one event, or one "
                    "person and case, per row."
                ),
            )
        )
    return parsed


def _records(text):
    """Return the (line it starts on, fields) of each record of ``text``,
    and a Problem if the quotes do not add up."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, line = [], 1
    try:
        for fields in reader:
            records.append((line, fields))
            line = reader.line_num + 1
    except csv.Error as error:
        return records, Problem(
            line,
            "",
            _(
                "this row cannot be read (%(error)s); a field that holds commas, "
                "quotes or line breaks must be in double quotes, with each "
                'quote inside it doubled (""), as spreadsheets save them.'
            )
            % {"error": error},
        )
    return records, None


def _header_problems(line, names, body):
    problems, seen = [], set()
    expected = ", ".join(COLUMNS)
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        return [
            Problem(
                line,
                "",
                _(
                    "the columns are separated by semicolons or tabs; expected "
                    "commas: in your spreadsheet, save the file as “CSV UTF-8 "
                    "(comma delimited)”."
                ),
            )
        ]
    for index, name in enumerate(names):
        if not name:
            if any(index < len(f) and f[index].strip() for _line, f in body):
                problems.append(
                    Problem(
                        line,
                        "",
                        _(
                            "column %(number)s has values but no name; expected "
                            "one of %(columns)s."
                        )
                        % {"number": index + 1, "columns": expected},
                    )
                )
        elif name in seen:
            problems.append(
                Problem(
                    line,
                    name,
                    _("this column is named twice; expected each column once."),
                )
            )
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    line,
                    name,
                    _("unknown column “%(name)s”; expected only %(columns)s.")
                    % {"name": name, "columns": expected},
                )
            )
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            problems.append(
                Problem(
                    line,
                    name,
                    _(
                        "missing column; the header must name %(required)s "
                        "(and may name %(optional)s)."
                    )
                    % {
                        "required": ", ".join(REQUIRED_COLUMNS),
                        "optional": ", ".join(
                            c for c in COLUMNS if c not in REQUIRED_COLUMNS
                        ),
                    },
                )
            )
    return problems


def _encoding_problem(data, error):
    """Return the one Problem of a file that is not UTF-8: where the first
    byte that is not is, by line, column and byte offset."""
    offset = error.start
    line = 1 + len(re.findall(rb"\r\n|\r|\n", data[:offset]))
    column = ""
    # Read the file with the bad bytes replaced, to name their column.
    records, _problem = _records(data.decode("utf-8-sig", errors="replace"))
    started = [fields for start, fields in records if start <= line]
    if len(started) > 1:
        header = [name.strip().lower() for name in records[0][1]]
        for name, value in zip(header, started[-1], strict=False):
            if "\ufffd" in value:
                column = name
                break
    return Problem(
        line,
        column,
        _(
            "the file is not UTF-8 text: byte 0x%(byte)02X at byte offset "
            "%(offset)s is not UTF-8 (the file is probably in a legacy "
            "encoding such as Windows-1252); expected UTF-8: in your "
            "spreadsheet, save the file as “CSV UTF-8”."
        )
        % {"byte": data[offset], "offset": offset},
    )
