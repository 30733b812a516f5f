"""
The actors: people (prisoners, lawyers, judges…), the other names they go by,
organizations, and who belonged to what, when.
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
from lib import dates
from lib.dates import validate_edtf
from lib.names import keys, search_text_of
from lib.photos import sanitize_photo

from .status import CUSTODIAL, Status, status_of

EDTF_HELP = _(
    "As precise as the source: 2011-05-18, 2012-06, 2011, 2011~ (about), "
    "2011? (uncertain)."
)


# Rows per query when refreshing many records (SQLite's parameter limit).
BATCH = 500
SEARCH_KEYS = ("search_names", "search_skeletons")


def _batches(items):
    items = list(items)
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def refresh_search_keys(people):
    """
    Store the search keys of each of ``people`` (Person instances) from
    their name, native name and other names: one query for the other names
    and one update per batch that changed, whatever the number. Person.save,
    PersonAlias.save and every bulk write call it.
    """
    people = [person for person in people if person.pk]
    aliases = {person.pk: [] for person in people}
    for batch in _batches(aliases):
        rows = PersonAlias.objects.filter(person_id__in=batch).values_list(
            "person_id", "name"
        )
        for person_id, name in rows:
            aliases[person_id].append(name)
    changed = []
    for person in people:
        found = keys([person.name, person.name_native, *aliases[person.pk]])
        if found != (person.search_names, person.search_skeletons):
            person.search_names, person.search_skeletons = found
            changed.append(person)
    Person.objects.bulk_update(changed, SEARCH_KEYS, batch_size=BATCH)


def refresh_status(people):
    """
    Store the status that follows from each person's published cases
    (people/status.py, ``status_of``): a case in draft or in review, or one
    taken down, says nothing public, so the status the public sees must not
    reveal it. One query for the cases and one update per batch that
    changed. Case saves and every bulk write call it.
    """
    people = [person for person in people if person.pk]
    Case = Person._meta.get_field("cases").related_model
    cases = {person.pk: [] for person in people}
    for batch in _batches(cases):
        found = Case.objects.filter(
            person_id__in=batch, publication_state=PublicationState.PUBLISHED
        ).only("pk", "person_id", "status", "status_changed_on")
        for case in found:
            cases[case.person_id].append(case)
    changed = []
    for person in people:
        status = status_of(cases[person.pk])
        if status != person.status:
            person.status = status
            changed.append(person)
    Person.objects.bulk_update(changed, ["status"], batch_size=BATCH)


class PersonQuerySet(PublishableQuerySet):
    def refresh_search_keys(self):
        """Store the search keys of these people (see refresh_search_keys)."""
        refresh_search_keys(self.only("pk", "name", "name_native", *SEARCH_KEYS))

    def refresh_status(self):
        """Store the status of these people (see refresh_status)."""
        refresh_status(self.only("pk", "status"))


class Person(EditorialModel):
    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    class Role(models.TextChoices):
        JOURNALIST = "journalist", _("Journalist")
        BLOGGER = "blogger", _("Blogger")
        HUMAN_RIGHTS_DEFENDER = "human_rights_defender", _("Human rights defender")
        ACTIVIST = "activist", _("Activist")
        LAWYER = "lawyer", _("Lawyer")
        ACADEMIC = "academic", _("Academic")
        POLITICIAN = "politician", _("Politician")
        RELIGIOUS_BELIEVER = "religious_believer", _("Religious believer")
        ARTIST = "artist", _("Artist")
        STUDENT = "student", _("Student")
        OTHER = "other", _("Other")

    PRIVATE_FIELDS = ("notes", "contacts")
    PUBLIC_FIELDS = (
        "name",
        "slug",
        "name_native",
        "gender",
        "born",
        "country",
        "biography",
        "photo",
        "photo_credit",
        "status",
        "updated_at",
    )

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As English-language sources spell it, e.g. Bakhtiyar Hajiyev."),
    )
    slug = models.SlugField(
        _("slug"), max_length=200, help_text=_("The page address: /people/<slug>/.")
    )
    name_native = models.CharField(
        _("native name"),
        max_length=200,
        blank=True,
        help_text=_("In the person's own orthography, e.g. Bəxtiyar Hacıyev."),
    )

    gender = models.CharField(_("gender"), max_length=16, choices=Gender, blank=True)
    born = models.CharField(
        _("born"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=EDTF_HELP,
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Where the person is prosecuted.")
    )
    biography = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    photo_credit = models.CharField(
        _("photo credit"),
        max_length=200,
        blank=True,
        help_text=_("Required with a photo: who took it, or where it comes from."),
    )

    status = models.CharField(
        _("status"),
        max_length=32,
        choices=Status,
        default=Status.UNKNOWN,
        editable=False,
        help_text=_("Follows from the person's cases; never edited by hand."),
    )
    search_names = models.TextField(
        _("names, folded"),
        blank=True,
        editable=False,
        help_text=_("Every name and alias as search keys (people/spelling.py)."),
    )
    search_skeletons = models.TextField(
        _("names, skeletons"), blank=True, editable=False
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)
    contacts = models.TextField(
        _("private contacts"),
        blank=True,
        help_text=_("Family, lawyers, intermediaries. ") + PRIVATE_HELP,
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        permissions = [
            ("publish_person", _("Can publish, unpublish and return people to draft"))
        ]
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="people_person_slug_unique"),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_credit=""),
                name="people_person_photo_credit_valid",
            ),
        ]
        indexes = [
            # /people/ filters by status and country.
            models.Index(fields=["status", "country"], name="people_person_status_idx"),
            models.Index(fields=["country"], name="people_person_country_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self._sanitize_photo()  # no write path may store a photo as uploaded
        super().save(*args, **kwargs)
        self.refresh_search_keys()

    def get_absolute_url(self):
        return reverse("people:person-detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.photo and not self.photo_credit.strip():
            raise ValidationError(
                {"photo_credit": _("Say who took the photo or where it comes from.")}
            )
        self._sanitize_photo()

    def _sanitize_photo(self):
        """Replace a newly uploaded photo by its re-encoded, metadata-free copy."""
        if not self.photo or self.photo._committed:
            return
        if self.photo.file is getattr(self, "_sanitized_photo", None):
            return
        try:
            clean = sanitize_photo(self.photo.file)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from None
        self.photo = self._sanitized_photo = clean

    @property
    def is_detained(self):
        return self.status in CUSTODIAL

    def refresh_search_keys(self):
        """Store the search keys of the name, native name and other names."""
        refresh_search_keys([self])

    def refresh_status(self):
        """Store the status that follows from this person's published cases."""
        refresh_status([self])


