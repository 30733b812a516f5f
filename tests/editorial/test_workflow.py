import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case, Citation, Statement, TimelineEvent
from editorial import services
from editorial.models import ReviewAction, Revision
from editorial.roles import ADMINISTRATOR, EDITOR, REVIEWER
from people.models import Person
from tests.cases.test_admin import _url, form_data

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = "draft", "in_review", "published"
OUR_APPS = {"people", "cases", "editorial", "accounts"}


# Roles -------------------------------------------------------------------


def test_roles_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITOR, REVIEWER, ADMINISTRATOR} <= names


@pytest.mark.parametrize(
    ("role", "permission", "granted"),
    [
        (EDITOR, "people.change_person", True),
        (EDITOR, "cases.add_timelineevent", True),
        (EDITOR, "cases.delete_citation", True),
        (EDITOR, "cases.publish_timelineevent", False),
        (EDITOR, "cases.delete_case", False),
        (EDITOR, "auth.change_user", False),
        (REVIEWER, "cases.publish_case", True),
        (REVIEWER, "people.publish_person", True),
        (REVIEWER, "cases.delete_timelineevent", False),
        (REVIEWER, "auth.change_user", False),
        (ADMINISTRATOR, "cases.delete_case", True),
        (ADMINISTRATOR, "auth.change_user", True),
    ],
)
def test_role_permissions(django_user_model, role, permission, granted):
    user = django_user_model.objects.create_user(f"u-{role}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    assert user.has_perm(permission) is granted


def actions_offered(client, model):
    """Return the labels of the changelist's actions, as offered."""
    html = client.get(_url(model, "changelist")).content.decode()
    if 'name="action"' not in html:
        return []
    select = html.split('name="action"')[1].split("</select>")[0]
    return [label for value, label in re.findall(r'value="(\w+)">([^<]+)<', select)]


@pytest.mark.parametrize("model", [Person, Case, TimelineEvent, Statement])
def test_each_role_is_offered_only_the_actions_it_may_use(
    editor_client, reviewer_client, admin_client, make_event, make_statement, model
):
    make_event(), make_statement()
    delete = f"Delete selected {model._meta.verbose_name_plural}"
    assert actions_offered(editor_client, model) == ["Submit for review"]
    assert actions_offered(reviewer_client, model) == ["Submit for review", "Publish"]
    assert actions_offered(admin_client, model) == [
        delete,
        "Submit for review",
        "Publish",
    ]


def test_staff_who_may_only_view_are_offered_no_action(viewer_client, make_person):
    make_person()
    assert actions_offered(viewer_client, Person) == []


def test_every_action_names_the_permission_it_needs():
    unguarded = [
        f"{model._meta.label}: {name}"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
        for name in model_admin.actions or []
        if not getattr(getattr(model_admin, name), "allowed_permissions", None)
    ]
    assert unguarded == []


def test_demo_editor_is_an_editor(capsys):
    call_command("create_demo_editor")
    assert "password:" in capsys.readouterr().out
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="editor")
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    call_command("create_demo_editor")
    assert "exists" in capsys.readouterr().out


def test_demo_accounts_print_the_address_the_server_runs_on(capsys):
    call_command(
        "create_demo_editor", "--role", "reviewer", "--address", "0.0.0.0:8001"
    )
    assert "Log in at http://0.0.0.0:8001/admin/ with" in capsys.readouterr().out


# Services ----------------------------------------------------------------


def test_editor_submits_and_reviewer_publishes(editor, reviewer, make_event):
    event = make_event(publication_state=DRAFT)
    services.publication_submit(obj=event, by=editor)
    event.refresh_from_db()
    assert event.publication_state == IN_REVIEW
    with pytest.raises(PermissionDenied):
        services.publication_publish(obj=event, by=editor)
    services.publication_publish(obj=event, by=reviewer)
    event.refresh_from_db()
    assert event.publication_state == PUBLISHED
    actions = list(
        ReviewAction.objects.order_by("at").values_list("action", "by__username")
    )
    assert actions == [("submitted", "editor"), ("published", "reviewer")]


def test_event_without_citation_cannot_be_published(reviewer, make_event):
    event = make_event(cite=False, publication_state=IN_REVIEW)
    with pytest.raises(ValidationError, match="at least one citation"):
        services.publication_publish(obj=event, by=reviewer)


