"""The editors' admin pages, as an editor's browser shows them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count
from django.test.utils import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import TimelineEvent
from editorial.roles import EDITOR
from tests.browser.support import save_screenshot
from tests.conftest import STAFF_PASSWORD, totp_code

# The demo data lives in the test database (live_site).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTH, HEIGHT = 1280, 800
MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
# The quote fields of the citations shown, not of the blank template row.
QUOTES = "[name^='citations-'][name$='-quote']:not([name*='__prefix__'])"


@pytest.fixture(scope="module")
def _editor_window(browser, live_site, django_db_blocker):
    """
    A window of its own for an Editor (the shared windows must keep no
    cookies), and the Editor, made outside any test's transaction so that
    the live server sees them on PostgreSQL too.
    """
    # The password hasher of the tests (tests/conftest.py), which are the
    # settings at login.
    fast = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    with django_db_blocker.unblock(), fast:
        user = get_user_model().objects.create_user(
            username="layout-editor", password=STAFF_PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=EDITOR))
        device = TOTPDevice.objects.create(user=user, name="Phone")
    context = browser.new_context(
        base_url=live_site, viewport={"width": WIDTH, "height": HEIGHT}
    )
    yield context.new_page(), user, device
    context.close()
    with django_db_blocker.unblock():
        user.delete()


@pytest.fixture
def editor_page(_editor_window, live_site):
    """
    The Editor's page, logged in with password and app code as production
    settings ask: once, on first use (an app code works once), inside a
    test, where the test settings (static files from the finders) hold.
    """
    page, user, device = _editor_window
    if not page.url.startswith(live_site):
        page.goto(reverse("admin:login"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.fill("#id_otp_token", totp_code(device))
        page.click("[type=submit]")
        page.wait_for_url(f"{live_site}{reverse('admin:index')}")
    return page


def test_event_page_with_citations_fits_the_window(editor_page):
    event = TimelineEvent.objects.annotate(n=Count("citations")).filter(n__gt=0).first()
    response = editor_page.goto(
        reverse("admin:cases_timelineevent_change", args=[event.pk])
    )
    assert response.status == 200
    save_screenshot(editor_page, f"admin-event_{WIDTH}")
    # Every citation, and a blank one to add, each with source, quote, page.
    assert editor_page.locator(QUOTES).count() == event.n + 1
    width = editor_page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"scrolls sideways: {width} px wide"


@pytest.mark.parametrize(
    ("add_page", "name_field", "typed", "slug"),
    [
        ("people_person_add", "name", "Bakhtiyar Hajiyev", "bakhtiyar-hajiyev"),
        (
            "people_organization_add",
            "name_en",
            "Seçkilərin Monitorinqi Mərkəzi",
            "seckilerin-monitorinqi-merkezi",
        ),
        ("cases_case_add", "title_en", "Tofig Yagublu 2023", "tofig-yagublu-2023"),
        (
            "cases_statement_add",
            "title_en",
            "Free Anar Mammadli!",
            "free-anar-mammadli",
        ),
    ],
)
def test_slug_fills_from_the_name_as_it_is_typed(
    editor_page, add_page, name_field, typed, slug
):
    editor_page.goto(reverse(f"admin:{add_page}"))
    editor_page.locator(f"#id_{name_field}").press_sequentially(typed)
    assert editor_page.input_value("#id_slug") == slug