class PersonRole(EditorialPart):
    """One of a person's roles (journalist, lawyer…), used by the /people/ filter."""

    PART_OF = ("person",)
    PUBLIC_FIELDS = ("person", "role")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=32, choices=Person.Role)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role"], name="people_personrole_unique"
            ),
        ]
        indexes = [
            # /people/?role= filter.
            models.Index(fields=["role"], name="people_personrole_role_idx"),
        ]

    def __str__(self):
        return self.get_role_display()


class PersonAlias(EditorialPart):
    """Another spelling or script of a person's name (Hacıyev, Гаджиев)."""

    class Script(models.TextChoices):
        LATIN = "latin", _("Latin")
        CYRILLIC = "cyrillic", _("Cyrillic")
        ARABIC = "arabic", _("Arabic")
        GEORGIAN = "georgian", _("Georgian")
        ARMENIAN = "armenian", _("Armenian")
        OTHER = "other", _("Other")

    PART_OF = ("person",)
    PUBLIC_FIELDS = ("person", "name", "script", "language", "position")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200)
    script = models.CharField(_("script"), max_length=16, choices=Script)
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("Language code of the spelling, e.g. az, ru, en."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name"], name="people_personalias_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.person.refresh_search_keys()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.person.refresh_search_keys()
        return result


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

    def get_absolute_url(self):
        return reverse("people:organization-detail", args=[self.slug])

    def set_derived_fields(self):
        """Compute the search text; save() and every bulk write call it."""
        self.search_text = search_text_of(self.name, self.acronym, self.description)

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
