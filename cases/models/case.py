"""
Cases: one prosecution of one person, its charges and the other people in it.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from editorial.models import (
    PRIVATE_HELP,
    PUBLISHED,
    EditorialModel,
    EditorialPart,
    PublishableQuerySet,
)
from editorial.translations import all_texts
from lib import dates
from lib.dates import validate_edtf
from lib.names import search_text_of
from people.models import Person
from people.models import refresh_status as refresh_person_status
from people.status import RELEASED, Custody, fresh_since

from .. import chronology, evidence, facilities, status
from ..status import Status

SEARCH_TEXT_HELP = _("The public texts, folded for search; set on save.")
PUBLIC_HELP = _(
    "Derived: published, and so is the person (and an event's case). The "
    "public site reads this."
)
FACILITY_KIND = "detention_facility"  # people.Organization.Kind


# What refresh_status() stores: from cases/status.py's Derived, and from
# cases/evidence.py what the published, cited evidence supports.
STATUS_FIELDS = (
    "status",
    "status_since",
    "status_changed_on",
    "custody_started_on",
    "custody_ended_on",
    "custody_started",
    "custody_ended",
    "custody_start_known",
    "last_documented",
    "last_documented_on",
    "status_as_of",
    "status_as_of_on",
    "status_as_of_sentence_end",
    "sentence_latest_end",
    "sentence_latest_end_on",
    "held_at",
    "held_at_since",
)
# What it reads besides.
SENTENCE_FIELDS = ("sentence_starts", "sentence_ends", "sentence_months", "facility")
BATCH = 500


def _evidence_of(ids):
    """Return {case pk: ([(kind, date_lower, date)], [Evidence])}: each
    case's published events in order, and those of them with a published
    citation, with the publication dates of their published sources. A
    scheduled event with no outcome recorded is left out of the first and
    stands in the second by its sources' dates alone."""
    from .events import TimelineEvent
    from .sources import Citation

    found = {pk: ([], [], []) for pk in ids}
    ids = list(found)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        sources = {}
        rows = Citation.objects.filter(
            event__case_id__in=batch,
            event__publication_state=PUBLISHED,
            source__publication_state=PUBLISHED,
        ).values_list("event_id", "source__published")
        for event_id, published in rows:
            sources.setdefault(event_id, []).append(published)
        rows = (
            TimelineEvent.objects.filter(case_id__in=batch, publication_state=PUBLISHED)
            .chronological()
            .values_list(
                "case_id",
                "pk",
                "kind",
                "date_lower",
                "date",
                "organization__kind",
                "organization_id",
                "is_scheduled",
                "outcome",
            )
        )
        for (
            case_id,
            pk,
            kind,
            lower,
            date,
            body_kind,
            place,
            scheduled,
            outcome,
        ) in rows:
            events, cited, places = found[case_id]
            if scheduled and not outcome:
                # Announced, not yet reported as held: its date documents
                # nothing (it may be in the future), its sources only the
                # day they were published; nor does it place anyone.
                if pk in sources:
                    cited.append(evidence.Evidence("", "", tuple(sources[pk])))
                continue
            events.append((kind, lower, date))
            if body_kind != FACILITY_KIND:
                place = None
            places.append(facilities.Placing(kind, date, place))
            if pk in sources:
                cited.append(evidence.Evidence(kind, date, tuple(sources[pk])))
    return found


def _derived_values(case, events, cited, places):
    derived = status.derive(events)
    held = facilities.held_at(places) if derived.status in status.CUSTODIAL else None
    if held is None and derived.status in status.CUSTODIAL and case.facility_id:
        # No event says where: the case's own "detention facility", undated.
        held = facilities.Placing("", "", case.facility_id)
    end = evidence.sentence_end(
        ends=case.sentence_ends,
        starts=case.sentence_starts,
        months=case.sentence_months,
        evidence=cited,
    )
    documented = evidence.last_documented(cited)
    custody = evidence.custody_documented(derived.status, cited, end)
    as_of = custody.until if derived.status in status.CUSTODIAL else documented
    return {
        "status": derived.status,
        "status_since": derived.status_since,
        "status_changed_on": derived.status_changed_on,
        "custody_started_on": derived.custody_started_on,
        "custody_ended_on": derived.custody_ended_on,
        "custody_started": derived.custody_started,
        "custody_ended": derived.custody_ended,
        "custody_start_known": derived.custody_start_known,
        "last_documented": documented.text if documented else "",
        "last_documented_on": documented.day if documented else None,
        "status_as_of": as_of.text if as_of else "",
        "status_as_of_on": as_of.day if as_of else None,
        "status_as_of_sentence_end": custody.at_sentence_end,
        "sentence_latest_end": end.text if end else "",
        "sentence_latest_end_on": end.day if end else None,
        "held_at_id": held.place if held else None,
        "held_at_since": held.date if held else "",
    }


