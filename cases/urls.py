from django.urls import path

from . import exports, feeds, views

app_name = "cases"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("stats/", views.stats, name="stats"),
    path("stats/<slug:slug>.csv", views.stats_csv, name="stats-csv"),
    path("stats/<slug:slug>.svg", views.stats_svg, name="stats-svg"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path(
        "cases/export.<str:fmt>",
        exports.download,
        {"name": "cases"},
        name="case-export",
    ),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/feed/", feeds.LatestEventsFeed(), name="event-feed"),
    path(
        "events/export.<str:fmt>",
        exports.download,
        {"name": "events"},
        name="event-export",
    ),
    path("statements/", views.StatementListView.as_view(), name="statement-list"),
    path(
        "statements/export.<str:fmt>",
        exports.download,
        {"name": "statements"},
        name="statement-export",
    ),
    path(
        "statements/<slug:slug>/",
        views.StatementDetailView.as_view(),
        name="statement-detail",
    ),
]
