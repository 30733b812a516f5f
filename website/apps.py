from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The public site: pages, lists, downloads, feeds, search, figures."""

    name = "website"
    verbose_name = _("Public site")
