"""
The public site's addresses. The URL names keep the namespaces templates
and other code use: ``people:`` for people and organizations, ``cases:`` for
the rest.
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import exports, feeds
from .sitemaps import SITEMAPS
from .views import calendar, cases, facilities, people, report, search, site, stats

people_urls = [
    path("people/", people.PersonListView.as_view(), name="person-list"),
    path(
        "people/export.<str:fmt>",
        exports.download,
        {"name": "people"},
        name="person-export",
    ),
    path(
        "people/<slug:slug>/", people.PersonDetailView.as_view(), name="person-detail"
    ),
    path("people/<slug:slug>/feed/", feeds.PersonEventsFeed(), name="person-feed"),
    path(
        "people/<slug:slug>/calendar.ics",
        calendar.person_calendar_ics,
        name="person-calendar",
    ),
    path("people/<slug:slug>/badge.svg", people.badge, name="person-badge"),
    path("people/<slug:slug>/letter/", people.letter, name="person-letter"),
    path("people/<slug:slug>/card.png", people.card, name="person-card"),
    path("facilities/", facilities.FacilityListView.as_view(), name="facility-list"),
    path(
        "facilities/export.<str:fmt>",
        exports.download,
        {"name": "facilities"},
        name="facility-export",
    ),
    path(
        "facilities/<slug:slug>/",
        facilities.FacilityDetailView.as_view(),
        name="facility-detail",
    ),
    path(
        "organizations/",
        people.OrganizationListView.as_view(),
        name="organization-list",
    ),
    path(
        "organizations/export.<str:fmt>",
        exports.download,
        {"name": "organizations"},
        name="organization-export",
    ),
    path(
        "organizations/<slug:slug>/",
        people.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
]

cases_urls = [
    path("", cases.home, name="home"),
    path("about/", site.about, name="about"),
    path("report/<str:kind>/<str:key>/", report.report, name="report"),
    path("data/", site.data, name="data"),
    path("search/", search.search, name="search"),
    path("stats/", stats.stats, name="stats"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar.ics", calendar.calendar_ics, name="calendar-ics"),
    path(
        "countries/<str:code>/calendar.ics",
        calendar.country_calendar_ics,
        name="country-calendar",
    ),
    path(
        "stats/pretrial-days.csv",
        stats.stats_pretrial_csv,
        name="stats-pretrial-csv",
    ),
    path("stats/<slug:slug>.csv", stats.stats_csv, name="stats-csv"),
    path("stats/<slug:slug>.svg", stats.stats_svg, name="stats-svg"),
    path("cases/", cases.CaseListView.as_view(), name="case-list"),
    path(
        "cases/export.<str:fmt>",
        exports.download,
        {"name": "cases"},
        name="case-export",
    ),
    path("cases/list.csv", exports.list_download, name="case-list-export"),
    path("cases/<slug:slug>/", cases.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<slug:slug>/card.png", cases.card, name="case-card"),
    path("events/", cases.EventListView.as_view(), name="event-list"),
    path("events/feed/", feeds.LatestEventsFeed(), name="event-feed"),
    path(
        "events/export.<str:fmt>",
        exports.download,
        {"name": "events"},
        name="event-export",
    ),
    path("statements/", cases.StatementListView.as_view(), name="statement-list"),
    path(
        "statements/export.<str:fmt>",
        exports.download,
        {"name": "statements"},
        name="statement-export",
    ),
    path(
        "statements/<slug:slug>/",
        cases.StatementDetailView.as_view(),
        name="statement-detail",
    ),
]

urlpatterns = [
    path("language/<str:code>/", site.set_language, name="set-language"),
    path("favicon.ico", site.favicon),
    path("robots.txt", site.robots_txt),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include((people_urls, "people"))),
    path("", include((cases_urls, "cases"))),
]
