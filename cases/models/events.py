"""
The chronology: the dated events of a case.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from editorial.models import (
    PRIVATE_HELP,
    PUBLISHED,
    EditorialModel,
    PublishableQuerySet,
)
from editorial.translations import all_texts, has_text, localized_names
from lib import dates
from lib.dates import Precision, validate_edtf
from lib.names import search_text_of

from .. import chronology
from .case import PUBLIC_HELP, SEARCH_TEXT_HELP, Case

EVENT_DATE_HELP = _(
    "EDTF, as precise as the source: 2011-05-18, 2012-06 (month), 2011 "
    "(year), 2011~ (about), 2011? (uncertain), 2023-01-09/2023-02-27 "
    "(interval), 2023-01-09/.. (still going on)."
)


class TimelineEventQuerySet(PublishableQuerySet):
    def published(self):
        """Return published events of published cases of published people:
        ``is_public``, kept by refresh_visibility(), so that no public query
        (a facet's count over every event) joins events to cases and people
        to know."""
        return super().published().filter(is_public=True)

    def refresh_visibility(self):
        """Store whether each of these events is publicly visible: published,
        of a publicly visible case (Case.is_public, stored first by
        CaseQuerySet.refresh_visibility()). Two updates, of the rows whose
        flag changes only."""
        public = Q(publication_state=PUBLISHED, case__is_public=True)
        self.filter(public, is_public=False).update(is_public=True)
        self.filter(is_public=True).exclude(public).update(is_public=False)

    def chronological(self):
        """Return events by date; a month or a year sorts by its first day,
        ties by position."""
        return self.order_by("date_lower", "position", "pk")

    def scheduled_between(self, first, last):
        """Return scheduled events whose date may fall between the days
        ``first`` and ``last``: its earliest day is not after ``last`` and its
        latest not before ``first`` (a month-precise hearing in May is within
        a window that includes any day of May)."""
        return self.filter(is_scheduled=True, date_lower__lte=last).filter(
            Q(date_upper__gte=first) | Q(date_upper__isnull=True, date_lower__gte=first)
        )

    def outcome_missing(self, today):
        """Return scheduled events whose date has certainly passed before
        ``today`` with no outcome recorded: the editors' queue."""
        return (
            self.filter(is_scheduled=True)
            .exclude(has_text("outcome"))
            .filter(
                Q(date_upper__lt=today)
                | Q(date_upper__isnull=True, date_lower__lt=today)
            )
        )

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
        VERDICT = "verdict", _("Verdict announced for a date")
        SENTENCE_END = "sentence_end", _("Sentence ends")
        ACQUITTAL = "acquittal", _("Acquittal")
        CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
        TRAVEL_BAN = "travel_ban", _("Travel ban")
        ABDUCTION = "abduction", _("Abduction")
        EXILE = "exile", _("Exile")
        DEATH = "death", _("Death")
        AWARD = "award", _("Award")
        OTHER = "other", _("Other")

    class Schedule(models.TextChoices):
        """Where a scheduled event stands on a given day (schedule_on)."""

        UPCOMING = "upcoming", _("Scheduled")
        OUTCOME_MISSING = "outcome_missing", _("Outcome not yet documented")
        OUTCOME_RECORDED = "outcome_recorded", _("Outcome recorded")

    class Verification(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed by several sources")
        SINGLE_SOURCE = "single_source", _("Single source")
        ALLEGED = "alleged", _("Alleged")
        DISPUTED = "disputed", _("Disputed")

    PRIVATE_FIELDS = ("notes",)
    PUBLIC_FIELDS = (
        "title",
        "kind",
        "description",
        "place",
        "case",
        "organization",
        "date",
        "date_lower",
        "date_upper",
        "date_precision",
        "position",
        "verification",
        "is_scheduled",
        "outcome",
        "updated_at",
    )

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
    is_scheduled = models.BooleanField(
        _("scheduled"),
        default=False,
        help_text=_(
            "Announced ahead of its date by a cited source: a hearing, a "
            "verdict announced for a date, the end of a sentence. Only these "
            "kinds may be scheduled, and only a scheduled event may have a "
            "date in the future. Keep it ticked once the date has passed and "
            "record the outcome."
        ),
    )
    outcome = models.TextField(
        _("outcome"),
        blank=True,
        help_text=_(
            "For a scheduled event: what happened on the day, as a cited "
            "source reports it. Until it is recorded, a past date shows as "
            "“outcome not yet documented” and the event waits in the "
            "editors' queue."
        ),
    )
    search_text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=SEARCH_TEXT_HELP
    )
    is_public = models.BooleanField(
        _("publicly visible"), default=False, editable=False, help_text=PUBLIC_HELP
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)

    objects = TimelineEventQuerySet.as_manager()
    # is_public follows from the records' states, never restored from history.
    history = HistoricalRecords(excluded_fields=["is_public"])

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
            models.CheckConstraint(
                condition=Q(is_scheduled=False)
                | Q(kind__in=sorted(chronology.SCHEDULED_KINDS)),
                name="cases_timelineevent_scheduled_kinds",
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
            # /events/ and its facets count the public events by kind, date
            # and case (its country) from this index alone (PostgreSQL's
            # index-only scan): not from the rows, each wide with its texts.
            models.Index(
                fields=["kind", "date_lower", "date_upper", "case"],
                condition=Q(is_public=True, publication_state=PUBLISHED),
                name="cases_event_public_idx",
            ),
            # /calendar/, its feeds and the queue of outcomes to document
            # read scheduled events by date.
            models.Index(
                fields=["date_lower"],
                condition=Q(is_scheduled=True),
                name="cases_event_scheduled_idx",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        with transaction.atomic():
            # refresh_visibility()'s rule, for this event alone.
            self.is_public = self.is_published and (
                Case.objects.filter(pk=self.case_id, is_public=True).exists()
            )
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_public"}
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
        editable fields. save() calls it, and so does every bulk write."""
        self.date = (self.date or "").strip()
        self.date_lower, self.date_upper, self.date_precision = dates.bounds(self.date)
        self.search_text = search_text_of(
            *all_texts(self, "title", "description", "place")
        )

    def clean(self):
        super().clean()
        errors = self._schedule_errors()
        messages = self._chronology_messages()
        if messages:
            errors["date"] = messages
        if errors:
            raise ValidationError(errors)

    def _chronology_messages(self):
        """The chronology checks of this event against the case's others."""
        if not self.date or not self.case_id:
            return []
        try:
            dates.parse_edtf(self.date)
        except ValidationError:
            return []  # The field validator already reports the bad date.
        if chronology.checked_together():
            return []  # the case page's formset or the import checks them all
        siblings = self.case.events.exclude(pk=self.pk).values_list(
            "pk", "kind", "date", "is_scheduled"
        )
        items = [
            chronology.Dated(pk, kind, date, self.Kind(kind).label, scheduled)
            for pk, kind, date, scheduled in siblings
        ]
        items.append(
            chronology.Dated(
                None, self.kind, self.date, self.get_kind_display(), self.is_scheduled
            )
        )
        return [
            p.message
            for p in chronology.check_events(items)
            if p.key is None or None in p.others
        ]

    def _schedule_errors(self):
        """Only the kinds scheduled by nature are scheduled; an outcome
        belongs to a scheduled event whose day has come."""
        errors = {}
        if self.is_scheduled and self.kind not in chronology.SCHEDULED_KINDS:
            errors["is_scheduled"] = _(
                "Only a trial, appeal or cassation hearing, a parole hearing, a "
                "verdict announced for a date or the end of a sentence can be "
                "scheduled."
            )
        # Said beside the language the outcome is written in (the admin's
        # form has a field per language, none named "outcome").
        written = [c for c in localized_names("outcome") if (getattr(self, c) or "")]
        where = written[0] if written else "outcome"
        if self.outcome.strip() and not self.is_scheduled:
            errors[where] = _(
                "An outcome is recorded for a scheduled event; describe what "
                "happened in the description instead."
            )
        elif self.outcome.strip() and self.date:
            try:
                lower = dates.bounds(self.date)[0]
            except ValidationError:
                lower = None
            if lower and lower > datetime.date.today():
                errors[where] = _(
                    "The outcome can be recorded once the date has passed."
                )
        return errors

    def schedule_on(self, today):
        """Return where a scheduled event stands on ``today`` (Schedule), or
        "" for one not scheduled: upcoming until its latest possible day has
        passed, then its outcome recorded or not yet documented."""
        return self.schedule(
            self.is_scheduled, self.outcome, self.date_lower, self.date_upper, today
        )

    @classmethod
    def schedule(cls, is_scheduled, outcome, date_lower, date_upper, today):
        """schedule_on() from an event's values (website/keys.py reads them
        without loading the event)."""
        if not is_scheduled:
            return ""
        if outcome:
            return cls.Schedule.OUTCOME_RECORDED
        if (date_upper or date_lower) >= today:
            return cls.Schedule.UPCOMING
        return cls.Schedule.OUTCOME_MISSING

    @property
    def date_display(self):
        return dates.display(self.date)

    @property
    def is_span(self):
        """Whether the event is documented as lasting, from the start of its
        interval to its end ("2019-07-01/2019-08-15"): a hunger strike dated
        by a closed interval (chronology.SPAN_KINDS). Other kinds' intervals
        say only when they happened."""
        return self.kind in chronology.SPAN_KINDS and dates.is_closed_interval(
            self.date
        )

    @property
    def when_display(self):
        """The date as the public pages show it: a span with its length
        ("45 days, 1 July – 15 August 2019"), else the date."""
        return dates.display_span(self.date) if self.is_span else self.date_display

    def public_consequences(self):
        from .sources import Citation

        cited = Citation.objects.filter(
            event=self, source__publication_state=PUBLISHED
        ).count()
        return [
            (_("Citations of published sources"), cited),
            *self.case.public_consequences(),
        ]

    def publication_problems(self, *, citations=None):
        problems = super().publication_problems(citations=citations)
        if citations is None:
            citations = list(self.citations.select_related("source")) if self.pk else []
        if not citations:
            problems.append(
                _(
                    "An event can only be published with at least one citation "
                    "of a source: cite its source on the event's own page."
                )
            )
        elif not any(c.source.publication_state == PUBLISHED for c in citations):
            problems.append(
                _(
                    "Publish its source first (%(source)s): an event is published "
                    "only with a citation of a published source."
                )
                % {"source": citations[0].source}
            )
        return problems