def test_statement_without_source_cannot_be_published(
    reviewer, make_statement, make_source
):
    statement = make_statement(publication_state=IN_REVIEW)
    with pytest.raises(ValidationError, match="at least one source"):
        services.publication_publish(obj=statement, by=reviewer)
    Citation.objects.create(statement=statement, source=make_source())
    services.publication_publish(obj=statement, by=reviewer)


def test_case_cannot_be_published_before_its_person(reviewer, make_person, make_case):
    case = make_case(
        person=make_person(publication_state=DRAFT), publication_state=DRAFT
    )
    with pytest.raises(ValidationError, match="Publish the person"):
        services.publication_publish(obj=case, by=reviewer)
    case.publication_state = PUBLISHED
    with pytest.raises(ValidationError, match="Publish the person"):
        case.full_clean()


def test_return_to_draft_needs_a_comment(reviewer, editor, make_event):
    event = make_event(publication_state=PUBLISHED)
    with pytest.raises(ValidationError, match="comment is required"):
        services.publication_return(obj=event, by=reviewer, comment="  ")
    with pytest.raises(PermissionDenied):
        services.publication_return(obj=event, by=editor, comment="Wrong date")
    services.publication_return(obj=event, by=reviewer, comment="Wrong date")
    event.refresh_from_db()
    assert event.publication_state == DRAFT
    action = ReviewAction.objects.get()
    assert (action.action, action.comment) == ("unpublished", "Wrong date")


def test_unpublishing_an_event_updates_the_case_status(reviewer, make_case, make_event):
    case = make_case()
    make_event(case=case, kind="detention", date="2011-03-04")
    release = make_event(case=case, kind="release", date="2012-06")
    services.publication_return(obj=release, by=reviewer, comment="Unconfirmed")
    case.refresh_from_db()
    assert case.status == "detained"


# The admin: server-side enforcement ---------------------------------------


def test_editor_cannot_publish_through_the_form(editor_client, make_person):
    person = make_person(publication_state=DRAFT)
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["publication_state"] = PUBLISHED
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Only a reviewer can publish" in response.content.decode()
    person.refresh_from_db()
    assert person.publication_state == DRAFT


def test_editor_sees_no_publish_choice(editor_client, reviewer_client, make_person):
    person = make_person(publication_state=DRAFT)
    url = _url(Person, "change", person.pk)
    assert '<option value="published"' not in editor_client.get(url).content.decode()
    assert '<option value="published"' in reviewer_client.get(url).content.decode()


def test_editor_submits_through_the_form(editor_client, editor, make_person):
    person = make_person(publication_state=DRAFT)
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["publication_state"] = IN_REVIEW
    assert editor_client.post(url, data).status_code == 302
    action = ReviewAction.objects.get()
    assert (action.action, action.by) == ("submitted", editor)


def test_editors_edit_of_a_published_record_keeps_it_public(
    editor_client, client, make_person, make_case, make_event
):
    person = make_person(name="Mehman Huseynov", slug="mehman-huseynov")
    make_event(case=make_case(person=person))
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["biography_en"] = "A change nobody reviewed."
    response = editor_client.post(url, data, follow=True)
    assert "saved as a pending revision" in response.content.decode()
    person.refresh_from_db()
    assert person.publication_state == PUBLISHED
    assert person.biography != "A change nobody reviewed."
    client.logout()
    page = client.get("/people/mehman-huseynov/")
    assert page.status_code == 200
    assert "A change nobody reviewed." not in page.content.decode()


def test_an_event_of_an_unpublished_case_is_edited_at_once(
    editor_client, make_case, make_event
):
    # Nothing of a draft case is public, its published events included: the
    # case's review shows them before anything of it goes out.
    case = make_case(publication_state=DRAFT)
    event = make_event(case=case)
    url = _url(Case, "change", case.pk)
    data = form_data(editor_client.get(url))
    index = _inline_index(data, event)
    data[f"events-{index}-title_en"] = "Edited title"
    assert editor_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Edited title"


def test_an_event_edited_on_a_published_case_waits_with_the_case(
    editor_client, make_case, make_event
):
    case = make_case()
    event = make_event(case=case, title="Published title")
    url = _url(Case, "change", case.pk)
    data = form_data(editor_client.get(url))
    data[f"events-{_inline_index(data, event)}-title_en"] = "Edited title"
    assert editor_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.publication_state) == ("Published title", PUBLISHED)
    assert Revision.objects.get().target == case


