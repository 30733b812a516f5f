"""
What organizations said about people and cases, and who signed it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
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
from lib.dates import Precision, validate_edtf
from lib.names import search_text_of

from .. import chronology
from .case import SEARCH_TEXT_HELP, Case


class Statement(EditorialModel):
    """What organizations said: a press release, letter, petition, designation…"""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("Press release")
        OPEN_LETTER = "open_letter", _("Open letter")
        PETITION = "petition", _("Petition")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")
        RESOLUTION = "resolution", _("Resolution")
        DESIGNATION = "designation", _("Designation")
        OFFICIAL_STATEMENT = "official_statement", _("Official statement")
        GOVERNMENT_RESPONSE = "government_response", _("Government response")
        OTHER = "other", _("Other")

    class Designation(models.TextChoices):
        PRISONER_OF_CONSCIENCE = "prisoner_of_conscience", _("Prisoner of conscience")
        POLITICAL_PRISONER = "political_prisoner", _("Political prisoner")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACHIEVED = "achieved", _("Achieved")
        PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")

    PRIVATE_FIELDS = ("notes",)
    PUBLIC_FIELDS = (
        "title",
        "slug",
        "kind",
        "designation",
        "summary",
        "demands",
        "quote",
        "quote_translation",
        "speaker",
        "addressee",
        "addressee_organization",
        "petition_target",
        "signature_count",
        "signature_goal",
        "signatories_stated",
        "outcome",
        "outcome_description",
        "people",
        "cases",
        "date",
        "date_lower",
        "date_upper",
        "date_precision",
        "updated_at",
    )

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200)

    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    designation = models.CharField(
        _("designation"),
        max_length=32,
        choices=Designation,
        blank=True,
        help_text=_("For designations only."),
    )
    summary = models.TextField(_("summary"), blank=True)
    demands = models.TextField(
        _("demands"),
        blank=True,
        help_text=_("What the statement asks for, one per line."),
    )
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("In the language the authors used.")
    )
    quote_translation = models.TextField(
        _("quote translated"),
        blank=True,
        help_text=_(
            "The quote in the reader's language, shown beside the authors' "
            "own words, never in their place."
        ),
    )
    speaker = models.CharField(
        _("speaker"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who spoke for the authors, e.g. Secretary of State Antony Blinken."
        ),
    )
    addressee = models.CharField(
        _("addressee"),
        max_length=500,
        blank=True,
        help_text=_("To whom it is addressed, as the statement says."),
    )
    addressee_organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_received",
        verbose_name=_("addressee organization"),
    )
    petition_target = models.CharField(
        _("petition target"),
        max_length=500,
        blank=True,
        help_text=_("Petitions: who must act for it to succeed."),
    )
    signature_count = models.PositiveIntegerField(
        _("signatures"),
        null=True,
        blank=True,
        help_text=_("Petitions: signatures as last reported."),
    )
    signature_goal = models.PositiveIntegerField(
        _("signature goal"), null=True, blank=True
    )
    signatories_stated = models.PositiveIntegerField(
        _("signatories, as the statement says"),
        null=True,
        blank=True,
        help_text=_(
            "How many authors and signatories the document itself states (“We, "
            "41 human rights organisations…”), when it says. The page shows it "
            "beside the count of those listed when they differ."
        ),
    )
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome, blank=True)
    outcome_description = models.TextField(_("outcome description"), blank=True)
    people = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="statements",
        verbose_name=_("about people"),
    )
    cases = models.ManyToManyField(
        Case, blank=True, related_name="statements", verbose_name=_("about cases")
    )

    date = models.CharField(
        _("date"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=_("EDTF; leave empty if the source does not date it."),
    )
    date_lower = models.DateField(_("earliest date"), null=True, editable=False)
    date_upper = models.DateField(_("latest date"), null=True, editable=False)
    date_precision = models.CharField(
        _("precision"), max_length=16, choices=Precision, blank=True, editable=False
    )

    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=SEARCH_TEXT_HELP
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)

    history = HistoricalRecords(m2m_fields=[people, cases])

    class Meta:
        verbose_name = _("statement")
        permissions = [
            (
                "publish_statement",
                _("Can publish, unpublish and return statements to draft"),
            )
        ]
        verbose_name_plural = _("statements")
        ordering = [F("date_lower").desc(nulls_last=True), "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], name="cases_statement_slug_unique"
            ),
            models.CheckConstraint(
                condition=Q(designation="") | Q(kind="designation"),
                name="cases_statement_designation_kind",
            ),
            models.CheckConstraint(
                condition=Q(date_upper__isnull=True)
                | Q(date_lower__isnull=True)
                | Q(date_lower__lte=F("date_upper")),
                name="cases_statement_date_bounds_ordered",
            ),
        ]
        indexes = [
            # /statements/ filters by kind and year.
            models.Index(
                fields=["kind", "date_lower"], name="cases_statement_kind_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def set_derived_fields(self):
        """Compute the date bounds, precision and search text; save() and
        every bulk write call it."""
        self.date = (self.date or "").strip()
        self.date_lower, self.date_upper, self.date_precision = dates.bounds(self.date)
        self.search_text = search_text_of(
            *all_texts(
                self, "title", "summary", "demands", "quote", "quote_translation"
            ),
            self.speaker,
            self.addressee,
        )

    def get_absolute_url(self):
        return reverse("cases:statement-detail", args=[self.slug])

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.DESIGNATION and not self.designation:
            errors["designation"] = _("Say which designation this is.")
        if self.designation and self.kind != self.Kind.DESIGNATION:
            errors["designation"] = _(
                "Only a designation carries one; set the kind to Designation."
            )
        if self.date:
            try:
                message = chronology.check_not_future(self.date)
            except ValidationError:
                message = None
            if message:
                errors["date"] = message
        if errors:
            raise ValidationError(errors)

    @property
    def date_display(self):
        return dates.display(self.date)

    @property
    def demand_list(self):
        return [line.strip() for line in self.demands.splitlines() if line.strip()]

    def publication_problems(self, *, citations=None):
        problems = super().publication_problems(citations=citations)
        if citations is None:
            citations = list(self.citations.select_related("source")) if self.pk else []
        if not citations:
            problems.append(
                _("A statement can only be published with at least one source cited.")
            )
        elif not any(c.source.publication_state == PUBLISHED for c in citations):
            problems.append(
                _(
                    "Publish its source first (%(source)s): a statement is "
                    "published only with a published source."
                )
                % {"source": citations[0].source}
            )
        return problems


class StatementParty(EditorialPart):
    """An organization that authored or signed a statement."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        SIGNATORY = "signatory", _("Signatory")

    PART_OF = ("statement",)
    PUBLIC_FIELDS = ("statement", "organization", "role", "via", "position")

    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("statement"),
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        related_name="statement_parts",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role)
    via = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed through"),
        help_text=_("The network or house under which it signed, if any."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("author or signatory")
        verbose_name_plural = _("authors and signatories")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organization"],
                condition=Q(via__isnull=True),
                name="cases_statementparty_unique",
            ),
            models.UniqueConstraint(
                fields=["statement", "organization", "via"],
                condition=Q(via__isnull=False),
                name="cases_statementparty_via_unique",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"
