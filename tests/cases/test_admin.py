import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import strip_tags

from cases.models import Case, TimelineEvent
from cases.status import Status
from editorial import services
from people.models import LetterGuidance, Person

pytestmark = pytest.mark.django_db

OUR_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"people", "cases"}
]


def _url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def _made(model):
    """A record of a model the demo has none of (its documents give no
    letter guidance)."""
    assert model is LetterGuidance, model
    return LetterGuidance.objects.create(country="AZ", guidance="Write in Azerbaijani.")


def form_data(response):
    """Return the POST data of an admin change form as it was rendered."""
    data = {}

    def add_form(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                data[key] = ""
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add_form(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        add_form(formset.management_form)
        for form in formset.forms:
            add_form(form)
    return data


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_every_admin_page_loads_for_an_editor(editor_client, demo_data, model):
    assert editor_client.get(_url(model, "changelist")).status_code == 200
    assert editor_client.get(_url(model, "add")).status_code == 200
    obj = model.objects.first() or _made(model)
    assert editor_client.get(_url(model, "change", obj.pk)).status_code == 200
    assert editor_client.get(_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_admin_is_closed_to_anonymous_visitors(client, model):
    response = client.get(_url(model, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_is_closed_to_non_staff(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x" * 16)
    client.force_login(user)
    response = client.get(_url(Person, "changelist"))
    assert response.status_code == 302


def test_person_search_finds_other_scripts(editor_client, demo_data):
    response = editor_client.get(_url(Person, "changelist"), {"q": "Гаджиев"})
    assert "Bakhtiyar Hajiyev" in response.content.decode()
    assert "Mehman Huseynov" not in response.content.decode()


def test_changelists_filter_and_show_dates(editor_client, demo_data):
    response = editor_client.get(
        _url(TimelineEvent, "changelist"), {"kind": "sentence"}
    )
    page = response.content.decode()
    assert "Sentenced to two years in prison for evading military service" in page
    assert "Begins a hunger strike" not in page


def test_bad_event_date_is_shown_with_examples(editor_client, make_event):
    event = make_event(date="2011-03-04")
    url = _url(TimelineEvent, "change", event.pk)
    data = form_data(editor_client.get(url))
    data["date"] = "May 2011"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "2011-05-18, 2012-06, 2011, 2011~ or 2023-01-09/2023-02-27" in (
        response.content.decode()
    )
    event.refresh_from_db()
    assert event.date == "2011-03-04"


def test_case_inline_refuses_release_before_detention(
    editor_client, make_case, make_event
):
    case = make_case()
    make_event(case=case, kind=TimelineEvent.Kind.DETENTION, date="2011-03-04")
    release = make_event(case=case, kind=TimelineEvent.Kind.RELEASE, date="2012-06")
    url = _url(Case, "change", case.pk)
    data = form_data(editor_client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("events-")
        and key.endswith("-id")
        and value == str(release.pk)
    )
    data[f"events-{index}-date"] = "2011-01-15"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "comes before the first detention" in response.content.decode()
    release.refresh_from_db()
    assert release.date == "2012-06"


def _inline_index(data, prefix, pk):
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(pk)
    )


def test_case_status_follows_events_edited_in_the_admin(
    reviewer_client, admin_client, make_case, make_event
):
    case = make_case()
    make_event(case=case, kind=TimelineEvent.Kind.DETENTION, date="2011-03-04")
    release = make_event(
        case=case,
        kind=TimelineEvent.Kind.RELEASE,
        date="2012-06",
        publication_state="draft",
    )
    case.refresh_from_db()
    assert case.status == Status.DETAINED
    url = _url(Case, "change", case.pk)
    data = form_data(reviewer_client.get(url))
    data[f"events-{_inline_index(data, 'events', release.pk)}-publication_state"] = (
        "published"
    )
    response = reviewer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.status == Status.RELEASED
    assert case.person.status == Status.RELEASED

    data = form_data(admin_client.get(url))
    data[f"events-{_inline_index(data, 'events', release.pk)}-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DETAINED


def test_publishing_an_uncited_event_from_the_case_page_is_refused(
    reviewer_client, make_case, make_event
):
    case = make_case()
    event = make_event(case=case, cite=False, publication_state="draft")
    url = _url(Case, "change", case.pk)
    data = form_data(reviewer_client.get(url))
    data[f"events-{_inline_index(data, 'events', event.pk)}-publication_state"] = (
        "published"
    )
    response = reviewer_client.post(url, data)
    assert response.status_code == 200
    assert "at least one citation" in response.content.decode()
    event.refresh_from_db()
    assert event.publication_state == "draft"


def test_admin_save_records_who_and_bumps_version(editor_client, editor, make_person):
    person = make_person(name="Rufat Safarov", publication_state="draft")
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["biography_en"] = "Co-founder of Defense Line."
    data["roles"] = ["human_rights_defender"]
    response = editor_client.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.version == 2
    assert person.updated_by == editor
    assert list(person.roles.values_list("role", flat=True)) == [
        "human_rights_defender"
    ]
    latest = person.history.latest()
    assert latest.history_user == editor
    assert latest.biography == "Co-founder of Defense Line."


def test_history_can_be_reverted(reviewer_client, make_person):
    person = make_person(name="Sevinj Vagifgizi", biography="First text.")
    person.biography = "A mistaken edit."
    person.save()
    first = person.history.earliest()
    url = reverse(
        "admin:people_person_simple_history", args=[person.pk, first.history_id]
    )
    response = reviewer_client.get(url)
    assert response.status_code == 200
    response = reviewer_client.post(url, form_data(response))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.biography == "First text."


def history_column(response, header):
    """Return the cells of one column of a History page, as shown, newest
    first."""
    html = response.content.decode().split('id="change-history"')[1]
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", html.split("</thead>")[0])
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    index = headers.index(header)
    return [
        " ".join(strip_tags(cell).split())
        for cell in (re.findall(r"<td>(.*?)</td>", row, re.S)[index] for row in rows)
    ]


def test_history_shows_a_change_reason_only_when_there_is_one(
    editor, editor_client, make_person
):
    person = make_person(publication_state="draft")
    services.publication_submit(obj=person, by=editor)
    response = editor_client.get(_url(Person, "history", person.pk))
    assert history_column(response, "Change reason") == ["submitted for review", ""]


def test_editors_revert_a_draft_at_once(editor_client, make_person):
    person = make_person(biography="First text.", publication_state="draft")
    person.biography = "Second text."
    person.save()
    first = person.history.earliest()
    url = reverse(
        "admin:people_person_simple_history", args=[person.pk, first.history_id]
    )
    response = editor_client.post(url, form_data(editor_client.get(url)))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.biography == "First text."


def test_private_fields_are_fenced_in_their_own_fieldset(editor_client, make_person):
    person = make_person()
    response = editor_client.get(_url(Person, "change", person.pk))
    page = response.content.decode()
    assert "Private — never shown publicly" in page
    fieldsets = response.context["adminform"].fieldsets
    private = [fs for fs in fieldsets if "Private" in str(fs[0])]
    assert list(private[0][1]["fields"]) == list(Person.PRIVATE_FIELDS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_view_only_staff_open_every_change_page(viewer_client, demo_data, model):
    assert viewer_client.get(_url(model, "changelist")).status_code == 200
    obj = model.objects.first() or _made(model)
    response = viewer_client.get(_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content


def test_an_unpublished_person_with_published_cases_saves(
    client, reviewer, make_person, make_case
):
    person = make_person(name="Taken Down", slug="taken-down")
    case = make_case(person=person, title="Still published case")
    # As left by earlier versions, which unpublished a person alone.
    Person.objects.filter(pk=person.pk).update(publication_state="draft")
    # As the migration that stored visibility left them (0013).
    Case.objects.filter(person=person).refresh_visibility()
    client.force_login(reviewer)
    url = _url(Person, "change", person.pk)
    data = form_data(client.get(url))
    data["biography_en"] = "Corrected."
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    person.refresh_from_db()
    assert person.biography == "Corrected."
    # Its case is listed, as a link, on the page.
    assert case.title in client.get(url).content.decode()


def test_two_dates_corrected_at_once_on_the_case_page_are_checked_together(
    editor_client, make_case, make_event
):
    # A year typed wrong on both: each new date contradicts the other's old
    # one, but not its new one.
    case = make_case(publication_state="draft")
    detention = make_event(case=case, kind="detention", date="2011-03-01")
    release = make_event(case=case, kind="release", date="2011-05-01")
    url = _url(Case, "change", case.pk)
    data = form_data(editor_client.get(url))
    data[f"events-{_inline_index(data, 'events', detention.pk)}-date"] = "2012-01-01"
    data[f"events-{_inline_index(data, 'events', release.pk)}-date"] = "2012-06-01"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    release.refresh_from_db()
    assert release.date == "2012-06-01"

    data = form_data(editor_client.get(url))
    data[f"events-{_inline_index(data, 'events', release.pk)}-date"] = "2011-12-01"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "comes before the first detention" in response.content.decode()


def test_needs_checking_lists_stale_custody_oldest_first(
    editor_client, make_person, make_case, make_event, make_source
):
    import time_machine

    def held(name, published):
        case = make_case(person=make_person(name=name), title=f"{name} case")
        event = make_event(case=case, kind="detention", date="2020-01-01", cite=False)
        event.citations.create(source=make_source(published=published))
        return case

    older = held("Older", "2021-03")
    newer = held("Newer", "2023-05")
    fresh = held("Fresh", "2026-10")
    with time_machine.travel("2026-12-01"):
        response = editor_client.get(reverse("admin:cases_case_needs_checking"))
        index = editor_client.get(reverse("admin:index")).content.decode()
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(older.title) < html.index(newer.title)
    assert fresh.title not in html
    add = reverse("admin:cases_timelineevent_add")
    assert f"{add}?case={older.pk}&amp;kind=in_custody" in html
    assert reverse("admin:cases_case_needs_checking") in index


def test_needs_checking_is_closed_to_visitors(client):
    response = client.get(reverse("admin:cases_case_needs_checking"))
    assert response.status_code == 302


SLUGGED = [
    ("person", "people_person", "/people/bakhtiyar-hajiyev/"),
    (
        "organization",
        "people_organization",
        "/organizations/human-rights-house-azerbaijan/",
    ),
    ("case", "cases_case", "/cases/mehman-huseynov-2017/"),
    (
        "statement",
        "cases_statement",
        "/statements/joint-statement-mehman-huseynov-2019/",
    ),
]


@pytest.mark.parametrize(("kind", "admin_name", "example"), SLUGGED)
def test_slug_help_shows_the_public_address(
    request, editor_client, kind, admin_name, example
):
    record = request.getfixturevalue(f"make_{kind}")(slug="free-them-all")
    url = reverse(f"admin:{admin_name}_change", args=[record.pk])
    page = editor_client.get(url).content.decode()
    assert f"its public page: <code>{record.get_absolute_url()}</code>" in page
    assert record.get_absolute_url().endswith("/free-them-all/")

    page = editor_client.get(reverse(f"admin:{admin_name}_add")).content.decode()
    assert f"e.g. <code>{example}</code>" in page
    assert "//" not in page.split('id="id_slug_helptext"')[1].split("</div>")[0]


def test_a_read_only_slug_shows_the_address_too(viewer_client, make_person):
    person = make_person(slug="free-them-all")
    page = viewer_client.get(_url(Person, "change", person.pk)).content.decode()
    assert "its public page: <code>/people/free-them-all/</code>" in page
    assert "/people//" not in page