def _inline_index(data, event):
    return next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith("events-") and k.endswith("-id") and v == str(event.pk)
    )


def test_editor_cannot_unpublish_through_the_form(editor_client, make_person):
    person = make_person()
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["publication_state"] = DRAFT
    response = editor_client.post(url, data)
    assert "Only a reviewer can unpublish" in response.content.decode()


def test_event_published_without_citation_is_refused_in_its_form(
    reviewer_client, make_event
):
    event = make_event(cite=False, publication_state=DRAFT)
    url = _url(TimelineEvent, "change", event.pk)
    data = form_data(reviewer_client.get(url))
    data["publication_state"] = PUBLISHED
    response = reviewer_client.post(url, data)
    assert response.status_code == 200
    assert "at least one citation" in response.content.decode()


def test_event_published_with_a_new_citation_in_the_same_form(
    reviewer_client, make_event, make_source
):
    event = make_event(cite=False, publication_state=DRAFT)
    source = make_source()
    url = _url(TimelineEvent, "change", event.pk)
    data = form_data(reviewer_client.get(url))
    data["publication_state"] = PUBLISHED
    data["citations-0-source"] = str(source.pk)
    data["citations-0-quote"] = "The source says so."
    data["citations-0-position"] = "0"
    response = reviewer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.publication_state == PUBLISHED


def test_statement_published_without_source_is_refused_in_its_form(
    reviewer_client, make_statement
):
    statement = make_statement(publication_state=DRAFT)
    url = _url(Statement, "change", statement.pk)
    data = form_data(reviewer_client.get(url))
    data["publication_state"] = PUBLISHED
    response = reviewer_client.post(url, data)
    assert "at least one source" in response.content.decode()


def test_publish_action_reports_problems_and_refuses_editors(
    editor_client, reviewer_client, make_event
):
    cited = make_event(publication_state=IN_REVIEW)
    uncited = make_event(cite=False, publication_state=IN_REVIEW)
    url = _url(TimelineEvent, "changelist")
    payload = {"action": "publish_selected", "_selected_action": [cited.pk, uncited.pk]}
    # Not offered to editors, and refused if sent all the same.
    response = editor_client.post(url, payload, follow=True)
    assert "No action selected" in response.content.decode()
    cited.refresh_from_db()
    assert cited.publication_state == IN_REVIEW
    response = reviewer_client.post(url, payload, follow=True)
    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert cited.publication_state == PUBLISHED
    assert uncited.publication_state == IN_REVIEW
    assert "at least one citation" in response.content.decode()


# Review queue and review page ----------------------------------------------


def test_review_queue_shows_who_submitted_and_since_when(
    editor, reviewer_client, make_person
):
    person = make_person(name="Sevinj Vagifgizi", publication_state=DRAFT)
    services.publication_submit(obj=person, by=editor)
    response = reviewer_client.get(reverse("admin:editorial_review_queue"))
    html = response.content.decode()
    assert "Sevinj Vagifgizi" in html
    assert "<td>editor</td>" in html
    index = reviewer_client.get(reverse("admin:index")).content.decode()
    assert "1 record is waiting for review" in index


