"""
The evidence: sources, and the citations that tie an event or a statement to
them with the source's own words.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from editorial.models import (
    PRIVATE_HELP,
    PUBLISHED,
    EditorialModel,
    EditorialPart,
)
from editorial.translations import all_texts
from lib import dates
from lib.dates import validate_edtf
from lib.names import search_text_of

from .. import chronology
from .case import SEARCH_TEXT_HELP, Case, refresh_status
from .events import TimelineEvent
from .statements import Statement


class Source(EditorialModel):
    """A document that evidences facts: an article, report, court paper…"""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        NGO_REPORT = "ngo_report", _("NGO report")
        LEGAL_DOCUMENT = "legal_document", _("Legal document")
        OFFICIAL_STATEMENT = "official_statement", _("Official statement")
        PETITION = "petition", _("Petition")
        SOCIAL_MEDIA = "social_media", _("Social media")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    PRIVATE_FIELDS = ("notes",)
    PUBLIC_FIELDS = (
        "title",
        "title_translation",
        "publisher",
        "kind",
        "url",
        "archive_url",
        "identifier",
        "language",
        "publisher_organization",
        "published",
        "published_on",
        "accessed_on",
        "updated_at",
    )

    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("As the source gives it, in its own language."),
    )
    title_translation = models.CharField(
        _("title translated"),
        max_length=500,
        blank=True,
        help_text=_(
            "The title in the reader's language, shown beside the original; "
            "empty where the source is in that language."
        ),
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=255,
        blank=True,
        help_text=_("As the source names it; empty if it names none."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    archive_url = models.URLField(
        _("archived copy"),
        max_length=1000,
        blank=True,
        help_text=_("A copy at the Internet Archive or archive.today."),
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        blank=True,
        help_text=_("File name, case number or other reference when there is no URL."),
    )
    language = models.CharField(
        _("language"), max_length=16, blank=True, help_text=_("e.g. en, az, ru.")
    )
    publisher_organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("publisher organization"),
    )
    published = models.CharField(
        _("published"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=_("EDTF, e.g. 2023-03-01 or 2024-12."),
    )
    published_on = models.DateField(
        _("published (earliest)"), null=True, editable=False
    )
    accessed_on = models.DateField(_("accessed"), null=True, blank=True)
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=SEARCH_TEXT_HELP
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        permissions = [
            ("publish_source", _("Can publish, unpublish and return sources to draft"))
        ]
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="cases_source_url_unique"
            ),
        ]

    def __str__(self):
        parts = [self.publisher, self.title, dates.display(self.published)]
        return ", ".join(part for part in parts if part)

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Its date documents the cases it is cited for, while published.
            refresh_status(
                Case.objects.filter(events__citations__source=self).distinct()
            )

    def set_derived_fields(self):
        """Compute the publication date's first day and the search text;
        save() and every bulk write call it."""
        self.published_on = dates.bounds(self.published)[0]
        self.search_text = search_text_of(
            *all_texts(self, "title", "title_translation"),
            self.publisher,
            self.identifier,
        )

    def public_consequences(self):
        from .events import TimelineEvent

        return [
            (
                _("Published events citing it"),
                TimelineEvent.objects.published()
                .filter(citations__source=self)
                .distinct()
                .count(),
            )
        ]

    def public_dependents(self):
        """Published events and statements whose only published source this
        is: they would be left uncited."""
        from .events import TimelineEvent

        others = Citation.objects.filter(source__publication_state=PUBLISHED).exclude(
            source=self
        )
        events = (
            TimelineEvent.objects.filter(
                publication_state=PUBLISHED, citations__source=self
            )
            .exclude(pk__in=others.filter(event__isnull=False).values("event"))
            .select_related("case")
            .distinct()
        )
        statements = (
            Statement.objects.filter(
                publication_state=PUBLISHED, citations__source=self
            )
            .exclude(pk__in=others.filter(statement__isnull=False).values("statement"))
            .distinct()
        )
        uncited = _("left without a published source")
        return [(event, uncited) for event in events] + [
            (statement, uncited) for statement in statements
        ]

    def clean(self):
        super().clean()
        if self.published:
            try:
                message = chronology.check_not_future(self.published)
            except ValidationError:
                message = None
            if message:
                raise ValidationError({"published": message})


class Citation(EditorialPart):
    """A source cited for one event, one statement or one case's particulars
    (its charges, court, facility and sentence, as a prisoner list gives
    them), with the words it says."""

    PART_OF = ("event", "statement", "case")
    PUBLIC_FIELDS = (
        "source",
        "event",
        "statement",
        "case",
        "quote",
        "quote_translation",
        "locator",
        "position",
    )

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name=_("source"),
    )
    event = models.ForeignKey(
        TimelineEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("event"),
    )
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("statement"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("case"),
        help_text=_(
            "For a source of the case's charges, court, facility or sentence, "
            "cited apart from any event of its chronology."
        ),
    )
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("The source's own words for the fact.")
    )
    quote_translation = models.TextField(
        _("quote translated"),
        blank=True,
        help_text=_(
            "The quote in the reader's language, shown beside the source's "
            "own words, never in their place."
        ),
    )
    locator = models.CharField(
        _("page or section"), max_length=100, blank=True, help_text=_("e.g. p. 3, §12.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    event__isnull=False, statement__isnull=True, case__isnull=True
                )
                | Q(event__isnull=True, statement__isnull=False, case__isnull=True)
                | Q(event__isnull=True, statement__isnull=True, case__isnull=False),
                name="cases_citation_one_target",
            ),
        ]

    def __str__(self):
        return str(self.source)

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._refresh_case()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self._refresh_case()
        return result

    def _refresh_case(self):
        """A citation makes its event evidence of the case, as of its source."""
        if self.event_id:
            refresh_status([self.event.case])
