import codecs
import csv
import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bulk.importer import COLUMNS, ImportRefused, import_events, parse, validate
from cases.models import Case, Citation, Source, TimelineEvent
from editorial.models import EditorialModel, PublicationState, Revision
from lib.names import fold
from people.models import Organization, Person, PersonAlias

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED
IMPORT_URL = "admin:cases_timelineevent_import"


def event_row(**values):
    row = {
        "person": "Mehman Huseynov",
        "person_native": "Mehman Hüseynov",
        "country": "AZ",
        "case": "Mehman Huseynov: defamation (2017–2019)",
        "event_date": "2017-03-03",
        "event_kind": "sentence",
        "title": "Sentenced to two years in prison",
        "description": "",
        "source_url": "https://example.org/call-for-action",
        "source_title": "Call for action from the international community",
        "source_publisher": "Human Rights House network",
        "source_date": "2019-01",
    }
    row.update(values)
    return row


def csv_file(*rows, columns=COLUMNS, bom=False, newline="\r\n"):
    """Return ``rows`` (dicts) as a spreadsheet would save them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    data = out.getvalue().encode()
    return codecs.BOM_UTF8 + data if bom else data


def problems_of(data):
    with pytest.raises(ImportRefused) as refused:
        import_events(data=data)
    return refused.value.problems


def only_problem(data):
    (problem,) = problems_of(data)
    return problem


def counts():
    """Return the number of rows of every table of ours, history included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"people", "cases"}
    }


# The file -------------------------------------------------------------------


def test_imports_a_row_with_its_person_case_source_and_citation():
    plan = import_events(data=csv_file(event_row()))

    event = TimelineEvent.objects.get()
    assert event.title == "Sentenced to two years in prison"
    assert event.kind == "sentence"
    assert (event.date, str(event.date_lower)) == ("2017-03-03", "2017-03-03")
    assert event.case.title == "Mehman Huseynov: defamation (2017–2019)"
    assert event.case.country == "AZ"
    assert event.case.person.name == "Mehman Huseynov"
    assert event.case.person.name_native == "Mehman Hüseynov"
    citation = event.citations.get()
    assert citation.quote == ""
    assert citation.source.url == "https://example.org/call-for-action"
    assert citation.source.published == "2019-01"
    assert str(plan.counts) == "1 person, 1 case, 1 source, 1 event, 1 citation"


def test_reads_bom_crlf_and_quoted_fields_with_commas_quotes_and_line_breaks():
    description = 'He said: "I was tortured",\nin police custody.\nThird line'
    data = csv_file(
        event_row(title="Sentenced, for defamation", description=description),
        bom=True,
    )
    assert data.startswith(codecs.BOM_UTF8)

    import_events(data=data)

    event = TimelineEvent.objects.get()
    assert event.title == "Sentenced, for defamation"
    assert event.description == description


def test_a_row_starts_on_the_line_after_a_multiline_field():
    data = csv_file(
        event_row(description="one\ntwo\nthree"),  # lines 2–4
        event_row(event_kind="arest"),  # line 5
    )
    problem = only_problem(data)
    assert (problem.line, problem.column) == (5, "event_kind")


def test_file_example_in_docs_imports_and_reimports_nothing():
    data = (Path(settings.BASE_DIR) / "docs" / "import-example.csv").read_bytes()
    plan = import_events(data=data)
    assert plan.counts.events == 5
    assert plan.counts.people == 2
    assert import_events(data=data).counts.total == 0


def test_readme_documents_every_column_and_kind():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("## Importing events from a spreadsheet")[1]
    section = section.split("\n## ")[0]
    for name in [*COLUMNS, *TimelineEvent.Kind.values]:
        assert f"`{name}`" in section


# Every kind of problem, with its line and column ----------------------------


def test_wrong_encoding_names_line_column_and_byte_offset():
    good = csv_file(event_row())
    bad = "Mehman Hüseynov".encode("cp1252")
    data = good + csv_file(event_row(person_native="@@@")).split(b"\r\n", 1)[1]
    data = data.replace(b"@@@", bad)
    offset = data.index(bad) + bad.index(b"\xfc")

    problem = only_problem(data)

    assert (problem.line, problem.column) == (3, "person_native")
    assert f"byte offset {offset}" in problem.message
    assert "0xFC" in problem.message
    assert "CSV UTF-8" in problem.message
    assert str(problem).startswith("line 3, person_native: the file is not UTF-8")


def test_utf16_file_is_refused_as_not_utf8():
    data = csv_file(event_row()).decode().encode("utf-16")
    problem = only_problem(data)
    assert problem.line == 1
    assert "expected UTF-8" in problem.message


def test_unknown_column_is_named_with_the_expected_ones():
    rows = [{**event_row(), "sentence": "2 years"}]
    problem = only_problem(csv_file(*rows, columns=[*COLUMNS, "sentence"]))
    assert (problem.line, problem.column) == (1, "sentence")
    assert "unknown column “sentence”" in problem.message
    assert "person, person_native, person_role, person_gender" in problem.message


def test_missing_required_column_is_named():
    columns = [c for c in COLUMNS if c != "event_kind"]
    rows = [{k: v for k, v in event_row().items() if k != "event_kind"}]
    problem = only_problem(csv_file(*rows, columns=columns))
    assert (problem.line, problem.column) == (1, "event_kind")
    assert "missing column" in problem.message


def test_optional_columns_may_be_left_out():
    columns = ["person", "country", "case", "event_date", "event_kind", "title"]
    columns += ["source_url", "source_title"]
    rows = [{k: event_row()[k] for k in columns}]
    assert import_events(data=csv_file(*rows, columns=columns)).counts.events == 1


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n"])
def test_empty_file_is_refused(data):
    problem = only_problem(data)
    assert problem.line == 1
    assert "the file is empty; expected a header row" in problem.message


