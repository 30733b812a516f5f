from django.urls import path

from . import views

urlpatterns = [
    path("ok/", views.ok),
    path("events/<slug:slug>/", views.events),
]
