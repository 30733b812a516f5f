from django.urls import path

from . import views

urlpatterns = [
    path("", views.ok),  # bench/run's check that the server is up
    path("ok/", views.ok),
    path("events/<slug:slug>/", views.events),
]