def test_header_without_rows_is_refused():
    problem = only_problem(csv_file())
    assert problem.line == 2
    assert "no rows below the header row" in problem.message


def test_semicolon_separated_file_is_explained():
    data = csv_file(event_row()).replace(b",", b";")
    problem = only_problem(data)
    assert "separated by semicolons" in problem.message


def test_unclosed_quote_is_reported_where_its_row_starts():
    data = csv_file(event_row()) + b'Mehman Huseynov,,AZ,"Case title\r\n'
    problem = only_problem(data)
    assert problem.line == 3
    assert "double quotes" in problem.message


def test_row_with_more_fields_than_the_header():
    data = csv_file(event_row()) + csv_file(event_row()).split(b"\r\n")[1] + b",x\r\n"
    problem = only_problem(data)
    assert (problem.line, problem.column) == (3, "")
    n = len(COLUMNS)
    assert f"{n + 1} fields, but the header names {n} columns" in problem.message


def test_unknown_kind_lists_the_kinds():
    data = csv_file(event_row(), event_row(event_kind="arest", title="Arrested"))
    problem = only_problem(data)
    assert (problem.line, problem.column) == (3, "event_kind")
    assert problem.message.startswith("unknown kind “arest”; expected one of ")
    assert "detention, in_custody, charge" in problem.message
    assert "English labels" in problem.message
    assert str(problem).startswith("line 3, event_kind: unknown kind")


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        ("sentence", "sentence"),
        ("SENTENCE", "sentence"),
        ("Sentence", "sentence"),
        ("hunger_strike_start", "hunger_strike_start"),
        ("Hunger strike begins", "hunger_strike_start"),
        ("HUNGER STRIKE BEGINS", "hunger_strike_start"),
        ("reported in custody", "in_custody"),
        ("ECHR judgment", "echr_judgment"),
    ],
)
def test_kind_is_a_stored_value_or_english_label_case_aside(given, kind):
    import_events(data=csv_file(event_row(event_kind=given)))
    assert TimelineEvent.objects.get().kind == kind


@pytest.mark.parametrize("date", ["2017-13-01", "3 March 2017", "2017-02-30", ""])
def test_malformed_date_is_reported_with_valid_forms(date):
    problem = only_problem(csv_file(event_row(), event_row(event_date=date)))
    assert (problem.line, problem.column) == (3, "event_date")
    assert "2011-05-18, 2012-06, 2011" in problem.message


def test_malformed_source_date_is_reported():
    problem = only_problem(csv_file(event_row(source_date="January 2019")))
    assert (problem.line, problem.column) == (2, "source_date")
    assert "is not a date this site understands" in problem.message


def test_missing_source_is_reported():
    row = event_row(source_url="", source_title="", source_publisher="")
    problem = only_problem(csv_file(event_row(), row))
    assert (problem.line, problem.column) == (3, "source_url")
    assert problem.message.startswith("missing source")
    assert "source_title and source_publisher" in problem.message


def test_source_without_url_is_matched_by_title_and_publisher(make_source):
    source = make_source(url="", title="Court ruling", publisher="Baku Court")
    row = event_row(
        source_url="", source_title="COURT RULING", source_publisher="baku court"
    )
    import_events(data=csv_file(row))
    assert TimelineEvent.objects.get().citations.get().source == source


@pytest.mark.parametrize("url", ["example.org/call", "ftp://example.org/x", "http//x"])
def test_source_url_must_be_a_web_address(url):
    problem = only_problem(csv_file(event_row(source_url=url)))
    assert (problem.line, problem.column) == (2, "source_url")
    assert "expected a URL starting with https://" in problem.message


def test_new_source_needs_a_title():
    problem = only_problem(csv_file(event_row(source_title="")))
    assert (problem.line, problem.column) == (2, "source_title")
    assert "expected the new source's title" in problem.message


@pytest.mark.parametrize(
    ("country", "hint"),
    [("XX", ""), ("AZE", "For Azerbaijan write AZ."), ("Azerbaijan", "write AZ")],
)
def test_bad_country_code_is_reported(country, hint):
    problem = only_problem(csv_file(event_row(country=country)))
    assert (problem.line, problem.column) == (2, "country")
    assert "is not an ISO 3166 alpha-2 country code" in problem.message
    assert hint in problem.message


def test_country_code_case_aside():
    import_events(data=csv_file(event_row(country="az")))
    assert Case.objects.get().country == "AZ"


def test_empty_required_values_are_each_reported():
    row = event_row(person="", case="", title="", country="")
    problems = problems_of(csv_file(row))
    assert [(p.line, p.column) for p in problems] == [
        (2, "person"),
        (2, "country"),
        (2, "case"),
        (2, "title"),
    ]


def test_future_date_is_refused():
    problem = only_problem(csv_file(event_row(event_date="2999-01-01")))
    assert (problem.line, problem.column) == (2, "event_date")
    assert "is in the future" in problem.message


def test_chronology_contradiction_within_the_file_is_refused():
    data = csv_file(
        event_row(event_kind="detention", event_date="2017-01-09", title="Detained"),
        event_row(event_kind="sentence", event_date="2016-03"),
    )
    problem = only_problem(data)
    assert (problem.line, problem.column) == (3, "event_date")
    assert "comes before the first detention" in problem.message


def test_chronology_contradiction_with_a_stored_event_is_refused(
    make_person, make_case, make_event
):
    person = make_person(name="Mehman Huseynov")
    case = make_case(person=person, title="Mehman Huseynov: defamation (2017–2019)")
    make_event(case=case, kind="detention", date="2017-01-09")
    problem = only_problem(csv_file(event_row(event_date="2016-12-01")))
    assert (problem.line, problem.column) == (2, "event_date")
    assert "comes before the first detention (9 January 2017)" in problem.message


