from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_roles, sender=self)


def _sync_roles(sender, apps=None, verbosity=0, **kwargs):
    # Runs after every migrate (and flush), so new models' permissions join
    # their roles.
    from django.apps import apps as global_apps

    from .roles import sync_roles

    sync_roles(apps or global_apps, verbosity=verbosity)


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with Casetracker's admin site as the default site."""

    default = False
    default_site = "editorial.sites.CasetrackerAdminSite"
