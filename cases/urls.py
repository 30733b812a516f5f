from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("statements/", views.StatementListView.as_view(), name="statement-list"),
    path(
        "statements/<slug:slug>/",
        views.StatementDetailView.as_view(),
        name="statement-detail",
    ),
]