def test_model_validation_is_reported_at_its_line():
    problem = only_problem(csv_file(event_row(title="x" * 300)))
    assert (problem.line, problem.column) == (2, "title")
    assert "at most 255 characters" in problem.message


def test_every_problem_of_every_row_is_reported():
    data = csv_file(
        event_row(),
        event_row(event_kind="arest", event_date="2017-13"),
        event_row(),
        event_row(country="XX", source_url="not a URL"),
    )
    problems = problems_of(data)
    assert [(p.line, p.column) for p in problems] == [
        (3, "event_date"),
        (3, "event_kind"),
        (5, "country"),
        (5, "source_url"),
    ]


def test_ambiguous_person_is_refused(make_person):
    for _ in range(2):
        person = make_person(name="Ali Karimli")
        PersonAlias.objects.create(person=person, name="Əli Kərimli", script="latin")
    problem = only_problem(csv_file(event_row(person="Eli Kerimli")))
    assert (problem.line, problem.column) == (2, "person")
    assert "is a name of 2 people" in problem.message


# Atomicity -------------------------------------------------------------------


def test_one_bad_row_writes_nothing(make_event):
    make_event()
    before = counts()
    rows = [event_row(title=f"Event {n}") for n in range(5)]
    rows[3]["event_kind"] = "arest"
    with pytest.raises(ImportRefused):
        import_events(data=csv_file(*rows))
    assert counts() == before


def test_failure_while_writing_writes_nothing(monkeypatch):
    def fail(objects):
        raise RuntimeError("database went away")

    # The last step of the write: everything before it must be undone.
    stage = importlib.import_module("bulk.importer.write")
    monkeypatch.setattr(stage, "after_bulk_write", fail)
    before = counts()
    with pytest.raises(RuntimeError):
        import_events(data=csv_file(event_row()))
    assert counts() == before


# Idempotence -----------------------------------------------------------------


def test_second_import_creates_nothing_and_records_no_history():
    data = csv_file(
        event_row(),
        event_row(event_kind="appeal", event_date="2017-05", title="Appeal"),
        event_row(person="Afgan Mukhtarli", person_native="Əfqan Muxtarlı", case="X"),
    )
    import_events(data=data)
    before = counts()
    versions = {
        model._meta.label: sorted(model.objects.values_list("version", flat=True))
        for model in apps.get_models()
        if issubclass(model, EditorialModel)
    }

    plan = import_events(data=data)

    assert plan.counts.total == 0
    assert len(plan.unchanged_rows) == 3
    assert counts() == before  # history tables included
    for label, values in versions.items():
        model = apps.get_model(label)
        assert sorted(model.objects.values_list("version", flat=True)) == values


def test_rows_naming_the_same_new_records_create_them_once():
    data = csv_file(
        event_row(),
        event_row(),  # the same event again: one event, one citation
        event_row(person="MEHMAN HÜSEYNOV", title="Appeal", event_kind="appeal"),
        event_row(source_url="https://example.org/other", source_title="Other"),
    )
    plan = import_events(data=data)
    assert str(plan.counts) == "1 person, 1 case, 2 sources, 2 events, 3 citations"
    assert Person.objects.count() == 1
    assert Citation.objects.count() == 3


def test_existing_citation_is_not_repeated(make_person, make_case, make_event):
    person = make_person(name="Mehman Huseynov")
    case = make_case(person=person, title="Mehman Huseynov: defamation (2017–2019)")
    event = make_event(
        case=case, kind="sentence", date="2017-03-03", title=event_row()["title"]
    )
    source = event.citations.get().source
    plan = import_events(data=csv_file(event_row(source_url=source.url)))
    assert plan.counts.total == 0
    assert event.citations.count() == 1


# Matching --------------------------------------------------------------------


@pytest.fixture
def bakhtiyar(make_person):
    person = make_person(name="Bakhtiyar Hajiyev", name_native="Bəxtiyar Hacıyev")
    PersonAlias.objects.create(
        person=person, name="Бахтияр Гаджиев", script="cyrillic", language="ru"
    )
    PersonAlias.objects.create(person=person, name="Bakhtiar Gadzhiev", script="latin")
    return person


@pytest.mark.parametrize(
    "name",
    [
        "Bakhtiyar Hajiyev",
        "bakhtiyar  HAJIYEV",
        "Bəxtiyar Hacıyev",
        "BƏXTİYAR HACIYEV",
        "Bextiyar Haciyev",
        "Бахтияр Гаджиев",
        "БАХТИЯР ГАДЖИЕВ",
        "Bakhtiar Gadzhiev",
    ],
)
def test_person_is_matched_by_name_or_alias_case_and_diacritics_aside(bakhtiyar, name):
    import_events(data=csv_file(event_row(person=name, person_native="")))
    assert Person.objects.get() == bakhtiyar
    assert Case.objects.get().person == bakhtiyar


def test_person_is_matched_by_native_name_when_the_name_is_new(bakhtiyar):
    row = event_row(person="Bakhtiyar Hadjiyev", person_native="Bəxtiyar Hacıyev")
    import_events(data=csv_file(row))
    assert Person.objects.get() == bakhtiyar


def test_case_is_matched_by_person_and_title_case_aside(bakhtiyar, make_case):
    case = make_case(person=bakhtiyar, title="Bakhtiyar Hajiyev: hooliganism (2022)")
    row = event_row(
        person="Bakhtiyar Hajiyev", case="BAKHTIYAR HAJIYEV: Hooliganism (2022)"
    )
    plan = import_events(data=csv_file(row))
    assert plan.counts.cases == 0
    assert TimelineEvent.objects.get().case == case


def test_same_case_title_of_another_person_is_a_new_case(bakhtiyar, make_case):
    make_case(person=bakhtiyar, title="Mehman Huseynov: defamation (2017–2019)")
    assert import_events(data=csv_file(event_row())).counts.cases == 1


