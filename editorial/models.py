"""
What every editorial record shares: a publication state that gates the public
site, a version number that increases on every save, and who made and last
changed it. History (who changed what, and reverting it) comes from
django-simple-history, declared on each concrete model.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from .translations import base_name


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


# The state every public query filters on; named once, imported elsewhere.
PUBLISHED = PublicationState.PUBLISHED


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Return the objects the public may see: the only door to public data."""
        return self.filter(publication_state=PublicationState.PUBLISHED)


PRIVATE_HELP = _("Private: never shown publicly.")


class EditorialModel(models.Model):
    """
    Abstract base of every record editors write and reviewers publish.

    Subclasses list their fields in two lists: ``PRIVATE_FIELDS``, never
    shown publicly (the admin fences them in their own fieldset, the leak
    tests plant markers in them), and ``PUBLIC_FIELDS``, the only fields the
    public site, the downloads, the archive, the API and JSON-LD may read
    (``public_fields()`` refuses any other). The rest is bookkeeping
    (INTERNAL_FIELDS) or search columns, shown nowhere.
    """

    PRIVATE_FIELDS = ()
    PUBLIC_FIELDS = ()

    publication_state = models.CharField(
        _("publication state"),
        max_length=16,
        choices=PublicationState,
        default=PublicationState.DRAFT,
        db_index=True,
        help_text=_("Only published records appear on the public site."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Increases by one on every save."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED

    def public_consequences(self):
        """
        Return (label, value) pairs of what the public sees derived from this
        record (a case's status, whether it counts as held): the review page
        shows them before and after a pending revision. Subclasses say.
        """
        return []

    def review_package(self):
        """
        Return the records reviewed as one package with this one, in the
        order they are published (a case: its person, the sources its events
        cite, the case, its events, the statements about it); by default,
        this record alone. The review page lists those in review or with a
        pending revision, and publishes or returns them together.
        """
        return [self]

    def public_dependents(self):
        """
        Return (record, why) for each published record that taking this one
        down would leave on the public site incomplete or take off it with
        it: an event whose only published source this is, a case whose
        person this is. Unpublishing refuses while there are any, unless
        they are taken down together (services.publication_return).
        """
        return []

    def publication_problems(self, *, citations=None):
        """
        Return the reasons this record may not be published yet, as messages
        an editor can act on: each publication rule has its one message
        here. Subclasses add their rules; the publishing service, the admin's
        forms and formsets refuse to publish while any remain.
        ``citations``: the citations the record will have once the form
        being saved stores them; by default, the stored ones.
        """
        return []


class EditorialPart(models.Model):
    """
    Abstract base of the small records edited inside an editorial record,
    never reviewed on their own: a person's other names and roles, a case's
    charges, an event's citations. ``PART_OF`` names the foreign keys to the
    records they belong to (a citation belongs to an event or a statement).
    """

    PART_OF = ()
    PUBLIC_FIELDS = ()
    PRIVATE_FIELDS = ()

    class Meta:
        abstract = True


def editorial_models():
    """Return the models reviewers publish (EditorialModel's subclasses)."""
    return [m for m in apps.get_models() if issubclass(m, EditorialModel)]


def part_models():
    """Return the models edited as parts of editorial records."""
    return [m for m in apps.get_models() if issubclass(m, EditorialPart)]


def is_public_model(model):
    """Return whether public pages may show records of ``model``: an editorial
    model or one of their parts (their history models are not)."""
    return isinstance(model, type) and issubclass(model, EditorialModel | EditorialPart)


# Kept for the workflow and the history, shown on no public surface.
INTERNAL_FIELDS = frozenset(
    {
        "publication_state",
        "is_public",  # what published() reads: the states of several records
        "version",
        "created_at",
        "created_by",
        "updated_by",
    }
)


def public_fields(model, names):
    """
    Return ``names`` (a list), having checked that each that names a field
    of ``model`` is one of its PUBLIC_FIELDS (or its primary key); the other
    names are the consumer's own (a computed column, a link). Raises
    ImproperlyConfigured at import time, so that a download or an API field
    can never read a private or internal field by mistake.
    """
    names = list(names)
    refused = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.auto_created and not field.concrete:
            continue  # a reverse relation: what the consumer prefetched
        if field.primary_key or name in model.PUBLIC_FIELDS:
            continue
        if base_name(model, name) in model.PUBLIC_FIELDS:
            continue  # a public text's column in one language
        refused.append(name)
    if refused:
        raise ImproperlyConfigured(
            f"{model._meta.label}: {', '.join(refused)} not in PUBLIC_FIELDS."
        )
    return names


def publish_permission(model):
    """Return the permission that lets a user publish records of ``model``."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def private_fields(model):
    """Return the names of ``model``'s private fields (never shown publicly)."""
    return tuple(getattr(model, "PRIVATE_FIELDS", ()))


class ReviewAction(models.Model):
    """
    One step of the review workflow: a record submitted for review,
    published, or returned to draft (with the reviewer's comment). The
    review queue reads who submitted what, and when.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned to draft")
        UNPUBLISHED = "unpublished", _("Unpublished")

    action = models.CharField(_("action"), max_length=16, choices=Action)
    comment = models.TextField(_("comment"), blank=True)
    object_repr = models.CharField(_("record"), max_length=255)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="review_actions",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")
        ordering = ["-at", "-pk"]
        indexes = [
            # The review queue looks up the latest submission of each record.
            models.Index(
                fields=["content_type", "object_id", "at"],
                name="editorial_review_target_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"


class Revision(models.Model):
    """
    A change to a published record that waits for a reviewer: the record's
    admin form, with its inline parts, as its editor submitted it. The
    published version stays live, and everything derived for the public
    (status, custody, counts, search) stays computed from it, until a
    reviewer publishes the revision: it is then applied through the same
    form, in one transaction, with the version check (editorial/revisions.py).
    One per record: whoever edits the record again edits the revision.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    base_version = models.PositiveIntegerField(
        _("made on version"),
        help_text=_("The published version the change was made against."),
    )
    data = models.JSONField(
        _("form data"),
        help_text=_("The submitted form and inline forms: [[name, [values]], …]."),
    )
    files = models.JSONField(
        _("files"),
        default=dict,
        blank=True,
        help_text=_("Uploaded files, by field name, as stored until publication."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("pending revision")
        verbose_name_plural = _("pending revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="editorial_revision_one_per_record",
            ),
        ]

    def __str__(self):
        return f"{self.content_type}: {self.object_id} (pending)"


class PublicVersion(models.Model):
    """
    A token that changes whenever anything that public pages show changes:
    public page caches key their entries on it, so an edit or a publication
    shows up on the very next request (editorial/public.py). Random
    rather than a counter, so that a database restored from a backup cannot
    meet pages cached for other data under the same token. One row.
    """

    value = models.CharField(max_length=32, default="0")

    class Meta:
        verbose_name = _("public version")

    def __str__(self):
        return str(self.value)


class Report(models.Model):
    """
    A reader's report of an error, or information sent, about a public
    record: kept privately for the editors' triage, never shown publicly but
    for the correction note an editor writes once the record is corrected
    ("Corrected on 3 May 2025: the sentence date"). The reader's contact is
    deleted after CASETRACKER_TIP_RETENTION_DAYS (purge_report_contacts).
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        CORRECTED = "corrected", _("Corrected")
        NOT_CORRECTED = "not_corrected", _("Not corrected")

    PRIVATE_FIELDS = ("message", "source_url", "contact", "notes")
    MESSAGE_LIMIT = 5000

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("record"), max_length=255)
    message = models.TextField(_("message"), max_length=MESSAGE_LIMIT)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Private: deleted after the retention period."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.NEW
    )
    notes = models.TextField(_("editors' notes"), blank=True)
    correction = models.CharField(
        _("correction note"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown on the public record once the status is “Corrected”, as "
            "“Corrected on <date>: <this note>”, e.g. “the sentence date”."
        ),
    )
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_reports",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("reader's report")
        verbose_name_plural = _("readers' reports")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "status"],
                name="editorial_report_target_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.status == self.Status.CORRECTED and self.corrected_on is None:
            self.corrected_on = datetime.date.today()
        super().save(*args, **kwargs)

    @classmethod
    def purge_contacts(cls, now=None):
        """Delete the contacts of reports received before the retention
        period (CASETRACKER_TIP_RETENTION_DAYS); return how many."""
        from django.utils import timezone

        now = now or timezone.now()
        before = now - datetime.timedelta(days=settings.CASETRACKER_TIP_RETENTION_DAYS)
        return (
            cls.objects.filter(received_at__lt=before)
            .exclude(contact="")
            .update(contact="")
        )

    @classmethod
    def corrections_of(cls, record):
        """The public correction notes of ``record``, newest first."""
        return (
            cls.objects.filter(
                # One query: the kind of record by name, not a lookup first.
                content_type__app_label=record._meta.app_label,
                content_type__model=record._meta.model_name,
                object_id=record.pk,
                status=cls.Status.CORRECTED,
            )
            .exclude(correction="")
            .order_by("-corrected_on", "-pk")
            .values_list("corrected_on", "correction")
        )
