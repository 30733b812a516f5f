import pytest
from django.apps import apps

from editorial.models import EditorialModel, PublicationState, private_fields

pytestmark = pytest.mark.django_db

EDITORIAL_MODELS = [m for m in apps.get_models() if issubclass(m, EditorialModel)]


def test_every_editorial_model_is_covered():
    names = {m.__name__ for m in EDITORIAL_MODELS}
    assert names == {
        "Person",
        "Organization",
        "Case",
        "TimelineEvent",
        "Source",
        "Statement",
    }


@pytest.fixture
def one_of_each_state(
    make_person, make_organization, make_case, make_event, make_source, make_statement
):
    makers = {
        "Person": make_person,
        "Organization": make_organization,
        "Case": make_case,
        "TimelineEvent": lambda **kw: make_event(cite=False, **kw),
        "Source": make_source,
        "Statement": make_statement,
    }

    def make(model):
        return {
            state: makers[model.__name__](publication_state=state)
            for state in PublicationState.values
        }

    return make


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_published_shows_only_published_objects(model, one_of_each_state):
    made = one_of_each_state(model)
    published = set(model.objects.published())
    assert made[PublicationState.PUBLISHED] in published
    assert made[PublicationState.DRAFT] not in published
    assert made[PublicationState.IN_REVIEW] not in published


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_new_records_start_as_drafts(model):
    assert model().publication_state == PublicationState.DRAFT


@pytest.mark.parametrize("model", EDITORIAL_MODELS, ids=lambda m: m.__name__)
def test_private_fields_are_declared_and_say_so(model):
    names = private_fields(model)
    assert "notes" in names
    for name in names:
        assert "Private: never shown publicly." in str(
            model._meta.get_field(name).help_text
        )


def test_version_increases_on_every_save(make_person):
    person = make_person()
    assert person.version == 1
    person.save()
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.version == 3


def test_event_counts_the_sources_citing_it(make_event, make_source):
    from cases.models import Citation, TimelineEvent

    event = make_event()
    second = make_source()
    Citation.objects.create(event=event, source=second, quote="Again.")
    Citation.objects.create(event=event, source=second, quote="Same source twice.")
    annotated = TimelineEvent.objects.with_source_count().get(pk=event.pk)
    assert annotated.source_count == 2