def test_source_is_matched_by_url(make_source):
    source = make_source(url="https://example.org/call-for-action", title="Call")
    plan = import_events(data=csv_file(event_row(source_title="Another title")))
    assert plan.counts.sources == 0
    assert TimelineEvent.objects.get().citations.get().source == source
    source.refresh_from_db()
    assert source.title == "Call"


def test_case_country_must_agree_with_the_row(bakhtiyar, make_case):
    make_case(person=bakhtiyar, title="Hooliganism", country="AZ")
    row = event_row(person="Bakhtiyar Hajiyev", case="Hooliganism", country="GE")
    problem = only_problem(csv_file(row))
    assert (problem.line, problem.column) == (2, "country")
    assert "has country AZ" in problem.message


def test_fold_reduces_case_diacritics_and_scripts():
    assert fold("BƏXTİYAR  Hacıyev") == "bextiyar haciyev"
    assert fold("Mehman Hüseynov") == fold("mehman huseynov")
    assert fold("Мехман Гусейнов") == "mekhman guseynov"
    assert fold("Şahin Ağayev") == "sahin agayev"


# Drafts, slugs, history --------------------------------------------------------


def test_everything_imported_is_a_draft_stamped_with_the_user(editor):
    import_events(data=csv_file(event_row()), user=editor)
    for model in (Person, Case, Source, TimelineEvent):
        record = model.objects.get()
        assert record.publication_state == DRAFT
        assert record.version == 1
        assert record.created_by == record.updated_by == editor
        history = record.history.get()
        assert history.history_user == editor
        assert history.history_change_reason == "import_events"
    assert Citation.objects.get().history.get().history_user == editor


def test_matched_published_records_are_left_as_they_were(bakhtiyar, make_case):
    case = make_case(person=bakhtiyar, title="Hooliganism")
    versions = (bakhtiyar.version, case.version)
    import_events(
        data=csv_file(event_row(person="Bakhtiyar Hajiyev", case="Hooliganism"))
    )
    bakhtiyar.refresh_from_db()
    case.refresh_from_db()
    assert (bakhtiyar.version, case.version) == versions
    assert case.publication_state == PUBLISHED
    assert TimelineEvent.objects.get().publication_state == DRAFT


@pytest.fixture
def published_sentence(make_person, make_case, make_event):
    person = make_person(name="Mehman Huseynov")
    case = make_case(person=person, title="Mehman Huseynov: defamation (2017–2019)")
    return make_event(
        case=case, kind="sentence", date="2017-03-03", title=event_row()["title"]
    )


@pytest.mark.parametrize("account", ["editor", "reviewer"])
def test_a_new_citation_of_a_published_event_waits_as_its_pending_revision(
    published_sentence, account, request, client
):
    user = request.getfixturevalue(account)
    before = list(published_sentence.citations.values_list("source_id", flat=True))
    plan = import_events(data=csv_file(event_row()), user=user)
    published_sentence.refresh_from_db()
    assert published_sentence.publication_state == PUBLISHED
    # Nothing public changed: the event keeps its one citation...
    assert list(published_sentence.citations.values_list("source_id", flat=True)) == (
        before
    )
    assert plan.published_events_cited == [published_sentence]
    page = client.get(published_sentence.case.get_absolute_url())
    assert page.status_code == 200 and event_row()["source_url"] not in (
        page.content.decode()
    )
    # ...and the new one waits in the event's revision, by the importer.
    revision = Revision.objects.get()
    assert (revision.target, revision.created_by) == (published_sentence, user)
    source = Source.objects.get(url=event_row()["source_url"])
    assert ["citations-1-source", [str(source.pk)]] in revision.data


def test_a_reviewer_publishes_an_imported_citation_with_its_source(
    published_sentence, editor, reviewer_client
):
    import_events(data=csv_file(event_row()), user=editor)
    source = Source.objects.get(url=event_row()["source_url"])
    assert source.publication_state == DRAFT
    review = reverse(
        "admin:editorial_review",
        args=["cases", "timelineevent", published_sentence.pk],
    )
    page = reviewer_client.get(review).content.decode()
    assert event_row()["source_title"] in page
    reviewer_client.post(
        reverse("admin:editorial_review", args=["cases", "source", source.pk]),
        {"decision": "publish"},
    )
    response = reviewer_client.post(review, {"decision": "publish"})
    assert response.status_code == 302
    assert published_sentence.citations.count() == 2
    assert not Revision.objects.exists()


def test_importing_twice_adds_the_citation_to_the_revision_once(
    published_sentence, editor
):
    import_events(data=csv_file(event_row()), user=editor)
    import_events(data=csv_file(event_row()), user=editor)
    assert Revision.objects.count() == 1


def test_without_a_user_citations_of_published_events_are_refused(
    published_sentence,
):
    problem = only_problem(csv_file(event_row()))
    assert (problem.line, problem.column) == (2, "source_url")
    assert "published event" in problem.message and "--user" in problem.message
    assert not Revision.objects.exists()


def test_new_slugs_are_ascii_and_unique(make_person):
    make_person(name="Someone else", slug="efqan-muxtarli")
    row = event_row(person="Əfqan Muxtarlı", case="Əfqan Muxtarlı: qaçaqmalçılıq")
    other = event_row(person="Гусейн Гусейнов", case="Дело")
    import_events(data=csv_file({**row, "person_native": ""}, other))
    slugs = set(Person.objects.values_list("slug", flat=True))
    assert slugs == {"efqan-muxtarli", "efqan-muxtarli-2", "guseyn-guseynov"}
    assert set(Case.objects.values_list("slug", flat=True)) == {
        "efqan-muxtarli-qacaqmalciliq",
        "delo",
    }


