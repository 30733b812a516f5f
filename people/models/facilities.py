"""
Places of detention: what a detention facility (an organization of that
kind) needs beyond an organization's fields to be a public record that
advocates can write to, and the editors' guidance on writing letters.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from editorial.models import PRIVATE_HELP, EditorialPart
from editorial.translations import text_in
from lib.dates import certain_bounds

from .organizations import Organization

# The languages a letter's guidance may name: codes of Django's language
# table, so that each is shown by its name in the reader's language.
LETTER_LANGUAGES_HELP = _(
    "The languages letters may be written in, as language codes separated "
    "by spaces, e.g. “az ru”. Leave empty if not documented."
)


def validate_language_codes(text):
    """Refuse a language code Django does not know the name of."""
    from django.conf.locale import LANG_INFO

    unknown = [code for code in (text or "").split() if code not in LANG_INFO]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Use codes such as az, ru, en."),
            params={"codes": ", ".join(unknown)},
        )


def birth_year(text):
    """Return the year of birth the EDTF ``text`` makes certain, or None:
    "1982-05-03" and "1982" give 1982; "1982~", "1982?", "198X" and an
    interval give none, since writing one year would claim more than the
    record says."""
    try:
        earliest, latest = certain_bounds(text or "")
    except ValidationError:
        return None
    if earliest is None or latest is None or earliest.year != latest.year:
        return None
    return earliest.year


def language_names(text):
    """Return the names, in the reader's language, of the languages ``text``
    (codes separated by spaces) names; a code Django does not know (one
    written before the validator refused it) is left out."""
    from django.conf.locale import LANG_INFO

    return [
        translation.get_language_info(code)["name_translated"]
        for code in (text or "").split()
        if code in LANG_INFO
    ]


class Facility(EditorialPart):
    """
    A detention facility's details: its kind, names in the site's other
    languages, region, the postal address letters must carry and how they
    must be addressed. Edited inside its organization (of kind "detention
    facility") and public when that organization is.
    """

    class Kind(models.TextChoices):
        POLICE_STATION = "police_station", _("Police station")
        TEMPORARY_DETENTION = "temporary_detention", _("Temporary detention centre")
        PRETRIAL_DETENTION = "pretrial_detention", _("Pretrial detention centre")
        PRISON = "prison", _("Prison")
        PRISON_COLONY = "prison_colony", _("Prison colony")
        PSYCHIATRIC_HOSPITAL = "psychiatric_hospital", _("Psychiatric hospital")
        MIGRATION_CENTRE = "migration_centre", _("Migrant detention centre")
        OTHER = "other", _("Other place of detention")

    class Addressee(models.TextChoices):
        NAME = "name", _("The name as English-language sources spell it")
        NATIVE = "native", _("The name in the person's own orthography")

    PART_OF = ("organization",)
    PRIVATE_FIELDS = ("notes",)
    PUBLIC_FIELDS = (
        "organization",
        "kind",
        "region",
        "postal_address",
        "addressee_name",
        "addressee_birth_year",
        "letter_languages",
        "letter_guidance",
        "latitude",
        "longitude",
        "sources",
    )

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="facility",
        verbose_name=_("organization"),
        limit_choices_to={"kind": Organization.Kind.DETENTION_FACILITY},
    )
    kind = models.CharField(
        _("kind of facility"), max_length=32, choices=Kind, default=Kind.OTHER
    )
    region = models.CharField(
        _("region"),
        max_length=200,
        blank=True,
        help_text=_("The region, province or city, as the public address gives it."),
    )

    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_(
            "Public: the address letters to people held here must carry, line "
            "by line, exactly as the facility requires, without the addressee. "
            "Only an address the facility or a cited source makes public."
        ),
    )
    addressee_name = models.CharField(
        _("addressee's name"),
        max_length=16,
        choices=Addressee,
        default=Addressee.NAME,
        help_text=_("How the facility requires the addressee's name to be written."),
    )
    addressee_birth_year = models.BooleanField(
        _("birth year required"),
        default=False,
        help_text=_("The facility requires the addressee's year of birth."),
    )
    letter_languages = models.CharField(
        _("letter languages"),
        max_length=64,
        blank=True,
        validators=[validate_language_codes],
        help_text=LETTER_LANGUAGES_HELP,
    )
    letter_guidance = models.TextField(
        _("guidance for letters"),
        blank=True,
        help_text=_(
            "Public: what to know before writing to someone held here (what "
            "may be enclosed, censorship, how long letters take)."
        ),
    )

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional; decimal degrees, e.g. 40.40930. Places it on the map."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Optional; decimal degrees, e.g. 49.86700."),
    )

    sources = models.ManyToManyField(
        "cases.Source",
        blank=True,
        related_name="facilities",
        verbose_name=_("sources"),
        help_text=_(
            "The sources of the address and of the description: only published "
            "ones are cited on the public page."
        ),
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("detention facility details")
        verbose_name_plural = _("detention facility details")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="people_facility_coordinates_paired",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90),
                name="people_facility_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180),
                name="people_facility_longitude_range",
            ),
        ]

    def __str__(self):
        return str(self.organization)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._refresh_search_text()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._refresh_search_text()
        return result

    def get_absolute_url(self):
        return self.organization.get_absolute_url()

    def _refresh_search_text(self):
        """The organization's search text holds these names too."""
        organization = Organization.objects.get(pk=self.organization_id)
        organization.set_derived_fields()
        Organization.objects.filter(pk=organization.pk).update(
            search_text=organization.search_text
        )

    def clean(self):
        super().clean()
        organization = getattr(self, "organization", None)
        if organization and organization.kind != Organization.Kind.DETENTION_FACILITY:
            raise ValidationError(
                _(
                    "Only an organization of kind “Detention facility” has "
                    "facility details: change its kind or remove them."
                )
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both the latitude and the longitude, or neither.")
            )

    def name_in(self, language):
        """The facility's name for readers of ``language`` (its
        organization's name in that language, else in English). Reads
        ``self.organization``; select it first."""
        return text_in(self.organization, "name", language)[0]

    @property
    def display_name(self):
        return self.name_in(translation.get_language())

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def address_lines(self):
        return [line.strip() for line in self.postal_address.splitlines() if line]

    @property
    def letter_language_names(self):
        return language_names(self.letter_languages)

    def addressee(self, person):
        """
        Return (line, birth year missing): the addressee's line as this
        facility requires it for ``person`` (their name as English sources
        spell it or in their own orthography; with the year of birth where
        required, and only if the record makes that year certain), and
        whether a required year had to be left out.
        """
        name = person.name
        if self.addressee_name == self.Addressee.NATIVE and person.name_native:
            name = person.name_native
        if not self.addressee_birth_year:
            return name, False
        year = birth_year(person.born)
        if year is None:
            return name, True
        return f"{name}, {year}", False


class LetterGuidanceQuerySet(models.QuerySet):
    def published(self):
        """Return the guidance the public may read."""
        return self.filter(is_published=True)


class LetterGuidance(models.Model):
    """
    The editors' guidance on writing to people held in one country: shown
    in the "Write to …" section of a person held there, above the
    facility's own. Editable text, public once published.
    """

    SHOWN_PUBLICLY = True  # its saves make cached public pages stale

    country = CountryField(_("country"))
    guidance = models.TextField(
        _("guidance"),
        help_text=_(
            "Public: what to know before writing to a prisoner in this country "
            "(languages, what the censors stop, how to send money or parcels)."
        ),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published guidance is shown on the public site."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = LetterGuidanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter guidance")
        verbose_name_plural = _("letter guidance")
        permissions = [
            ("publish_letterguidance", _("Can publish and unpublish letter guidance"))
        ]
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(
                fields=["country"], name="people_letterguidance_country_unique"
            ),
        ]

    def __str__(self):
        return str(self.country.name)
