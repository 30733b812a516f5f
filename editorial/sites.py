"""
The editors' admin site: Django's admin plus the review queue. Installed as
the default admin site by editorial.apps.EditorialAdminConfig.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _


class CasetrackerAdminSite(admin.AdminSite):
    site_header = _("Casetracker")
    site_title = _("Casetracker editors")
    index_title = _("Cases, people and evidence")

    def has_permission(self, request):
        # Staff pass a second factor before any admin page (accounts/).
        from accounts.two_factor import passes_second_factor

        return super().has_permission(request) and passes_second_factor(request)

    def login(self, request, extra_context=None):
        # Username, password and a code from the app or a recovery code.
        from accounts.views import admin_login

        return admin_login(request, self, extra_context)

    def get_urls(self):
        from . import review

        def view(function):
            return self.admin_view(
                lambda request, **kwargs: function(request, self, **kwargs)
            )

        return [
            path("review/", view(review.review_queue), name="editorial_review_queue"),
            path(
                "review/<str:app_label>/<str:model_name>/<int:pk>/",
                view(review.review_object),
                name="editorial_review",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from .models import PublicationState, Revision, editorial_models

        count = Revision.objects.count() + sum(
            model._default_manager.filter(
                publication_state=PublicationState.IN_REVIEW
            ).count()
            for model in editorial_models()
        )
        extra_context = {
            **(extra_context or {}),
            "review_count": count,
            "untranslated": self.untranslated(request),
        }
        return super().index(request, extra_context)

    def untranslated(self, request):
        """
        Return, for each language, the published records of each model
        written per language that miss a translation into it, as (language
        name, [(model's plural name, count, changelist address)]): the
        translators' work, on the admin home (one query per model).
        """
        from .models import PublicationState, editorial_models
        from .translations import missing_translation, translated_fields

        counts = {code: [] for code, _name in settings.LANGUAGES}
        for model in editorial_models():
            if not translated_fields(model):
                continue
            missing = model._default_manager.filter(
                publication_state=PublicationState.PUBLISHED
            ).aggregate(
                **{
                    code: Count("pk", filter=missing_translation(model, code))
                    for code in counts
                }
            )
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
            )
            for code, count in missing.items():
                if count:
                    address = (
                        f"{url}?missing_translation={code}"
                        "&publication_state__exact=published"
                    )
                    counts[code].append(
                        (model._meta.verbose_name_plural, count, address)
                    )
        return [(name, counts[code]) for code, name in settings.LANGUAGES]