def test_names_in_any_script_get_addresses_spelled_from_them():
    names = {
        "刘晓波": "liuxiaobo",
        "伊力哈木·土赫提": "yilihamu-tuheti",
        "علاء عبد الفتاح": "l-bd-lfth",
        "ილია ჭავჭავაძე": "ilia-chavchavadze",
        "Նիկոլ Փաշինյան": "nikol-pashinyan",
        "Мехман Гусейнов": "mekhman-guseynov",
    }
    rows = [
        event_row(person=name, person_native="", case=f"{name}: 2020") for name in names
    ]
    import_events(data=csv_file(*rows))
    assert dict(Person.objects.values_list("name", "slug")) == names
    assert "person" not in "".join(Person.objects.values_list("slug", flat=True))
    assert set(Case.objects.values_list("slug", flat=True)) == {
        f"{slug}-2020" for slug in names.values()
    }


def test_events_are_created_in_bulk_with_one_status_refresh_per_case():
    def queries(n):
        rows = [
            event_row(event_date=f"2017-03-{day:02d}", title=f"Hearing {day}")
            for day in range(1, n + 1)
        ]
        with CaptureQueriesContext(connection) as context:
            import_events(data=csv_file(*rows))
        TimelineEvent.objects.all().delete()
        Citation.objects.all().delete()
        return len(context.captured_queries)

    queries(1)  # creates the person, case and source
    assert queries(3) == queries(20)


# The command -------------------------------------------------------------------


@pytest.fixture
def csv_path(tmp_path):
    def write(*rows):
        path = tmp_path / "events.csv"
        path.write_bytes(csv_file(*rows))
        return path

    return write


def test_command_imports_and_reports_counts(csv_path, capsys):
    call_command("import_events", str(csv_path(event_row())))
    out = capsys.readouterr().out
    assert "Created 1 person, 1 case, 1 source, 1 event, 1 citation" in out
    assert TimelineEvent.objects.count() == 1


def test_command_dry_run_writes_nothing(csv_path, capsys):
    call_command("import_events", str(csv_path(event_row())), "--dry-run")
    out = capsys.readouterr().out
    assert "Would create 1 person" in out
    assert "nothing written" in out
    assert not any(counts().values())


def test_command_prints_each_problem_and_fails(csv_path, capsys):
    path = csv_path(event_row(event_kind="arest"), event_row(country="XX"))
    with pytest.raises(CommandError, match="Nothing imported: 2 problems"):
        call_command("import_events", str(path))
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}: line 2, event_kind: unknown kind “arest”")
    assert err[1].startswith(f"{path}: line 3, country: “XX” is not an ISO")
    assert TimelineEvent.objects.count() == 0


def test_command_is_quiet_at_verbosity_0(csv_path, capsys):
    call_command("import_events", str(csv_path(event_row())), verbosity=0)
    assert capsys.readouterr().out == ""


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_events", str(tmp_path / "nope.csv"))


# The admin ---------------------------------------------------------------------


