"""Staff account pages, included under the admin path: <admin>/account/…"""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
