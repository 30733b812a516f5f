"""
Organizations, and who belonged to what, when: a person's affiliations, an
organization's memberships of networks.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from editorial.models import (
    PRIVATE_HELP,
    EditorialModel,
    EditorialPart,
    PublicationState,
    PublishableQuerySet,
)
from editorial.translations import all_texts
from lib import dates
from lib.dates import validate_edtf
from lib.names import search_text_of

from .people import EDTF_HELP, Person


class OrganizationQuerySet(PublishableQuerySet):
    def with_statement_total(self):
        """Annotate ``statement_total``: published statements authored or
        signed. Used by the lists' "Statements" sort."""
        published = PublicationState.PUBLISHED
        return self.annotate(
            statement_total=Count(
                "statement_parts__statement",
                filter=Q(statement_parts__statement__publication_state=published),
                distinct=True,
            )
        )


class Organization(EditorialModel):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        NETWORK = "network", _("Network")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        GOVERNMENT = "government", _("Government body")
        COURT = "court", _("Court")
        PROSECUTOR = "prosecutor", _("Prosecutor's office")
        DETENTION_FACILITY = "detention_facility", _("Detention facility")
        MEDIA = "media", _("Media outlet")
        PARTY = "party", _("Political party")
        UNIVERSITY = "university", _("University")
        CAMPAIGN = "campaign", _("Campaign")
        OTHER = "other", _("Other")

    PRIVATE_FIELDS = ("notes", "contacts")
    PUBLIC_FIELDS = (
        "name",
        "acronym",
        "slug",
        "kind",
        "country",
        "website",
        "description",
        "parent",
        "updated_at",
    )

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    slug = models.SlugField(_("slug"), max_length=200)

    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_(
            "The organization this one is part of, e.g. a national section's "
            "international movement. Membership of networks is recorded "
            "separately, with dates."
        ),
    )

    search_text = models.TextField(_("search text"), blank=True, editable=False)

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)
    contacts = models.TextField(
        _("private contacts"), blank=True, help_text=PRIVATE_HELP
    )

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        permissions = [
            (
                "publish_organization",
                _("Can publish, unpublish and return organizations to draft"),
            )
        ]
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], name="people_organization_slug_unique"
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="people_organization_not_own_parent"
            ),
        ]
        indexes = [
            # /organizations/ filters by kind.
            models.Index(fields=["kind"], name="people_org_kind_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def public_dependents(self):
        """Published statements whose only published author or signatory
        this is: they would be left without one."""
        published = PublicationState.PUBLISHED
        dependents = []
        parts = self.statement_parts.filter(
            statement__publication_state=published
        ).select_related("statement")
        for statement in {part.statement for part in parts}:
            others = statement.parties.exclude(organization=self).filter(
                organization__publication_state=published
            )
            if not others.exists():
                dependents.append(
                    (statement, _("left without a published author or signatory"))
                )
        return sorted(dependents, key=lambda item: item[0].pk)

    def get_absolute_url(self):
        # A place of detention's public page is its facility page.
        if self.kind == self.Kind.DETENTION_FACILITY:
            return reverse("people:facility-detail", args=[self.slug])
        return reverse("people:organization-detail", args=[self.slug])

    def set_derived_fields(self):
        """Compute the search text, from every language's name, acronym and
        description; save() and every bulk write call it. A detention
        facility's is found by its region too (one query, for a saved
        facility only)."""
        region = ()
        if self.pk and self.kind == self.Kind.DETENTION_FACILITY:
            from .facilities import Facility

            region = Facility.objects.filter(organization=self).values_list(
                "region", flat=True
            )[:1]
        self.search_text = search_text_of(
            *all_texts(self, "name", "acronym", "description"), *region
        )

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("An organization cannot be its own ancestor.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Period(EditorialPart):
    """
    Abstract: a relationship that held from ``started`` to ``ended`` (EDTF),
    with the earliest start and latest end stored for sorting and filtering.
    """

    started = models.CharField(
        _("from"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=EDTF_HELP,
    )
    ended = models.CharField(
        _("to"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=_("Leave empty while it lasts."),
    )
    started_on = models.DateField(_("from (earliest)"), null=True, editable=False)
    ended_on = models.DateField(_("to (latest)"), null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        try:
            self.set_derived_fields()
        except ValidationError:
            return  # The field validators already report the bad date.
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended": _("This ends before it starts.")})

    def set_derived_fields(self):
        """Store the earliest start and the latest end; save() and every bulk
        write call it."""
        self.started_on = dates.bounds(self.started)[0]
        self.ended_on = dates.latest(self.ended)


class Affiliation(Period):
    """A person's role in an organization, with dates (journalist at, chair of…)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FOUNDER = "founder", _("Founder")
        CHAIR = "chair", _("Chair")
        DIRECTOR = "director", _("Director")
        EDITOR = "editor", _("Editor")
        JOURNALIST = "journalist", _("Journalist")
        LAWYER = "lawyer", _("Lawyer")
        EMPLOYEE = "employee", _("Employee")
        ALUMNUS = "alumnus", _("Alumnus")
        OTHER = "other", _("Other")

    PART_OF = ("person",)
    PUBLIC_FIELDS = (
        "person",
        "organization",
        "role",
        "title",
        "started",
        "ended",
        "started_on",
        "ended_on",
    )

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("As the source words it, e.g. Editor-in-chief, co-founder."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["started_on", "organization__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(started_on__lte=F("ended_on")),
                name="people_affiliation_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_role_display()}, {self.organization}"


class OrganizationMembership(Period):
    """An organization's membership in a network, with dates."""

    PART_OF = ("member",)
    PUBLIC_FIELDS = ("member", "network", "started", "ended", "started_on", "ended_on")

    member = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    network = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="member_links",
        verbose_name=_("network"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        ordering = ["network__name", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "network", "started"],
                name="people_membership_unique",
            ),
            models.CheckConstraint(
                condition=~Q(member=F("network")),
                name="people_membership_not_self",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(started_on__lte=F("ended_on")),
                name="people_membership_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.member} in {self.network}"
