"""
What happened, and the evidence: cases, their charges and people, the
chronology of events, the sources that document them, and what organizations
said about them.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from editorial.choices import ChoiceLabelsMixin
from editorial.models import (
    PRIVATE_HELP,
    EditorialModel,
    PublicationState,
    PublishableQuerySet,
)
from lib import dates
from lib.dates import Precision, validate_edtf
from lib.names import search_text_of

from . import chronology, status
from .status import Status

SEARCH_TEXT_HELP = _("The public texts, folded for search; set on save.")

EVENT_DATE_HELP = _(
    "EDTF, as precise as the source: 2011-05-18, 2012-06 (month), 2011 "
    "(year), 2011~ (about), 2011? (uncertain), 2023-01-09/2023-02-27 "
    "(interval), 2023-01-09/.. (still going on)."
)


PUBLISHED = PublicationState.PUBLISHED


class CaseQuerySet(PublishableQuerySet):
    def published(self):
        """Return published cases of published people."""
        return super().published().filter(person__publication_state=PUBLISHED)

    def held_as_documented(self, today):
        """
        Custodial cases whose custody, as the sources document it, runs on
        ``today``: not those whose sentence has certainly ended with no
        release recorded (see Case.sentence_over_unreleased).
        """
        return self.filter(status__in=status.CUSTODIAL).exclude(
            sentence_ends_on__lt=today
        )


class Case(EditorialModel):
    """One prosecution of one person."""

    PRIVATE_FIELDS = ("notes",)

    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("Person and charge, e.g. Mehman Huseynov, defamation (2017)."),
    )
    slug = models.SlugField(_("slug"), max_length=200)

    country = CountryField(_("country"), help_text=_("Where the case is prosecuted."))
    summary = models.TextField(_("summary"), blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("person"),
        help_text=_("The prisoner or defendant."),
    )
    court = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="court_cases",
        verbose_name=_("court"),
        limit_choices_to={"kind": "court"},
        help_text=_("The court of first instance."),
    )
    facility = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facility_cases",
        verbose_name=_("detention facility"),
        limit_choices_to={"kind": "detention_facility"},
        help_text=_("Where the person is or was last held."),
    )
    related_cases = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("related cases"),
        help_text=_("Other cases of the same group prosecution."),
    )

    sentence = models.CharField(
        _("sentence"),
        max_length=255,
        blank=True,
        help_text=_("As the court gave it, e.g. two years' imprisonment."),
    )
    sentence_months = models.PositiveIntegerField(
        _("sentence in months"),
        null=True,
        blank=True,
        help_text=_("Length of a custodial sentence, for statistics."),
    )
    sentence_starts = models.CharField(
        _("sentence starts"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=_("EDTF, e.g. 2017-03-03."),
    )
    sentence_ends = models.CharField(
        _("sentence ends"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=_("EDTF, e.g. 2019-03-02."),
    )
    sentence_starts_on = models.DateField(null=True, editable=False)
    sentence_ends_on = models.DateField(null=True, editable=False)

    status = models.CharField(
        _("status"),
        max_length=32,
        choices=Status,
        default=Status.UNKNOWN,
        editable=False,
        help_text=_("Follows from the case's published events."),
    )
    status_changed_on = models.DateField(_("status since"), null=True, editable=False)
    custody_started_on = models.DateField(
        _("custody started"), null=True, editable=False
    )
    custody_ended_on = models.DateField(_("custody ended"), null=True, editable=False)
    custody_started = models.CharField(
        _("custody started (as dated)"), max_length=64, blank=True, editable=False
    )
    custody_ended = models.CharField(
        _("custody ended (as dated)"), max_length=64, blank=True, editable=False
    )
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=SEARCH_TEXT_HELP
    )
    custody_start_known = models.BooleanField(
        _("custody start known"),
        default=True,
        editable=False,
        help_text=_("False when the sources only report the person already held."),
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[related_cases])

    class Meta:
        verbose_name = _("case")
        permissions = [
            ("publish_case", _("Can publish, unpublish and return cases to draft"))
        ]
        verbose_name_plural = _("cases")
        ordering = ["-custody_started_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="cases_case_slug_unique"),
            models.CheckConstraint(
                condition=Q(sentence_starts_on__isnull=True)
                | Q(sentence_ends_on__isnull=True)
                | Q(sentence_starts_on__lte=F("sentence_ends_on")),
                name="cases_case_sentence_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(custody_started_on__isnull=True)
                | Q(custody_ended_on__isnull=True)
                | Q(custody_started_on__lte=F("custody_ended_on")),
                name="cases_case_custody_dates_ordered",
            ),
        ]
        indexes = [
            # /cases/ filters by status and country; / counts the detained.
            models.Index(fields=["status", "country"], name="cases_case_status_idx"),
            models.Index(fields=["country"], name="cases_case_country_idx"),
            # /cases/ year range filter and stats by year of detention.
            models.Index(fields=["custody_started_on"], name="cases_case_custody_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sentence_starts_on = (
            dates.parse_edtf(self.sentence_starts).lower
            if self.sentence_starts
            else None
        )
        if self.sentence_ends:
            parsed = dates.parse_edtf(self.sentence_ends)
            self.sentence_ends_on = parsed.upper or parsed.lower
        else:
            self.sentence_ends_on = None
        self.search_text = search_text_of(self.title, self.summary)
        previous_person_id = None
        if self.pk:
            previous_person_id = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("person_id", flat=True)
                .first()
            )
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.person.refresh_status()
            if previous_person_id and previous_person_id != self.person_id:
                from people.models import Person

                Person.objects.get(pk=previous_person_id).refresh_status()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.person.refresh_status()
        return result

    def get_absolute_url(self):
        # Kept per slug: a person page asks once for each of its events.
        cached = self.__dict__.get("_url")
        if cached is None or cached[0] != self.slug:
            cached = self._url = (
                self.slug,
                reverse("cases:case-detail", args=[self.slug]),
            )
        return cached[1]

    def clean(self):
        super().clean()
        errors = {}
        if self.is_published and self.person_id and not self.person.is_published:
            errors["publication_state"] = self.publication_problems()
        if self.sentence_starts:
            message = chronology.check_not_future(self.sentence_starts)
            if message:
                errors["sentence_starts"] = message
        if self.sentence_starts and self.sentence_ends:
            start = dates.certain_bounds(self.sentence_starts)[0]
            end = dates.certain_bounds(self.sentence_ends)[1]
            if start and end and end < start:
                errors["sentence_ends"] = _(
                    "The sentence cannot end (%(end)s) before it starts (%(start)s)."
                ) % {
                    "end": dates.display(self.sentence_ends),
                    "start": dates.display(self.sentence_starts),
                }
        if errors:
            raise ValidationError(errors)

    def publication_problems(self):
        problems = super().publication_problems()
        if not self.person.is_published:
            problems.append(
                _(
                    "Publish the person (%(person)s) first: a case cannot be "
                    "published before its person."
                )
                % {"person": self.person}
            )
        return problems

    def refresh_status(self):
        """
        Store the status that follows from this case's published events, then
        the person's. The one owner of derived status: event saves and
        deletes call it. Reads the case's events and the person's cases.
        """
        # The case's own published events, whether or not the case itself is
        # published yet, so the status is right the moment it is.
        events = self.events.filter(publication_state=PUBLISHED).chronological()
        derived = status.derive(events.values_list("kind", "date_lower", "date"))
        values = {
            "status": derived.status,
            "status_changed_on": derived.status_changed_on,
            "custody_started_on": derived.custody_started_on,
            "custody_ended_on": derived.custody_ended_on,
            "custody_started": derived.custody_started,
            "custody_ended": derived.custody_ended,
            "custody_start_known": derived.custody_start_known,
        }
        if any(getattr(self, name) != value for name, value in values.items()):
            type(self).objects.filter(pk=self.pk).update(**values)
            for name, value in values.items():
                setattr(self, name, value)
        self.person.refresh_status()

    @property
    def is_detained(self):
        return self.status in status.CUSTODIAL

    def sentence_over_unreleased(self, today):
        """
        Return the earliest day the sentence can have ended when it has
        certainly ended before ``today`` while the case is still custodial
        with no release documented; else None. The sources then say nothing
        of the time since: the page must not count it as detention.
        """
        # The same test as CaseQuerySet.held_as_documented, on the stored end.
        ended_by = self.sentence_ends_on
        if not ended_by or ended_by >= today or self.custody_ended:
            return None
        if not self.is_detained:
            return None
        return dates.certain_bounds(self.sentence_ends)[0]

    def days_in_custody(self, today):
        """
        Return (days, exact): the days held from custody's start to its end,
        or to ``today`` while it lasts. With imprecise dates ("November
        2023") the count is the fewest days the dates allow and ``exact`` is
        False: "at least N days". When the sentence has ended and no release
        is documented, the count stops at the sentence's end ("at least").
        Returns None when nothing can be counted.
        """
        if not self.custody_started:
            return None
        start_earliest, start_latest = dates.certain_bounds(self.custody_started)
        start_latest = start_latest or start_earliest  # an open interval
        sentence_over = self.sentence_over_unreleased(today)
        if self.custody_ended:
            end_earliest, end_latest = dates.certain_bounds(self.custody_ended)
        elif sentence_over:
            end_earliest, end_latest = sentence_over, None  # "at least"
        else:
            end_earliest = end_latest = today
        days = (end_earliest - start_latest).days
        exact = (
            self.custody_start_known
            and start_earliest == start_latest
            and end_earliest == end_latest
        )
        if days < 0 or (days == 0 and not exact):
            return None
        return days, exact


class Charge(models.Model):
    """An article of a criminal code that a case charges."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="charges", verbose_name=_("case")
    )
    article = models.CharField(
        _("article"),
        max_length=32,
        blank=True,
        help_text=_("e.g. 317.2; leave empty if the source does not give it."),
    )
    code = models.CharField(
        _("code"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Criminal Code of Azerbaijan."),
    )
    description = models.CharField(
        _("description"),
        max_length=255,
        help_text=_("What the charge alleges, e.g. evasion of military service."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["position", "article"]
        indexes = [
            # /cases/ and /people/ filter by charge article.
            models.Index(fields=["article"], name="cases_charge_article_idx"),
        ]

    def __str__(self):
        if self.article:
            return f"{self.article} {self.code}: {self.description}".strip()
        return self.description


class CaseParticipant(ChoiceLabelsMixin):
    """Someone other than the prisoner with a role in the case."""

    class Role(models.TextChoices):
        LAWYER = "lawyer", _("Lawyer")
        JUDGE = "judge", _("Judge")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        INVESTIGATOR = "investigator", _("Investigator")
        CO_DEFENDANT = "co_defendant", _("Co-defendant")
        WITNESS = "witness", _("Witness")
        EXPERT = "expert", _("Expert")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("case"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="case_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role)
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Public, e.g. 'from March 2023'."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person in the case")
        verbose_name_plural = _("people in the case")
        ordering = ["position", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], name="cases_participant_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.case_id and self.person_id and self.case.person_id == self.person_id:
            raise ValidationError(
                {"person": _("The case's own prisoner cannot also be a participant.")}
            )


class TimelineEventQuerySet(PublishableQuerySet):
    def published(self):
        """Return published events of published cases of published people."""
        return (
            super()
            .published()
            .filter(
                case__publication_state=PUBLISHED,
                case__person__publication_state=PUBLISHED,
            )
        )

    def chronological(self):
        """Return events by date; a month or a year sorts by its first day,
        ties by position."""
        return self.order_by("date_lower", "position", "pk")

    def with_source_count(self):
        """Annotate ``source_count``: distinct sources cited by each event."""
        return self.annotate(source_count=Count("citations__source", distinct=True))


class TimelineEvent(EditorialModel):
    """One dated thing that happened in a case."""

    class Kind(models.TextChoices):
        DETENTION = "detention", _("Detention")
        IN_CUSTODY = "in_custody", _("Reported in custody")
        CHARGE = "charge", _("Charge")
        PRETRIAL_DETENTION = "pretrial_detention", _("Pretrial detention")
        HOUSE_ARREST = "house_arrest", _("House arrest")
        TRIAL = "trial", _("Trial")
        SENTENCE = "sentence", _("Sentence")
        APPEAL = "appeal", _("Appeal")
        CASSATION = "cassation", _("Cassation")
        ECHR_APPLICATION = "echr_application", _("ECHR application")
        ECHR_JUDGMENT = "echr_judgment", _("ECHR judgment")
        UN_OPINION = "un_opinion", _("UN opinion")
        HUNGER_STRIKE_START = "hunger_strike_start", _("Hunger strike begins")
        HUNGER_STRIKE_END = "hunger_strike_end", _("Hunger strike ends")
        TRANSFER = "transfer", _("Transfer")
        ILL_TREATMENT = "ill_treatment", _("Torture or ill-treatment reported")
        HEALTH = "health", _("Health")
        PAROLE_HEARING = "parole_hearing", _("Parole hearing")
        PARDON = "pardon", _("Pardon")
        RELEASE = "release", _("Release")
        ACQUITTAL = "acquittal", _("Acquittal")
        CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
        TRAVEL_BAN = "travel_ban", _("Travel ban")
        ABDUCTION = "abduction", _("Abduction")
        EXILE = "exile", _("Exile")
        DEATH = "death", _("Death")
        AWARD = "award", _("Award")
        OTHER = "other", _("Other")

    class Verification(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed by several sources")
        SINGLE_SOURCE = "single_source", _("Single source")
        ALLEGED = "alleged", _("Alleged")
        DISPUTED = "disputed", _("Disputed")

    PRIVATE_FIELDS = ("notes",)

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case")
    )
    organization = models.ForeignKey(
        "people.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("court or body"),
        help_text=_("The court, facility or authority that acted, if any."),
    )

    date = models.CharField(
        _("date"), max_length=64, validators=[validate_edtf], help_text=EVENT_DATE_HELP
    )
    date_lower = models.DateField(_("earliest date"), editable=False)
    date_upper = models.DateField(
        _("latest date"), null=True, editable=False, help_text=_("Empty while ongoing.")
    )
    date_precision = models.CharField(
        _("precision"), max_length=16, choices=Precision, editable=False
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Orders events that share a date.")
    )
    verification = models.CharField(
        _("verification"),
        max_length=16,
        choices=Verification,
        default=Verification.SINGLE_SOURCE,
    )
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=SEARCH_TEXT_HELP
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)

    objects = TimelineEventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        permissions = [
            (
                "publish_timelineevent",
                _("Can publish, unpublish and return events to draft"),
            )
        ]
        verbose_name_plural = _("events")
        ordering = ["date_lower", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_upper__isnull=True)
                | Q(date_lower__lte=F("date_upper")),
                name="cases_timelineevent_date_bounds_ordered",
            ),
        ]
        indexes = [
            # The chronology on person and case pages orders by these.
            models.Index(
                fields=["case", "date_lower", "position"],
                name="cases_event_chronology_idx",
            ),
            # /events/ lists newest first, filtered by kind and date range.
            models.Index(fields=["kind", "date_lower"], name="cases_event_kind_idx"),
            models.Index(fields=["date_lower"], name="cases_event_date_idx"),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.case.refresh_status()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.case.refresh_status()
        return result

    def get_absolute_url(self):
        return f"{self.case.get_absolute_url()}#event-{self.pk}"

    def set_derived_fields(self):
        """Compute the date bounds, precision and search text from the
        editable fields. save() calls it; so must any bulk importer."""
        parsed = dates.parse_edtf(self.date)
        self.date = parsed.text
        self.date_lower, self.date_upper = parsed.lower, parsed.upper
        self.date_precision = parsed.precision
        self.search_text = search_text_of(self.title, self.description, self.place)

    def clean(self):
        super().clean()
        if not self.date or not self.case_id:
            return
        try:
            dates.parse_edtf(self.date)
        except ValidationError:
            return  # The field validator already reports the bad date.
        if getattr(self, "checked_with_siblings", False):
            return  # The case admin's formset checks all events at once.
        siblings = self.case.events.exclude(pk=self.pk).values_list(
            "pk", "kind", "date"
        )
        items = [
            chronology.Dated(pk, kind, date, self.Kind(kind).label)
            for pk, kind, date in siblings
        ]
        items.append(
            chronology.Dated(None, self.kind, self.date, self.get_kind_display())
        )
        messages = [
            p.message
            for p in chronology.check_events(items)
            if p.key is None or None in p.others
        ]
        if messages:
            raise ValidationError({"date": messages})

    @property
    def date_display(self):
        return dates.display(self.date)

    def publication_problems(self):
        problems = super().publication_problems()
        if not self.pk or not self.citations.exists():
            problems.append(
                _(
                    "An event can only be published with at least one citation "
                    "of a source."
                )
            )
        return problems


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

    title = models.CharField(_("title"), max_length=500)
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
        self.published_on = (
            dates.parse_edtf(self.published).lower if self.published else None
        )
        self.search_text = search_text_of(self.title, self.publisher, self.identifier)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.published:
            try:
                message = chronology.check_not_future(self.published)
            except ValidationError:
                message = None
            if message:
                raise ValidationError({"published": message})


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
    quote = models.TextField(_("quote"), blank=True)
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
        if self.date:
            parsed = dates.parse_edtf(self.date)
            self.date = parsed.text
            self.date_lower, self.date_upper = parsed.lower, parsed.upper
            self.date_precision = parsed.precision
        else:
            self.date_lower = self.date_upper = None
            self.date_precision = ""
        self.search_text = search_text_of(
            self.title,
            self.summary,
            self.demands,
            self.quote,
            self.speaker,
            self.addressee,
        )
        super().save(*args, **kwargs)

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

    def publication_problems(self):
        problems = super().publication_problems()
        if not self.pk or not self.citations.exists():
            problems.append(
                _("A statement can only be published with at least one source cited.")
            )
        return problems


class StatementParty(ChoiceLabelsMixin):
    """An organization that authored or signed a statement."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        SIGNATORY = "signatory", _("Signatory")

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


class Citation(models.Model):
    """A source cited for one event or one statement, with the words it says."""

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
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("The source's own words for the fact.")
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
                condition=Q(event__isnull=False, statement__isnull=True)
                | Q(event__isnull=True, statement__isnull=False),
                name="cases_citation_one_target",
            ),
        ]

    def __str__(self):
        return str(self.source)