def test_review_page_shows_changes_since_last_published_version(
    editor, reviewer, reviewer_client, make_person
):
    person = make_person(biography="Published text.")
    services.publication_return(obj=person, by=reviewer, comment="Update the biography")
    person.refresh_from_db()
    person.biography = "Corrected text."
    person.save()
    services.publication_submit(obj=person, by=editor)
    url = reverse("admin:editorial_review", args=["people", "person", person.pk])
    html = reviewer_client.get(url).content.decode()
    assert "Published text." in html and "Corrected text." in html
    assert "Update the biography" in html
    response = reviewer_client.post(url, {"decision": "publish"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.publication_state == PUBLISHED


def test_review_page_return_needs_comment(reviewer_client, make_person):
    person = make_person(publication_state=IN_REVIEW)
    url = reverse("admin:editorial_review", args=["people", "person", person.pk])
    response = reviewer_client.post(url, {"decision": "return", "comment": ""})
    assert "comment is required" in response.content.decode()
    reviewer_client.post(url, {"decision": "return", "comment": "Needs a source"})
    person.refresh_from_db()
    assert person.publication_state == DRAFT


def test_review_page_refuses_editors_decisions(editor_client, make_person):
    person = make_person(publication_state=IN_REVIEW)
    url = reverse("admin:editorial_review", args=["people", "person", person.pk])
    response = editor_client.post(url, {"decision": "publish"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.publication_state == IN_REVIEW


def test_review_page_of_unknown_record_is_404(reviewer_client):
    url = reverse("admin:editorial_review", args=["people", "person", 999999])
    assert reviewer_client.get(url).status_code == 404
    url = reverse("admin:editorial_review", args=["auth", "user", 1])
    assert reviewer_client.get(url).status_code == 404


# No lost update ------------------------------------------------------------


def test_second_conflicting_save_is_refused_and_shows_the_first(
    client, editor, reviewer, make_person
):
    from django.test import Client

    person = make_person(
        name="Afgan Mukhtarli", biography="Original.", publication_state=DRAFT
    )
    url = _url(Person, "change", person.pk)
    alice, bob = Client(), Client()
    alice.force_login(editor)
    bob.force_login(reviewer)
    alice_form = form_data(alice.get(url))
    bob_form = form_data(bob.get(url))
    alice_form["biography_en"] = "Alice's correction."
    assert alice.post(url, alice_form).status_code == 302
    bob_form["biography_en"] = "Bob's rewrite."
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this record" in html
    assert "Alice&#x27;s correction." in html  # what the first changed
    assert "Bob&#x27;s rewrite." in html  # bob's text is still in the form
    person.refresh_from_db()
    assert person.biography == "Alice's correction."


def conflicting_saves(editor, reviewer, url, change):
    """Return the page the second of two saves of the same form shows: the
    editor's, made after the reviewer's; ``change(data, who)`` edits each."""
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(editor)
    first_data, second_data = form_data(first.get(url)), form_data(second.get(url))
    change(first_data, "Reviewer's")
    assert first.post(url, first_data).status_code == 302
    change(second_data, "Editor's")
    response = second.post(url, second_data)
    assert response.status_code == 200
    return response.content.decode()


def test_a_conflicting_save_shows_the_conflict_message_alone(
    editor, reviewer, make_person
):
    person = make_person(biography="Original.", publication_state=DRAFT)

    def change(data, who):
        data["biography_en"] = f"{who} text."
        if who == "Editor's":
            data["born"] = "not a date"  # an error the conflict makes moot

    html = conflicting_saves(
        editor, reviewer, _url(Person, "change", person.pk), change
    )
    assert html.count("Someone else saved this record") == 1
    assert "Please correct" not in html
    assert 'class="errorlist' not in html
    assert "Editor&#x27;s text." in html  # still in the form


def test_a_conflict_on_the_case_page_is_one_message_naming_the_event(
    editor, reviewer, make_event
):
    event = make_event(title="Detained", publication_state=DRAFT)

    def change(data, who):
        data["events-0-title_en"] = f"{who} title"

    url = _url(Case, "change", event.case.pk)
    html = conflicting_saves(editor, reviewer, url, change)
    assert html.count("Someone else saved this record") == 1
    assert "event “2020-01-01 Reviewer&#x27;s title”: title: “Detained”" in html
    assert "Please correct" not in html
    assert 'class="errorlist' not in html


def test_save_without_a_conflict_passes(editor_client, make_person):
    person = make_person(publication_state=DRAFT)
    url = _url(Person, "change", person.pk)
    for text in ("First.", "Second."):
        data = form_data(editor_client.get(url))
        data["biography_en"] = text
        assert editor_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.biography == "Second."


def test_a_save_without_its_version_is_refused_as_a_conflict(
    editor_client, make_person
):
    person = make_person(biography="Kept.", publication_state=DRAFT)
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    del data["loaded_version"]
    data["biography_en"] = "Overwritten blind."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "sent without the version" in response.content.decode()
    person.refresh_from_db()
    assert person.biography == "Kept."


def test_demo_reviewer_is_a_reviewer(capsys):
    from django.contrib.auth import get_user_model

    call_command("create_demo_editor", "--role", "reviewer")
    out = capsys.readouterr().out
    assert "Demo reviewer created" in out and "username: reviewer" in out
    user = get_user_model().objects.get(username="reviewer")
    assert list(user.groups.values_list("name", flat=True)) == [REVIEWER]