def refresh_status(cases, people=None):
    """
    Store the status that follows from each case's published events
    (cases/status.py, ``derive``) and how far its published, cited evidence
    documents it (cases/evidence.py), then the status of their people: the
    one owner of derived status, for one case (an event's save) and for
    thousands (a bulk write) alike, in a few queries. The case's own
    published events count whether or not the case itself is published yet,
    so its status is right the moment it is; a person's status reads
    published cases only. The person's other cases are refreshed with them:
    a charge in one while another holds the person is "charged while held".
    ``people``: the Person instances to refresh (default: the cases').
    """
    cases = [case for case in cases if case.pk]
    ids = {case.pk for case in cases}
    persons = sorted({case.person_id for case in cases})
    for start in range(0, len(persons), BATCH):
        cases += (
            Case.objects.filter(person_id__in=persons[start : start + BATCH])
            .exclude(pk__in=ids)
            .only(
                "pk", "person_id", "publication_state", *STATUS_FIELDS, *SENTENCE_FIELDS
            )
        )
    found = _evidence_of(case.pk for case in cases)
    values = {case.pk: _derived_values(case, *found[case.pk]) for case in cases}
    _charged_while_held(cases, values)
    changed = []
    for case in cases:
        new = values[case.pk]
        if any(getattr(case, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(case, name, value)
            changed.append(case)
    Case.objects.bulk_update(changed, STATUS_FIELDS, batch_size=BATCH)
    if people is None:
        Person = Case._meta.get_field("person").related_model
        Person.objects.filter(pk__in=persons).refresh_status()
    else:
        refresh_person_status(people)


def _charged_while_held(cases, values):
    """A case charged while another published case of the person holds them
    (its custody covers the charge's date) is "charged while held"."""
    holders = {}
    for case in cases:
        held = values[case.pk]
        if case.publication_state == PUBLISHED and held["custody_started_on"]:
            holders.setdefault(case.person_id, []).append((case.pk, held))
    for case in cases:
        charged = values[case.pk]
        on = charged["status_changed_on"]
        if charged["status"] != Status.CHARGED or on is None:
            continue
        for pk, held in holders.get(case.person_id, ()):
            until = held["custody_ended_on"] or held["status_as_of_on"]
            if pk != case.pk and until and held["custody_started_on"] <= on <= until:
                charged["status"] = Status.CHARGED_WHILE_HELD
                break


def _status_said(record):
    """A status with its "as of", for the review page."""
    label = record.get_status_display()
    if record.status_as_of:
        return f"{label} ({_('as of %(date)s') % {'date': record.status_as_of}})"
    return str(label)


class CaseQuerySet(PublishableQuerySet):
    def refresh_status(self):
        """Store the status of these cases and their people (refresh_status)."""
        refresh_status(self.only("pk", "person_id", *STATUS_FIELDS, *SENTENCE_FIELDS))

    def published(self):
        """Return published cases of published people: ``is_public``, kept
        by refresh_visibility(), so that no public query joins a case to its
        person to know."""
        return super().published().filter(is_public=True)

    def refresh_visibility(self):
        """
        Store whether each of these cases, and each of their events, is
        publicly visible: published, with its person (and an event's case)
        published too. The one owner of ``is_public``: case, event and person
        saves and every bulk write call it. Four updates, of the rows whose
        flag changes only, whatever the number of cases.
        """
        public = Q(publication_state=PUBLISHED, person__publication_state=PUBLISHED)
        self.filter(public, is_public=False).update(is_public=True)
        self.filter(is_public=True).exclude(public).update(is_public=False)
        events = Case._meta.get_field("events").related_model.objects
        events.filter(case__in=self.values("pk")).refresh_visibility()

    @staticmethod
    def still_holding(today):
        """The condition that a custodial case holds its person on ``today``,
        as last documented: its status documented within the freshness
        window, and no sentence certainly over."""
        return Q(status_as_of_on__gte=fresh_since(today)) & (
            Q(sentence_latest_end_on__isnull=True)
            | Q(sentence_latest_end_on__gte=today)
        )

    def custody(self, state, today):
        """
        Return the cases in custody ``state`` (people.status.Custody) as last
        documented, on ``today``: held (a custodial status documented within
        the freshness window, CASETRACKER_FRESH_DAYS, and no sentence
        certainly over), last documented held longer ago (stale), released,
        or nothing documented. Used by the custody filters and the home page.
        """
        custodial = self.filter(status__in=status.CUSTODIAL)
        held = self.still_holding(today)
        if state == Custody.HELD:
            return custodial.filter(held)
        if state == Custody.STALE:
            return custodial.exclude(held)
        if state == Custody.RELEASED:
            return self.filter(status__in=RELEASED)
        if state == Custody.UNKNOWN:
            return self.filter(status=Status.UNKNOWN)
        raise ValueError(f"No custody state {state!r}.")


class Case(EditorialModel):
    """One prosecution of one person."""

    PRIVATE_FIELDS = ("notes",)
    PUBLIC_FIELDS = (
        "title",
        "slug",
        "country",
        "summary",
        "person",
        "court",
        "facility",
        "related_cases",
        "sentence",
        "sentence_months",
        "sentence_starts",
        "sentence_ends",
        "sentence_starts_on",
        "sentence_ends_on",
        "status",
        "status_changed_on",
        "custody_started_on",
        "custody_ended_on",
        "custody_started",
        "custody_ended",
        "custody_start_known",
        "status_since",
        "last_documented",
        "last_documented_on",
        "status_as_of",
        "status_as_of_on",
        "status_as_of_sentence_end",
        "sentence_latest_end",
        "sentence_latest_end_on",
        "held_at",
        "held_at_since",
        "updated_at",
    )

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
    status_since = models.CharField(
        _("status since (as dated)"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("The date of the event that set the status, as it is dated."),
    )
    last_documented = models.CharField(
        _("last documented"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "The latest date a published, cited event or a citing source's "
            "publication supports."
        ),
    )
    last_documented_on = models.DateField(
        _("last documented (earliest day)"), null=True, editable=False
    )
    status_as_of = models.CharField(
        _("status as of"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "How far the sources document the status: for custody, never past "
            "the sentence's latest end without a later source."
        ),
    )
    status_as_of_on = models.DateField(
        _("status as of (earliest day)"), null=True, editable=False
    )
    status_as_of_sentence_end = models.BooleanField(
        _("documented only to the sentence's end"),
        default=False,
        editable=False,
        help_text=_(
            "True when custody is counted to the sentence's latest end because "
            "nothing documents the time after it."
        ),
    )
    sentence_latest_end = models.CharField(
        _("sentence ends at the latest"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "The recorded end, or the sentence's length from its start: time "
            "held before it can only bring the end forward."
        ),
    )
    sentence_latest_end_on = models.DateField(
        _("sentence ends at the latest (day)"), null=True, editable=False
    )
    held_at = models.ForeignKey(
        "people.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="held_cases",
        verbose_name=_("held at, as last documented"),
        help_text=_(
            "Derived while the case holds the person: the facility the latest "
            "published detention, transfer or custody report names, else the "
            "case's detention facility."
        ),
    )
    held_at_since = models.CharField(
        _("held there since (as dated)"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("The date of the event that placed the person there."),
    )

    is_public = models.BooleanField(
        _("publicly visible"), default=False, editable=False, help_text=PUBLIC_HELP
    )

    notes = models.TextField(_("private notes"), blank=True, help_text=PRIVATE_HELP)

    objects = CaseQuerySet.as_manager()
    # is_public follows from the records' states, never restored from history.
    history = HistoricalRecords(
        m2m_fields=[related_cases], excluded_fields=["is_public"]
    )

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
            # /cases/ counts its public cases, and each facet by country and
            # status, from this index alone (PostgreSQL's index-only scan).
            models.Index(
                fields=["country", "status"],
                condition=Q(is_public=True, publication_state=PUBLISHED),
                name="cases_case_public_idx",
            ),
            # /people/ counts only the people with a public case of their own
            # (website.filters.with_case): each count and facet reads them
            # from this index alone.
            models.Index(
                fields=["person"],
                condition=Q(is_public=True, publication_state=PUBLISHED),
                name="cases_case_public_person_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        previous_person_id = was_public = None
        if self.pk:
            previous_person_id, was_public = (
                Case.objects.filter(pk=self.pk)
                .values_list("person_id", "is_public")
                .first()
            ) or (None, None)
        with transaction.atomic():
            # refresh_visibility()'s rule, for this case alone.
            self.is_public = self.is_published and (
                Person.objects.filter(
                    pk=self.person_id, publication_state=PUBLISHED
                ).exists()
            )
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_public"}
            super().save(*args, **kwargs)
            if was_public is not None and was_public != self.is_public:
                self.events.refresh_visibility()
            # Its own status too: it reads the sentence's end, and a revert or
            # a restore must not bring back a stale one.
            self.refresh_status()
            if previous_person_id and previous_person_id != self.person_id:
                Person.objects.get(pk=previous_person_id).refresh_status()

    def set_derived_fields(self):
        """Compute the sentence's bounds and the search text; save() and
        every bulk write call it. (The status comes from the events:
        refresh_status.)"""
        self.sentence_starts_on = dates.bounds(self.sentence_starts)[0]
        self.sentence_ends_on = dates.latest(self.sentence_ends)
        self.search_text = search_text_of(*all_texts(self, "title", "summary"))

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.person.refresh_status()
        return result

    def get_absolute_url(self):
        return reverse("cases:case-detail", args=[self.slug])

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

    def publication_problems(self, *, citations=None):
        problems = super().publication_problems(citations=citations)
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
        the person's. Event saves and deletes call it.
        """
        refresh_status([self], people=[self.person])

    def review_package(self):
        """The person, the sources it and its events cite, the case, its events and
        the statements about it, in the order they are published."""
        from .sources import Source

        events = list(self.events.order_by("date_lower", "position", "pk"))
        sources = Source.objects.filter(
            Q(citations__event__case=self) | Q(citations__case=self)
        ).distinct()
        return [
            self.person,
            *sources.order_by("pk"),
            self,
            *events,
            *self.statements.order_by("pk"),
        ]

    def public_dependents(self):
        """Its published events: they leave the public site with it."""
        leaves = _("leaves the public site with the case")
        return [
            (event, leaves)
            for event in self.events.filter(publication_state=PUBLISHED).order_by(
                "date_lower", "position", "pk"
            )
        ]

    def public_consequences(self):
        import datetime

        held = (
            Case.objects.filter(pk=self.pk)
            .custody(Custody.HELD, datetime.date.today())
            .exists()
        )
        person = self.person
        return [
            (_("Case status"), _status_said(self)),
            (_("Counted as held, as last documented"), _("yes") if held else _("no")),
            (_("The person's status"), _status_said(person)),
        ]

    @property
    def is_detained(self):
        return self.status in status.CUSTODIAL

    def sentence_over(self, today):
        """Return whether the sentence has certainly ended before ``today``
        while custody goes on with no release documented."""
        end = self.sentence_latest_end_on
        return bool(self.is_detained and not self.custody_ended and end and end < today)

    def days_in_custody(self):
        """
        Return (days, exact): the days held from custody's documented start
        to its documented end: its recorded end, else as far as the sources
        document it (``status_as_of``: never to today, never past the
        sentence's latest end without a later source). With imprecise dates
        ("November 2023") the count is the fewest days the dates allow and
        ``exact`` is False: "at least N days". None when nothing can be
        counted.
        """
        if not self.custody_started:
            return None
        start_earliest, start_latest = dates.certain_bounds(self.custody_started)
        start_latest = start_latest or start_earliest  # an open interval
        if self.custody_ended:
            end_earliest, end_latest = dates.certain_bounds(self.custody_ended)
        elif self.status_as_of and self.is_detained:
            # "December 2024" documents custody to 1 December: "at least".
            end_earliest, end_latest = dates.certain_bounds(self.status_as_of)
        else:
            return None
        days = (end_earliest - start_latest).days
        exact = (
            self.custody_start_known
            and start_earliest == start_latest
            and end_earliest == end_latest
        )
        if days < 0 or (days == 0 and not exact):
            return None
        return days, exact


class Charge(EditorialPart):
    """An article of a criminal code that a case charges."""

    PART_OF = ("case",)
    PUBLIC_FIELDS = ("case", "article", "code", "description", "position")

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


class CaseParticipant(EditorialPart):
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

    PART_OF = ("case",)
    PUBLIC_FIELDS = ("case", "person", "role", "note", "position")

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