def upload(client, data, name="events.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse(IMPORT_URL), {"file": file})


def test_events_list_links_to_the_import(editor_client):
    response = editor_client.get(reverse("admin:cases_timelineevent_changelist"))
    assert reverse(IMPORT_URL) in response.content.decode()
    assert "Import events from CSV" in response.content.decode()


def test_preview_shows_rows_and_writes_nothing(editor_client):
    response = upload(editor_client, csv_file(event_row()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sentenced to two years in prison" in page
    assert "Mehman Huseynov" in page
    assert 'name="confirm"' in page
    assert not any(counts().values())


def test_confirm_writes_the_previewed_file(editor_client, editor):
    response = upload(editor_client, csv_file(event_row()))
    sha256 = response.context["sha256"]
    response = editor_client.post(
        reverse(IMPORT_URL), {"confirm": "1", "sha256": sha256}
    )
    assert response.status_code == 302
    event = TimelineEvent.objects.get()
    assert event.publication_state == DRAFT
    assert event.created_by == editor
    # The preview is used up: confirming again imports nothing.
    editor_client.post(reverse(IMPORT_URL), {"confirm": "1", "sha256": sha256})
    assert TimelineEvent.objects.count() == 1


def test_confirm_of_another_file_writes_nothing(editor_client):
    upload(editor_client, csv_file(event_row()))
    response = editor_client.post(
        reverse(IMPORT_URL), {"confirm": "1", "sha256": "0" * 64}
    )
    assert response.status_code == 302
    assert TimelineEvent.objects.count() == 0


def test_confirm_checks_the_file_again(editor_client, make_person):
    sha256 = upload(editor_client, csv_file(event_row())).context["sha256"]
    make_person(name="Mehman Huseynov")  # added by someone else meanwhile
    make_person(name="Mehman Huseynov")
    response = editor_client.post(
        reverse(IMPORT_URL), {"confirm": "1", "sha256": sha256}
    )
    assert "is a name of 2 people" in response.content.decode()
    assert TimelineEvent.objects.count() == 0


def test_cancel_forgets_the_preview(editor_client):
    sha256 = upload(editor_client, csv_file(event_row())).context["sha256"]
    editor_client.post(reverse(IMPORT_URL), {"cancel": "1", "sha256": sha256})
    editor_client.post(reverse(IMPORT_URL), {"confirm": "1", "sha256": sha256})
    assert TimelineEvent.objects.count() == 0


def test_preview_lists_problems_with_line_and_column(editor_client):
    response = upload(
        editor_client, csv_file(event_row(), event_row(event_kind="arest"))
    )
    page = response.content.decode()
    assert "nothing was written" in page
    assert "<td>3</td><td><code>event_kind</code></td>" in page
    assert "unknown kind “arest”" in page
    assert 'name="confirm"' not in page


def test_upload_over_5_mb_is_refused(editor_client):
    data = csv_file(event_row()) + b" " * (5 * 1024 * 1024)
    response = upload(editor_client, data)
    assert "the limit is 5.0\xa0MB. Split it" in response.content.decode()
    assert "sha256" not in response.context


def test_staff_without_add_permission_is_refused(
    client, django_user_model, passes_second_factor
):
    user = django_user_model.objects.create_user(
        "viewer", password="correct horse battery", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_timelineevent"))
    client.force_login(passes_second_factor(user))
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert upload(client, csv_file(event_row())).status_code == 403
    changelist = client.get(reverse("admin:cases_timelineevent_changelist"))
    assert reverse(IMPORT_URL) not in changelist.content.decode()
    assert TimelineEvent.objects.count() == 0


def test_user_who_may_add_events_but_not_people_is_told_so(
    client, django_user_model, passes_second_factor
):
    user = django_user_model.objects.create_user(
        "events-only", password="correct horse battery", is_staff=True
    )
    codenames = ["view_timelineevent", "add_timelineevent", "add_citation"]
    codenames += ["add_case", "add_source"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(passes_second_factor(user))
    page = upload(client, csv_file(event_row())).content.decode()
    assert "your account may not add people" in page
    assert 'name="confirm"' not in page


def test_validate_alone_writes_nothing():
    plan = validate(parse(csv_file(event_row())))
    assert plan.counts.total == 5
    assert not any(counts().values())


@pytest.mark.parametrize("column", ["title", "description", "person", "source_url"])
def test_a_nul_byte_is_refused_with_its_line_and_column(column):
    problems = problems_of(csv_file(event_row(), event_row(**{column: "Sen\x00t"})))
    nul = [p for p in problems if "NUL byte" in p.message]
    assert [(p.line, p.column) for p in nul] == [(3, column)]
    assert not any(counts().values())


def test_preview_of_a_file_with_a_nul_byte_offers_no_import(editor_client):
    response = upload(editor_client, csv_file(event_row(title="Sen\x00tenced")))
    page = response.content.decode()
    assert "NUL byte" in page
    assert 'name="confirm"' not in page
    assert TimelineEvent.objects.count() == 0


def test_archive_with_a_nul_character_is_refused():
    from bulk.archive import FORMAT, VERSION, ArchiveError, archive_import

    document = {"format": FORMAT, "version": VERSION, "people": [{"name": "a\x00"}]}
    with pytest.raises(ArchiveError, match="NUL"):
        archive_import(document)


def test_the_preview_lists_published_events_that_would_get_a_citation(
    editor_client, published_sentence, client
):
    response = upload(editor_client, csv_file(event_row()))
    page = response.content.decode()
    assert "waits for a reviewer as a pending revision of the record" in page
    assert 'id="import-pending"' in page and published_sentence.title in page
    editor_client.post(
        reverse(IMPORT_URL), {"confirm": "1", "sha256": response.context["sha256"]}
    )
    assert Revision.objects.get().target == published_sentence
    assert published_sentence.citations.count() == 1
    assert client.get(published_sentence.case.get_absolute_url()).status_code == 200


def test_the_command_imports_citations_of_published_events_as_a_user(
    csv_path, published_sentence, editor, capsys
):
    call_command("import_events", str(csv_path(event_row())), "--user", "editor")
    assert "wait for a reviewer as pending revisions" in capsys.readouterr().out
    assert Revision.objects.get().created_by == editor


def test_the_command_refuses_an_unknown_user(csv_path):
    with pytest.raises(CommandError, match="No active account 'nobody'"):
        call_command("import_events", str(csv_path(event_row())), "--user", "nobody")


# Person columns --------------------------------------------------------------


def person_row(**values):
    return event_row(
        person="Example Person Nine",
        person_native="",
        case="Example Person Nine: example case (2020)",
        **values,
    )


def test_person_columns_are_stored_for_a_new_person():
    plan = import_events(
        data=csv_file(
            person_row(
                person_role="journalist; Human rights defender",
                person_gender="Female",
                person_born="1983-06",
                person_other_names="Пример Девять; Nümunə Doqquz",
            )
        )
    )
    assert plan.counts.people == 1
    person = Person.objects.get(name="Example Person Nine")
    assert (person.gender, person.born) == ("female", "1983-06")
    assert set(person.roles.values_list("role", flat=True)) == {
        "journalist",
        "human_rights_defender",
    }
    assert dict(person.aliases.values_list("name", "script")) == {
        "Пример Девять": "cyrillic",
        "Nümunə Doqquz": "latin",
    }
    assert "primer devyat" in person.search_names  # found by its other names


def test_each_bad_person_column_is_named():
    problems = problems_of(
        csv_file(
            person_row(
                person_role="journalist; astronaut",
                person_gender="unknown",
                person_born="2999",
            )
        )
    )
    columns = {problem.column for problem in problems}
    assert {"person_role", "person_gender", "person_born"} <= columns
    assert any("unknown role “astronaut”" in str(p) for p in problems)


def test_rows_about_a_new_person_must_agree():
    problems = problems_of(
        csv_file(
            person_row(person_gender="female"),
            person_row(person_gender="male", event_date="2017-04-01", title="Other"),
        )
    )
    assert any(
        p.column == "person_gender" and "line 2 gives this person" in p.message
        for p in problems
    )


def test_what_the_file_says_of_an_existing_person_is_listed_not_written(make_person):
    existing = make_person(name="Example Person Nine", born="1980")
    plan = import_events(
        data=csv_file(person_row(person_born="1983", person_role="journalist")),
        dry_run=True,
    )
    texts = [str(difference) for difference in plan.differences]
    assert any("person_born" in t and "“1980”" in t and "“1983”" in t for t in texts)
    assert any("person_role" in t for t in texts)
    import_events(data=csv_file(person_row(person_born="1983")))
    existing.refresh_from_db()
    assert existing.born == "1980"
    assert not existing.roles.exists()


# Case columns ----------------------------------------------------------------


def test_case_columns_are_stored_for_a_new_case(make_organization):
    court = make_organization(name="Baku Grave Crimes Court", kind="court")
    plan = import_events(
        data=csv_file(
            person_row(
                case_charges="CC 234.4.3: drug possession; CC 221.3",
                case_court="baku grave crimes court",
                case_facility="Baku Pretrial Detention Centre No. 1",
                case_sentence="six years in prison",
                case_sentence_months="72",
            )
        )
    )
    assert (plan.counts.cases, plan.counts.organizations) == (1, 1)
    case = Case.objects.get(title="Example Person Nine: example case (2020)")
    assert case.court == court
    assert case.facility.name == "Baku Pretrial Detention Centre No. 1"
    assert case.facility.kind == "detention_facility"
    assert case.facility.publication_state == DRAFT
    assert (case.sentence, case.sentence_months) == ("six years in prison", 72)
    assert list(case.charges.values_list("code", "article", "description")) == [
        ("CC", "234.4.3", "drug possession"),
        ("CC", "221.3", "CC 221.3"),
    ]


def test_each_bad_case_column_is_named(make_organization):
    make_organization(name="Twin Court", kind="court", slug="twin-1")
    make_organization(name="Twin Court", kind="court", slug="twin-2")
    problems = problems_of(
        csv_file(
            person_row(case_charges="CC 234.4.3; hooliganism"),
            person_row(case_sentence_months="six years", title="Other"),
            person_row(case_court="Twin Court", title="Third"),
        )
    )
    columns = {problem.column for problem in problems}
    assert {"case_charges", "case_court", "case_sentence_months"} <= columns
    assert any("malformed charge “hooliganism”" in str(p) for p in problems)
    assert any("name of 2 organizations" in str(p) for p in problems)


def test_what_the_file_says_of_an_existing_case_is_listed_not_written(
    make_person, make_case
):
    person = make_person(name="Example Person Nine")
    case = make_case(
        person=person,
        title="Example Person Nine: example case (2020)",
        sentence_months=24,
    )
    plan = import_events(
        data=csv_file(person_row(case_sentence_months="72", case_charges="CC 1.2")),
        dry_run=True,
    )
    texts = [str(difference) for difference in plan.differences]
    assert any(
        "case_sentence_months" in t and "“24”" in t and "“72”" in t for t in texts
    )
    assert any("case_charges" in t for t in texts)
    case.refresh_from_db()
    assert case.sentence_months == 24 and not case.charges.exists()


def test_the_preview_lists_what_the_file_says_of_existing_records(
    editor_client, make_person
):
    make_person(name="Example Person Nine", born="1980")
    response = upload(editor_client, csv_file(person_row(person_born="1983")))
    page = response.content.decode()
    differences = page.split('id="import-differences">')[1].split("</table>")[0]
    assert "person_born" in differences and "1980" in differences
    assert "1983" in differences
    # The editor chooses: left out (the default) or proposed for review.
    assert 'value="leave" checked' in page and 'value="propose"' in page


# Differences proposed as pending revisions ------------------------------------


@pytest.fixture
def published_case(make_person, make_case, make_organization):
    person = make_person(name="Example Person Nine", born="1980")
    court = make_organization(name="Baku Grave Crimes Court", kind="court")
    case = make_case(
        person=person,
        title="Example Person Nine: example case (2020)",
        court=court,
        sentence_months=24,
    )
    case.charges.create(code="CC", article="221.3", description="hooliganism")
    return case


def differing_rows():
    return csv_file(
        person_row(
            person_born="1983",
            person_role="journalist",
            person_other_names="Пример Девять",
            case_court="Baku Court of Appeal",
            case_sentence_months="72",
            case_charges="CC 221.3; CC 234.4.3: drug possession",
        ),
        # A second row of the same records proposes nothing twice.
        person_row(
            case_charges="CC 234.4.3",
            event_date="2017-04-01",
            title="Other",
        ),
    )


def test_proposed_differences_wait_as_pending_revisions(published_case, editor):
    person = published_case.person
    plan = import_events(data=differing_rows(), user=editor, propose_differences=True)
    assert len(plan.proposals) == 2
    # Nothing is written onto the published records...
    person.refresh_from_db()
    published_case.refresh_from_db()
    assert person.born == "1980" and not person.roles.exists()
    assert published_case.court.name == "Baku Grave Crimes Court"
    assert published_case.sentence_months == 24
    assert published_case.charges.count() == 1
    # ...each gets one pending revision by the importing editor, with the
    # values and the new parts of every differing column, once each.
    revisions = {r.target: r for r in Revision.objects.all()}
    assert set(revisions) == {person, published_case}
    assert {r.created_by for r in revisions.values()} == {editor}
    person_data = dict(revisions[person].data)
    assert person_data["born"] == ["1983"] and person_data["roles"] == ["journalist"]
    assert ["Пример Девять"] in person_data.values()
    case_data = dict(revisions[published_case].data)
    appeal = Organization.objects.get(name="Baku Court of Appeal")
    assert appeal.publication_state == DRAFT
    assert case_data["court"] == [str(appeal.pk)]
    assert case_data["sentence_months"] == ["72"]
    new_charges = [
        values for key, values in case_data.items() if key.endswith("-article")
    ]
    assert new_charges == [["221.3"], ["234.4.3"]]


def test_a_reviewer_publishes_the_proposed_differences(
    published_case, editor, reviewer_client
):
    import_events(data=differing_rows(), user=editor, propose_differences=True)
    appeal = Organization.objects.get(name="Baku Court of Appeal")
    appeal.publication_state = PUBLISHED
    appeal.save()
    review = reverse(
        "admin:editorial_review", args=["cases", "case", published_case.pk]
    )
    response = reviewer_client.post(review, {"decision": "publish"})
    assert response.status_code == 302
    published_case.refresh_from_db()
    assert published_case.court == appeal and published_case.sentence_months == 72
    assert sorted(published_case.charges.values_list("article", flat=True)) == [
        "221.3",
        "234.4.3",
    ]


def test_differences_left_out_write_nothing_and_create_no_court(published_case):
    plan = import_events(data=differing_rows())
    assert plan.differences and not Revision.objects.exists()
    assert plan.counts.organizations == 0
    assert not Organization.objects.filter(name="Baku Court of Appeal").exists()


def test_proposing_needs_an_author_who_may_change_the_record(
    published_case, django_user_model
):
    problems = problems_of_proposal(differing_rows(), user=None)
    assert any("proposed as a pending revision by its author" in p for p in problems)
    adder = django_user_model.objects.create_user("adder", is_staff=True)
    adder.user_permissions.add(*Permission.objects.filter(codename__startswith="add_"))
    problems = problems_of_proposal(differing_rows(), user=adder)
    assert any("your account may not change" in p for p in problems)


def test_rows_proposing_different_values_are_refused(published_case, editor):
    data = csv_file(
        person_row(case_sentence_months="72"),
        person_row(case_sentence_months="60", event_date="2017-04-01", title="Other"),
    )
    problems = problems_of_proposal(data, user=editor)
    assert any(
        "line 2 proposes “72”" in p and "“60”" in p and "line 3" in p for p in problems
    )
    # Left out, they are only listed.
    assert import_events(data=data, user=editor).differences


def problems_of_proposal(data, *, user):
    with pytest.raises(ImportRefused) as refused:
        import_events(data=data, user=user, propose_differences=True)
    return [str(problem) for problem in refused.value.problems]


def test_the_command_proposes_differences(published_case, editor, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(differing_rows())
    call_command(
        "import_events", str(path), "--propose-differences", "--user", "editor"
    )
    out = capsys.readouterr().out
    assert "proposed as a pending revision" in out
    assert "The differences from 2 existing records wait for a reviewer" in out
    assert Revision.objects.count() == 2


def test_the_admin_proposes_differences_when_the_editor_chooses(
    published_case, editor_client
):
    data = differing_rows()
    response = upload(editor_client, data)
    sha256 = response.context["sha256"]
    response = editor_client.post(
        reverse("admin:cases_timelineevent_import"),
        {"confirm": "1", "sha256": sha256, "differences": "propose"},
        follow=True,
    )
    assert response.status_code == 200
    assert "wait for a reviewer as their pending revisions" in (
        response.content.decode()
    )
    assert Revision.objects.count() == 2


# Rows of a list: a person and a case, no event ---------------------------------

LIST_COLUMNS = [
    "person",
    "person_role",
    "country",
    "case",
    "case_charges",
    "case_court",
    "case_sentence_months",
    "source_url",
    "source_title",
    "source_publisher",
]


def list_row(**values):
    row = {
        "person": "Example Person Nine",
        "person_role": "journalist",
        "country": "AZ",
        "case": "Example Person Nine: example case (2020)",
        "case_charges": "CC 234.4.3: drug possession",
        "case_court": "Baku Grave Crimes Court",
        "case_sentence_months": "72",
        "source_url": "https://example.org/example-only/list",
        "source_title": "An example prisoner list",
        "source_publisher": "Example Rights Centre",
    }
    return row | values


def test_a_row_without_an_event_creates_the_person_and_case_citing_its_source():
    data = csv_file(list_row(), columns=LIST_COLUMNS)
    plan = import_events(data=data)
    assert (plan.counts.people, plan.counts.cases, plan.counts.events) == (1, 1, 0)
    case = Case.objects.get()
    assert case.sentence_months == 72 and case.court.name == "Baku Grave Crimes Court"
    (citation,) = Citation.objects.all()
    assert citation.case == case and citation.event is None
    assert citation.source.title == "An example prisoner list"
    # Imported again: nothing new, the citation is not repeated.
    assert import_events(data=data).counts.total == 0


def test_rows_with_and_without_events_mix_in_one_file():
    columns = [*LIST_COLUMNS, "event_date", "event_kind", "title"]
    data = csv_file(
        list_row(event_date="", event_kind="", title=""),
        list_row(event_date="2020-02-03", event_kind="detention", title="Arrested"),
        columns=columns,
    )
    plan = import_events(data=data)
    assert (plan.counts.cases, plan.counts.events, plan.counts.citations) == (1, 1, 2)


def test_a_row_with_part_of_an_event_names_what_is_missing():
    columns = [*LIST_COLUMNS, "event_date", "event_kind", "title"]
    problems = problems_of(
        csv_file(
            list_row(event_date="2020-02-03", event_kind="", title=""),
            columns=columns,
        )
    )
    assert {p.column for p in problems} == {"event_kind", "title"}
    # A file whose rows have events needs the event's columns.
    problems = problems_of(
        csv_file(
            list_row(event_date="2020-02-03"), columns=[*LIST_COLUMNS, "event_date"]
        )
    )
    assert {(p.line, p.column) for p in problems} == {(1, "event_kind"), (1, "title")}


def test_a_new_source_of_a_published_case_waits_as_its_pending_revision(
    make_person, make_case, editor
):
    person = make_person(name="Example Person Nine")
    case = make_case(person=person, title="Example Person Nine: example case (2020)")
    data = csv_file(
        list_row(case_court="", case_charges="", case_sentence_months=""),
        columns=LIST_COLUMNS,
    )
    plan = import_events(data=data, user=editor)
    assert plan.published_events_cited == [case]
    assert not case.citations.exists()
    revision = Revision.objects.get()
    assert revision.target == case
    source = Source.objects.get(url=list_row()["source_url"])
    assert ["citations-0-source", [str(source.pk)]] in revision.data
