"""The sitemap: every published page, with its last change."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.models import Case, Statement
from people.models import Organization, Person


class PublishedSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class PersonSitemap(PublishedSitemap):
    model = Person
    priority = 0.9


class CaseSitemap(PublishedSitemap):
    model = Case
    priority = 0.8


class OrganizationSitemap(PublishedSitemap):
    model = Organization
    priority = 0.5


class StatementSitemap(PublishedSitemap):
    model = Statement
    priority = 0.6


class ListSitemap(Sitemap):
    priority = 0.7
    changefreq = "daily"

    def items(self):
        return [
            "cases:home",
            "people:person-list",
            "cases:case-list",
            "cases:event-list",
            "cases:calendar",
            "cases:statement-list",
            "people:organization-list",
            "people:facility-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "lists": ListSitemap,
    "people": PersonSitemap,
    "cases": CaseSitemap,
    "organizations": OrganizationSitemap,
    "statements": StatementSitemap,
}
