import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from cases.models import Case, Citation, Source, Statement, TimelineEvent
from cases.status import Status
from editorial.models import EditorialModel
from people.models import Organization, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_data, db):
    pass


def _table_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"people", "cases"}
    }


def test_running_twice_changes_nothing(demo):
    before = _table_counts()
    versions = {
        model._meta.label: sorted(model.objects.values_list("version", flat=True))
        for model in apps.get_models()
        if issubclass(model, EditorialModel)
    }
    call_command("load_demo", verbosity=0)
    assert _table_counts() == before  # history tables included
    for label, values in versions.items():
        model = apps.get_model(label)
        assert sorted(model.objects.values_list("version", flat=True)) == values


def test_second_run_says_nothing_changed(demo, capsys):
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out


def test_loads_every_named_person(demo):
    names = set(Person.objects.values_list("name", flat=True))
    assert {
        "Bakhtiyar Hajiyev",
        "Mehman Huseynov",
        "Afgan Mukhtarli",
        "Mehman Aliyev",
        "Rufat Safarov",
        "Sevinj Vagifgizi",
        "Azer Gasimli",
        "Farid Mehralizada",
        "Gubad Ibadoghlu",
    } <= names


def test_names_in_azerbaijani_and_russian(demo):
    hajiyev = Person.objects.get(slug="bakhtiyar-hajiyev")
    assert hajiyev.name_native == "Bəxtiyar Hacıyev"
    assert {"Bəxtiyar Hacıyev", "Бахтияр Гаджиев"} <= set(
        hajiyev.aliases.values_list("name", flat=True)
    )
    huseynov = Person.objects.get(slug="mehman-huseynov")
    assert {"Mehman Hüseynov", "Мехман Гусейнов"} <= set(
        huseynov.aliases.values_list("name", flat=True)
    )


def test_every_event_and_statement_cites_a_source(demo):
    assert TimelineEvent.objects.count() > 25
    assert not TimelineEvent.objects.filter(citations__isnull=True).exists()
    assert not Statement.objects.filter(citations__isnull=True).exists()


def test_every_quote_is_in_its_document(demo):
    documents = Path(settings.DEMO_DIR) / "documents"
    texts = {
        path.stem: " ".join(path.read_text(encoding="utf-8").split())
        for path in documents.glob("*.txt")
    }
    for citation in Citation.objects.select_related("source"):
        key = citation.source.identifier.removeprefix("Demo document ")
        assert " ".join(citation.quote.split()) in texts[key], citation.quote


def test_dates_only_as_precise_as_the_document(demo):
    release = TimelineEvent.objects.get(
        case__slug="bakhtiyar-hajiyev-2010", kind=TimelineEvent.Kind.RELEASE
    )
    assert release.date == "2012-06"
    assert release.date_display == "June 2012"
    sentence = TimelineEvent.objects.get(
        case__slug="bakhtiyar-hajiyev-2010", kind=TimelineEvent.Kind.SENTENCE
    )
    assert sentence.date_lower == datetime.date(2011, 5, 18)


def test_hunger_strike_of_2023(demo):
    case = Case.objects.get(slug="bakhtiyar-hajiyev-2023")
    start = case.events.get(kind=TimelineEvent.Kind.HUNGER_STRIKE_START)
    end = case.events.get(kind=TimelineEvent.Kind.HUNGER_STRIKE_END)
    assert start.date == "2023-01-09"
    assert (end.date_lower - start.date_lower).days == 49  # day 50 of the strike


def test_statuses_follow_the_documents(demo):
    status = dict(Case.objects.values_list("slug", "status"))
    assert status["bakhtiyar-hajiyev-2010"] == Status.RELEASED
    assert status["bakhtiyar-hajiyev-2023"] == Status.DETAINED
    assert status["mehman-huseynov-2017"] == Status.SENTENCED
    assert status["mehman-aliyev-2017"] == Status.CHARGES_DROPPED
    assert status["sevinj-vagifgizi-2023"] == Status.PRETRIAL_DETENTION


def test_petition_with_its_outcome(demo):
    petition = Statement.objects.get(kind=Statement.Kind.PETITION)
    assert petition.outcome == Statement.Outcome.ACHIEVED
    assert petition.signature_count == 750
    assert "Ilham Aliyev" in petition.petition_target


def test_joint_statement_lists_every_signatory_under_its_house(demo):
    statement = Statement.objects.get(slug="joint-statement-mehman-huseynov-2019")
    parties = statement.parties.select_related("organization", "via")
    assert parties.count() == 44  # as listed; two organisations sign via two houses
    assert len({p.organization_id for p in parties}) == 42
    houses = {p.via.name for p in parties if p.via}
    assert len(houses) == 9
    assert "Human Rights House Azerbaijan" in houses
    almenda = Organization.objects.get(slug="almenda")
    assert almenda.memberships.count() == 2
    network = Organization.objects.get(slug="human-rights-house-network")
    assert network.member_links.count() == 9


def test_amnesty_usa_letter_and_us_secretary_of_state(demo):
    letter = Statement.objects.get(slug="aiusa-letter-to-john-bolton-2018")
    assert letter.parties.get().organization.name == "Amnesty International USA"
    assert letter.date_display == "19 October 2018"
    blinken = Statement.objects.get(slug="us-secretary-of-state-blinken-2024")
    assert blinken.people.count() == 6


def test_oc_media_report_is_a_source(demo):
    source = Source.objects.get(publisher="OC Media")
    assert source.published == "2023-03-01"
    assert source.citations.count() >= 4


def test_everything_loaded_is_published(demo):
    for model in apps.get_models():
        if issubclass(model, EditorialModel):
            assert model.objects.exclude(publication_state="published").count() == 0


def test_leak_event_names_no_one_in_the_material(demo):
    leak = TimelineEvent.objects.get(case__slug="bakhtiyar-hajiyev-2023", kind="other")
    text = f"{leak.title} {leak.description}".lower()
    for word in ("women", "woman", "intimate", "address", "mehdiyeva"):
        assert word not in text
