"""
People: prisoners, lawyers, judges…, their roles and the other names they
go by, with the search keys and status kept from them.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
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
from lib.dates import validate_edtf
from lib.names import keys
from lib.photos import sanitize_photo

from ..status import CUSTODIAL, Status, headline_case

EDTF_HELP = _(
    "As precise as the source: 2011-05-18, 2012-06, 2011, 2011~ (about), "
    "2011? (uncertain)."
)


# Rows per query when refreshing many records (SQLite's parameter limit).
BATCH = 500
SEARCH_KEYS = ("search_names", "search_skeletons", "names")


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
        rows = (
            PersonAlias.objects.filter(person_id__in=batch)
            .order_by("person_id", "position", "name")
            .values_list("person_id", "name", "language")
        )
        for person_id, name, language in rows:
            aliases[person_id].append((name, language))
    changed = []
    for person in people:
        found = search_keys_of(person, aliases[person.pk])
        if found != tuple(getattr(person, field) for field in SEARCH_KEYS):
            for field, value in zip(SEARCH_KEYS, found, strict=True):
                setattr(person, field, value)
            changed.append(person)
    Person.objects.bulk_update(changed, SEARCH_KEYS, batch_size=BATCH)


def search_keys_of(person, aliases):
    """Return the values of SEARCH_KEYS for ``person`` with ``aliases``,
    (name, language) pairs in the order of their position: what
    refresh_search_keys() stores, and what a bulk write gives new people
    before inserting them, so that it has nothing to change after."""
    names = [name for name, _language in aliases]
    return (
        *keys([person.name, person.name_native, *names]),
        names_by_language(aliases),
    )


def names_by_language(aliases):
    """
    Return the name to show readers of each language, from (name, language)
    pairs in their order: the first other name in that language's code
    ("ru" for "Бахтияр Гаджиев"). Languages the site does not speak are
    kept too; adding one to LANGUAGES then needs no refresh.
    """
    names = {}
    for name, language in aliases:
        language = (language or "").strip().lower().split("-")[0]
        if language and language != "en":
            names.setdefault(language, name)
    return names


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
        ).only("pk", "person_id", "status", "status_changed_on", *DOCUMENTED)
        for case in found:
            cases[case.person_id].append(case)
    changed = []
    for person in people:
        values = _status_values(cases[person.pk])
        if any(getattr(person, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(person, name, value)
            changed.append(person)
    Person.objects.bulk_update(changed, STATUS_FIELDS, batch_size=BATCH)


# What refresh_status() stores, and what it reads of each case besides.
STATUS_FIELDS = (
    "status",
    "status_as_of",
    "status_as_of_on",
    "last_documented",
    "last_documented_on",
)
DOCUMENTED = (
    "status_as_of",
    "status_as_of_on",
    "last_documented",
    "last_documented_on",
)


def _status_values(cases):
    """A person's status, as of the date its case documents it, and the
    latest date any of their cases is documented."""
    headline = headline_case(cases)
    latest = max(
        (c for c in cases if c.last_documented_on),
        key=lambda c: c.last_documented_on,
        default=None,
    )
    return {
        "status": headline.status if headline else Status.UNKNOWN,
        "status_as_of": headline.status_as_of if headline else "",
        "status_as_of_on": headline.status_as_of_on if headline else None,
        "last_documented": latest.last_documented if latest else "",
        "last_documented_on": latest.last_documented_on if latest else None,
    }


class PersonQuerySet(PublishableQuerySet):
    def refresh_search_keys(self):
        """Store the search keys of these people (see refresh_search_keys)."""
        refresh_search_keys(self.only("pk", "name", "name_native", *SEARCH_KEYS))

    def refresh_status(self):
        """Store the status of these people (see refresh_status)."""
        refresh_status(self.only("pk", *STATUS_FIELDS))


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
        "names",
        "gender",
        "born",
        "country",
        "biography",
        "photo",
        "photo_credit",
        "photo_is_shareable",
        "status",
        "status_as_of",
        "status_as_of_on",
        "last_documented",
        "last_documented_on",
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
    photo_is_shareable = models.BooleanField(
        _("photo may be shown on other sites"),
        default=False,
        help_text=_(
            "Tick only if the photo's licence or its owner allows other sites to "
            "show it: link previews of this person's pages then show the photo "
            "instead of a card with the name and status. Untick it when you "
            "replace the photo with one that does not allow it."
        ),
    )

    status = models.CharField(
        _("status"),
        max_length=32,
        choices=Status,
        default=Status.UNKNOWN,
        editable=False,
        help_text=_("Follows from the person's cases; never edited by hand."),
    )
    status_as_of = models.CharField(
        _("status as of"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("How far the sources document the status (its case's)."),
    )
    status_as_of_on = models.DateField(
        _("status as of (earliest day)"), null=True, editable=False
    )
    last_documented = models.CharField(
        _("last documented"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("The latest date any of the person's cases is documented."),
    )
    last_documented_on = models.DateField(
        _("last documented (earliest day)"), null=True, editable=False
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
    names = models.JSONField(
        _("name in each language"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "From the other names with a language: the name readers of that "
            'language see, e.g. {"ru": "Бахтияр Гаджиев"}.'
        ),
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
            # /people/ counts the published people, and each facet by country
            # and status, from this index alone (joined by id to their public
            # cases: cases_case_public_person_idx).
            models.Index(
                fields=["country", "status", "id"],
                condition=Q(publication_state=PublicationState.PUBLISHED),
                name="people_person_public_idx",
            ),
            # /people/ and /api/v1/people/ list the published people by name,
            # 50 at a time: read in order from here, not sorted all at once.
            models.Index(
                fields=["name", "id"],
                condition=Q(publication_state=PublicationState.PUBLISHED),
                name="people_person_public_name_idx",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name in the reader's language and script where an other name
        gives it ("Бахтияр Гаджиев" in Russian), else the name."""
        return self.names.get(translation.get_language() or "", self.name)

    @property
    def name_beside(self):
        """The name as English-language sources spell it, when the reader is
        shown another: said beside it, so that both can be searched."""
        return self.name if self.display_name != self.name else ""

    def save(self, *args, **kwargs):
        self._sanitize_photo()  # no write path may store a photo as uploaded
        with transaction.atomic():
            previous = self._previous_state()
            super().save(*args, **kwargs)
            # Derived values are the derivation's, never the saved instance's
            # (a revert or a restore must not bring back stale ones).
            self.refresh_search_keys()
            self.refresh_status()
            if previous is not None and previous != self.publication_state:
                # Whether the person's cases, and their events, are publicly
                # visible follows from the person's state too.
                Case = Person._meta.get_field("cases").related_model
                Case.objects.filter(person=self).refresh_visibility()

    def _previous_state(self):
        """The publication state stored for this person, if any."""
        if self.pk is None:
            return None
        stored = Person.objects.filter(pk=self.pk)
        return stored.values_list("publication_state", flat=True).first()

    def get_absolute_url(self):
        return reverse("people:person-detail", args=[self.slug])

    def other_names(self):
        """
        Return the person's other names (aliases, prefetched or not) that
        the page does not already show as the name or the native name, each
        once: "Bəxtiyar Hacıyev" given as the native name and as an alias is
        shown once.
        """
        seen = {_same(self.name), _same(self.name_native)}
        names = []
        for alias in self.aliases.all():
            if _same(alias.name) not in seen:
                seen.add(_same(alias.name))
                names.append(alias)
        return names

    def other_names_beside(self):
        """Return other_names() less the one the reader's language shows as
        the name ("Бахтияр Гаджиев" heads the page in Russian): said once."""
        shown = _same(self.display_name)
        return [alias for alias in self.other_names() if _same(alias.name) != shown]

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

    def public_dependents(self):
        """Its published cases (and with them their events): they leave the
        public site with the person."""
        leaves = _("leaves the public site with the person")
        return [
            (case, leaves)
            for case in self.cases.filter(
                publication_state=PublicationState.PUBLISHED
            ).order_by("pk")
        ]

    def public_consequences(self):
        label = self.get_status_display()
        if self.status_as_of:
            label = f"{label} ({_('as of %(date)s') % {'date': self.status_as_of}})"
        return [(_("Status"), label)]

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


def _same(name):
    """Return ``name`` as compared for repetition: case and spacing aside."""
    return " ".join((name or "").casefold().split())


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
