from django.urls import path

from cases import exports, feeds

from . import views

app_name = "people"
urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path(
        "people/export.<str:fmt>",
        exports.download,
        {"name": "people"},
        name="person-export",
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<slug:slug>/feed/", feeds.PersonEventsFeed(), name="person-feed"),
    path("people/<slug:slug>/badge.svg", views.badge, name="person-badge"),
    path(
        "organizations/", views.OrganizationListView.as_view(), name="organization-list"
    ),
    path(
        "organizations/export.<str:fmt>",
        exports.download,
        {"name": "organizations"},
        name="organization-export",
    ),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
]
