from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial")

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
        )

        post_migrate.connect(_sync_roles, sender=self)
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_public_data_changed, dispatch_uid=f"public-{signal}")


def _public_data_changed(sender, **kwargs):
    # Cache invalidation is the one job signals do here: any change to the
    # records public pages show makes the cached pages stale.
    from .models import Report, is_public_model

    # A reader's report shows publicly through its correction note.
    shown = (
        is_public_model(sender)
        or _is_public_link(sender)
        or sender is Report
        # Other models whose published rows public pages show (the letter
        # guidance of people.LetterGuidance) say so.
        or getattr(sender, "SHOWN_PUBLICLY", False)
    )
    if not shown:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: act once, after the change
    from editorial.public import bump_public_version

    bump_public_version()


def _is_public_link(sender):
    """Return whether ``sender`` is the table of a many-to-many relation
    between public records (a statement's people), which m2m_changed names."""
    from .models import is_public_model

    meta = getattr(sender, "_meta", None)
    return bool(meta and meta.auto_created and is_public_model(meta.auto_created))


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
